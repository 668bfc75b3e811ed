// `export function get` is not a handler: Next.js matches exports by the uppercase method name and answers
// 405 ("Detected lowercase method 'get'"). The fix renames the export (and its uses in the file).
import { Scopes, walk } from '../../parsing/ast';
import { descend, identifiersMayBeEscaped, identifiersNamed } from '../../parsing/locate';
import { isHttpMethod } from '../../parsing/exports';
import { ts } from '../../parsing/ts';
import { NO_STATEMENTS, type FileRule } from '../rule';
import type { TextEdit } from '../types';

export const lowercaseMethodExport: FileRule = {
  meta: {
    id: 'lowercase-method-export',
    defaultSeverity: 'error',
    description: 'A route exports a lowercase HTTP method name, which Next.js ignores (the method answers 405).',
  },
  kinds: ['route'],
  // With a finding, the rename is found from the text (renameEditsByText), without the index; only where a name
  // may be spelled with escapes does it need the whole file.
  quiet: (ctx) => !ctx.exports.some((e) => e.name !== e.name.toUpperCase() && isHttpMethod(e.name.toUpperCase())) || (identifiersMayBeEscaped(ctx.text) ? false : NO_STATEMENTS),
  check(ctx) {
    const names = new Set(ctx.exports.map((e) => e.name));
    for (const e of ctx.exports) {
      const upper = e.name.toUpperCase();
      if (e.name === upper || !isHttpMethod(upper)) continue;
      const taken = names.has(upper);
      const message = taken
        ? `'${e.name}' is not a route handler: Next.js only calls the uppercase '${upper}', which this file also exports. Remove or rename '${e.name}'.`
        : `'${e.name}' is not a route handler: Next.js only calls uppercase method exports, so ${upper} requests answer 405. Export it as '${upper}'.`;
      const edits = taken ? [] : identifiersMayBeEscaped(ctx.text) ? renameEditsByWalk(ctx.sourceFile, ctx.scopes, e.span, upper) : renameEditsByText(ctx.sourceFile, ctx.text, e.span, upper);
      const fixes = taken ? [] : [{ title: `Rename '${e.name}' to '${upper}'`, edits, isPreferred: true }];
      ctx.report({ span: e.span, message, fixes });
    }
  },
};

/** The rename's edits once the exported name's node is known (see renameEditsByWalk and renameEditsByText). */
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

/** The rename over the whole tree (the file's index gave every node its parent): where names may be escaped. */
export function renameEditsByWalk(sf: ts.SourceFile, scopes: Scopes, span: { start: number; end: number }, to: string): TextEdit[] {
  let nameNode: ts.Node | undefined;
  walk(sf, (n) => {
    if (n.getEnd() < span.start || n.pos > span.end) return false;
    if ((ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.getStart(sf) === span.start && n.getEnd() === span.end) nameNode = n;
    return undefined;
  });
  const references = (decl: ts.Identifier): ts.Identifier[] => {
    const out: ts.Identifier[] = [];
    walk(sf, (n) => {
      if (ts.isIdentifier(n) && n.text === decl.text) out.push(n);
    });
    return out;
  };
  return renameFrom(sf, nameNode, span, to, references, scopes);
}

/**
 * The same rename from the text: the exported name's node and every identifier spelled like it are found by
 * descent (which gives their paths parents), and a scope resolver without the index decides which refer to it.
 * Only where no identifier is written with escapes (then each one is an occurrence of its name in the text).
 */
export function renameEditsByText(sf: ts.SourceFile, text: string, span: { start: number; end: number }, to: string): TextEdit[] {
  const at = descend(sf, span.start);
  const nameNode = (ts.isIdentifier(at) || ts.isStringLiteral(at)) && at.getStart(sf) === span.start && at.getEnd() === span.end ? at : undefined;
  const references = (decl: ts.Identifier): ts.Identifier[] => identifiersNamed(sf, text, decl.text);
  return renameFrom(sf, nameNode, span, to, references, Scopes.forText(text));
}
