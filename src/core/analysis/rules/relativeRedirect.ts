// `NextResponse.redirect('/login')` throws ("URL is malformed"): redirect and rewrite need an absolute URL.
// The fix resolves the path against the incoming request: `new URL('/login', request.url)`.
import { isFunctionLike, isStaticMember, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import type { FileRule, RuleContext } from '../rule';

const ABSOLUTE = /^[a-zA-Z][a-zA-Z\d+.-]*:/;

/** The leading static text of a URL argument, or undefined when it cannot be known. */
function leadingText(e: ts.Expression, ctx: RuleContext, depth = 0): string | undefined {
  const u = unwrap(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.text;
  if (ts.isTemplateExpression(u)) return u.head.text.length > 0 ? u.head.text : undefined;
  if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(u.left, ctx, depth + 1);
  if (ts.isIdentifier(u) && depth < 5) {
    const d = ctx.scopes.declarationOf(u);
    const decl = d?.parent;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) {
      return leadingText(decl.initializer, ctx, depth + 1);
    }
  }
  return undefined;
}

/** The request parameter in scope at `node`: the first parameter of an enclosing function typed or used as a request. */
function requestNameAt(node: ts.Node, ctx: RuleContext): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!isFunctionLike(n)) continue;
    for (const p of n.parameters) {
      const t = p.type;
      if (ts.isIdentifier(p.name) && t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(Next)?Request$/.test(t.typeName.text)) return p.name.text;
    }
    const exported = ctx.exports.find((e) => e.fn === n);
    const first = n.parameters[0];
    if (exported && first && ts.isIdentifier(first.name)) return first.name.text;
  }
  return undefined;
}

export const relativeRedirect: FileRule = {
  meta: {
    id: 'relative-redirect',
    defaultSeverity: 'error',
    description: 'NextResponse.redirect, NextResponse.rewrite or Response.redirect is given a relative URL, which throws.',
  },
  kinds: ['route', 'proxy', 'middleware'],
  check(ctx) {
    const sf = ctx.sourceFile;
    for (const n of ctx.index.calls) {
      if (n.arguments.length === 0) continue;
      const callee = n.expression;
      let what: string | undefined;
      if (isStaticMember(callee, ['NextResponse'], 'redirect')) what = 'NextResponse.redirect';
      else if (isStaticMember(callee, ['NextResponse'], 'rewrite')) what = 'NextResponse.rewrite';
      else if (isStaticMember(callee, ['Response'], 'redirect')) what = 'Response.redirect';
      if (!what) continue;
      const arg = n.arguments[0];
      const lead = leadingText(arg, ctx);
      if (lead === undefined || ABSOLUTE.test(lead)) continue;
      const req = requestNameAt(n, ctx);
      const span = { start: arg.getStart(sf), end: arg.getEnd() };
      ctx.report({
        span,
        message: `${what}() needs an absolute URL: '${lead.length > 40 ? `${lead.slice(0, 40)}…` : lead}' is relative and throws at run time. Resolve it against the request: new URL(${arg.getText(sf).length > 30 ? 'path' : arg.getText(sf)}, ${req ?? 'request'}.url).`,
        fixes: req ? [{ title: `Resolve against ${req}.url`, edits: [{ start: span.start, end: span.end, newText: `new URL(${arg.getText(sf)}, ${req}.url)` }], isPreferred: true }] : [],
      });
    }
  },
};
