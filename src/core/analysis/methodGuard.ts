// Shared handlers test the request's method before reading its body: `if (req.method === 'POST') await req.json()`,
// `req.method === 'GET' ? fromQuery() : await req.json()`, `if (req.method === 'GET') return …` before the read,
// `switch (req.method) { case 'POST': … }`. Such a read never runs for a GET, whichever method the handler is
// exported as. Reads through the parents of the path from the read to its function.
import { isFunctionLike, memberName, memberObject, outerWrapper, unwrap } from '../parsing/ast';
import { ts } from '../parsing/ts';

/** The methods whose requests carry no body. */
export const BODILESS = ['GET', 'HEAD'] as const;
export type BodilessMethod = (typeof BODILESS)[number];

/** `x.method` (or a variable named `method`), upper-cased or lower-cased or not. */
function isMethodValue(e: ts.Expression): boolean {
  let u = unwrap(e);
  if (ts.isCallExpression(u) && (memberName(unwrap(u.expression)) === 'toUpperCase' || memberName(unwrap(u.expression)) === 'toLowerCase')) u = unwrap(memberObject(unwrap(u.expression))!);
  if (ts.isNonNullExpression(u)) u = unwrap(u.expression);
  return memberName(u) === 'method' || (ts.isIdentifier(u) && u.text === 'method');
}

function literal(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  return ts.isStringLiteralLike(u) ? u.text.toUpperCase() : undefined;
}

/** The initializer of the `const` named `id` in the nearest enclosing block or file that declares one. */
function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isBlock(n) && !ts.isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) return d.initializer;
    }
  }
  return undefined;
}

/**
 * What `cond` is when the request's method is `method`: true, false, or undefined (unknown). A condition held in a
 * `const` (`const hasBody = req.method !== 'GET' && …`) is read through it, a few names deep.
 */
function valueFor(cond: ts.Expression, method: string, depth = 0): boolean | undefined {
  const c = unwrap(cond);
  if (ts.isIdentifier(c) && c.text !== 'method') {
    const init = depth < 4 ? constInitializer(c) : undefined;
    return init ? valueFor(init, method, depth + 1) : undefined;
  }
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const v = valueFor(c.operand, method, depth);
    return v === undefined ? undefined : !v;
  }
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const [l, r] = [valueFor(c.left, method, depth), valueFor(c.right, method, depth)];
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return l === false || r === false ? false : l === true && r === true ? true : undefined;
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
    const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    if (!eq && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
    const lit = isMethodValue(c.left) ? literal(c.right) : isMethodValue(c.right) ? literal(c.left) : undefined;
    if (lit === undefined) return undefined;
    return (lit === method) === eq;
  }
  // `['POST', 'PUT'].includes(req.method)`
  if (ts.isCallExpression(c) && memberName(unwrap(c.expression)) === 'includes' && c.arguments[0] && isMethodValue(c.arguments[0])) {
    const list = unwrap(memberObject(unwrap(c.expression))!);
    if (!ts.isArrayLiteralExpression(list)) return undefined;
    const lits = list.elements.map(literal);
    return lits.some((l) => l === undefined) ? undefined : lits.includes(method);
  }
  return undefined;
}

/** The statement certainly leaves the function (return or throw on every path through it). */
function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) return st.statements.length > 0 && exits(st.statements[st.statements.length - 1]);
  if (ts.isIfStatement(st)) return !!st.elseStatement && exits(st.thenStatement) && exits(st.elseStatement);
  return false;
}

/** The labels a case clause runs for: its own and those of the clauses that fall into it. */
function caseLabels(clause: ts.CaseClause | ts.DefaultClause): Array<string | undefined> | undefined {
  const clauses = clause.parent.clauses;
  const out: Array<string | undefined> = [];
  for (let i = clauses.indexOf(clause); i >= 0; i--) {
    const c = clauses[i];
    if (ts.isDefaultClause(c)) return undefined; // default runs for anything
    out.push(literal(c.expression));
    const prev = clauses[i - 1];
    if (!prev || (prev.statements.length > 0 && exitsOrBreaks(prev.statements[prev.statements.length - 1]))) break;
  }
  return out;
}

function exitsOrBreaks(st: ts.Statement): boolean {
  return exits(st) || ts.isBreakStatement(st) || ts.isContinueStatement(st) || (ts.isBlock(st) && st.statements.length > 0 && exitsOrBreaks(st.statements[st.statements.length - 1]));
}

/** Can `node` run when the request's method is `method`? False only when a method test on its path rules it out. */
export function excludedForMethod(node: ts.Node, method: string): boolean {
  for (let n: ts.Node = node; n.parent && !isFunctionLike(n); n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && n !== p.expression) {
      const v = valueFor(p.expression, method);
      if ((n === p.thenStatement && v === false) || (n === p.elseStatement && v === true)) return true;
    } else if (ts.isConditionalExpression(p) && n !== p.condition) {
      const v = valueFor(p.condition, method);
      if ((n === p.whenTrue && v === false) || (n === p.whenFalse && v === true)) return true;
    } else if (ts.isBinaryExpression(p) && n === p.right) {
      const v = valueFor(p.left, method);
      if ((p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && v === false) || (p.operatorToken.kind === ts.SyntaxKind.BarBarToken && v === true)) return true;
    } else if (ts.isCaseClause(p) && ts.isCaseBlock(p.parent) && isMethodValue(p.parent.parent.expression)) {
      const labels = caseLabels(p);
      if (labels && labels.every((l) => l !== undefined && l !== method)) return true;
    }
    // an earlier `if (req.method === 'GET') return …` in the same block
    if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const st of p.statements) {
        if (st === n) break;
        if (ts.isIfStatement(st) && valueFor(st.expression, method) === true && exits(st.thenStatement)) return true;
      }
    }
  }
  return false;
}

/**
 * `body: req.body` beside `method: req.method` in one init object (`fetch(url, { method: req.method, body: req.body })`):
 * the request is forwarded as it came, so a GET forwards what a GET has, no body.
 */
function forwardsOwnMethod(read: ts.Node): boolean {
  if (memberName(read) !== 'body') return false;
  const receiver = unwrap(memberObject(read)!);
  const n = outerWrapper(read);
  const prop = n.parent;
  if (!prop || !ts.isPropertyAssignment(prop) || prop.initializer !== n || !ts.isObjectLiteralExpression(prop.parent)) return false;
  return prop.parent.properties.some((m) => {
    if (!ts.isPropertyAssignment(m) || !m.name || !ts.isIdentifier(m.name) || m.name.text !== 'method') return false;
    const v = unwrap(m.initializer);
    return memberName(v) === 'method' && ts.isIdentifier(receiver) && ts.isIdentifier(unwrap(memberObject(v)!)) && (unwrap(memberObject(v)!) as ts.Identifier).text === receiver.text;
  });
}

/**
 * The bodiless methods for which a body read (or a call that reads) does no harm: a method test on its path rules
 * it out, or it forwards the body with the request's own method.
 */
export function skippedFor(read: ts.Node): BodilessMethod[] {
  if (forwardsOwnMethod(read)) return [...BODILESS];
  return BODILESS.filter((m) => excludedForMethod(read, m));
}
