// A URL that the server fetches must not take its origin from the client (server-side request forgery).
// `new URL(path, 'https://api.example.com')` resolves an absolute `path` (`https://evil.example`) or a
// protocol-relative one (`//evil.example`) to that other origin; so does `fetch(x)`, `${x}/items` or
// `https://${x}` with `x` from the request's params, query, headers or body. The guide's proxy example builds its
// upstream URL this way from the catch-all segments. Safe: each segment encoded (`encodeURIComponent`), the URL's
// `origin` (or `host`) checked after it is built, or a fixed origin followed by the client's path.
import { memberName, memberObject, Scopes, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import { BODY_METHODS } from '../handlers';
import type { FileRule, RuleContext } from '../rule';
import { Taint, type TaintSource } from '../taint';

/** What a request carries that the client writes. */
const CLIENT_MEMBERS = new Set(['nextUrl', 'searchParams', 'pathname', 'search', 'query', 'params', 'headers', 'cookies', 'body']);
const REQUEST_TYPES = /^(Next)?Request$|^NextApiRequest$|^IncomingMessage$/;

/** A URL or path text whose origin is settled: `https://host/`, `//host/`, or a path from the root (`/api`). */
function originSettled(head: string): boolean {
  return /^([a-z][a-z\d+.-]*:)?\/\/[^/?#\\]+[/?#\\]/i.test(head) || /^\/[^/\\]/.test(head);
}

export const proxyPathInjection: FileRule = {
  meta: {
    id: 'proxy-path-injection',
    defaultSeverity: 'warning',
    description: 'A fetched URL takes its origin from the client (params, query, headers or body): server-side request forgery.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api'],
  check(ctx) {
    const fetches = ctx.index.calls.filter((c) => ts.isIdentifier(unwrap(c.expression)) && (unwrap(c.expression) as ts.Identifier).text === 'fetch');
    if (fetches.length > 0) new Check(ctx, ctx.scopes, ctx.facts.taintSource()).run(fetches);
  },
};

class Check {
  private readonly taint: Taint;
  private readonly reported = new Set<ts.Node>();
  /** Values the client wrote as a whole (not URLs built from them). */
  private readonly wholes = new Set<ts.Node>();

  constructor(private readonly ctx: RuleContext, private readonly scopes: Scopes, source: TaintSource) {
    this.taint = new Taint(ctx.sourceFile, scopes, {
      isSource: (e) => this.isClientInput(e),
      isSourceDecl: (d) => this.isClientBinding(d),
      safeProperty: (name) => name === 'length',
      sanitizes: (call, name) => name === 'encodeURIComponent' || (memberName(unwrap(call.expression)) === 'map' && !!call.arguments[0] && /^encodeURIComponent$|=>\s*encodeURIComponent\(/.test(call.arguments[0].getText(ctx.sourceFile))),
    }, source);
  }

  run(fetches: readonly ts.CallExpression[]): void {
    const sf = this.ctx.sourceFile;
    for (const call of fetches) {
      const url = call.arguments[0];
      if (!url) continue;
      const bad = this.chosenOrigin(url, 0);
      if (!bad || this.reported.has(bad)) continue;
      this.reported.add(bad);
      const shown = bad.getText(sf).replace(/\s+/g, ' ');
      this.ctx.report({
        span: { start: bad.getStart(sf), end: bad.getEnd() },
        message: `The client chooses where this request goes: \`${shown.length > 50 ? `${shown.slice(0, 50)}…` : shown}\` takes its origin from the request (params, query, headers or body), so a value like \`//evil.example\` or \`https://evil.example\` sends the server's request elsewhere (server-side request forgery). Encode each segment (\`segments.map(encodeURIComponent).join('/')\`) under a fixed origin, or check \`url.origin\` before fetching.`,
        related: bad === url ? [] : [{ span: { start: call.getStart(sf), end: call.getEnd() }, message: 'Fetched here' }],
      });
    }
  }

  /** The expression that lets the client choose the origin of the fetched URL `expr`, if any. */
  private chosenOrigin(expr: ts.Expression, depth: number): ts.Expression | undefined {
    const e = unwrap(expr);
    if (depth > 6) return undefined;
    if (ts.isIdentifier(e)) {
      const init = this.constInitializer(e);
      if (!init) return this.whole(expr);
      const bad = this.chosenOrigin(init, depth + 1);
      // a value the client wrote as a whole is reported where it is fetched; a URL built from it, where it is built
      if (!bad || this.originCheckedAfter(e)) return undefined;
      return this.wholes.has(bad) ? this.whole(expr) : bad;
    }
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
      const [a, base] = e.arguments ?? [];
      if (e.expression.text === 'Request' || e.expression.text === 'NextRequest') return a && this.chosenOrigin(a, depth + 1);
      if (e.expression.text !== 'URL' || !a) return undefined;
      if (!base) return this.chosenOrigin(a, depth + 1) ? e : undefined;
      return this.pathLeavesBase(a) || this.chosenOrigin(base, depth + 1) ? e : undefined;
    }
    // `url.href`, `url.toString()`, `String(url)`
    const inner = memberName(e) === 'href' ? memberObject(e) : ts.isCallExpression(e) && memberName(unwrap(e.expression)) === 'toString' ? memberObject(unwrap(e.expression)) : ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'String' ? e.arguments[0] : undefined;
    if (inner) {
      const bad = this.chosenOrigin(inner, depth + 1);
      return bad && this.wholes.has(bad) ? this.whole(expr) : bad;
    }
    const [head, first] = leadingParts(e);
    if (head === undefined) return this.whole(expr);
    if (originSettled(head) || !first) return undefined;
    // `https://api.example.com${request.nextUrl.pathname}`: a pathname starts with `/`, which ends the host
    if (head !== '' && memberName(unwrap(first)) === 'pathname') return undefined;
    if (head !== '') return this.taint.tainted(first) ? e : undefined;
    // `${apiUrl}${request.nextUrl.search}`: the URL's origin is the one of what it starts with
    const bad = this.chosenOrigin(first, depth + 1);
    return bad && this.wholes.has(bad) ? e : bad;
  }

  /** `expr` when the client wrote it as a whole. */
  private whole(expr: ts.Expression): ts.Expression | undefined {
    if (!this.taint.tainted(expr)) return undefined;
    this.wholes.add(expr);
    return expr;
  }

  /** Can `path`, resolved against a base by `new URL(path, base)`, replace the base's origin? */
  private pathLeavesBase(path: ts.Expression): boolean {
    const [head, first] = leadingParts(unwrap(path));
    if (head === undefined) return this.taint.tainted(path);
    // a fixed origin or root path, or a first relative segment (`api/${x}`), keeps the base's origin
    if (originSettled(head) || /^[^/\\:?#]+[/\\?#]/.test(head) || !first) return false;
    return this.taint.tainted(first);
  }

  /** The initializer of the `const` an identifier names. */
  private constInitializer(id: ts.Identifier): ts.Expression | undefined {
    const d = this.scopes.declarationOf(id);
    const decl = d?.parent;
    if (!decl || !ts.isVariableDeclaration(decl) || decl.name !== d || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return undefined;
    return decl.initializer;
  }

  /** Is `url.origin` (or `host`, `hostname`) read in the function that declares `url`, after the declaration? */
  private originCheckedAfter(id: ts.Identifier): boolean {
    const d = this.scopes.declarationOf(id)!;
    let scope: ts.Node = d;
    while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    const text = this.ctx.text.slice(d.end, scope.end);
    return new RegExp(`\\b${d.text.replace(/\$/g, '\\$')}\\s*\\??\\.\\s*(origin|host|hostname)\\b`).test(text);
  }

  /** A value the client writes: `request.nextUrl`, `url.searchParams`, `request.headers`, `await request.json()`, `headers()`. */
  private isClientInput(e: ts.Expression): boolean {
    const name = memberName(e);
    if (name !== undefined) return CLIENT_MEMBERS.has(name) && this.fromRequest(memberObject(e)!, 0);
    if (!ts.isCallExpression(e)) return false;
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee) && (callee.text === 'headers' || callee.text === 'cookies')) {
      const d = this.scopes.declarationOf(callee);
      return !!d && ts.isImportSpecifier(d.parent);
    }
    const method = memberName(callee);
    return method !== undefined && BODY_METHODS.has(method) && this.fromRequest(memberObject(callee)!, 0);
  }

  /** Is `e` the incoming request (or `new URL(request.url)`)? */
  private fromRequest(expr: ts.Expression, depth: number): boolean {
    const e = unwrap(expr);
    if (depth > 5) return false;
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL') return !!e.arguments?.[0] && this.fromRequest(e.arguments[0], depth + 1);
    if (memberName(e) === 'url' || memberName(e) === 'nextUrl') return this.fromRequest(memberObject(e)!, depth + 1);
    if (!ts.isIdentifier(e)) return false;
    const init = this.constInitializer(e);
    if (init) return this.fromRequest(init, depth + 1);
    const p = this.scopes.declarationOf(e)?.parent;
    if (!p || !ts.isParameter(p)) return false;
    const t = p.type;
    if (t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) return REQUEST_TYPES.test(t.typeName.text);
    return p.parent.parameters[0] === p && (/^req(uest)?$/.test(e.text) || this.ctx.exports.some((x) => x.fn === p.parent));
  }

  /** A name the client writes: a route handler's second parameter (`{ params }`, `context`), or a client member destructured from the request (`const { searchParams } = new URL(request.url)`). */
  private isClientBinding(d: ts.Identifier): boolean {
    // `const { searchParams } = new URL(request.url)`, `const { headers } = request`
    const be = d.parent;
    if (ts.isBindingElement(be) && ts.isObjectBindingPattern(be.parent) && ts.isVariableDeclaration(be.parent.parent) && be.parent.parent.initializer) {
      const prop = be.propertyName && ts.isIdentifier(be.propertyName) ? be.propertyName.text : be.propertyName ? undefined : d.text;
      if (prop !== undefined && CLIENT_MEMBERS.has(prop)) {
        if (this.fromRequest(be.parent.parent.initializer, 0)) return true;
      }
    }
    let n: ts.Node = d.parent;
    while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n)) n = n.parent;
    if (!ts.isParameter(n)) return false;
    const fn = n.parent;
    return fn.parameters[1] === n && (this.ctx.exports.some((x) => x.fn === fn) || (!!fn.parameters[0] && this.fromRequest(fn.parameters[0].name as ts.Identifier, 0)));
  }
}

/**
 * The static text a string expression starts with, and the expression that follows it: `https://${host}/x` ->
 * ['https://', host]; `base + path` -> ['', base]; `'a' + b` -> ['a', b]. [undefined] when it is no template or
 * concatenation.
 */
function leadingParts(e: ts.Expression): [string | undefined, ts.Expression?] {
  if (ts.isTemplateExpression(e)) return [e.head.text, e.templateSpans[0]?.expression];
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts: ts.Expression[] = [];
    let x: ts.Expression = e;
    while (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      parts.unshift(x.right);
      x = unwrap(x.left);
    }
    parts.unshift(x);
    let head = '';
    for (const p of parts) {
      const u = unwrap(p);
      if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) head += u.text;
      else return [head, p];
    }
    return [head];
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  return [undefined];
}
