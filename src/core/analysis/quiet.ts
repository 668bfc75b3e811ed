// Text-level proofs that a rule has nothing to report in a file, checked before the file's index is built (see
// FileRule.quiet). Each looks at the text and at the top-level statements, going downwards (a descent to a word sets
// the parent pointers on its path, nothing more), and answers true only when the rule cannot find anything; any
// doubt answers false and the rule runs.
// Every occurrence of a name must be accounted for: one in a string, a template's text or a comment is found by
// descending the syntax tree to it, and anything that is not clearly text or a plain identifier makes the proof fail.
import { bindingIdentifiers, isFunctionLike, unwrap, type FunctionLike } from '../parsing/ast';
import { namesMayBeEscaped } from './errorReach';
import { descend, identifiersMayBeEscaped, identifierStartBefore, isDigit, statementAt, isWordChar, nextNonSpace, previousNonSpace, quotedAt, skipSpace, topStatementOf, wordOccurrences } from '../parsing/locate';
import { ts } from '../parsing/ts';
import { handlersOf } from './handlers';
import { NO_STATEMENTS, type QuietContext } from './rule';
import { Slot } from './slot';

/** Occurrences of `name` as a whole word that is not a property name (`x.name`). */
function occurrences(text: string, name: string, from = 0, to = text.length): number[] {
  return wordOccurrences(text, name, { members: false, from, to });
}

const TEXT_TOKENS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail, ts.SyntaxKind.RegularExpressionLiteral, ts.SyntaxKind.JsxText]);

/**
 * What the word at `at` is, found by descending from `root` (downwards only: no parent pointers needed): an
 * identifier (a real use), text in a string, template, regular expression or comment (not a use: 'text'), or
 * something else ('unknown', treated as a use by the callers).
 */
function wordAt(sf: ts.SourceFile, root: ts.Node, at: number): 'identifier' | 'text' | 'unknown' {
  if (quotedAt(sf, sf.text, at)) return 'text'; // most words of a request's name outside code sit in a message
  const n = descend(root, at);
  if (at < n.getStart(sf)) return 'text'; // leading trivia: a comment
  if (ts.isIdentifier(n)) return n.getStart(sf) === at ? 'identifier' : 'unknown';
  return TEXT_TOKENS.has(n.kind) ? 'text' : 'unknown';
}

/**
 * The functions a top-level statement declares, with the names they are declared by: a function declaration, or
 * variables given an arrow or a function expression. Undefined when it declares none.
 */
function declaredFunctions(st: ts.Statement): Array<{ fn: FunctionLike; name?: string }> | undefined {
  if (ts.isFunctionDeclaration(st)) return [{ fn: st, name: st.name?.text }];
  if (!ts.isVariableStatement(st)) return undefined;
  const out: Array<{ fn: FunctionLike; name?: string }> = [];
  for (const d of st.declarationList.declarations) {
    const init = d.initializer && unwrap(d.initializer);
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) out.push({ fn: init, name: ts.isIdentifier(d.name) ? d.name.text : undefined });
  }
  return out.length > 0 ? out : undefined;
}

/** Functions declared at the top level: declarations and `const f = (…) => …` / `function` expressions. */
function topLevelFunctions(sf: ts.SourceFile): FunctionLike[] {
  const out: FunctionLike[] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st)) out.push(st); // (the common case, without the list declaredFunctions makes)
    else for (const d of declaredFunctions(st) ?? []) out.push(d.fn);
  }
  return out;
}

const REQUEST_TYPES = new Set(['Request', 'NextRequest']);
/** What a request's name may be followed by and stay a plain use: any property that does not consume the body. */
const BODY_MEMBERS = new Set(['json', 'text', 'formData', 'arrayBuffer', 'blob', 'bytes', 'body', 'clone']);

interface RequestUses {
  /** Offsets of `request.json()`-like reads (and clones) by a request parameter's name. */
  reads: number[];
  /** One of the reads is a `clone()`. */
  clones: boolean;
  /** The name is used otherwise (passed on, aliased, destructured, in a string…): no proof possible. */
  other: boolean;
}

/**
 * The member read right after offset `i` (`.member` or `?.member`, white space allowed around the dot): its name
 * when it is one of BODY_MEMBERS, '' for any other member, undefined when no member follows. Read in place,
 * character by character (no match object per occurrence).
 */
function memberAfter(text: string, i: number): string | undefined {
  let k = skipSpace(text, i);
  if (text.charCodeAt(k) === 63 /* ? */) k++;
  if (text.charCodeAt(k) !== 46 /* . */) return undefined;
  const start = skipSpace(text, k + 1);
  let end = start;
  while (isWordChar(text.charCodeAt(end))) end++;
  if (end === start) return undefined;
  for (const m of BODY_MEMBERS) if (end - start === m.length && text.startsWith(m, start)) return m;
  return '';
}
const LOOP_KEYWORD = /\b(?:for|while|do)\b/;

/** How the request parameters of `fn` (by name) are used in its text (words in strings and comments aside). */
function requestUses(sf: ts.SourceFile, text: string, fn: FunctionLike, names: readonly string[]): RequestUses {
  const uses: RequestUses = { reads: [], clones: false, other: false };
  if (!fn.body) return uses;
  const from = fn.parameters.end;
  for (const name of names) {
    if (name.length === 0) {
      uses.other = true; // broken code: no proof
      return uses;
    }
    for (const at of occurrences(text, name, from, fn.end)) {
      const member = memberAfter(text, at + name.length);
      // `name.member`: a read when the member consumes the body (counted even in a comment: that only makes the
      // proof fail), harmless otherwise. Any other occurrence must be text (a string, a comment) to be ignored.
      if (member !== undefined) {
        if (member !== '') {
          uses.reads.push(at);
          if (member === 'clone') uses.clones = true;
        }
        continue;
      }
      if (wordAt(sf, fn, at) === 'text') continue;
      uses.other = true;
      return uses;
    }
  }
  return uses;
}

/**
 * The functions that take a request, found without a walk, each with its request parameters (by the offset where
 * the parameter's name ends, and the name): the handlers (by export name) and top-level functions with a
 * `Request`/`NextRequest` parameter. Undefined when a `: Request` annotation appears anywhere else (a nested
 * function, a variable): then only the walk can find them all.
 */
function requestFunctionsByText(ctx: QuietContext): Map<FunctionLike, Map<number, string>> | undefined {
  // (double-body-read's proof and unescaped-markup's both need them: found once per file)
  return requestFunctionsOfText.of(ctx, () => ({ map: findRequestFunctionsByText(ctx) })).map;
}

const requestFunctionsOfText = new Slot<QuietContext, { map: Map<FunctionLike, Map<number, string>> | undefined }>('request functions from the text');

function findRequestFunctionsByText(ctx: QuietContext): Map<FunctionLike, Map<number, string>> | undefined {
  const map = new Map<FunctionLike, Map<number, string>>();
  const add = (fn: FunctionLike, end: number, name: string): void => {
    let params = map.get(fn);
    if (!params) map.set(fn, (params = new Map()));
    params.set(end, name);
  };
  if (ctx.kind !== 'pages-api') {
    for (const h of handlersOf(ctx, { anyCase: true })) if (h.request) add(h.fn, h.request.end, h.request.text);
  }
  const tops = topLevelFunctions(ctx.sourceFile);
  const text = ctx.text;
  let k = 0; // tops are in source order, and so are the annotations: one pass over both
  // `: Request` / `: NextRequest` annotations, at their colon; one search finds both words (`NextRequest` ends in
  // `Request`), in source order
  for (let i = text.indexOf('Request'); i >= 0; i = text.indexOf('Request', i + 7)) {
    if (isWordChar(text.charCodeAt(i + 7))) continue;
    let at = i;
    if (i >= 4 && text.startsWith('Next', i - 4)) at = i - 4;
    if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
    const colon = previousNonSpace(text, at);
    if (text.charCodeAt(colon) !== 58) continue;
    while (k < tops.length && tops[k].parameters.end <= colon) k++;
    const owner = k < tops.length && colon >= tops[k].parameters.pos ? tops[k] : undefined;
    if (!owner) return undefined;
    // `name: Request` (or `name?:`) after `(` or `,` and before `,`, `)` or `=`: the parameter, read from the text;
    // any other shape is read from the owner's parameters (their nodes are only read then)
    const param = parameterBefore(text, colon, i + 7);
    if (param) add(owner, param.end, param.name);
    else {
      for (const p of owner.parameters) {
        const t = p.type;
        if (ts.isIdentifier(p.name) && t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && REQUEST_TYPES.has(t.typeName.text)) add(owner, p.name.end, p.name.text);
      }
    }
  }
  return map;
}

/**
 * The parameter whose type annotation's colon is at `colon`, when the text shows it plainly: an ASCII name (maybe
 * followed by `?`) right after `(` or `,`, and the type's word ending at `typeEnd` followed by `,`, `)` or `=` (a
 * default value). Undefined otherwise. (A colon of a conditional expression, `a ? b : Request`, has no `(` or `,`
 * before its name; one inside a function type names that type's parameter: the callers look it up among the
 * function's own parameters, where it is not, and give up.)
 */
function parameterBefore(text: string, colon: number, typeEnd: number): { end: number; name: string } | undefined {
  const after = skipSpace(text, typeEnd);
  const c = text.charCodeAt(after);
  if (!(c === 44 || c === 41 || (c === 61 && text.charCodeAt(after + 1) !== 62 && text.charCodeAt(after + 1) !== 61))) return undefined;
  let k = previousNonSpace(text, colon);
  if (text.charCodeAt(k) === 63 /* ? */) k = previousNonSpace(text, k);
  const end = k + 1;
  const b = identifierStartBefore(text, end);
  if (b < 0) return undefined;
  const before = text.charCodeAt(previousNonSpace(text, b));
  return before === 40 /* ( */ || before === 44 /* , */ ? { end, name: text.slice(b, end) } : undefined;
}

/** The identifiers of `fn`'s parameters that end at these offsets; undefined when one is not a plain parameter name. */
function parameterIdentifiers(fn: FunctionLike, ends: Iterable<number>): ts.Identifier[] | undefined {
  const out: ts.Identifier[] = [];
  for (const end of ends) {
    const p = fn.parameters.find((x) => ts.isIdentifier(x.name) && x.name.end === end);
    if (!p) return undefined;
    out.push(p.name as ts.Identifier);
  }
  return out;
}

/**
 * A request function the double-read proof could not clear, with what the text showed: its request parameters
 * and the offsets of their `name.member` body reads. `alone`: each parameter's name is used for nothing but
 * property reads and no read is a `clone()`, so these reads are all the function's body reads of its requests
 * (no alias, clone, helper or `fetch(request)` can add one, and no inner declaration can shadow the names): the
 * rule can follow its paths from them, without the index.
 */
export interface UnprovenReads {
  fn: FunctionLike;
  requests: readonly ts.Identifier[];
  reads: readonly number[];
}

const unproven = new Slot<QuietContext, readonly UnprovenReads[]>('unproven double reads');

/** The functions doubleReadRegion left to the rule, when the text alone stands for them (see UnprovenReads). */
export function unprovenReads(ctx: QuietContext): readonly UnprovenReads[] | undefined {
  return unproven.get(ctx);
}

/**
 * double-body-read: every request function reads its request at most once, outside any loop (no loop keyword
 * before the read in its text), and uses the request's name for nothing but property reads — so no alias, clone,
 * helper or `fetch(request)` can add a second read.
 *
 * Per request function: true when every one is proven; else NO_STATEMENTS when the text
 * stands for the others (unprovenReads), or the top-level statements the rule needs for them (see statementsFor);
 * false when the text cannot tell (escapes, a request typed in a nested function: then only the whole file can).
 */
export function doubleReadRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  unproven.set(ctx, undefined);
  if (identifiersMayBeEscaped(ctx.text)) return false;
  if (!/\b(json|text|formData|arrayBuffer|blob|bytes|body|clone|fetch|Request)\b/.test(ctx.text)) return true;
  const fns = requestFunctionsByText(ctx);
  if (!fns) return false;
  const failing: UnprovenReads[] = [];
  let alone = true;
  for (const [fn, params] of fns) {
    const names = [...params.values()];
    const uses = requestUses(ctx.sourceFile, ctx.text, fn, names);
    let proven = !uses.other && uses.reads.length <= 1;
    if (proven && uses.reads.length === 1) {
      // (searched between the parameters and the read only: a slice's edges count as word boundaries, which can
      // only find a loop that is not there and fail the proof)
      if (LOOP_KEYWORD.test(ctx.text.slice(fn.parameters.end, uses.reads[0]))) proven = false;
    }
    if (proven) continue;
    const requests = alone && !uses.other && !uses.clones && new Set(names).size === names.length ? parameterIdentifiers(fn, params.keys()) : undefined;
    if (!requests) alone = false;
    failing.push({ fn, requests: requests ?? [], reads: uses.reads });
  }
  if (failing.length === 0) return true;
  if (!alone) return statementsFor(ctx, failing.map((f) => f.fn));
  unproven.set(ctx, failing);
  return NO_STATEMENTS;
}

/**
 * The top-level statements a rule needs to analyse `seeds` (nodes, taken with their top-level statements) exactly
 * as the whole file would: their own statements, every top-level function (or class) whose name appears in their
 * text (a helper they may call, transitively), and every top-level statement that declares no function (imports,
 * constants, config), whose words are followed too.
 * With `assignments` (a rule that follows values through variables, as unescaped-markup's taint analysis does):
 * also every statement that assigns to a top-level name the others mention (`cache = v`, `cache.x = v`,
 * `cache.push(v)` in another function), since such a value reaches them through that name.
 */
function statementsFor(ctx: QuietContext, seeds: readonly ts.Node[], options: { assignments?: boolean } = {}): ReadonlySet<ts.Statement> {
  const sf = ctx.sourceFile;
  const text = ctx.text;
  const out = new Set<ts.Statement>();
  const named = new Map<string, ts.Statement>();
  const topNames = new Set<string>();
  const queue: ts.Statement[] = [];
  const take = (st: ts.Statement | undefined): void => {
    if (st && !out.has(st)) {
      out.add(st);
      queue.push(st);
    }
  };
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st)) {
      // (the common case, without the lists declaredFunctionNames makes)
      if (st.name) {
        named.set(st.name.text, st);
        if (options.assignments) topNames.add(st.name.text);
      }
      continue;
    }
    const names = declaredFunctionNames(st);
    if (names === undefined) take(st);
    else for (const n of names) named.set(n, st);
    if (options.assignments) for (const n of names ?? topLevelNames(st)) topNames.add(n);
  }
  for (const seed of seeds) take(topStatementOf(sf, seed));
  const followed = new Set<string>();
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard++) {
    const st = queue.pop()!;
    // the names it declares itself are followed where another statement mentions them
    const own = options.assignments ? new Set(declaredFunctionNames(st) ?? topLevelNames(st)) : undefined;
    // every word of the statement, once (a name in a string or comment only adds a statement: harmless)
    for (const w of new Set(text.slice(st.pos, st.end).match(WORDS) ?? [])) {
      take(named.get(w));
      if (own && topNames.has(w) && !own.has(w) && !followed.has(w)) {
        followed.add(w);
        for (const at of wordOccurrences(text, w, { members: false })) if (assignsAt(text, at + w.length)) take(statementAt(sf, at));
      }
    }
  }
  return out;
}

/** The names a top-level statement that declares no function binds: variables, imports, an enum or namespace. */
function topLevelNames(st: ts.Statement): string[] {
  const out: string[] = [];
  if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) for (const id of bindingIdentifiers(d.name)) out.push(id.text);
  else if (ts.isImportDeclaration(st) && st.importClause) {
    const c = st.importClause;
    if (c.name) out.push(c.name.text);
    const b = c.namedBindings;
    if (b && ts.isNamespaceImport(b)) out.push(b.name.text);
    else if (b) for (const el of b.elements) out.push(el.name.text);
  } else if (ts.isImportEqualsDeclaration(st) || ts.isEnumDeclaration(st) || ts.isModuleDeclaration(st)) {
    if (ts.isIdentifier(st.name)) out.push(st.name.text);
  }
  return out;
}

/**
 * Could the name that ends at `end` be assigned to, or have something put into it, here: followed by member reads
 * (`.x`, `?.x`) and then `=`, `+=`, `??=` or `||=`, or by `.push(`? A `[`, a `/` (a comment, maybe) or a line
 * continuation answers yes: unsure.
 */
function assignsAt(text: string, end: number): boolean {
  let k = end;
  let lastMember = '';
  for (let guard = 0; guard < 64; guard++) {
    k = skipSpace(text, k);
    const c = text.charCodeAt(k);
    if (c === 91 /* [ */ || c === 47 /* / */ || c === 92 /* \ */) return true;
    let dot = k;
    if (c === 63 /* ? */ && text.charCodeAt(k + 1) === 46) dot = k + 1;
    if (text.charCodeAt(dot) !== 46 /* . */ || isDigit(text.charCodeAt(dot + 1))) break;
    const start = skipSpace(text, dot + 1);
    let e = start;
    while (isWordChar(text.charCodeAt(e))) e++;
    if (e === start) return true; // `.` then something else: unsure
    lastMember = text.slice(start, e);
    k = e;
  }
  const c = text.charCodeAt(k);
  const next = text.charCodeAt(k + 1);
  if (c === 61 /* = */) return next !== 61 && next !== 62; // not == or =>
  if ((c === 43 /* + */ && next === 61) || (c === 63 && next === 63 && text.charCodeAt(k + 2) === 61) || (c === 124 /* | */ && next === 124 && text.charCodeAt(k + 2) === 61)) return true;
  return lastMember === 'push' && c === 40 /* ( */;
}

const WORDS = /[A-Za-z_$][\w$]*/g;

/** The names of the functions (or the class) a top-level statement declares; undefined when it declares none. */
function declaredFunctionNames(st: ts.Statement): string[] | undefined {
  if (ts.isClassDeclaration(st)) return st.name ? [st.name.text] : [];
  return declaredFunctions(st)?.flatMap((d) => (d.name === undefined ? [] : [d.name]));
}

/**
 * The handlers a per-handler proof could not clear, by rule: the rule's check looks at them alone (the index it
 * reads covers their statements only, see statementsFor).
 */
const leftHandlers = new Slot<QuietContext, Map<string, ReadonlySet<FunctionLike>>>('handlers left to the checks');

/** The handlers `rule`'s proof left to its check, when the proof ran (else undefined: every handler). */
export function handlersLeft(ctx: QuietContext, rule: string): ReadonlySet<FunctionLike> | undefined {
  return leftHandlers.get(ctx)?.get(rule);
}

/**
 * true when no handler is left; else records them for the check and answers the statements it needs: the
 * handlers' own statements (a check that looks inside each handler alone, following no call out of it, and
 * resolving names declared in it or at the top level, which the scope resolver reads without the index).
 */
function leaveHandlers(ctx: QuietContext, rule: string, fns: readonly FunctionLike[]): boolean | ReadonlySet<ts.Statement> {
  if (fns.length === 0) return true;
  leave(ctx, rule, fns);
  const out = new Set<ts.Statement>();
  for (const fn of fns) {
    const st = topStatementOf(ctx.sourceFile, fn);
    if (!st) return false; // (a handler is always inside a top-level statement: the whole file, to be safe)
    out.add(st);
  }
  return out;
}

/** Records the handlers `rule`'s proof leaves to its check (see handlersLeft). */
function leave(ctx: QuietContext, rule: string, fns: readonly FunctionLike[]): void {
  leftHandlers.of(ctx, () => new Map()).set(rule, new Set(fns));
}

/**
 * body-in-get: no GET or HEAD handler touches its request's body (or uses the request in any other way).
 *
 * Per handler: true, or the statements of the handlers it cannot clear (see handlersLeft).
 */
export function bodyInGetRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  leftHandlers.get(ctx)?.delete('body-in-get');
  const handlers = handlersOf(ctx).filter((h) => h.method === 'GET' || h.method === 'HEAD');
  if (handlers.length > 0 && identifiersMayBeEscaped(ctx.text)) return false;
  const failing: FunctionLike[] = [];
  for (const h of handlers) {
    if (!h.request) continue;
    const uses = requestUses(ctx.sourceFile, ctx.text, h.fn, [h.request.text]);
    if (uses.other || uses.reads.length > 0) failing.push(h.fn);
  }
  return leaveHandlers(ctx, 'body-in-get', failing);
}

/** `await` just before `at` (a whole word). */
function awaitedAt(text: string, at: number): boolean {
  const k = previousNonSpace(text, at);
  return k >= 4 && text.startsWith('await', k - 4) && !isWordChar(text.charCodeAt(k - 5));
}

/** What follows `end` binds tighter than a preceding `await` (`await params.id` reads `params.id` first). */
function memberFollows(text: string, end: number): boolean {
  const c = nextNonSpace(text, end);
  // `.x`, `[x]`, `?.x`, and `!` (a non-null assertion, then maybe a member): all read the promise itself
  return c === 46 /* . */ || c === 91 /* [ */ || c === 63 /* ? */ || c === 33 /* ! */;
}

/**
 * sync-params-access: in every handler that takes a context, `params` is only ever used as `await params`
 * (destructured in the signature as `{ params }`) or `await context.params` (a context parameter), with nothing
 * read from it before the await applies. Any other use (passing the context on, destructuring it later, a
 * member read) leaves the proof to the rule.
 *
 * Per handler: true, or the statements of the handlers it cannot clear (see handlersLeft).
 */
export function syncParamsRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  leftHandlers.get(ctx)?.delete('sync-params-access');
  const text = ctx.text;
  if (identifiersMayBeEscaped(text)) return false;
  const failing: FunctionLike[] = [];
  for (const h of handlersOf(ctx)) {
    if (h.context && h.fn.body && !paramsAwaited(ctx, h.fn, h.context)) failing.push(h.fn);
  }
  return leaveHandlers(ctx, 'sync-params-access', failing);
}

/** Is `params` only ever used as `await params` / `await context.params` in `fn` (see syncParamsRegion)? */
function paramsAwaited(ctx: QuietContext, fn: FunctionLike, c: ts.ParameterDeclaration): boolean {
  const text = ctx.text;
  const from = fn.parameters.end;
  const to = fn.end;
  if (ts.isObjectBindingPattern(c.name)) {
    for (const el of c.name.elements) {
      const prop = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (el.propertyName && prop === undefined) return false; // a computed or quoted name: unsure
      if (prop !== 'params') continue;
      if (!ts.isIdentifier(el.name) || el.dotDotDotToken) return false; // destructured in the signature: a finding
      const name = el.name.text;
      for (const at of occurrences(text, name, from, to)) {
        if (quotedAt(ctx.sourceFile, text, at)) continue;
        if (!awaitedAt(text, at) || memberFollows(text, at + name.length)) return false;
      }
    }
    return true;
  }
  if (ts.isIdentifier(c.name)) {
    const name = c.name.text;
    for (const at of occurrences(text, name, from, to)) {
      if (quotedAt(ctx.sourceFile, text, at)) continue;
      PARAMS_AFTER.lastIndex = at + name.length;
      const m = PARAMS_AFTER.exec(text);
      if (!m) return false; // the context used otherwise (passed on, destructured): the rule decides
      if (!awaitedAt(text, at) || memberFollows(text, at + name.length + m[0].length)) return false;
    }
    return true;
  }
  return false;
}

/** The statement certainly does not complete normally: it returns or throws on every path (an under-approximation). */
function alwaysExits(st: ts.Statement | undefined): boolean {
  if (!st) return false;
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) return alwaysExits(st.statements[st.statements.length - 1]);
  if (ts.isIfStatement(st)) return alwaysExits(st.thenStatement) && alwaysExits(st.elseStatement);
  if (ts.isTryStatement(st)) return (alwaysExits(st.tryBlock) && (!st.catchClause || alwaysExits(st.catchClause.block))) || (st.finallyBlock !== undefined && alwaysExits(st.finallyBlock));
  return false;
}

const NOT_A_RESPONSE_WORDS = new Set(['null', 'undefined', 'true', 'false', 'void']);

/**
 * missing-response: every handler with a block body ends in a statement that returns or throws on every path (so
 * control cannot fall off the end), and each `return` in its text is followed, on the same line, by an
 * identifier-led expression that is no literal (`return Response.json(…)`, `return res`, `return await f()`):
 * never a bare `return`, an object, a string or a number. Returns of nested callbacks count too (stricter).
 *
 * Per handler: true, or NO_STATEMENTS with the handlers it cannot clear left to the
 * check (see handlersLeft; the rule reads no index); false (every handler) when names may be escaped.
 */
export function missingResponseRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  leftHandlers.get(ctx)?.delete('missing-response');
  const handlers = handlersOf(ctx).filter((h) => h.fn.body);
  if (handlers.length === 0) return true;
  if (identifiersMayBeEscaped(ctx.text)) return false;
  const failing = handlers.filter((h) => !respondsOnEveryPath(ctx, h.fn)).map((h) => h.fn);
  if (failing.length === 0) return true;
  leave(ctx, 'missing-response', failing);
  return NO_STATEMENTS;
}

/** The proof for one handler with a body (see missingResponseRegion). */
function respondsOnEveryPath(ctx: QuietContext, fn: FunctionLike): boolean {
  const text = ctx.text;
  const body = fn.body!;
  if (!ts.isBlock(body) || !alwaysExits(body)) return false;
  for (const at of occurrences(text, 'return', body.pos, body.end)) {
    if (quotedAt(ctx.sourceFile, text, at)) continue;
    RETURNED.lastIndex = at + 6;
    const m = RETURNED.exec(text);
    if (!m || NOT_A_RESPONSE_WORDS.has(m[1])) return false;
  }
  // A `break` or `continue` with nothing to leave (broken code) ends the path at the end of the function.
  for (const word of ['break', 'continue']) {
    for (const at of occurrences(text, word, body.pos, body.end)) {
      if (quotedAt(ctx.sourceFile, text, at)) continue;
      const n = descend(ctx.sourceFile, at);
      if (!(ts.isBreakStatement(n) || ts.isContinueStatement(n)) || !hasJumpTarget(n, fn)) return false;
    }
  }
  return true;
}

/** A loop, switch or label inside `fn` that the jump leaves (the descent set the parents on its path). */
function hasJumpTarget(jump: ts.BreakStatement | ts.ContinueStatement, fn: ts.Node): boolean {
  for (let n = jump.parent; n && n !== fn; n = n.parent) {
    if (jump.label) {
      if (ts.isLabeledStatement(n) && n.label.text === jump.label.text) return true;
    } else if (ts.isIterationStatement(n, false) || (ts.isBreakStatement(jump) && ts.isSwitchStatement(n))) return true;
    if (isFunctionLike(n)) return false;
  }
  return false;
}

/** What follows `return` on its line: an identifier-led expression (sticky). */
const RETURNED = /[ \t]+([A-Za-z_$][\w$]*)/y;

/** `.params` right after a context's name, and nothing more of the chain (sticky). */
const PARAMS_AFTER = /\s*\.\s*params(?![\w$])/y;

/** Escapes that spell `<` (spelled out case by case: a case-insensitive expression is several times slower). */
const ESCAPED_LT = /\\x3[cC]|\\u003[cC]|\\u\{0*3[cC]\}/;

/** What markupRegion found for the rule's text mode: where the markup-like `<`s are, and the request parameters. */
export interface MarkupFromText {
  /** Offsets of each `<` followed by a tag character. */
  seeds: readonly number[];
  /** The request parameters of the handlers and of top-level functions typed with Request / NextRequest. */
  requests: readonly ts.Identifier[];
}

const markupFromText = new Slot<QuietContext, MarkupFromText>('markup from the text');

/** The seeds and requests markupRegion left for the rule's text mode, when the text can stand for the tree. */
export function markupLeft(ctx: QuietContext): MarkupFromText | undefined {
  return markupFromText.get(ctx);
}

/**
 * unescaped-markup: no template literal can hold markup — the text has no `<` followed by a tag character (or by
 * an escape that could make one), in a template or anywhere else.
 *
 * true when that holds; else, where the text stands for the tree (no identifier written with escapes, and the
 * request parameters all found from it), NO_STATEMENTS with what the rule's text mode needs (markupLeft); else
 * the statements that hold a `<` followed by a tag character and what they need, values assigned through
 * top-level names included (see statementsFor). False where `<` may be spelled with an escape.
 */
export function markupRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  markupFromText.set(ctx, undefined);
  const text = ctx.text;
  if (!text.includes('`')) return true;
  if (text.includes('\\') && ESCAPED_LT.test(text)) return false;
  // each `<` and the character after it: far faster than an expression over the whole text
  const offsets: number[] = [];
  const seeds: ts.Statement[] = [];
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 33 /* ! */ || c === 63 /* ? */ || c === 47 /* / */ || c === 92 /* \\ */) {
      offsets.push(i);
      const st = statementAt(ctx.sourceFile, i);
      if (st && seeds[seeds.length - 1] !== st) seeds.push(st);
    }
  }
  if (seeds.length === 0) return true;
  const requests = identifiersMayBeEscaped(text) ? undefined : requestParametersByText(ctx);
  if (requests) {
    markupFromText.set(ctx, { seeds: offsets, requests });
    return NO_STATEMENTS;
  }
  return statementsFor(ctx, seeds, { assignments: true });
}

/**
 * Every request parameter, found as FileFacts.requestFunctions finds them over the index: the handlers' first
 * parameter (not in pages/api) and the parameters typed Request / NextRequest, of top-level functions. Undefined
 * when the text cannot tell (a nested function's annotation, a parameter that is no plain name).
 */
function requestParametersByText(ctx: QuietContext): ts.Identifier[] | undefined {
  const fns = requestFunctionsByText(ctx);
  if (!fns) return undefined;
  const out: ts.Identifier[] = [];
  for (const [fn, params] of fns) {
    const ids = parameterIdentifiers(fn, params.keys());
    if (!ids) return undefined;
    out.push(...ids);
  }
  return out;
}

/** The words of the calls relative-redirect looks at (one expression for both: two searches cost more). */
const REDIRECT_WORDS = /redirect|rewrite/g;

/** Does the text hold either word (relative-redirect's check asks too, before looking at any call)? */
export function mentionsRedirect(text: string): boolean {
  REDIRECT_WORDS.lastIndex = 0;
  return REDIRECT_WORDS.test(text);
}

/**
 * relative-redirect: true when neither word appears; else the statements holding them and what those need (the
 * constants a URL may come from are top-level statements that declare no function, always included). False when
 * a member name may be spelled with escapes (`x['r\x65direct']`): then the whole file.
 */
export function redirectRegion(ctx: QuietContext): boolean | ReadonlySet<ts.Statement> {
  const text = ctx.text;
  if (!mentionsRedirect(text)) return !namesMayBeEscaped(text);
  if (namesMayBeEscaped(text)) return false;
  const seeds: ts.Statement[] = [];
  REDIRECT_WORDS.lastIndex = 0;
  while (REDIRECT_WORDS.test(text)) {
    const st = statementAt(ctx.sourceFile, REDIRECT_WORDS.lastIndex - 1);
    if (st && seeds[seeds.length - 1] !== st) seeds.push(st);
  }
  return seeds.length === 0 ? true : statementsFor(ctx, seeds);
}
