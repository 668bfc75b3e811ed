// `try { return fetch(url) } catch (e) { … }` in an async function hands the promise back unsettled: when it
// rejects, the function has already left the `try`, so the `catch` never runs (the rejection reaches Next.js,
// which answers 500) and a `finally` runs before the work is done. The guide's proxy example has this bug.
// `return await fetch(url)` keeps the rejection inside the `try`.
import { hasModifier, isFunctionLike, memberName, memberObject, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import { BODY_METHODS } from '../handlers';
import type { FileRule, RuleContext } from '../rule';

const REJECTING_STATICS = new Set(['all', 'any', 'race', 'reject']);

type Handling = { t: ts.TryStatement | undefined; fn: ts.Node | undefined };

/**
 * The innermost `try` around a node whose handlers would be meant for a return there (a catch that does more than
 * rethrow, or a finally), and the function holding it. Memoised per node: the returns of a long `else if` chain
 * share their ancestors, so walking up from each would cost the chain's depth per return (quadratic).
 */
function handlingTries(): (r: ts.Node) => { t: ts.TryStatement; fn: ts.Node } | undefined {
  const memo = new Map<ts.Node, Handling>();
  return (start) => {
    const below: ts.Node[] = [];
    let n = start;
    let h: Handling | undefined;
    while (!(h = memo.get(n))) {
      const p = n.parent;
      if (!p || isFunctionLike(p)) {
        h = { t: undefined, fn: p };
        memo.set(n, h);
        break;
      }
      below.push(n);
      n = p;
    }
    for (let c = below.pop(); c; c = below.pop()) {
      const p = c.parent;
      if (ts.isTryStatement(p)) {
        const inTry = c === p.tryBlock && ((p.catchClause && !onlyRethrows(p.catchClause)) || p.finallyBlock);
        // with a `finally`, a promise the `catch` returns is not waited for either
        const inCatch = c === p.catchClause && p.finallyBlock;
        if (inTry || inCatch) h = { t: p, fn: h.fn };
      }
      memo.set(c, h);
    }
    return h.t && h.fn ? { t: h.t, fn: h.fn } : undefined;
  };
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

/** `getUser`, `db.user.find`: a callee named by a chain of names, as one key (undefined for any other callee). */
function calleeKey(callee: ts.Expression): string | undefined {
  const e = unwrap(callee);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const of = calleeKey(e.expression);
    return of === undefined ? undefined : `${of}.${e.name.text}`;
  }
  return undefined;
}

/** The callees the file calls under `await` somewhere (`await getUser(…)`): a call of one of them returns a promise. */
function awaitedCallees(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const c of ctx.index.calls) {
    let p = c.parent;
    while (p && ts.isParenthesizedExpression(p)) p = p.parent;
    if (!p || !ts.isAwaitExpression(p)) continue;
    const key = calleeKey(c.expression);
    if (key !== undefined) out.add(key);
  }
  return out;
}

function awaitedElsewhere(callee: ts.Expression, awaited: () => Set<string>): boolean {
  const key = calleeKey(callee);
  return key !== undefined && awaited().has(key);
}

/** What the returned expression certainly is: a promise that may reject (`fetch(…)`, an async call), or not. */
function rejectablePromise(ctx: RuleContext, expr: ts.Expression, awaited: () => Set<string>): boolean {
  const e = unwrap(expr);
  if (ts.isConditionalExpression(e)) return rejectablePromise(ctx, e.whenTrue, awaited) || rejectablePromise(ctx, e.whenFalse, awaited);
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && e.expression.text === 'Promise';
  if (!ts.isCallExpression(e)) return false;
  const callee = unwrap(e.expression);
  if (ts.isIdentifier(callee)) return callee.text === 'fetch' || /Async$/.test(callee.text) || declaredAsync(ctx, callee.text) || awaitedElsewhere(callee, awaited);
  const name = memberName(callee);
  const obj = memberObject(callee);
  if (name === undefined || !obj) return false;
  const o = unwrap(obj);
  // a promise chain: `.catch(h)` and `.then(ok, h)` handle the rejection themselves
  if (name === 'catch' || (name === 'then' && e.arguments.length >= 2)) return false;
  if (name === 'then' || name === 'finally') return true;
  if (ts.isIdentifier(o) && o.text === 'Promise') return REJECTING_STATICS.has(name);
  // `Response.json(data)` builds a response; `x.json()` reads a body (a request's or a fetched response's)
  if (ts.isIdentifier(o) && (o.text === 'Response' || o.text === 'NextResponse')) return false;
  if (BODY_METHODS.has(name) && e.arguments.length === 0) return true;
  return awaitedElsewhere(callee, awaited);
}

export const unawaitedReturnInTry: FileRule = {
  meta: {
    id: 'unawaited-return-in-try',
    defaultSeverity: 'warning',
    description: 'A promise is returned without await inside a try, so its catch or finally cannot handle it.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api'],
  check(ctx) {
    const sf = ctx.sourceFile;
    let callees: Set<string> | undefined;
    const awaited = (): Set<string> => (callees ??= awaitedCallees(ctx));
    const handlingTry = handlingTries();
    for (const r of ctx.index.returns) {
      if (!r.expression) continue;
      const found = handlingTry(r);
      if (!found || !hasModifier(found.fn, ts.SyntaxKind.AsyncKeyword) || (found.fn as ts.FunctionLikeDeclaration).asteriskToken) continue;
      if (!rejectablePromise(ctx, r.expression, awaited)) continue;
      const { t } = found;
      const expr = r.expression;
      const shown = expr.getText(sf).replace(/\s+/g, ' ');
      const needsParens = ts.isConditionalExpression(unwrap(expr)) || ts.isBinaryExpression(expr);
      const start = expr.getStart(sf);
      const inCatch = t.catchClause !== undefined && t.catchClause.pos <= r.pos && r.end <= t.catchClause.end;
      const handler = inCatch || !t.catchClause ? 'the finally block runs before it settles' : 'if it rejects, the catch block never runs (the rejection goes to the caller: Next.js answers 500)';
      const tryAt = t.getStart(sf);
      ctx.report({
        span: { start: r.getStart(sf), end: expr.getEnd() },
        message: `\`return ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}\` hands the promise back without awaiting it: ${handler}. Write \`return await …\` inside try.`,
        related: [{ span: { start: tryAt, end: tryAt + 3 }, message: 'The try whose handlers this promise escapes' }],
        fixes: [{
          title: 'Await the promise (return await …)',
          edits: needsParens ? [{ start, end: start, newText: 'await (' }, { start: expr.getEnd(), end: expr.getEnd(), newText: ')' }] : [{ start, end: start, newText: 'await ' }],
          isPreferred: true,
        }],
      });
    }
  },
};
