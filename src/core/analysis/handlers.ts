// Which functions of a file handle requests, and which of their parameters is the request and the context.
import { bindingIdentifiers, memberName, memberObject, outerWrapper, unwrap, type FunctionLike, type Scopes } from '../parsing/ast';
import { isHttpMethod, type HttpMethod } from '../parsing/exports';
import { ts } from '../parsing/ts';
import type { RuleContext } from './rule';

export interface Handler {
  name: string;
  method?: HttpMethod;
  fn: FunctionLike;
  /** The request parameter's declaring identifier, when it is a plain identifier. */
  request?: ts.Identifier;
  /** The second parameter (`context` or `{ params }`). */
  context?: ts.ParameterDeclaration;
}

/** Exported request handlers: HTTP-method exports in route files (any case), proxy/middleware, the default export of pages/api. */
export function handlersOf(ctx: Pick<RuleContext, 'exports' | 'kind'>, opts: { anyCase?: boolean } = {}): Handler[] {
  const out: Handler[] = [];
  for (const e of ctx.exports) {
    if (!e.fn) continue;
    let take = false;
    if (ctx.kind === 'route') take = isHttpMethod(opts.anyCase ? e.name.toUpperCase() : e.name);
    else if (ctx.kind === 'proxy' || ctx.kind === 'middleware') take = e.name === 'proxy' || e.name === 'middleware' || e.name === 'default';
    else if (ctx.kind === 'pages-api') take = e.name === 'default';
    if (!take) continue;
    const h: Handler = { name: e.name, fn: e.fn };
    if (e.method) h.method = e.method;
    const [p0, p1] = e.fn.parameters;
    if (p0 && ts.isIdentifier(p0.name)) h.request = p0.name;
    if (p1) h.context = p1;
    out.push(h);
  }
  return out;
}

/**
 * Every function in the file with a Web Request parameter: the handlers' first parameter, and any parameter typed
 * `Request`/`NextRequest`. Returns the function with the declaring identifiers of its request parameters.
 */
export function requestFunctions(ctx: RuleContext): ReadonlyArray<{ fn: FunctionLike; requests: ts.Identifier[] }> {
  return ctx.facts.requestFunctions();
}

export const BODY_METHODS = new Set(['json', 'text', 'formData', 'arrayBuffer', 'blob', 'bytes']);

export interface BodyRead {
  /** The declaration of the request variable whose body is read. */
  target: ts.Identifier;
  /** The expression written for the request (`request`). */
  receiver: ts.Identifier;
  /** The node that reads (`request.json()`, `request.body`, `fetch(request)`). */
  node: ts.Node;
  /** What reads: `json()`, `.body`, `fetch()`, `new Request()`. */
  how: string;
  method?: string;
}

/** What bodyReadAt needs of a scope resolver: the declaration an identifier refers to. */
export type Resolver = Pick<Scopes, 'declarationOf'>;

function resolved(expr: ts.Expression | undefined, scopes: Resolver): [ts.Identifier, ts.Identifier] | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const d = scopes.declarationOf(e);
  return d ? [d, e] : undefined;
}

/** If `node` consumes the body of a request held in a variable, which variable. */
export function bodyReadAt(node: ts.Node, scopes: Resolver): BodyRead | undefined {
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    const name = memberName(callee);
    if (name !== undefined && BODY_METHODS.has(name)) {
      const r = resolved(memberObject(callee), scopes);
      if (r) return { target: r[0], receiver: r[1], node, how: `${name}()`, method: name };
    }
    if (ts.isIdentifier(callee) && callee.text === 'fetch') {
      const r = resolved(node.arguments[0], scopes);
      if (r) return { target: r[0], receiver: r[1], node, how: 'fetch()' };
    }
    return undefined;
  }
  if (ts.isNewExpression(node)) {
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && (callee.text === 'Request' || callee.text === 'NextRequest') && node.arguments) {
      for (const a of node.arguments.slice(0, 2)) {
        const r = resolved(a, scopes);
        if (r) return { target: r[0], receiver: r[1], node, how: `new ${callee.text}()` };
      }
    }
    return undefined;
  }
  if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && memberName(node) === 'body') {
    // `request.body` read as a value (also `request.body()`, the guide's own spelling)
    const p = node.parent;
    if (p && ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return undefined;
    if (onlyTested(node)) return undefined; // `if (!request.body)`, `request.body === null`: the stream is not touched
    const r = resolved(node.expression, scopes);
    // `request.body()` (the guide's own spelling) is one read: report the whole call
    const whole = p && ts.isCallExpression(p) && p.expression === node ? p : node;
    if (r) return { target: r[0], receiver: r[1], node: whole, how: '.body' };
  }
  return undefined;
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken]);

/**
 * Is the value of `node` only tested, never kept or passed on: `!x`, `x == null`, `typeof x`, the condition of an
 * `if`/loop/ternary, the left side of `&&`. (Needs the parents of `node`'s path.)
 */
function onlyTested(node: ts.Node): boolean {
  const n = outerWrapper(node);
  const p = n.parent;
  if (!p) return false;
  if (ts.isPrefixUnaryExpression(p)) return p.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isTypeOfExpression(p)) return true;
  if (ts.isBinaryExpression(p)) return COMPARISONS.has(p.operatorToken.kind) || (p.left === n && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken);
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return p.expression === n;
  if (ts.isConditionalExpression(p)) return p.condition === n;
  return false;
}

/**
 * Could `node` (a body-read candidate) read the body of a variable with one of these names? A syntactic check
 * before bodyReadAt resolves anything: most `x.json()` calls read a fetched response, not a tracked request.
 */
export function mayReadNamed(node: ts.Node, names: ReadonlySet<string>): boolean {
  const named = (e: ts.Expression | undefined): boolean => {
    const u = e && unwrap(e);
    return !!u && ts.isIdentifier(u) && names.has(u.text);
  };
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    return named(memberObject(callee)) || (ts.isIdentifier(callee) && named(node.arguments[0]));
  }
  if (ts.isNewExpression(node)) return named(node.arguments?.[0]) || named(node.arguments?.[1]);
  return named(memberObject(node));
}

/** Names bound by a parameter (`{ params }` -> params). */
export function parameterNames(p: ts.ParameterDeclaration): ts.Identifier[] {
  return bindingIdentifiers(p.name);
}
