// An error's message, stack or cause sent to the client exposes internals (paths, SQL, hostnames). The guide's
// own `reason instanceof Error ? reason.message : 'Unexpected error'` sent in `new Response(message, …)` is such
// a leak. Sources: catch parameters, `.catch(cb)` / `.then(_, onRejected)` parameters, `Promise.allSettled`
// reasons, the error of a node-style callback (`form.parse(req, (err, fields) => …)`), what a `.catch` fallback
// returns, the `error` of a result an awaited call returns (`const { data, error } = await supabase…`) and Hono's
// `app.onError((err, c) => …)`. Sinks: Response/NextResponse, the Pages Router's `res`, a Hono context's
// `c.json/text/html/body` in a file that imports hono. Not leaks: the message of an error narrowed to an error
// class this file declares (`if (e instanceof ApiError)`: the app's own client message; `bffRoutes.
// appErrorMessages: "leak"` reports it too), a caught ZodError's issues answered with a 4xx (they describe the
// client's input; its stack always leaks), a result's error answered with a 4xx (the library's reason for the
// client), and the error of a try that only verifies the caller's signature or token, answered with a 4xx. The
// fix answers a generic message (same status) and logs the error on the server.
import { enclosingStatement, indentAt, isAncestor, isStaticMember, memberName, memberObject, outerWrapper, Scopes, unwrap, type FunctionLike } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import { Taint, type TaintSource } from '../taint';
import type { FileRule, RuleContext } from '../rule';
import type { Fix, RelatedLocation, Span, TextEdit } from '../types';
import { feedsSentence, FEEDS_MESSAGE } from '../feeds';
import { carriedWord } from '../summaries';
import type { FileKind } from '../files';
import { HONO_SENDS, mayBeSink, RESPONSE_SENDS } from '../errorReach';
import { nodeStyleErrorParam, resultErrorBinding } from '../errorSources';
import { Slot } from '../slot';

const SAFE_PROPS = new Set(['name', 'code', 'status', 'statusCode', 'digest', 'errno', 'length', 'constructor']);
const GENERIC = 'Internal Server Error';

/** The catch / rejection-handler declaration a binding comes from, if any. */
export function errorSourceOf(d: ts.Identifier): ts.Identifier | undefined {
  let n: ts.Node = d;
  while (n.parent && (ts.isBindingElement(n.parent) || ts.isObjectBindingPattern(n.parent) || ts.isArrayBindingPattern(n.parent))) n = n.parent;
  const owner = n.parent;
  if (!owner) return undefined;
  if (ts.isVariableDeclaration(owner) && owner.parent && ts.isCatchClause(owner.parent)) return d;
  if (isResultErrorDecl(d)) return d; // `const { error } = await db.…`
  if (ts.isParameter(owner)) {
    const fn = owner.parent;
    const index = fn.parameters.indexOf(owner);
    const call = fn.parent;
    if (index === 0 && nodeStyleErrorParam(fn) === d) return d; // `form.parse(req, (err, fields) => …)`
    if (index !== 0 || !call || !ts.isCallExpression(call)) return undefined;
    const method = memberName(unwrap(call.expression));
    if ((method === 'catch' || method === 'onError') && call.arguments[0] === fn) return d; // (Hono's `app.onError((err, c) => …)`)
    if (method === 'then' && call.arguments[1] === fn) return d;
  }
  return undefined;
}

function isAllSettledCall(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isCallExpression(u) && isStaticMember(u.expression, ['Promise'], 'allSettled');
}

export const leakedErrorMessage: FileRule = {
  meta: {
    id: 'leaked-error-message',
    defaultSeverity: 'warning',
    description: 'A value derived from a caught error reaches a response body sent to the client.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api'],
  check(ctx) {
    checkWithCalls(ctx);
  },
};

/** What the taint analysis of one file needs to find leaks (a rule's context, or a module being summarized). */
export interface LeakEnv {
  readonly sourceFile: ts.SourceFile;
  readonly kind: FileKind;
  readonly scopes: Scopes;
  readonly source: TaintSource;
  /** Error classes whose message is the app's deliberate client message (local names). */
  readonly appClasses: ClassNames;
  /** The sources: caught errors (the default), or one parameter of a function being summarized. */
  readonly isSourceDecl?: (d: ts.Identifier) => boolean;
  /** A call into another module (by its summary): does its value carry its arguments' taint? Undefined: unknown. */
  readonly callResult?: (call: ts.CallExpression, argTainted: (i: number) => boolean) => boolean | undefined;
  /** A same-file helper already summarized: does it return these arguments' taint? Undefined: read its body. */
  readonly localResult?: (fn: FunctionLike, argTaint: readonly boolean[]) => boolean | undefined;
  /** `throw new AppError({ message: e.message })` is a sink: the message becomes a deliberate client message. */
  readonly rewrapIsSink?: boolean;
}

/** A value derived from a source reaching a sink's argument. */
export interface LeakHit {
  node: ts.Node;
  arg: ts.Expression;
  sink: Sink;
  /** The caught error it comes from (not found for a parameter source, or when it is too far). */
  source?: ts.Identifier;
  taint: Taint;
}

/** Names of classes, asked one at a time (a Set, or a lookup that resolves an import only when its name is asked). */
export type ClassNames = Pick<ReadonlySet<string>, 'has'>;

/** The app's error classes the file declares (none when the settings say their messages leak too). */
export function appErrorClasses(sf: ts.SourceFile, setting: 'deliberate' | 'leak'): Set<string> {
  return setting === 'leak' ? new Set() : ownErrorClasses(sf);
}

/**
 * The taint analyses of `env`'s sources: for sinks answering 5xx (or an unknown status), and for sinks answering
 * 4xx (which let a caught ZodError's issues through).
 */
export function errorTaints(env: LeakEnv): [Taint, Taint] {
  const { scopes, source } = env;
  const settledMemo = new Map<ts.Node, boolean>();
  const isSettled = (expr: ts.Expression, depth = 0): boolean => {
    const e = unwrap(expr);
    if (depth > 8) return false;
    const m = settledMemo.get(e);
    if (m !== undefined) return m;
    settledMemo.set(e, false);
    let r = false;
    if (isAllSettledCall(e)) r = true;
    else if (ts.isAwaitExpression(e)) r = isSettled(e.expression, depth + 1);
    else if (ts.isElementAccessExpression(e)) r = isSettled(e.expression, depth + 1);
    else if (ts.isCallExpression(e) && ['filter', 'slice', 'concat', 'sort', 'reverse', 'flat', 'at', 'find', 'findLast'].includes(memberName(unwrap(e.expression)) ?? '')) {
      r = isSettled(memberObject(unwrap(e.expression))!, depth + 1);
    }
    else if (ts.isIdentifier(e)) {
      const d = scopes.declarationOf(e);
      let n: ts.Node | undefined = d;
      while (n?.parent && (ts.isBindingElement(n.parent) || ts.isArrayBindingPattern(n.parent) || ts.isObjectBindingPattern(n.parent))) n = n.parent;
      const owner = n?.parent;
      if (owner && ts.isVariableDeclaration(owner)) {
        if (owner.initializer) r = isSettled(owner.initializer, depth + 1);
        const loop = owner.parent?.parent;
        if (!r && loop && ts.isForOfStatement(loop)) {
          r = isSettled(loop.expression, depth + 1);
        }
      } else if (owner && ts.isParameter(owner)) {
        const call = owner.parent.parent;
        const obj = call && ts.isCallExpression(call) ? memberObject(unwrap(call.expression)) : undefined;
        if (obj) r = isSettled(obj, depth + 1);
        // `Promise.allSettled(…).then((results) => …)`
        if (!r && call && ts.isCallExpression(call) && memberName(unwrap(call.expression)) === 'then' && obj && isAllSettledCall(obj)) r = true;
      }
    }
    settledMemo.set(e, r);
    return r;
  };
  // Two views of the same flow: a sink answering 4xx also lets through a caught ZodError's issues (they describe the
  // client's own input); every sink lets through the message of an error narrowed to an app error class (the app's
  // deliberate client message), unless the settings say otherwise.
  const appClasses = env.appClasses;
  const paramSource = env.isSourceDecl;
  const taintFor = (clientError: boolean): Taint => new Taint(env.sourceFile, scopes, {
    isSource: (e) => !paramSource && memberName(e) === 'reason' && isSettled(memberObject(e)!),
    isSourceDecl: paramSource ?? ((d) => errorSourceOf(d) !== undefined),
    safeProperty: (name) => SAFE_PROPS.has(name),
    sanitizes: () => false,
    callResult: env.callResult,
    localResult: env.localResult,
    cleanUse: (id) => {
      if (clientError && isResultError(id, scopes)) return true;
      if (clientError && onlyVerifies(scopes.declarationOf(id)) && memberName(outerWrapper(id).parent) !== 'stack') return true;
      const narrowed = narrowedClass(id, scopes);
      if (narrowed === undefined) return false;
      if (appClasses.has(narrowed)) return true;
      return clientError && narrowed === 'ZodError' && memberName(outerWrapper(id).parent) !== 'stack';
    },
  }, source);
  return [taintFor(false), taintFor(true)];
}

/**
 * Is `id` a result's `error` (errorSources.ts)? Answered with a 4xx, it is the library's reason for the client (an
 * auth error's "Invalid login credentials"), as the app chose to answer it.
 */
function isResultError(id: ts.Identifier, scopes: Scopes): boolean {
  return isResultErrorDecl(scopes.declarationOf(id));
}

function isResultErrorDecl(d: ts.Identifier | undefined): boolean {
  const pattern = d?.parent?.parent;
  return !!pattern && ts.isObjectBindingPattern(pattern) && ts.isVariableDeclaration(pattern.parent) && resultErrorBinding(pattern.parent) === d;
}

const VERIFIERS = new Set(['constructEvent', 'constructEventAsync', 'verify']);

/**
 * Is `d` the error of a catch whose try only checks the caller's signature or token (Stripe's
 * `stripe.webhooks.constructEvent(body, signature, secret)`, svix's `wh.verify(body, headers)`, `jwt.verify(token,
 * key)`)? The error then says why the caller's own request was refused; answered with a 4xx it is the client's
 * reason, as Stripe's docs answer it. Any other call in the try (outside the check's arguments) could throw an
 * error of the server's, so it is not.
 */
function onlyVerifies(d: ts.Identifier | undefined): boolean {
  const clause = d?.parent?.parent;
  if (!clause || !ts.isCatchClause(clause) || !ts.isTryStatement(clause.parent)) return false;
  let verifies = false;
  let other = false;
  const visit = (n: ts.Node): void => {
    if (other || ts.isFunctionLike(n)) return;
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      if (ts.isCallExpression(n) && VERIFIERS.has(memberName(n.expression) ?? '')) verifies = true;
      else other = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(clause.parent.tryBlock);
  return verifies && !other;
}

/** How a finding names its source: a caught error, or the error a call returned. */
function sourceWord(d: ts.Identifier | undefined): string {
  return isResultErrorDecl(d) ? 'the returned error' : 'the caught error';
}

const capitalized = (text: string): string => text[0].toUpperCase() + text.slice(1);

/** Every argument of `sinks` that carries a value from a source (caught errors, or env.isSourceDecl). */
export function leakHits(env: LeakEnv, sinks: readonly ts.Node[], taints: [Taint, Taint] = errorTaints(env)): LeakHit[] {
  const out: LeakHit[] = [];
  const scopes = env.scopes;
  const paramSource = env.isSourceDecl;

  for (const n of sinks) {
    const sink = sinkOf(n, env) ?? (env.rewrapIsSink ? rewrapOf(n, env.appClasses) : undefined);
    if (!sink) continue;
    const taint = taints[sink.clientError ? 1 : 0];
    for (const arg of sink.args) {
      if (!arg || !taint.tainted(arg)) continue;
      out.push({ node: n, arg, sink, source: paramSource ? undefined : findSource(arg, scopes, taint), taint });
    }
  }
  return out;
}

/** The message of a finding for `hit` (also kept in the summaries of other modules' functions). */
export function leakMessage(hit: LeakHit, sf: ts.SourceFile): string {
  const source = hit.source ? ` '${hit.source.text}'` : '';
  if (hit.sink.rewrap) return `${hit.sink.what} puts ${describe(hit.arg, sf)}, derived from ${sourceWord(hit.source)}${source}, into an error class whose message the app answers to the client: error messages expose internals. Pass a message written for the client and log the error on the server.`;
  return `${hit.sink.what} sends ${describe(hit.arg, sf)}, derived from ${sourceWord(hit.source)}${source}, to the client: error messages expose internals. Answer a generic message and log the error on the server.`;
}

function checkSinks(ctx: RuleContext, scopes: Scopes, source: TaintSource, sinks: readonly ts.Node[], env: LeakEnv = { sourceFile: ctx.sourceFile, kind: ctx.kind, scopes, source, appClasses: appErrorClasses(ctx.sourceFile, ctx.appErrorMessages), rewrapIsSink: ctx.appErrorMessages === 'deliberate' }, taints?: [Taint, Taint]): void {
  const sf = ctx.sourceFile;
  for (const hit of leakHits(env, sinks, taints)) {
    const { arg, source: from } = hit;
    ctx.report({
      span: { start: arg.getStart(sf), end: arg.getEnd() },
      message: leakMessage(hit, sf),
      related: from ? [{ span: { start: from.getStart(sf), end: from.getEnd() }, message: capitalized(sourceWord(from)) }] : [],
      fixes: genericFix(fixSite(ctx), hit),
    });
  }
}

/**
 * With functions known by their summaries (same-file helpers and those of other modules): every call and `new` of
 * the file is a possible sink (an imported helper's value may carry the error anywhere), calls into other modules
 * carry their arguments as their summaries say, and the app's error classes include imported ones. Then each call
 * of a summarized function:
 * - a helper that sends its parameter: given the caught error itself, the helper's sink is the problem, reported
 *   once in the helper's file with this call as a feeding site; given a value the route derived (`e.message`), the
 *   route chose to send it, reported at its argument;
 * - a function whose own catch answers the error's message (a wrapper: `export const GET = withCron(async () =>
 *   …)`): reported in its file, with this call as a feeding site.
 */
function checkWithCalls(ctx: RuleContext): void {
  const sf = ctx.sourceFile;
  const scopes = ctx.scopes;
  const env: LeakEnv = {
    sourceFile: sf,
    kind: ctx.kind,
    scopes,
    source: ctx.facts.taintSource(),
    appClasses: ctx.callees.appClasses(),
    rewrapIsSink: ctx.appErrorMessages === 'deliberate',
    callResult: (call, argTainted) => {
      const t = ctx.callees.target(call);
      return t && !t.local ? t.fn.returns.some((r) => argTainted(r.param)) : undefined;
    },
  };
  const taints = errorTaints(env);
  // The error reaches only the calls the model's error reach finds by name, through the imported functions that
  // return what they are given. A file whose imports bring no summary that matters to leaks has only its own sinks
  // to look at; otherwise every call of a wrapper whose own catch leaks is reported, whatever it is given.
  const callees = ctx.callees;
  const alone = !callees.importsMatter('leak');
  const reached = ctx.facts.errorReach(callees.importsWhere((fn) => fn.returns.length > 0));
  if (ctx.facts.hasErrorSources()) checkSinks(ctx, scopes, env.source, alone ? reached.filter(mayBeSink) : reached, env, taints);
  const span = (n: ts.Node): Span => ({ start: n.getStart(sf), end: n.getEnd() });
  const fed = new Set(reached);
  for (const call of callees.importsWhere((fn) => fn.leaks.length > 0).size > 0 ? ctx.index.calls : reached) {
    if (!ts.isCallExpression(call)) continue;
    const t = callees.target(call);
    if (!t) continue;
    const fn = t.fn;
    const where = t.local ? {} : { file: t.file };
    for (const s of fed.has(call) ? fn.sends : []) {
      const arg = call.arguments[s.param];
      if (!arg || !taints[0].tainted(arg)) continue;
      // (a send the function hands to another module's function is placed there)
      const at = s.file !== undefined ? { file: s.file } : where;
      const u = unwrap(arg);
      const d = ts.isIdentifier(u) ? scopes.declarationOf(u) : undefined;
      if (d && errorSourceOf(d)) {
        const related: RelatedLocation[] = [{ file: ctx.file, span: span(arg), message: `${FEEDS_MESSAGE}: ${sourceWord(d)} '${d.text}' is passed to ${fn.name}()` }];
        const param = `'${fn.params[s.param] || `#${s.param + 1}`}'`;
        ctx.report({
          ...at,
          span: s.span,
          message: `${s.file !== undefined ? `${s.what} sends the ${carriedWord(s.how)} of the parameter ${param} of ${fn.name}()` : `${s.what} in ${fn.name}() sends the ${carriedWord(s.how)} of its parameter ${param}`}, a caught error, to the client: error messages expose internals. Answer a generic message and log the error on the server.${feedsSentence(related)}`,
          related,
          fixes: s.generic === undefined ? [] : [{ title: 'Answer a generic message', edits: [{ ...at, start: s.span.start, end: s.span.end, newText: s.generic }], isPreferred: false }],
        });
      } else {
        const from = findSource(arg, scopes, taints[0]);
        ctx.report({
          span: span(arg),
          message: `${fn.name}() sends its argument to the client (${s.what}), and ${describe(arg, sf)} is derived from ${sourceWord(from)}${from ? ` '${from.text}'` : ''}: error messages expose internals. Pass a generic message and log the error on the server.`,
          related: [...(from ? [{ span: span(from), message: capitalized(sourceWord(from)) }] : []), { ...at, span: s.span, message: `${fn.name}() sends it here` }],
        });
      }
    }
    if (t.local) continue; // (its own leaks are this file's: found above)
    for (const l of fn.leaks) {
      const related: RelatedLocation[] = [
        ...(l.related ? [{ file: t.file, span: l.related, message: 'The caught error' }] : []),
        { file: ctx.file, span: span(call.expression), message: `${FEEDS_MESSAGE}: ${fn.name}() is called here` },
      ];
      ctx.report({
        file: t.file,
        span: l.span,
        message: `${l.message}${feedsSentence(related)}`,
        related,
        fixes: l.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: t.file })) })),
      });
    }
  }
}

/** What a fix needs of its file. */
export interface FixSite {
  sourceFile: ts.SourceFile;
  text: string;
  semicolon(): string;
}

function fixSite(ctx: RuleContext): FixSite {
  return { sourceFile: ctx.sourceFile, text: ctx.text, semicolon: () => ctx.facts.semicolon() };
}

export function describe(arg: ts.Expression, sf: ts.SourceFile): string {
  const t = arg.getText(sf).replace(/\s+/g, ' ');
  return `\`${t.length > 40 ? `${t.slice(0, 40)}…` : t}\``;
}

export interface Sink {
  what: string;
  /** `throw new AppError(…)`: the message becomes a deliberate client message. */
  rewrap?: boolean;
  args: Array<ts.Expression | undefined>;
  /** What the fix answers instead; none: no fix. */
  generic?: string;
  /** It answers a 4xx status (a literal), the client's own mistake. */
  clientError?: boolean;
}

/** `{ status: 400 }` (a 4xx literal) in a response's init. */
function clientErrorInit(init: ts.Expression | undefined): boolean {
  const o = init && unwrap(init);
  if (!o || !ts.isObjectLiteralExpression(o)) return false;
  return o.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'status' && isClientStatus(p.initializer));
}

function isClientStatus(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isNumericLiteral(u) && Number(u.text) >= 400 && Number(u.text) < 500;
}

/**
 * Error classes the file declares (`class ApiError extends Error`, and classes extending those): a message the app
 * put in one of them is written for the client.
 */
function ownErrorClasses(sf: ts.SourceFile): Set<string> {
  const parents = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isClassDeclaration(st) || !st.name) continue;
    const ext = st.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (ext && ts.isIdentifier(ext)) parents.set(st.name.text, ext.text);
  }
  const out = new Set<string>();
  for (const name of parents.keys()) {
    let p: string | undefined = name;
    for (let i = 0; i < 10 && p !== undefined && p !== 'Error'; i++) p = parents.get(p);
    if (p === 'Error') out.add(name);
  }
  return out;
}

/** The class `x instanceof C` tests in `cond` for the variable `decl` (through `&&`). */
function instanceofClass(cond: ts.Expression, decl: ts.Identifier, scopes: Scopes): string | undefined {
  const c = unwrap(cond);
  if (!ts.isBinaryExpression(c)) return undefined;
  if (c.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return instanceofClass(c.left, decl, scopes) ?? instanceofClass(c.right, decl, scopes);
  if (c.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword) return undefined;
  const x = unwrap(c.left);
  if (!ts.isIdentifier(x) || scopes.declarationOf(x) !== decl) return undefined;
  const k = unwrap(c.right);
  return ts.isIdentifier(k) ? k.text : memberName(k); // `ZodError`, `z.ZodError`
}

/** The class a use of a variable is narrowed to by an enclosing `if (x instanceof C)`, `x instanceof C ? … :`, `&&`. */
function narrowedClass(id: ts.Identifier, scopes: Scopes): string | undefined {
  const decl = scopes.declarationOf(id);
  if (!decl) return undefined;
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    const p = n.parent;
    const cond = ts.isIfStatement(p) && p.thenStatement === n ? p.expression : ts.isConditionalExpression(p) && p.whenTrue === n ? p.condition : ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? p.left : undefined;
    const cls = cond && instanceofClass(cond, decl, scopes);
    if (cls) return cls;
    if (ts.isFunctionDeclaration(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

/** `throw new ApiError({ message: e.message })` with an app error class: the re-wrap that makes a message deliberate. */
function rewrapOf(n: ts.Node, appClasses: ClassNames): Sink | undefined {
  if (!ts.isNewExpression(n) || !n.arguments || n.arguments.length === 0) return undefined;
  const c = unwrap(n.expression);
  const name = ts.isIdentifier(c) ? c.text : memberName(c);
  if (name === undefined || !appClasses.has(name)) return undefined;
  const st = outerWrapper(n).parent;
  if (!st || !ts.isThrowStatement(st)) return undefined;
  return { what: `new ${name}()`, args: [...n.arguments], generic: `'${GENERIC}'`, rewrap: true };
}

const IMPORTS_HONO = new Slot<ts.SourceFile, boolean>('imports hono');

/**
 * Is `obj` a Hono context: a parameter of a callback handed to a call (`app.get('/x', (c) => …)`,
 * `app.onError((err, c) => …)`), in a file that imports Hono (a catch-all route served by `handle(app)`)?
 */
function isHonoContext(obj: ts.Expression | undefined, env: Pick<LeakEnv, 'sourceFile' | 'scopes'>): boolean {
  const o = obj && unwrap(obj);
  const p = o && ts.isIdentifier(o) ? env.scopes.declarationOf(o)?.parent : undefined;
  if (!p || !ts.isParameter(p) || !ts.isCallExpression(outerWrapper(p.parent).parent ?? p)) return false;
  return IMPORTS_HONO.of(env.sourceFile, () =>
    env.sourceFile.statements.some((st) => ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && /^hono(\/|$)/.test(st.moduleSpecifier.text)));
}

function sinkOf(n: ts.Node, env: Pick<LeakEnv, 'kind' | 'scopes' | 'sourceFile'>): Sink | undefined {
  const scopes = env.scopes;
  if (ts.isNewExpression(n)) {
    const c = unwrap(n.expression);
    if (ts.isIdentifier(c) && (c.text === 'Response' || c.text === 'NextResponse')) return { what: `new ${c.text}()`, args: [n.arguments?.[0], n.arguments?.[1]], generic: `'${GENERIC}'`, clientError: clientErrorInit(n.arguments?.[1]) };
    return undefined;
  }
  if (!ts.isCallExpression(n)) return undefined;
  if (isStaticMember(n.expression, ['Response', 'NextResponse'], 'json')) return { what: `${(memberObject(unwrap(n.expression)) as ts.Identifier).text}.json()`, args: [n.arguments[0], n.arguments[1]], generic: `{ error: '${GENERIC}' }`, clientError: clientErrorInit(n.arguments[1]) };
  const callee = unwrap(n.expression);
  const method = memberName(callee);
  if (method && HONO_SENDS.has(method) && isHonoContext(memberObject(callee), env)) {
    const status = n.arguments[1];
    return { what: `c.${method}()`, args: [n.arguments[0]], generic: method === 'json' ? `{ error: '${GENERIC}' }` : `'${GENERIC}'`, clientError: !!status && isClientStatus(status) };
  }
  // `new ReadableStream({ start(controller) { … controller.enqueue(…) } })`: a streamed body (no fix: a text in
  // place of the chunk would break the stream's format)
  if (method === 'enqueue' && isStreamController(memberObject(callee), scopes)) return { what: 'controller.enqueue()', args: [n.arguments[0]] };
  // Pages Router: res.json/send/end/write, res.status(n).json(…)
  if (!method || !RESPONSE_SENDS.has(method)) return undefined;
  let obj = memberObject(callee);
  let clientError = false;
  while (obj && ts.isCallExpression(unwrap(obj)) && ['status', 'setHeader'].includes(memberName(unwrap((unwrap(obj) as ts.CallExpression).expression)) ?? '')) {
    const call = unwrap(obj) as ts.CallExpression;
    if (memberName(unwrap(call.expression)) === 'status' && call.arguments[0] && isClientStatus(call.arguments[0])) clientError = true;
    obj = memberObject(unwrap(call.expression));
  }
  const o = obj && unwrap(obj);
  if (!o || !ts.isIdentifier(o) || !isResponseObject(o, env.kind, scopes)) return undefined;
  return { what: `res.${method}()`, args: [n.arguments[0]], generic: method === 'json' ? `{ error: '${GENERIC}' }` : `'${GENERIC}'`, clientError };
}

/** The controller of a `new ReadableStream({ start(controller) {…} })` (or `pull`): what it enqueues is a body. */
function isStreamController(obj: ts.Expression | undefined, scopes: Scopes): boolean {
  const o = obj && unwrap(obj);
  const p = o && ts.isIdentifier(o) ? scopes.declarationOf(o)?.parent : undefined;
  if (!p || !ts.isParameter(p) || p.parent.parameters[0] !== p) return false;
  const fn = p.parent;
  const member = ts.isMethodDeclaration(fn) ? fn : fn.parent && ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
  const key = member && ts.isIdentifier(member.name) ? member.name.text : undefined;
  if ((key !== 'start' && key !== 'pull') || !ts.isObjectLiteralExpression(member!.parent)) return false;
  const stream = outerWrapper(member!.parent).parent;
  return !!stream && ts.isNewExpression(stream) && ts.isIdentifier(stream.expression) && stream.expression.text === 'ReadableStream';
}

/** A Pages Router / Node response: the second parameter of a handler, or typed NextApiResponse/ServerResponse. */
function isResponseObject(id: ts.Identifier, kind: FileKind, scopes: Scopes): boolean {
  const d = scopes.declarationOf(id);
  const p = d?.parent;
  if (!p || !ts.isParameter(p)) return false;
  const t = p.type;
  if (t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(NextApiResponse|ServerResponse)$/.test(t.typeName.text)) return true;
  return p.parent.parameters.indexOf(p) === 1 && (kind === 'pages-api' || /^res(ponse)?$/.test(id.text));
}

/** The error declaration the tainted argument comes from (first found), for related information and the log. */
function findSource(arg: ts.Expression, scopes: Scopes, taint: Taint): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const seen = new Set<ts.Node>();
  const visit = (e: ts.Node, depth: number): void => {
    if (found || depth > 6 || seen.has(e)) return;
    seen.add(e);
    if (ts.isIdentifier(e)) {
      const d = scopes.declarationOf(e);
      if (d && errorSourceOf(d)) {
        found = d;
        return;
      }
      const decl = d?.parent;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && taint.tainted(decl.initializer)) visit(decl.initializer, depth + 1);
      // `let message = 'Unknown error'; if (error instanceof Error) message = error.message`
      if (d) for (const v of taint.source.assignmentsTo(d)) if (taint.tainted(v)) visit(v, depth + 1);
      return;
    }
    ts.forEachChild(e, (c) => visit(c, depth));
  };
  visit(arg, 0);
  return found;
}

/** The fix of a hit: a generic message in place of what it sends; none for a re-wrap, or a sink without one. */
export function genericFix(ctx: FixSite, hit: LeakHit): Fix[] {
  const { node: sinkNode, arg, source, sink: { generic } } = hit;
  if (hit.sink.rewrap || generic === undefined) return [];
  const sf = ctx.sourceFile;
  const edits: TextEdit[] = [{ start: arg.getStart(sf), end: arg.getEnd(), newText: generic }];
  // Is it the init argument (statusText/headers)? Then only that is replaced; the body stays.
  const isInit = (ts.isNewExpression(sinkNode) || ts.isCallExpression(sinkNode)) && sinkNode.arguments?.[1] === arg;
  if (isInit) edits[0].newText = `{ status: 500 }`;
  const st = enclosingStatement(sinkNode);
  // Log only where the error variable is in scope (the sink sits inside the catch block or the callback).
  // (a catch clause, a callback; for a result's `error`, the block of its declaration)
  const scopeOwner = source && isResultErrorDecl(source) ? enclosingStatement(source)?.parent : source?.parent?.parent;
  // (not before `if (error) return …`: a result's error is null on success, and that log would print it every time)
  const logs = source && st && scopeOwner && isAncestor(scopeOwner, st) && !(ts.isIfStatement(st) && isResultErrorDecl(source));
  if (source && st && logs && !/console\.(error|warn)\(/.test(st.getFullText(sf))) {
    const at = st.getStart(sf);
    const semi = ctx.semicolon();
    edits.unshift({ start: at, end: at, newText: `console.error(${source.text})${semi}\n${indentAt(ctx.text, at)}` });
  }
  // An arrow that returns the sink directly has no statement of its own: only replace the message there.
  if (st && ts.isArrowFunction(st) && edits.length > 1) edits.shift();
  return [{ title: 'Answer a generic message and log the error on the server', edits, isPreferred: true }];
}
