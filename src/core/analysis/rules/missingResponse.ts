// A route handler must answer with a Response on every path. Falling off the end, `return;`, or returning a
// plain object makes Next.js answer 500 ("No response is returned from route handler"). A `switch` without
// `default` or an `if`/`else if` chain at the end, each branch returning, over a value that may have no other case
// (a discriminated union, a parsed value) is taken as exhaustive; over the request's method, a header, a query value
// or a raw JSON body it is not.
import { indentAt, memberName, memberObject, methodCall, unwrap } from '../../parsing/ast';
import { runFlow } from '../../parsing/flow';
import { ts } from '../../parsing/ts';
import { NEVER_RETURNS } from '../summaries';
import type { FileRule, RuleContext } from '../rule';
import type { Fix } from '../types';


type Fn = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/** Top-level functions of the file, by name: `function f() {}` and `const f = () => {}` / `function () {}`. */
function topLevelFunctions(sf: ts.SourceFile): Map<string, Fn> {
  const fns = new Map<string, Fn>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) fns.set(st.name.text, st);
    else if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) fns.set(d.name.text, init);
      }
    }
  }
  return fns;
}

/**
 * Same-file helpers that never return normally: declared `: never`, or a block body whose every path throws
 * (or calls another such helper). A call to one ends the path like `throw` does. Async helpers are excluded:
 * their call returns a rejected promise, which the handler may not await.
 */
function neverReturningHelpers(sf: ts.SourceFile): Set<string> {
  const fns = topLevelFunctions(sf);
  const verdict = new Map<string, boolean>();
  const check = (name: string): boolean => {
    const known = verdict.get(name);
    if (known !== undefined) return known;
    verdict.set(name, false); // recursion: assume it returns
    const fn = fns.get(name)!;
    const isAsync = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
    let never = false;
    if (!isAsync && fn.type?.kind === ts.SyntaxKind.NeverKeyword) never = true;
    else if (!isAsync && fn.body && ts.isBlock(fn.body)) {
      const res = runFlow<true>(fn, true, { join: () => true, same: () => true, visit: (n, st) => (callEndsPath(n) ? undefined : st) });
      never = !res.truncated && res.end === undefined && res.returns.length === 0;
    }
    verdict.set(name, never);
    return never;
  };
  const callEndsPath = (node: ts.Node): boolean => {
    if (neverReturns(node)) return true;
    if (!ts.isCallExpression(node)) return false;
    const c = unwrap(node.expression);
    return ts.isIdentifier(c) && fns.has(c.text) && check(c.text);
  };
  const out = new Set<string>();
  for (const name of fns.keys()) if (check(name)) out.add(name);
  return out;
}

function neverReturns(node: ts.Node, helpers?: ReadonlySet<string>): boolean {
  if (!ts.isCallExpression(node)) return false;
  const c = unwrap(node.expression);
  if (ts.isIdentifier(c)) return NEVER_RETURNS.has(c.text) || (helpers?.has(c.text) ?? false);
  return ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'process' && c.name.text === 'exit';
}

/** What a returned expression certainly is, when it is certainly not a Response. */
function notAResponse(e: ts.Expression): 'nothing' | 'object' | 'text' | 'value' | undefined {
  let u = unwrap(e);
  if (ts.isAwaitExpression(u)) u = unwrap(u.expression);
  if (u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === 'undefined') || ts.isVoidExpression(u)) return 'nothing';
  if (ts.isObjectLiteralExpression(u) || ts.isArrayLiteralExpression(u)) return 'object';
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) || ts.isTemplateExpression(u)) return 'text';
  if (ts.isNumericLiteral(u) || u.kind === ts.SyntaxKind.TrueKeyword || u.kind === ts.SyntaxKind.FalseKeyword) return 'value';
  return undefined;
}

/** The statement leaves the function on every path, by syntax alone (return or throw last, both branches of an if). */
function exits(st: ts.Statement | undefined): boolean {
  if (!st) return false;
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) return exits(st.statements[st.statements.length - 1]);
  if (ts.isIfStatement(st)) return exits(st.thenStatement) && exits(st.elseStatement);
  if (ts.isTryStatement(st)) return (exits(st.tryBlock) && (!st.catchClause || exits(st.catchClause.block))) || exits(st.finallyBlock);
  return false;
}

/** `d === 'a'` / `'a' == d`: the tested expression's text (a literal compared with it). */
function comparedValue(cond: ts.Expression, sf: ts.SourceFile): string | undefined {
  const c = unwrap(cond);
  if (!ts.isBinaryExpression(c) || (c.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && c.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return undefined;
  const lit = (e: ts.Expression) => ts.isStringLiteralLike(unwrap(e)) || ts.isNumericLiteral(unwrap(e));
  if (lit(c.right)) return c.left.getText(sf);
  if (lit(c.left)) return c.right.getText(sf);
  return undefined;
}

/**
 * Can the value be shown to take values no case names: the request's method, a header, a query or form value, a route
 * param, an unvalidated JSON body or a member of one? A discriminated union or a value a schema parsed cannot: its
 * cases may all be covered. (Reads the const declarations it goes through.)
 */
function provablyOpen(expr: ts.Expression, ctx: RuleContext, request: ts.Identifier | undefined, depth = 0): boolean {
  let e = unwrap(expr);
  if (depth > 5) return false;
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  const m = methodCall(e);
  if (m && ['toLowerCase', 'toUpperCase', 'trim'].includes(m[1])) return provablyOpen(m[0], ctx, request, depth + 1);
  if (m && m[1] === 'get') return true; // searchParams.get, headers.get, formData.get, cookies().get
  if (m && ['json', 'text', 'formData'].includes(m[1]) && m[0].getText(ctx.sourceFile) === request?.text) return true;
  if (memberName(e) === 'method' || memberName(e) === 'params') return true; // a string; route params are strings
  const obj = memberObject(e);
  if (obj) return provablyOpen(obj, ctx, request, depth + 1);
  return ts.isIdentifier(e) && (e.text === 'params' || (!!request && e.text === request.text));
}

/**
 * The handler's last statement is a choice over one value with no fallback (a `switch` without `default`, an
 * `if`/`else if` chain of comparisons without `else`) whose every branch leaves the function by syntax, over a value
 * that cannot be shown open: its cases may be all there are (TypeScript's own exhaustiveness), so the end is not
 * reported.
 */
function closedChoiceAtEnd(body: ts.Block, ctx: RuleContext, request: ts.Identifier | undefined): boolean {
  const last = body.statements[body.statements.length - 1];
  const sf = ctx.sourceFile;
  let value: ts.Expression | undefined;
  if (last && ts.isSwitchStatement(last)) {
    if (last.caseBlock.clauses.some((c) => ts.isDefaultClause(c))) return false;
    const clauses = last.caseBlock.clauses;
    // an empty clause falls into the next one; any other must leave the function
    if (clauses.some((c, i) => (c.statements.length === 0 ? i === clauses.length - 1 : !exits(c.statements[c.statements.length - 1])))) return false;
    value = last.expression;
  } else if (last && ts.isIfStatement(last) && last.elseStatement && ts.isIfStatement(last.elseStatement)) {
    let text: string | undefined;
    for (let st: ts.Statement | undefined = last; st; st = st.elseStatement) {
      if (!ts.isIfStatement(st)) return false; // a final else: the flow already knows
      const v = comparedValue(st.expression, sf);
      if (v === undefined || (text !== undefined && v !== text) || !exits(st.thenStatement)) return false;
      text = v;
      value = (unwrap(st.expression) as ts.BinaryExpression).left;
      if (ts.isStringLiteralLike(unwrap(value)) || ts.isNumericLiteral(unwrap(value))) value = (unwrap(st.expression) as ts.BinaryExpression).right;
    }
  }
  if (!value) return false;
  return !provablyOpen(resolveConst(value, body), ctx, request);
}

/** The initializer of the `const` (among the block's statements) that declares the root name of `e`; else `e`. */
function resolveConst(e: ts.Expression, body: ts.Block): ts.Expression {
  let root = unwrap(e);
  for (let o = memberObject(root); o; o = memberObject(root)) root = unwrap(o);
  if (!ts.isIdentifier(root)) return e;
  const name = root.text;
  for (const st of body.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) {
      const binds = ts.isIdentifier(d.name) ? d.name.text === name : d.name.elements.some((el) => !ts.isOmittedExpression(el) && ts.isIdentifier(el.name) && el.name.text === name);
      if (d.initializer && binds) return d.initializer;
    }
  }
  return e;
}

export const missingResponse: FileRule = {
  meta: {
    id: 'missing-response',
    defaultSeverity: 'error',
    description: 'An exported route handler has a path that returns no Response.',
  },
  kinds: ['route'],
  check(ctx) {
    const sf = ctx.sourceFile;
    let helpers: Set<string> | undefined;
    // an imported function that never returns (it always throws) ends the path, as a same-file one does; found by
    // the import's name (this rule reads no scopes)
    const importedNever = (n: ts.Node): boolean => {
      if (!ts.isCallExpression(n)) return false;
      const c = unwrap(n.expression);
      if (ts.isIdentifier(c)) {
        const r = ctx.callees.binding(c.text);
        return r?.kind === 'fn' && r.fn.neverReturns;
      }
      if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression)) {
        const r = ctx.callees.binding(c.expression.text);
        const m = r && ctx.callees.graph?.memberOf(r, c.name.text);
        return m?.kind === 'fn' && m.fn.neverReturns;
      }
      return false;
    };
    for (const h of ctx.handlers) {
      if (!h.fn.body) continue;
      // a wrapped handler (`withAuth(async (req) => …)`) answers through its wrapper: checked only when the wrapper
      // answers what the handler returns
      const wrapper = ctx.wrapped.get(h.fn);
      if (wrapper && !wrapper.passesResult) continue;
      helpers ??= neverReturningHelpers(sf);
      const never = helpers;
      const res = runFlow<true>(h.fn, true, { join: () => true, same: () => true, visit: (n, s) => (neverReturns(n, never) || importedNever(n) ? undefined : s) });
      if (res.truncated) continue; // too large to follow every path: say nothing rather than guess
      for (const { node } of res.returns) {
        const expr = ts.isReturnStatement(node) ? node.expression : node;
        const kind = expr ? notAResponse(expr) : 'nothing';
        if (!kind) continue;
        const span = { start: node.getStart(sf), end: node.getEnd() };
        const fixes: Fix[] = [];
        if (expr && kind === 'object') fixes.push({ title: 'Wrap in Response.json()', edits: [{ start: expr.getStart(sf), end: expr.getEnd(), newText: `Response.json(${expr.getText(sf)})` }], isPreferred: true });
        if (expr && (kind === 'text' || kind === 'value')) fixes.push({ title: 'Wrap in new Response()', edits: [{ start: expr.getStart(sf), end: expr.getEnd(), newText: `new Response(${kind === 'value' ? `String(${expr.getText(sf)})` : expr.getText(sf)})` }], isPreferred: true });
        if (kind === 'nothing' && ts.isReturnStatement(node)) fixes.push({ title: 'Return an empty 204 response', edits: [{ start: span.start, end: span.end, newText: `return new Response(null, { status: 204 })${ctx.text[span.end - 1] === ';' ? ';' : ''}` }], isPreferred: false });
        const what = kind === 'nothing' ? 'returns no Response' : kind === 'object' ? 'returns a plain value, not a Response' : 'returns a plain value, not a Response';
        ctx.report({ span, message: `${h.name} ${what}: Next.js answers 500 ("No response is returned from route handler"). Return a Response (Response.json(data), new Response(text)).`, fixes });
      }
      if (res.end !== undefined && ts.isBlock(h.fn.body) && !closedChoiceAtEnd(h.fn.body, ctx, h.request)) {
        const body = h.fn.body;
        const close = body.getEnd() - 1;
        const nameSpan = ctx.exports.find((e) => e.fn === h.fn)?.span ?? { start: h.fn.getStart(sf), end: h.fn.getStart(sf) };
        const last = body.statements[body.statements.length - 1];
        const closeIndent = indentAt(ctx.text, close);
        const ownLine = ctx.text.slice(close - closeIndent.length, close) === closeIndent && (close - closeIndent.length === 0 || /[\r\n]/.test(ctx.text[close - closeIndent.length - 1]));
        const indent = last ? indentAt(ctx.text, last.getStart(sf)) : `${closeIndent}  `;
        const semi = ctx.facts.semicolon();
        const insert = ownLine
          ? { start: close - closeIndent.length, end: close - closeIndent.length, newText: `${indent}return new Response(null, { status: 204 })${semi}\n` }
          : { start: close, end: close, newText: ` return new Response(null, { status: 204 })${semi} ` };
        ctx.report({
          span: nameSpan,
          message: `${h.name} can reach the end of the function without returning a Response: Next.js then answers 500 ("No response is returned from route handler"). Return a Response on every path.`,
          related: [{ span: { start: close, end: close + 1 }, message: 'Control reaches the end of the handler here' }],
          fixes: [{ title: 'Return an empty 204 response at the end', edits: [insert], isPreferred: false }],
        });
      }
    }
  },
};
