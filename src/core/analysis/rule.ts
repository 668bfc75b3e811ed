// What a per-file rule sees and how it reports. A rule is a plain object: metadata plus `check`.
import type { FunctionLike, Scopes } from '../parsing/ast';
import type { Callees, WrappedHandler } from './callees';
import type { ExportedHandler } from '../parsing/exports';
import type { FileIndex } from '../parsing/fileIndex';
import type { ts } from '../parsing/ts';
import type { FileFacts } from './facts';
import type { FileKind } from './files';
import type { Fix, RelatedLocation, RuleId, RuleMeta, Span } from './types';

export interface RuleContext {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  readonly kind: FileKind;
  /** Major version of next; the current major (16) when unknown. */
  readonly nextMajor: number;
  /** leaked-error-message: the message of an error narrowed to a class the file declares is deliberate, or a leak. */
  readonly appErrorMessages: 'deliberate' | 'leak';
  /** The file's exports (shared by every rule). */
  readonly exports: readonly ExportedHandler[];
  /** Identifier -> declaration, shared by every rule (lazy). */
  readonly scopes: Scopes;
  /** The nodes the rules look for, collected in one walk; rules use it instead of walking the file. */
  readonly index: FileIndex;
  /** Facts more than one rule needs (request functions, body reads), computed once on first use. */
  readonly facts: FileFacts;
  /** What a call runs (a same-file function or an imported one), as a summary; imports followed through options.modules. */
  readonly callees: Callees;
  /** Handlers exported through a wrapper (`export const GET = withAuth(async (req) => …)`), by their function. */
  readonly wrapped: ReadonlyMap<FunctionLike, WrappedHandler>;
  /** `file`: the finding belongs to another file (a helper that builds the response); the analysed file by default. */
  report(finding: { span: Span; message: string; related?: RelatedLocation[]; fixes?: Fix[]; file?: string }): void;
}

/** What `quiet` may look at: the text, the parsed file going downwards (no parent pointers yet) and the exports. */
export type QuietContext = Pick<RuleContext, 'file' | 'text' | 'sourceFile' | 'kind' | 'nextMajor' | 'exports'>;

export interface FileRule {
  readonly meta: Omit<RuleMeta, 'docsUrl' | 'scope'>;
  /** Kinds of file the rule applies to. */
  readonly kinds: readonly FileKind[];
  /**
   * A cheap proof, from the text and the top-level statements only, that `check` would report nothing here
   * (true); or the top-level statements outside which it reports nothing and on which alone its findings depend
   * (then the index is built over those statements only, when every rule that needs it gives such a set); or
   * false: the whole file.
   * When every rule that needs the file's index is quiet, the walk that builds it is skipped (clean files are
   * the common case). It must never be wrong the other way: test/unit/analysis/quiet.test.ts runs every rule with
   * and without it on the same corpus.
   */
  quiet?(ctx: QuietContext): boolean | ReadonlySet<ts.Statement>;
  /** False for a rule that reads only top-level statements going downwards: it runs without the index. */
  readonly needsIndex?: boolean;
  check(ctx: RuleContext): void;
  /**
   * Which summaries of imported functions can change what the rule finds: when an import brings one (see
   * Callees.importsMatter), `quiet` is not asked (a text proof sees the file alone) and the index covers the file.
   */
  readonly imports?: 'leak' | 'reads' | 'flow';
}

export interface ProjectFinding {
  ruleId: RuleId;
  file: string;
  message: string;
  related: RelatedLocation[];
}

export const CURRENT_NEXT_MAJOR = 16;

/** A `quiet` answer: the rule runs, and its findings depend on no statement of the index (it reads the tree itself). */
export const NO_STATEMENTS: ReadonlySet<ts.Statement> = new Set();
