// `export function get` is not a handler: Next.js matches exports by the uppercase method name and answers
// 405 ("Detected lowercase method 'get'"). The fix renames the export (and its uses in the file).
import type { Scopes } from '../../parsing/ast';
import { isHttpMethod } from '../../parsing/exports';
import { ts } from '../../parsing/ts';
import type { FileRule, RuleContext } from '../rule';
import type { TextEdit } from '../types';

export const lowercaseMethodExport: FileRule = {
  meta: {
    id: 'lowercase-method-export',
    defaultSeverity: 'error',
    description: 'A route exports a lowercase HTTP method name, which Next.js ignores (the method answers 405).',
  },
  kinds: ['route'],
  check(ctx) {
    const names = new Set(ctx.exports.map((e) => e.name));
    for (const e of ctx.exports) {
      const upper = e.name.toUpperCase();
      if (e.name === upper || !isHttpMethod(upper)) continue;
      const taken = names.has(upper);
      const message = taken
        ? `'${e.name}' is not a route handler: Next.js only calls the uppercase '${upper}', which this file also exports. Remove or rename '${e.name}'.`
        : `'${e.name}' is not a route handler: Next.js only calls uppercase method exports, so ${upper} requests answer 405. Export it as '${upper}'.`;
      const edits = taken ? [] : renameEdits(ctx, e.span, upper);
      const fixes = taken ? [] : [{ title: `Rename '${e.name}' to '${upper}'`, edits, isPreferred: true }];
      ctx.report({ span: e.span, message, fixes });
    }
  },
};

/** The rename's edits once the exported name's node is known (see renameEdits). */
function renameFrom(sf: ts.SourceFile, nameNode: ts.Node | undefined, span: { start: number; end: number }, to: string, references: (decl: ts.Identifier) => Iterable<ts.Identifier>, scopes: Pick<Scopes, 'declarationOf'>): TextEdit[] {
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
  for (const n of references(decl)) {
    if (n.text !== decl.text) continue;
    const parent = n.parent;
    if (parent && (ts.isPropertyAccessExpression(parent) && parent.name === n)) continue;
    if (parent && (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === n) continue;
    if (scopes.declarationOf(n) !== decl) continue;
    if (parent && ((ts.isShorthandPropertyAssignment(parent)) || (ts.isBindingElement(parent) && !parent.propertyName && parent.name === n))) edits.push({ start: n.getStart(sf), end: n.getEnd(), newText: `${n.text}: ${to}` });
    else edits.push({ start: n.getStart(sf), end: n.getEnd(), newText: to });
  }
  return edits.length > 0 ? edits : [{ start: span.start, end: span.end, newText: to }];
}

/**
 * The rename: the exported name's node (an identifier or a string of the model's index at its span), and every
 * identifier of the file spelled like it that the scopes resolve to it.
 */
function renameEdits(ctx: RuleContext, span: { start: number; end: number }, to: string): TextEdit[] {
  const sf = ctx.sourceFile;
  const at = (n: ts.Node): boolean => n.end === span.end && n.getStart(sf) === span.start;
  const nameNode = ctx.index.identifiers.find(at) ?? ctx.index.strings.find((n) => ts.isStringLiteral(n) && at(n));
  const references = (decl: ts.Identifier): ts.Identifier[] => ctx.index.identifiers.filter((id) => id.text === decl.text);
  return renameFrom(sf, nameNode, span, to, references, ctx.scopes);
}
