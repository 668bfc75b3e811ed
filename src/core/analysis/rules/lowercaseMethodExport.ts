// `export function get` is not a handler: Next.js matches exports by the uppercase method name and answers
// 405 ("Detected lowercase method 'get'"). The fix renames the export (and its uses in the file).
import { walk } from '../../parsing/ast';
import { isHttpMethod } from '../../parsing/exports';
import { ts } from '../../parsing/ts';
import type { FileRule } from '../rule';
import type { TextEdit } from '../types';

export const lowercaseMethodExport: FileRule = {
  meta: {
    id: 'lowercase-method-export',
    defaultSeverity: 'error',
    description: 'A route exports a lowercase HTTP method name, which Next.js ignores (the method answers 405).',
  },
  kinds: ['route'],
  quiet: (ctx) => !ctx.exports.some((e) => e.name !== e.name.toUpperCase() && isHttpMethod(e.name.toUpperCase())),
  check(ctx) {
    const names = new Set(ctx.exports.map((e) => e.name));
    for (const e of ctx.exports) {
      const upper = e.name.toUpperCase();
      if (e.name === upper || !isHttpMethod(upper)) continue;
      const taken = names.has(upper);
      const message = taken
        ? `'${e.name}' is not a route handler: Next.js only calls the uppercase '${upper}', which this file also exports. Remove or rename '${e.name}'.`
        : `'${e.name}' is not a route handler: Next.js only calls uppercase method exports, so ${upper} requests answer 405. Export it as '${upper}'.`;
      const fixes = taken ? [] : [{ title: `Rename '${e.name}' to '${upper}'`, edits: renameEdits(ctx.sourceFile, ctx.scopes, e.span, upper), isPreferred: true }];
      ctx.report({ span: e.span, message, fixes });
    }
  },
};

function renameEdits(sf: ts.SourceFile, scopes: import('../../parsing/ast').Scopes, span: { start: number; end: number }, to: string): TextEdit[] {
  let nameNode: ts.Node | undefined;
  walk(sf, (n) => {
    if (n.getEnd() < span.start || n.pos > span.end) return false;
    if ((ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.getStart(sf) === span.start && n.getEnd() === span.end) nameNode = n;
    return undefined;
  });
  if (!nameNode) return [{ start: span.start, end: span.end, newText: to }];
  const p = nameNode.parent;
  // `export { handler as get }` / `export { get }`: rename only the exported name.
  if (p && ts.isExportSpecifier(p)) {
    if (p.propertyName) return [{ start: span.start, end: span.end, newText: to }];
    return [{ start: span.end, end: span.end, newText: ` as ${to}` }];
  }
  if (!ts.isIdentifier(nameNode)) return [{ start: span.start, end: span.end, newText: to }];
  const decl = nameNode;
  const edits: TextEdit[] = [];
  walk(sf, (n) => {
    if (!ts.isIdentifier(n) || n.text !== decl.text) return;
    const parent = n.parent;
    if (parent && (ts.isPropertyAccessExpression(parent) && parent.name === n)) return;
    if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === n) return;
    if (scopes.declarationOf(n) !== decl) return;
    if (parent && ((ts.isShorthandPropertyAssignment(parent)) || (ts.isBindingElement(parent) && !parent.propertyName && parent.name === n))) edits.push({ start: n.getStart(sf), end: n.getEnd(), newText: `${n.text}: ${to}` });
    else edits.push({ start: n.getStart(sf), end: n.getEnd(), newText: to });
  });
  return edits.length > 0 ? edits : [{ start: span.start, end: span.end, newText: to }];
}
