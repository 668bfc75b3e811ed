// A route handler must answer with a Response on every path. Falling off the end, `return;`, or returning a
// plain object makes Next.js answer 500 ("No response is returned from route handler").
import { indentAt, unwrap } from '../../parsing/ast';
import { runFlow } from '../../parsing/flow';
import { ts } from '../../parsing/ts';
import { handlersOf } from '../handlers';
import { handlersLeft, missingResponseRegion } from '../quiet';
import type { FileRule } from '../rule';
import type { Fix } from '../types';

/** Calls that never return: next/navigation's throwers and process.exit. */
const NEVER_RETURNS = new Set(['notFound', 'redirect', 'permanentRedirect', 'unauthorized', 'forbidden']);

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

export const missingResponse: FileRule = {
  meta: {
    id: 'missing-response',
    defaultSeverity: 'error',
    description: 'An exported route handler has a path that returns no Response.',
  },
  kinds: ['route'],
  quiet: missingResponseRegion,
  // It follows the handlers' paths downwards (parsing/flow.ts) and reads top-level statements: no parent pointers,
  // no index, so a file with handlers (nearly every route file) is not walked for this rule.
  needsIndex: false,
  check(ctx) {
    const sf = ctx.sourceFile;
    let helpers: Set<string> | undefined;
    const left = handlersLeft(ctx, 'missing-response'); // (the proof cleared the others)
    for (const h of handlersOf(ctx)) {
      if (!h.fn.body || (left && !left.has(h.fn))) continue;
      helpers ??= neverReturningHelpers(sf);
      const never = helpers;
      const res = runFlow<true>(h.fn, true, { join: () => true, same: () => true, visit: (n, s) => (neverReturns(n, never) ? undefined : s) });
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
      if (res.end !== undefined && ts.isBlock(h.fn.body)) {
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
