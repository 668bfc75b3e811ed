// The semantic model of one file version, which every rule queries (analysis/rule.ts). Built lazily, part by part,
// each part once: the index (one walk that sets parent pointers and collects the nodes the rules look for), the
// scopes (bindings and references), the facts several rules share (request functions, body reads), the exports and
// their handlers, and what calls run (same-file and imported function summaries). A rule never walks the file on
// its own and has no second, text-only path: what it needs and the model lacks goes into the model.
//
// The parts that depend on the text alone (index and scopes) are kept on the parsed file, so a file analysed again
// at the same version (a helper it imports changed, a setting changed) is not walked again. They live and die with
// that parse (a slot on the object, not a module-level map: see slot.ts).
import { Scopes, type FunctionLike } from '../parsing/ast';
import type { ExportedHandler } from '../parsing/exports';
import { FileIndex } from '../parsing/fileIndex';
import type { ParsedFile } from '../parsing/sourceFile';
import type { ts } from '../parsing/ts';
import { Callees, type WrappedHandler } from './callees';
import { FileFacts } from './facts';
import { handlersOf, type Handler } from './handlers';
import type { FileKind } from './files';
import type { ModuleGraph } from './modules';
import { Slot } from './slot';

/** What the text alone determines, built on first use and kept with the parse. */
class TextParts {
  private idx: FileIndex | undefined;
  private sc: Scopes | undefined;

  constructor(private readonly sourceFile: ts.SourceFile) {}

  get index(): FileIndex {
    return (this.idx ??= new FileIndex(this.sourceFile));
  }

  get scopes(): Scopes {
    return (this.sc ??= new Scopes(this.index));
  }
}

const TEXT_PARTS = new Slot<ParsedFile, TextParts>('model text parts');

export interface ModelInput {
  readonly file: string;
  readonly parsed: ParsedFile;
  readonly kind: FileKind;
  /** Major version of next; the current major (16) when unknown. */
  readonly nextMajor: number;
  /** leaked-error-message: the message of an error narrowed to a class the file declares is deliberate, or a leak. */
  readonly appErrorMessages: 'deliberate' | 'leak';
  /** The file's exports (from parsing/exports.ts, before wrapped handlers are resolved). */
  readonly exports: ExportedHandler[];
  /** Other modules, read through their summaries; undefined: the file alone. */
  readonly graph?: ModuleGraph;
}

export class FileModel {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  readonly kind: FileKind;
  readonly nextMajor: number;
  readonly appErrorMessages: 'deliberate' | 'leak';
  /** The file's exports; a handler exported through a wrapper has its `fn` once `wrapped` is read. */
  readonly exports: readonly ExportedHandler[];
  private readonly text_: TextParts;
  private fa: FileFacts | undefined;
  private ca: Callees | undefined;
  private wr: ReadonlyMap<FunctionLike, WrappedHandler> | undefined;
  private hs: readonly Handler[] | undefined;
  private readonly graph: ModuleGraph | undefined;

  constructor(input: ModelInput) {
    this.file = input.file;
    this.text = input.parsed.text;
    this.sourceFile = input.parsed.sourceFile;
    this.kind = input.kind;
    this.nextMajor = input.nextMajor;
    this.appErrorMessages = input.appErrorMessages;
    this.exports = input.exports;
    this.graph = input.graph;
    this.text_ = TEXT_PARTS.of(input.parsed, () => new TextParts(input.parsed.sourceFile));
  }

  /** The nodes the rules look for, collected in one walk that also sets every parent pointer. */
  get index(): FileIndex {
    return this.text_.index;
  }

  /** Identifier -> declaration, by lexical scope (lazy, memoised per scope). */
  get scopes(): Scopes {
    return this.text_.scopes;
  }

  /** Facts more than one rule needs (request functions, body reads), each computed on first use. */
  get facts(): FileFacts {
    return (this.fa ??= new FileFacts(this));
  }

  /** What a call runs (a same-file function or an imported one), as a summary. */
  get callees(): Callees {
    return (this.ca ??= new Callees(this, this.graph));
  }

  /**
   * Handlers exported through a wrapper (`export const GET = withAuth(async (req) => …)`), by their function. Read
   * before the rules run (it completes `exports`).
   */
  get wrapped(): ReadonlyMap<FunctionLike, WrappedHandler> {
    return (this.wr ??= this.callees.wrapExports(this.exports as ExportedHandler[]));
  }

  /** The exported request handlers (HTTP methods of a route, proxy/middleware, the pages/api default), wrapped ones included. */
  get handlers(): readonly Handler[] {
    if (this.hs) return this.hs;
    void this.wrapped;
    return (this.hs = handlersOf(this));
  }
}
