// `try { return fetch(url) } catch (e) { … }` in an async function hands the promise back unsettled: when it
// rejects, the function has already left the `try`, so the `catch` never runs (the rejection reaches Next.js,
// which answers 500) and a `finally` runs before the work is done. The guide's proxy example has this bug.
// `return await fetch(url)` keeps the rejection inside the `try`.
import { hasModifier, isFunctionLike, memberName, memberObject, unwrap } from '../../parsing/ast';
import { descend, quotedAt, wordOccurrences } from '../../parsing/locate';
import { ts } from '../../parsing/ts';
import { BODY_METHODS } from '../handlers';
import type { FileRule, RuleContext } from '../rule';

const REJECTING_STATICS = new Set(['all', 'any', 'race', 'reject']);

/** The returns of a block that run inside it: statements only, no nested function (their returns are their own). */
function returnsIn(block: ts.Node, out: ts.ReturnStatement[]): void {
  ts.forEachChild(block, (n) => {
    (n as { parent: ts.Node }).parent = block;
    if (ts.isReturnStatement(n)) out.push(n);
    else if (ts.isBlock(n) || ts.isIfStatement(n) || ts.isIterationStatement(n, false) || ts.isLabeledStatement(n) || ts.isSwitchStatement(n) || ts.isCaseBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isTryStatement(n) || ts.isCatchClause(n)) returnsIn(n, out);
  });
}

/** A catch that only rethrows what it caught handles nothing. */
function onlyRethrows(c: ts.CatchClause): boolean {
  const [st, ...rest] = c.block.statements;
  const name = c.variableDeclaration?.name;
  return rest.length === 0 && !!st && ts.isThrowStatement(st) && !!name && ts.isIdentifier(name) && ts.isIdentifier(unwrap(st.expression)) && (unwrap(st.expression) as ts.Identifier).text === name.text;
}

/** A same-file function of that name declared `async` or returning a `Promise<…>`. */
function declaredAsync(ctx: RuleContext, name: string): boolean {
  for (const st of ctx.sourceFile.statements) {
    let fn: ts.Node | undefined;
    if (ts.isFunctionDeclaration(st) && st.name?.text === name) fn = st;
    else if (ts.isVariableStatement(st)) {
      const d = st.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
      fn = d?.initializer && unwrap(d.initializer);
    }
    if (fn && isFunctionLike(fn)) {
      const t = fn.type;
      return hasModifier(fn, ts.SyntaxKind.AsyncKeyword) || (!!t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'Promise');
    }
  }
  return false;
}

/** The callee's text when the file awaits a call of it elsewhere (`await getUser(`): it returns a promise. */
function awaitedElsewhere(ctx: RuleContext, callee: ts.Expression): boolean {
  const text = callee.getText(ctx.sourceFile).replace(/\s+/g, '');
  if (!/^[\w$.]+$/.test(text)) return false;
  return new RegExp(`\\bawait\\s+${text.replace(/[.$]/g, '\\$&').replace(/\\\./g, '\\s*\\.\\s*')}\\s*\\(`).test(ctx.text);
}

/** What the returned expression certainly is: a promise that may reject (`fetch(…)`, an async call), or not. */
function rejectablePromise(ctx: RuleContext, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isConditionalExpression(e)) return rejectablePromise(ctx, e.whenTrue) || rejectablePromise(ctx, e.whenFalse);
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && e.expression.text === 'Promise';
  if (!ts.isCallExpression(e)) return false;
  const callee = unwrap(e.expression);
  if (ts.isIdentifier(callee)) return callee.text === 'fetch' || /Async$/.test(callee.text) || declaredAsync(ctx, callee.text) || awaitedElsewhere(ctx, callee);
  const name = memberName(callee);
  const obj = memberObject(callee);
  if (name === undefined || !obj) return false;
  const o = unwrap(obj);
  // a promise chain: `.catch(h)` and `.then(ok, h)` handle the rejection themselves
  if (name === 'catch' || (name === 'then' && e.arguments.length >= 2)) return false;
  if (name === 'then' || name === 'finally') return true;
  if (ts.isIdentifier(o) && o.text === 'Promise') return REJECTING_STATICS.has(name);
  // `x.json()` reads a body (a request's or a fetched response's); `Response.json(data)` builds one
  if (BODY_METHODS.has(name) && e.arguments.length === 0) return !(ts.isIdentifier(o) && (o.text === 'Response' || o.text === 'NextResponse'));
  return awaitedElsewhere(ctx, callee);
}

export const unawaitedReturnInTry: FileRule = {
  meta: {
    id: 'unawaited-return-in-try',
    defaultSeverity: 'warning',
    description: 'A promise is returned without await inside a try, so its catch or finally cannot handle it.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api'],
  // Reads only the `try` statements, found by their keyword and reached by descent: no index.
  needsIndex: false,
  check(ctx) {
    const sf = ctx.sourceFile;
    const seen = new Set<ts.ReturnStatement>();
    for (const at of wordOccurrences(ctx.text, 'try', { members: false })) {
      if (quotedAt(sf, ctx.text, at)) continue;
      const t = descend(sf, at);
      if (!ts.isTryStatement(t) || t.getStart(sf) !== at) continue;
      const handles = (t.catchClause && !onlyRethrows(t.catchClause)) || t.finallyBlock;
      let fn: ts.Node | undefined = t.parent;
      while (fn && !isFunctionLike(fn)) fn = fn.parent;
      if (!handles || !fn || !hasModifier(fn, ts.SyntaxKind.AsyncKeyword) || (fn as ts.FunctionLikeDeclaration).asteriskToken) continue;
      const returns: ts.ReturnStatement[] = [];
      returnsIn(t.tryBlock, returns);
      // with a `finally`, a promise the `catch` returns is not waited for either
      if (t.finallyBlock && t.catchClause) returnsIn(t.catchClause.block, returns);
      for (const r of returns) {
        if (seen.has(r) || !r.expression || !rejectablePromise(ctx, r.expression)) continue;
        seen.add(r);
        const expr = r.expression;
        const shown = expr.getText(sf).replace(/\s+/g, ' ');
        const needsParens = ts.isConditionalExpression(unwrap(expr)) || ts.isBinaryExpression(expr);
        const start = expr.getStart(sf);
        const inCatch = t.catchClause !== undefined && t.catchClause.block.pos <= r.pos && r.end <= t.catchClause.block.end;
        const handler = inCatch || !t.catchClause ? 'the finally block runs before it settles' : 'if it rejects, the catch block never runs (the rejection goes to the caller: Next.js answers 500)';
        ctx.report({
          span: { start: r.getStart(sf), end: expr.getEnd() },
          message: `\`return ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}\` hands the promise back without awaiting it: ${handler}. Write \`return await …\` inside try.`,
          related: [{ span: { start: at, end: at + 3 }, message: 'The try whose handlers this promise escapes' }],
          fixes: [{
            title: 'Await the promise (return await …)',
            edits: needsParens ? [{ start, end: start, newText: 'await (' }, { start: expr.getEnd(), end: expr.getEnd(), newText: ')' }] : [{ start, end: start, newText: 'await ' }],
            isPreferred: true,
          }],
        });
      }
    }
  },
};
