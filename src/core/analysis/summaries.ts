// Function summaries: what a function does with its parameters, as plain data (offsets, names, numbers; never a
// syntax node), so a route can use a helper of another module without that module's tree. Computed by the same
// code for a helper of the route file itself and for a function of an imported module:
// - the taint analysis of leaked-error-message (taint.ts, leakHits) with one parameter as the source: which
//   parameters reach the return value, and which reach a response body the function builds (the sink's span);
// - the body reads of double-body-read and body-in-get (handlers.ts bodyReadAt, through FileFacts): which
//   parameters' request bodies it consumes;
// - the path analysis (parsing/flow.ts): whether every path returns a Response, or none returns at all;
// - its own caught errors sent to the client (leaked-error-message's findings inside it, kept with their fix);
// - whether it wraps a handler (`withAuth(fn)` returning a function that calls `fn` with its request).
// A module's summary (its functions, exported objects' methods, error classes, imports and exports) is cached by
// its text: the cache holds no tree, so the heap stays flat however many modules are read.
import { bindingIdentifiers, isFunctionLike, unwrap, walk, type FunctionLike, Scopes } from '../parsing/ast';
import { exportsOf, importBindings, importedCallee, type ImportedCallee } from '../parsing/exports';
import { FileIndex } from '../parsing/fileIndex';
import { runFlow } from '../parsing/flow';
import { parseFile, scriptKindOf } from '../parsing/sourceFile';
import { ts } from '../parsing/ts';
import { FileFacts } from './facts';
import type { FileKind } from './files';
import { appErrorClasses, errorTaints, genericFix, leakHits, leakMessage, type ClassNames, type LeakEnv } from './rules/leakedErrorMessage';
import { skippedFor, type BodilessMethod } from './methodGuard';
import { indexSource } from './taint';
import type { Fix, Span } from './types';

/** How a parameter's value is carried: its message, its stack, a string made of it, or the object itself. */
export type Carried = 'message' | 'stack' | 'string' | 'raw';

export interface FnSummary {
  /** The name it is known by in its module (`default` for an anonymous default export; `obj.m` for a member). */
  readonly name: string;
  /** Its declaration (the name, or the function's start). */
  readonly span: Span;
  /** Parameter names ('' for a destructuring pattern). */
  readonly params: readonly string[];
  /** Parameters whose value reaches the return value. */
  readonly returns: ReadonlyArray<{ param: number; how: Carried }>;
  /**
   * Parameters whose value reaches a response body the function builds: the sink's argument, and what sends it;
   * `file` when that sink is in another module (a function this one hands the value to builds the response).
   */
  readonly sends: ReadonlyArray<{ param: number; how: Carried; span: Span; what: string; generic?: string; file?: string }>;
  /**
   * Parameters whose request body it consumes, where, and how (`json()`, `.body`…); `skippedFor`, the bodiless
   * methods a method test on the read's path rules it out for (`req.method === 'GET' ? undefined : await req.text()`).
   */
  readonly reads: ReadonlyArray<{ param: number; span: Span; how: string; skippedFor: readonly BodilessMethod[] }>;
  /** Every path returns a Response (`new Response`, `Response.json`, `NextResponse.*`). */
  readonly alwaysResponds: boolean;
  /** No path returns (it always throws): a call to it ends the caller's path, as `throw` does. */
  readonly neverReturns: boolean;
  /** It returns a function that calls parameter `param` with its own request (a handler wrapper). */
  readonly wraps?: { readonly param: number; readonly passesResult: boolean };
  /** Its own caught errors sent to the client (leaked-error-message findings inside it), fixes included. */
  readonly leaks: ReadonlyArray<{ span: Span; message: string; related: Span | undefined; fixes: Fix[] }>;
  /**
   * What a parameter does through a function this one imports, whose summary is another module's: it goes into
   * argument `args` of that call, and if that function returns such an argument, it reaches this one's return value
   * (`to: 'return'`) or a response body built here (`to: 'send'`); or, handed on as it is, that function may read
   * its request body (`to: 'read'`, at the call); or that function may send what it is given itself (`to: 'pass'`).
   * The module graph resolves these into `returns`, `sends` and `reads` (modules.ts): a summary stays a function of
   * its own text, so it is cached by that text alone.
   */
  readonly via?: readonly Via[];
}

/** An imported function a summary's parameter flows through (see FnSummary.via). */
export type Via =
  | { readonly param: number; readonly how: Carried; readonly callee: ImportedCallee; readonly args: readonly number[]; readonly to: 'return' }
  | { readonly param: number; readonly how: Carried; readonly callee: ImportedCallee; readonly args: readonly number[]; readonly to: 'send'; readonly span: Span; readonly what: string; readonly generic?: string }
  | { readonly param: number; readonly callee: ImportedCallee; readonly args: readonly number[]; readonly to: 'read'; readonly span: Span; readonly skippedFor: readonly BodilessMethod[] }
  | { readonly param: number; readonly how: Carried; readonly callee: ImportedCallee; readonly args: readonly number[]; readonly to: 'pass' };

/** Imported calls followed per function, at most (each costs one more taint analysis per parameter). */
export const MAX_VIA_CALLS = 8;

export type ExportEntry = { readonly local: string } | { readonly from: string; readonly name: string };

export interface ModuleSummary {
  /** Top-level functions by local name (`default` for an anonymous default export). */
  readonly functions: ReadonlyMap<string, FnSummary>;
  /** Top-level `const x = { m() {…}, n: () => … }` objects: their function members. */
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, FnSummary>>;
  /** Classes declared here that extend Error (through classes of this module). */
  readonly errorClasses: readonly string[];
  /** Exported name -> the local it exports, or the module and name it re-exports (`*`: a namespace). */
  readonly exports: ReadonlyMap<string, ExportEntry>;
  /** `export * from '…'` specifiers. */
  readonly stars: readonly string[];
  /** Local name -> the module specifier and imported name (`default`, `*` for a namespace). */
  readonly imports: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
}

/** The facts the summaries of one file's functions are computed from (a rule's context, or a parsed module). */
export interface SummaryEnv {
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  readonly kind: FileKind;
  readonly scopes: Scopes;
  readonly index: FileIndex;
  readonly facts: FileFacts;
  readonly appErrorMessages: 'deliberate' | 'leak';
  /** The module's imports (local name -> specifier and imported name): calls to them are recorded as `via`. */
  readonly imports?: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
  /** The summary of a function of the same file, if already made (its calls are then read from it). */
  readonly summaryOf?: (fn: FunctionLike) => FnSummary | undefined;
}

/** Calls that never return: next/navigation's throwers (process.exit is read by shape). */
export const NEVER_RETURNS: ReadonlySet<string> = new Set(['notFound', 'redirect', 'permanentRedirect', 'unauthorized', 'forbidden']);

function spanOf(n: ts.Node, sf: ts.SourceFile): Span {
  return { start: n.getStart(sf), end: n.getEnd() };
}

/** `Response.json(…)`, `new Response(…)`, `NextResponse.next()`: an expression that certainly makes a Response. */
export function makesResponse(e: ts.Expression): boolean {
  let u = unwrap(e);
  if (ts.isAwaitExpression(u)) u = unwrap(u.expression);
  if (ts.isNewExpression(u)) {
    const c = unwrap(u.expression);
    return ts.isIdentifier(c) && (c.text === 'Response' || c.text === 'NextResponse');
  }
  if (!ts.isCallExpression(u)) return false;
  const c = unwrap(u.expression);
  return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && (c.expression.text === 'Response' || c.expression.text === 'NextResponse') && ['json', 'redirect', 'rewrite', 'next', 'error'].includes(c.name.text);
}

/** The words around a parameter's uses in the text of `fn` tell how its value is carried (for messages only). */
function carried(text: string, name: string): Carried {
  if (name === '') return 'raw';
  const n = name.replace(/[$]/g, '\\$');
  if (new RegExp(`\\b${n}\\b[^;\\n]{0,40}\\.stack\\b`).test(text)) return 'stack';
  if (new RegExp(`\\b${n}\\b[^;\\n]{0,40}\\.message\\b`).test(text)) return 'message';
  if (new RegExp(`String\\(\\s*${n}\\b|\\b${n}\\b\\s*\\.toString\\(|\\$\\{\\s*${n}\\b`).test(text)) return 'string';
  return 'raw';
}

const CARRIED_WORDS: Record<Carried, string> = { message: 'message', stack: 'stack', string: 'text', raw: 'value' };
export function carriedWord(how: Carried): string {
  return CARRIED_WORDS[how];
}

/**
 * `withAuth(handler)` returning `async (req, ctx) => { …; return handler(req, ctx) }`: by names only (no scopes, no
 * parents), so it can be asked of a route file's own functions before anything is indexed.
 */
export function wrapsOf(fn: FunctionLike): { param: number; passesResult: boolean } | undefined {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  if (!fn.body || !names.some((n) => n !== '')) return undefined;
  const inner: Array<ts.ArrowFunction | ts.FunctionExpression> = [];
  const take = (e: ts.Expression | undefined): void => {
    const u = e && unwrap(e);
    if (u && (ts.isArrowFunction(u) || ts.isFunctionExpression(u))) inner.push(u);
  };
  if (!ts.isBlock(fn.body)) take(fn.body);
  else {
    walk(fn.body, (n) => {
      if (isFunctionLike(n)) return false;
      if (ts.isReturnStatement(n)) take(n.expression);
      return undefined;
    });
  }
  for (const f of inner) {
    const req = f.parameters[0]?.name;
    if (!req || !ts.isIdentifier(req)) continue;
    let found: { param: number; passesResult: boolean } | undefined;
    const isHandlerCall = (n: ts.Node): number => {
      if (!ts.isCallExpression(n)) return -1;
      const c = unwrap(n.expression);
      const a = n.arguments[0] && unwrap(n.arguments[0]);
      if (!ts.isIdentifier(c) || !a || !ts.isIdentifier(a) || a.text !== req.text) return -1;
      return names.indexOf(c.text);
    };
    const visit = (n: ts.Node): void => {
      if (found) return;
      const k = isHandlerCall(n);
      if (k >= 0) found = { param: k, passesResult: false };
      else if (!isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    if (f.body) visit(f.body);
    if (!found) continue;
    const param = (found as { param: number }).param;
    // the wrapper answers what the handler returns: `return handler(req)` / `return await handler(req)`
    const returnsCall = (e: ts.Expression | undefined): boolean => {
      let u = e && unwrap(e);
      if (u && ts.isAwaitExpression(u)) u = unwrap(u.expression);
      return !!u && isHandlerCall(u) === param;
    };
    let passesResult = false;
    if (!ts.isBlock(f.body)) passesResult = returnsCall(f.body);
    else {
      walk(f.body, (n) => {
        if (isFunctionLike(n)) return false;
        if (ts.isReturnStatement(n) && returnsCall(n.expression)) passesResult = true;
        return undefined;
      });
    }
    return { param, passesResult };
  }
  return undefined;
}

/** Does a call end the path (next/navigation's throwers, process.exit, or one of `never`: same-file helpers)? */
export function endsPath(node: ts.Node, never?: (call: ts.CallExpression) => boolean): boolean {
  if (!ts.isCallExpression(node)) return false;
  const c = unwrap(node.expression);
  if (ts.isIdentifier(c) && NEVER_RETURNS.has(c.text)) return true;
  if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'process' && c.name.text === 'exit') return true;
  return never?.(node) ?? false;
}

/** The summary of one function of `env`'s file. `name` is how its module knows it. */
export function summarizeFunction(env: SummaryEnv, fn: FunctionLike, name: string, appClasses: ClassNames): FnSummary {
  const sf = env.sourceFile;
  const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const fnText = env.text.slice(fn.pos, fn.end);
  const source = indexSource(env.index, env.scopes);
  const sinks = [...env.index.within(env.index.calls, fn), ...env.index.within(env.index.news, fn)].sort((a, b) => a.pos - b.pos);
  // A call of another function of the file already summarized is read from its summary: only this function's
  // parameters are sources here, so what that function returns depends on its arguments alone (unless it is nested
  // in this one, and sees its parameters).
  const summaryOf = env.summaryOf;
  const localResult = summaryOf
    ? (f: FunctionLike, argTaint: readonly boolean[]): boolean | undefined => {
      if (f.pos >= fn.pos && f.end <= fn.end) return undefined;
      const s = summaryOf(f);
      return s && s.returns.some((r) => argTaint[r.param] === true);
    }
    : undefined;
  const base: Omit<LeakEnv, 'isSourceDecl'> = { sourceFile: sf, kind: env.kind, scopes: env.scopes, source, appClasses, ...(localResult ? { localResult } : {}) };
  const returns: Array<FnSummary['returns'][number]> = [];
  const sends: Array<FnSummary['sends'][number]> = [];
  const via: Via[] = [];
  const imported: Array<{ call: ts.CallExpression; callee: ImportedCallee }> = [];
  if (env.imports && env.imports.size > 0) {
    for (const call of env.index.within(env.index.calls, fn)) {
      const callee = importedCallee(call, env.imports);
      if (callee && imported.length < MAX_VIA_CALLS) imported.push({ call, callee });
    }
  }
  fn.parameters.forEach((p, i) => {
    const decls = new Set(bindingIdentifiers(p.name));
    if (decls.size === 0) return;
    const penv: LeakEnv = { ...base, isSourceDecl: (d) => decls.has(d) };
    const taints = errorTaints(penv);
    const how = carried(fnText, params[i]);
    const sent = new Set<number>();
    for (const h of leakHits(penv, sinks, taints)) {
      sends.push({ param: i, how, span: spanOf(h.arg, sf), what: h.sink.what, generic: h.sink.generic });
      sent.add(h.arg.pos);
    }
    const returned = taints[0].returnsTainted(fn);
    if (returned) returns.push({ param: i, how });
    for (const { call, callee } of imported) {
      const passed = call.arguments.flatMap((a, k) => (taints[0].tainted(a) ? [k] : []));
      if (passed.length === 0) continue;
      // handed to an imported function, which may send it itself;
      via.push({ param: i, how, callee, args: passed, to: 'pass' });
      // and that call assumed to return what it is given: what this adds goes through it
      const args = new Set<number>();
      const assumed: LeakEnv = {
        ...penv,
        callResult: (c, argTainted) => {
          if (c !== call) return undefined;
          call.arguments.forEach((_, k) => {
            if (argTainted(k)) args.add(k);
          });
          return args.size > 0;
        },
      };
      const t = errorTaints(assumed);
      const hits = leakHits(assumed, sinks, t).filter((h) => !sent.has(h.arg.pos));
      const viaReturn = !returned && t[0].returnsTainted(fn);
      if (args.size === 0) continue;
      const arg = [...args].sort((a, b) => a - b);
      if (viaReturn) via.push({ param: i, how, callee, args: arg, to: 'return' });
      for (const h of hits) via.push({ param: i, how, callee, args: arg, to: 'send', span: spanOf(h.arg, sf), what: h.sink.what, generic: h.sink.generic });
    }
  });
  const reads: Array<FnSummary['reads'][number]> = [];
  const paramDecls = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name : undefined));
  for (const n of env.facts.bodyReadCandidatesIn(fn, true)) {
    const r = env.facts.bodyRead(n);
    const i = r ? paramDecls.indexOf(r.target) : -1;
    if (r && i >= 0) reads.push({ param: i, span: spanOf(r.node, sf), how: r.how, skippedFor: skippedFor(r.node) });
  }
  // a parameter handed as it is to an imported function, which may read its body
  for (const { call, callee } of imported) {
    call.arguments.forEach((a, k) => {
      const u = unwrap(a);
      const d = ts.isIdentifier(u) ? env.scopes.declarationOf(u) : undefined;
      const i = d ? paramDecls.indexOf(d) : -1;
      if (i >= 0) via.push({ param: i, callee, args: [k], to: 'read', span: spanOf(call, sf), skippedFor: skippedFor(call) });
    });
  }
  const leaks = leakHits({ ...base, rewrapIsSink: env.appErrorMessages === 'deliberate' }, sinks).map((h) => ({
    span: spanOf(h.arg, sf),
    message: leakMessage(h, sf),
    related: h.source ? spanOf(h.source, sf) : undefined,
    fixes: genericFix({ sourceFile: sf, text: env.text, semicolon: () => env.facts.semicolon() }, h),
  }));
  let alwaysResponds = false;
  let neverReturns = false;
  const isAsync = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
  if (fn.body) {
    const res = runFlow<true>(fn, true, { join: () => true, same: () => true, visit: (n, s) => (endsPath(n) ? undefined : s) });
    if (!res.truncated) {
      alwaysResponds = res.end === undefined && res.returns.length > 0 && res.returns.every(({ node }) => {
        const e = ts.isReturnStatement(node) ? node.expression : node;
        return !!e && makesResponse(e);
      });
      neverReturns = !isAsync && ts.isBlock(fn.body) && res.end === undefined && res.returns.length === 0;
    }
    if (!isAsync && fn.type?.kind === ts.SyntaxKind.NeverKeyword) neverReturns = true;
  }
  const s: FnSummary = { name, span: spanOf(ts.isFunctionDeclaration(fn) && fn.name ? fn.name : fn, sf), params, returns, sends, reads, alwaysResponds, neverReturns, leaks, ...(via.length > 0 ? { via } : {}) };
  const w = wrapsOf(fn);
  return w ? { ...s, wraps: w } : s;
}

/** The error classes a file declares (extending Error through classes of the file). */
function errorClassesOf(sf: ts.SourceFile): string[] {
  return [...appErrorClasses(sf, 'deliberate')];
}

/** Parses and summarizes one module. Never throws (a module it cannot read gives an empty summary). */
export function summarizeModule(file: string, text: string, appErrorMessages: 'deliberate' | 'leak'): ModuleSummary {
  const functions = new Map<string, FnSummary>();
  const objects = new Map<string, Map<string, FnSummary>>();
  const exportsMap = new Map<string, ExportEntry>();
  const stars: string[] = [];
  const sf = parseFile(file, text).sourceFile;
  const index = new FileIndex(sf);
  const scopes = new Scopes(index);
  const kind: FileKind = 'other';
  const partial = { text, kind, exports: exportsOf(sf), scopes, index };
  // The imports first: a function may call one declared below it.
  const imports = importBindings(sf);
  const env: SummaryEnv = { sourceFile: sf, text, kind, scopes, index, facts: new FileFacts(partial), appErrorMessages, imports };
  const classes = errorClassesOf(sf);
  const appClasses = appErrorClasses(sf, appErrorMessages);
  const fnOf = (e: ts.Expression | undefined): FunctionLike | undefined => {
    const u = e && unwrap(e);
    return u && (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) ? u : undefined;
  };
  const addObject = (name: string, o: ts.ObjectLiteralExpression): void => {
    const members = new Map<string, FnSummary>();
    for (const p of o.properties) {
      const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (!key) continue;
      const f = ts.isMethodDeclaration(p) ? p : ts.isPropertyAssignment(p) ? fnOf(p.initializer) : undefined;
      if (f && f.body) members.set(key, summarizeFunction(env, f, `${name}.${key}`, appClasses));
    }
    if (members.size > 0) objects.set(name, members);
  };
  const specifier = (m: ts.Expression | undefined): string | undefined => (m && ts.isStringLiteral(m) ? m.text : undefined);
  const isExported = (st: ts.Statement): boolean => ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (st: ts.Statement): boolean => ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.isTypeOnly) continue;
      const from = specifier(st.moduleSpecifier);
      if (!st.exportClause) {
        if (from) stars.push(from);
      } else if (ts.isNamespaceExport(st.exportClause)) {
        if (from) exportsMap.set(st.exportClause.name.text, { from, name: '*' });
      } else {
        for (const el of st.exportClause.elements) {
          if (el.isTypeOnly) continue;
          const local = (el.propertyName ?? el.name).text;
          exportsMap.set(el.name.text, from ? { from, name: local } : { local });
        }
      }
    } else if (ts.isFunctionDeclaration(st) && st.body) {
      const name = st.name?.text ?? 'default';
      functions.set(name, summarizeFunction(env, st, name, appClasses));
      if (isExported(st)) exportsMap.set(isDefault(st) ? 'default' : name, { local: name });
    } else if (ts.isClassDeclaration(st) && st.name) {
      if (isExported(st)) exportsMap.set(isDefault(st) ? 'default' : st.name.text, { local: st.name.text });
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const name = d.name.text;
        const f = fnOf(d.initializer);
        const init = d.initializer && unwrap(d.initializer);
        if (f) functions.set(name, summarizeFunction(env, f, name, appClasses));
        else if (init && ts.isObjectLiteralExpression(init)) addObject(name, init);
        if (isExported(st)) exportsMap.set(name, { local: name });
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      const e = unwrap(st.expression);
      const f = fnOf(e);
      if (ts.isIdentifier(e)) exportsMap.set('default', { local: e.text });
      else if (f) {
        functions.set('default', summarizeFunction(env, f, 'default', appClasses));
        exportsMap.set('default', { local: 'default' });
      } else if (ts.isObjectLiteralExpression(e)) {
        addObject('default', e);
        exportsMap.set('default', { local: 'default' });
      }
    }
  }
  return { functions, objects, errorClasses: classes, exports: exportsMap, stars, imports };
}

/** Larger modules are not summarized (a helper of 2 MB is generated code). */
export const MAX_SUMMARIZED_CHARS = 2 * 1024 * 1024;
/** Summaries kept, at most (the oldest are dropped first). */
export const MAX_CACHED_SUMMARIES = 5000;
/** Texts the summaries are keyed by, in UTF-16 code units, at most (the oldest are dropped first). */
export const MAX_CACHED_SUMMARY_TEXT_CHARS = 32 * 1024 * 1024;

/**
 * Module summaries by content: the text itself is the key (a JavaScript Map hashes a string once and keeps the hash
 * in it; a text read once and handed to every analysis is then found by identity, where a sha256 of it cost a hash
 * object and a pass over the text per lookup), beside what changes the summary (the script kind, the
 * appErrorMessages setting). Shared by every analysis of the process. It holds summaries and the texts they were
 * made from (the module host holds the same strings), never a syntax tree.
 */
export class SummaryCache {
  /** `${scriptKind}:${appErrorMessages}` → text → summary, least recently used first within each. */
  private readonly maps = new Map<string, Map<string, ModuleSummary>>();
  private count = 0;
  private chars = 0;
  hits = 0;
  misses = 0;

  get(file: string, text: string, appErrorMessages: 'deliberate' | 'leak'): ModuleSummary | undefined {
    if (text.length > MAX_SUMMARIZED_CHARS) return undefined;
    const variant = `${scriptKindOf(file)}:${appErrorMessages}`;
    let map = this.maps.get(variant);
    if (!map) this.maps.set(variant, (map = new Map()));
    const known = map.get(text);
    if (known) {
      this.hits++;
      // most recently used last
      map.delete(text);
      map.set(text, known);
      return known;
    }
    this.misses++;
    const made = summarizeModule(file, text, appErrorMessages);
    map.set(text, made);
    this.count++;
    this.chars += text.length;
    this.evict(map);
    return made;
  }

  /** Drops the least recently used entries (of the variant just grown first) until both bounds hold. */
  private evict(grown: Map<string, ModuleSummary>): void {
    for (const map of [grown, ...this.maps.values()]) {
      for (const text of map.keys()) {
        if (this.count <= MAX_CACHED_SUMMARIES && this.chars <= MAX_CACHED_SUMMARY_TEXT_CHARS) return;
        if (map === grown && map.size === 1) break; // the summary just made stays
        map.delete(text);
        this.count--;
        this.chars -= text.length;
      }
    }
  }

  /** The cached summaries (tests walk them). */
  *values(): IterableIterator<ModuleSummary> {
    for (const map of this.maps.values()) yield* map.values();
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.maps.clear();
    this.count = 0;
    this.chars = 0;
    this.hits = 0;
    this.misses = 0;
  }
}

/** The process-wide cache of module summaries. */
export const summaryCache = new SummaryCache();

