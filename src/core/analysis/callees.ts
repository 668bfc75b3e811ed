// What a call in the analysed file runs, as a function summary: a function of the file itself, or one an import
// names (through modules.ts). The rules ask this one question for both, so an imported helper is treated exactly as
// a same-file one, and both summaries come from the same code (summaries.ts).
import { unwrap, type FunctionLike, type Scopes } from '../parsing/ast';
import { importBindings, type ExportedHandler, type ImportBinding } from '../parsing/exports';
import type { FileIndex } from '../parsing/fileIndex';
import { ts } from '../parsing/ts';
import type { FileFacts } from './facts';
import type { FileKind } from './files';
import type { ModuleGraph, Resolved } from './modules';
import { appErrorClasses, type ClassNames } from './rules/leakedErrorMessage';
import { summarizeFunction, wrapsOf, type FnSummary } from './summaries';
import type { Span } from './types';

export interface CallTarget {
  /** The file the function is declared in (the analysed file for a same-file helper). */
  file: string;
  fn: FnSummary;
  /** Declared in the analysed file. */
  local: boolean;
}

/** A handler exported through a wrapper: `export const GET = withAuth(async (req) => …)`. */
export interface WrappedHandler {
  /** The wrapper's name as called, and where its function is declared. */
  wrapper: string;
  file: string;
  /** The wrapper's summary, when it comes from another module (a same-file one is read by the rules directly). */
  summary?: FnSummary;
  /** The wrapper returns what the handler returns. */
  passesResult: boolean;
  /** The exported name. */
  exportSpan: Span;
}

interface CalleeContext {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  readonly kind: FileKind;
  readonly appErrorMessages: 'deliberate' | 'leak';
  readonly scopes: Scopes;
  readonly index: FileIndex;
  readonly facts: FileFacts;
}

function functionOf(e: ts.Expression | undefined): FunctionLike | undefined {
  const u = e && unwrap(e);
  return u && (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) ? u : undefined;
}

export class Callees {
  private importsByName: Map<string, ImportBinding> | undefined;
  private readonly bindings = new Map<string, Resolved | null>();
  private readonly localSummaries = new Map<FunctionLike, FnSummary>();
  private classes: ClassNames | undefined;

  constructor(private readonly ctx: CalleeContext, readonly graph: ModuleGraph | undefined) {}

  /** The file's top-level imports by local name (type-only ones aside). */
  private imports(): Map<string, ImportBinding> {
    return (this.importsByName ??= importBindings(this.ctx.sourceFile));
  }

  /** What an imported name is (undefined: not imported, or not resolvable). */
  binding(name: string): Resolved | undefined {
    if (!this.graph) return undefined;
    const known = this.bindings.get(name);
    if (known !== undefined) return known ?? undefined;
    const imp = this.imports().get(name);
    const r = imp ? this.graph.importOf(this.ctx.file, imp.from, imp.name) : undefined;
    this.bindings.set(name, r ?? null);
    return r;
  }

  /** Does the import named `name` bring a function satisfying `pred` (itself, an object's member, a namespace's export)? */
  private brings(name: string, pred: (fn: FnSummary) => boolean): boolean {
    const r = this.binding(name);
    if (!r || !this.graph) return false;
    if (r.kind === 'fn') return pred(r.fn);
    if (r.kind === 'object') return [...r.members.values()].some(pred);
    return r.kind === 'namespace' && this.graph.exportsAny(r.file, pred);
  }

  /** Does an import bring a function whose summary matters to `kind` of rule (checked before any index exists)? */
  importsMatter(what: 'leak' | 'reads' | 'flow'): boolean {
    if (!this.graph) return false;
    const matters = (fn: FnSummary): boolean =>
      what === 'leak' ? fn.sends.length > 0 || fn.returns.length > 0 || fn.leaks.length > 0 : what === 'reads' ? fn.reads.length > 0 || !!fn.wraps : fn.neverReturns || !!fn.wraps;
    for (const name of this.imports().keys()) {
      if (what === 'leak' && this.binding(name)?.kind === 'class') return true;
      if (this.brings(name, matters)) return true;
    }
    return false;
  }

  /** Local names of the imports that bring a function satisfying `pred` (see `brings`). */
  importsWhere(pred: (fn: FnSummary) => boolean): Set<string> {
    const out = new Set<string>();
    for (const name of this.imports().keys()) if (this.brings(name, pred)) out.add(name);
    return out;
  }

  /**
   * The app's error classes seen from this file: declared in it, or imported from the project. A name is looked up
   * when a rule asks for it (`instanceof X`, `new X(…)`), so the file's other imports are not resolved for this.
   */
  appClasses(): ClassNames {
    if (this.classes) return this.classes;
    const own = appErrorClasses(this.ctx.sourceFile, this.ctx.appErrorMessages);
    if (this.ctx.appErrorMessages === 'leak') return (this.classes = own);
    return (this.classes = {
      has: (name) => {
        if (own.has(name)) return true;
        const r = this.binding(name);
        return r?.kind === 'class' && r.error;
      },
    });
  }

  private local(fn: FunctionLike, name: string): CallTarget {
    let s = this.localSummaries.get(fn);
    if (!s) {
      const c = this.ctx;
      const summaryOf = (f: FunctionLike): FnSummary | undefined => this.localSummaries.get(f);
      s = summarizeFunction({ sourceFile: c.sourceFile, text: c.text, kind: c.kind, scopes: c.scopes, index: c.index, facts: c.facts, appErrorMessages: c.appErrorMessages, summaryOf }, fn, name, appErrorClasses(c.sourceFile, c.appErrorMessages));
      this.localSummaries.set(fn, s);
    }
    return { file: this.ctx.file, fn: s, local: true };
  }

  private resolvedTarget(r: Resolved | undefined): CallTarget | undefined {
    return r?.kind === 'fn' ? { file: r.file, fn: r.fn, local: false } : undefined;
  }

  /** The function a declaration (an identifier that declares a name) stands for, as a call target. */
  private declared(d: ts.Identifier): CallTarget | Resolved | undefined {
    const p = d.parent;
    if (!p) return undefined;
    if ((ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) && p.name === d) return this.binding(d.text);
    if (ts.isFunctionDeclaration(p) && p.name === d && p.body) return this.local(p, d.text);
    if (ts.isVariableDeclaration(p) && p.name === d) {
      const f = functionOf(p.initializer);
      if (f) return this.local(f, d.text);
    }
    return undefined;
  }

  /** What a call runs, when it is known: `f(…)`, `ns.f(…)`, `obj.m(…)` (needs the scopes of the file). */
  target(call: ts.CallExpression): CallTarget | undefined {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) {
      const d = this.ctx.scopes.declarationOf(callee);
      const t = d && this.declared(d);
      return t && 'kind' in t ? this.resolvedTarget(t) : t;
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const member = callee.name.text;
      const d = this.ctx.scopes.declarationOf(callee.expression);
      const p = d?.parent;
      if (!d || !p) return undefined;
      if ((ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) && p.name === d) {
        const r = this.binding(d.text);
        return r && this.graph ? this.resolvedTarget(this.graph.memberOf(r, member)) : undefined;
      }
      // a same-file object of functions: `const responses = { badRequest(e) {…} }`
      if (ts.isVariableDeclaration(p) && p.name === d && p.initializer) {
        const o = unwrap(p.initializer);
        if (!ts.isObjectLiteralExpression(o)) return undefined;
        for (const prop of o.properties) {
          if (!prop.name || !ts.isIdentifier(prop.name) || prop.name.text !== member) continue;
          const f = ts.isMethodDeclaration(prop) ? prop : ts.isPropertyAssignment(prop) ? functionOf(prop.initializer) : undefined;
          if (f?.body) return this.local(f, `${d.text}.${member}`);
        }
      }
    }
    return undefined;
  }

  /**
   * Handlers exported through a wrapper, found from the top-level statements alone (before anything is indexed):
   * `export const GET = withAuth(async (req) => …)` where `withAuth`, same-file or imported, returns a function that
   * calls its parameter with its request. Sets `fn` on those exports; returns the wrapped handlers.
   */
  wrapExports(exported: ExportedHandler[]): Map<FunctionLike, WrappedHandler> {
    const out = new Map<FunctionLike, WrappedHandler>();
    const sf = this.ctx.sourceFile;
    let locals: Map<string, FunctionLike> | undefined;
    const localFunctions = (): Map<string, FunctionLike> => {
      if (locals) return locals;
      locals = new Map();
      for (const st of sf.statements) {
        if (ts.isFunctionDeclaration(st) && st.name && st.body) locals.set(st.name.text, st);
        else if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            const f = functionOf(d.initializer);
            if (f && ts.isIdentifier(d.name)) locals.set(d.name.text, f);
          }
        }
      }
      return locals;
    };
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (!ts.isIdentifier(d.name) || !init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression)) continue;
        const entry = exported.find((e) => e.name === (d.name as ts.Identifier).text && !e.fn);
        if (!entry) continue;
        const wrapperName = init.expression.text;
        let wraps: { param: number; passesResult: boolean } | undefined;
        let file = this.ctx.file;
        let summary: FnSummary | undefined;
        const own = localFunctions().get(wrapperName);
        if (own) wraps = wrapsOf(own);
        else {
          const r = this.binding(wrapperName);
          if (r?.kind === 'fn' && r.fn.wraps) [wraps, file, summary] = [r.fn.wraps, r.file, r.fn];
        }
        if (!wraps) continue;
        const arg = init.arguments[wraps.param];
        const u = arg && unwrap(arg);
        const fn = functionOf(u) ?? (u && ts.isIdentifier(u) ? localFunctions().get(u.text) : undefined);
        if (!fn) continue;
        entry.fn = fn;
        out.set(fn, { wrapper: wrapperName, file, summary, passesResult: wraps.passesResult, exportSpan: entry.span });
      }
    }
    return out;
  }
}
