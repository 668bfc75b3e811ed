// XML/HTML built in a template literal from request or fetched data lets that data inject markup (the guide:
// "Sanitize any input used to generate markup"). Applies when the file answers XML or HTML (a content type
// literal, or a template that starts with an XML/HTML prolog). The fix escapes the value with a small helper.
import { isFunctionLike, isStaticMember, memberName, memberObject, Scopes, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import { requestFunctions } from '../handlers';
import { Taint, type TaintSource } from '../taint';
import type { FileRule, RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';

const MARKUP = /<[a-zA-Z!?/]/;
const PROLOG = /^\s*(<\?xml|<!doctype\s+html|<html|<rss|<feed|<svg|<urlset|<sitemapindex)/i;
const MARKUP_TYPE = /^(application|text|image)\/([\w.+-]*\+)?(xml|html|xhtml\+xml|svg\+xml)\b/i;
const SANITIZER = /escape|saniti[sz]e|encode|purify|clean|strip|quote|cdata/i;
const BODY_READS = new Set(['json', 'text', 'formData']);
const REQUEST_PARTS = new Set(['searchParams', 'nextUrl', 'headers', 'cookies', 'url', 'query', 'body']);

function hasMarkupTemplate(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isTemplateExpression(n) && MARKUP.test(n.head.text + n.templateSpans.map((s) => s.literal.text).join(''))) || (ts.isNoSubstitutionTemplateLiteral(n) && MARKUP.test(n.text))) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Does a string (or a plain template) in the file hold a markup content type (MARKUP_TYPE)? */
function declaresMarkupType(ctx: RuleContext): boolean {
  return ctx.index.strings.some((n) => MARKUP_TYPE.test(n.text));
}

const HELPER = `

function escapeXml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
}
`;
const HELPER_JS = HELPER.replace('value: unknown): string', 'value)').replace(' as string)', ')');

/** Is `span`'s value inside a `<script>` element the template opened before it and has not closed yet? */
function insideScript(n: ts.TemplateExpression, span: ts.TemplateSpan): boolean {
  let before = n.head.text;
  for (const s of n.templateSpans) {
    if (s === span) break;
    before += s.literal.text;
  }
  const open = before.toLowerCase().lastIndexOf('<script');
  return open >= 0 && before.toLowerCase().indexOf('</script', open) < 0;
}

/**
 * An escape written inline: `s.replace(/[&<>"']/g, (c) => …)`, `s.replaceAll('<', '&lt;')` (a pattern that matches
 * `<`, so no tag gets through; a chain of replaceAll is clean from the link that handles it).
 */
function escapesInline(call: ts.CallExpression): boolean {
  const method = memberName(unwrap(call.expression));
  if (method !== 'replace' && method !== 'replaceAll') return false;
  const pattern = call.arguments[0] && unwrap(call.arguments[0]);
  return !!pattern && (ts.isRegularExpressionLiteral(pattern) || ts.isStringLiteralLike(pattern)) && pattern.text.includes('<');
}

export const unescapedMarkup: FileRule = {
  meta: {
    id: 'unescaped-markup',
    defaultSeverity: 'warning',
    description: 'XML or HTML is assembled from request or fetched data without escaping.',
  },
  kinds: ['route', 'pages-api'],
  check(ctx) {
    if (!ctx.text.includes('`')) return; // (a template's `<` may be written as an escape: its cooked text decides)
    const requests: ts.Identifier[] = [];
    for (const f of requestFunctions(ctx)) requests.push(...f.requests);
    checkTemplates(ctx, ctx.index.templates, requests, ctx.scopes, ctx.facts.taintSource());
  },
};

/** The rule on these templates, with the request parameters, a scope resolver and a taint source of either mode. */
function checkTemplates(ctx: RuleContext, templates: readonly ts.TemplateExpression[], requests: readonly ts.Identifier[], scopes: Scopes, source: TaintSource): void {
  const sf = ctx.sourceFile;
  const markupTemplates = templates.filter((n) => MARKUP.test(n.head.text + n.templateSpans.map((s) => s.literal.text).join('')));
  if (markupTemplates.length === 0) return;
  let answersMarkup = false;
  if (markupTemplates.some((n) => !PROLOG.test(n.head.text))) answersMarkup = declaresMarkupType(ctx);
  const requestDecls = new Set<ts.Identifier>(requests);
  for (const h of ctx.exports) {
    // the pages/api `req` and a route's context (params)
    if (h.fn) for (const p of h.fn.parameters.slice(0, 2)) for (const id of ts.isIdentifier(p.name) ? [p.name] : []) requestDecls.add(id);
    if (h.fn && h.fn.parameters[1] && ts.isObjectBindingPattern(h.fn.parameters[1].name)) {
      for (const el of h.fn.parameters[1].name.elements) if (ts.isIdentifier(el.name)) requestDecls.add(el.name);
    }
  }
  const isRequest = (e: ts.Expression | undefined): boolean => {
    const u = e && unwrap(e);
    if (!u || !ts.isIdentifier(u)) return false;
    const d = scopes.declarationOf(u);
    return d !== undefined && requestDecls.has(d);
  };
  const taint = new Taint(sf, scopes, {
    isSource(e, t) {
      // `x.json()` / `x.text()` / `x.formData()`: a request's or a fetched response's body
      if (ts.isCallExpression(e)) {
        const m = memberName(unwrap(e.expression));
        if (m && BODY_READS.has(m)) return true;
        if (ts.isIdentifier(unwrap(e.expression)) && (unwrap(e.expression) as ts.Identifier).text === 'use') return e.arguments.some((a) => t.tainted(a));
      }
      const name = memberName(e);
      if (name && REQUEST_PARTS.has(name) && isRequest(memberObject(e))) return true;
      if (ts.isNewExpression(e) && ts.isIdentifier(unwrap(e.expression)) && (unwrap(e.expression) as ts.Identifier).text === 'URL') return (e.arguments ?? []).some((a) => t.tainted(a));
      return false;
    },
    isSourceDecl: (d) => requestDecls.has(d) && d.parent !== undefined && ts.isBindingElement(d.parent), // `{ params }`
    safeProperty: (name) => name === 'length' || name === 'ok' || name === 'status',
    sanitizes: (call, name) => escapesInline(call) || (name !== undefined && (SANITIZER.test(name) || /^(Number|parseInt|parseFloat|Boolean|Math\.\w+)$/.test(name))),
  }, source);
  // (the name's capital X is rare: the expression, which scans the whole file, runs only where it appears)
  const hasEscapeHelper = ctx.text.includes('escapeXml') && /\bfunction escapeXml\b|\bescapeXml\s*=/.test(ctx.text);
  for (const n of markupTemplates) {
    if (!answersMarkup && !PROLOG.test(n.head.text)) continue;
    for (const span of n.templateSpans) {
      const e = span.expression;
      if (hasMarkupTemplate(e) && !isFunctionLike(e)) {
        // `${items.map((i) => `<item>${i.title}</item>`)}`: the inner template is checked on its own
        continue;
      }
      if (!taint.tainted(e)) continue;
      const text = e.getText(sf);
      if (insideScript(n, span)) {
        // In a <script>, HTML escapes would corrupt the code; a `</script>` in the value is what breaks out.
        // (already JSON: escaping its `<` is all it takes; anything else is made JSON, which adds quotes: reviewed)
        const u = unwrap(e);
        const isJson = ts.isCallExpression(u) && isStaticMember(u.expression, ['JSON'], 'stringify');
        const json = isJson ? text : `JSON.stringify(${text})`;
        ctx.report({
          span: { start: e.getStart(sf), end: e.getEnd() },
          message: `\`${text.slice(0, 40)}\` comes from the request or a fetched response and is put into a <script> unescaped: a \`</script>\` in it ends the script and injects markup. Escape its \`<\` (\`JSON.stringify(value).replace(/</g, '\\\\u003c')\`).`,
          fixes: [{ title: 'Escape < in the script', edits: [{ start: e.getStart(sf), end: e.getEnd(), newText: `${json}.replace(/</g, '\\\\u003c')` }], isPreferred: isJson }],
        });
        continue;
      }
      const edits: TextEdit[] = [{ start: e.getStart(sf), end: e.getEnd(), newText: `escapeXml(${text})` }];
      if (!hasEscapeHelper) {
        edits.push({ start: ctx.text.length, end: ctx.text.length, newText: /\.[mc]?tsx?$/i.test(ctx.file) ? HELPER : HELPER_JS });
      }
      const fix: Fix = { title: `Escape with escapeXml()`, edits, isPreferred: false };
      ctx.report({
        span: { start: e.getStart(sf), end: e.getEnd() },
        message: `\`${text.slice(0, 40)}\` comes from the request or a fetched response and is put into markup unescaped: it can inject tags or break the document. Escape it (&, <, >, ", ').`,
        fixes: [fix],
      });
    }
  }
}
