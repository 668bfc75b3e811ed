import type { Span } from '../analysis/types';
import { bindingIdentifiers, hasModifier, unwrap } from './ast';
import { parseFile, type ParsedFile } from './sourceFile';
import { ts } from './ts';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isHttpMethod(name: string): name is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(name);
}

export interface ExportedHandler {
  /** The exported name, as written (`GET`, `get`, `default`…). */
  name: string;
  /** Set when the name is an uppercase HTTP method. */
  method?: HttpMethod;
  /** The exported name where it is written (for a CodeLens, a rename). */
  span: Span;
  /** The whole exporting statement. */
  statementSpan: Span;
  /**
   * The function that handles the request when it is visible in this file (a declaration, an arrow or function
   * expression, or the local function an `export { x as GET }` names); absent for re-exports and other values.
   */
  fn?: ts.FunctionLikeDeclaration;
}

function spanOf(node: ts.Node, sf: ts.SourceFile): Span {
  return { start: node.getStart(sf), end: node.getEnd() };
}

function functionOf(expr: ts.Expression | undefined): ts.FunctionLikeDeclaration | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? e : undefined;
}

/** The functions declared at the top of a module by name: declarations with a body, and `const f = (…) => …`. */
export function localFunctions(sf: ts.SourceFile): Map<string, ts.FunctionLikeDeclaration> {
  const map = new Map<string, ts.FunctionLikeDeclaration>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) map.set(st.name.text, st);
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const fn = ts.isIdentifier(d.name) ? functionOf(d.initializer) : undefined;
        if (fn && ts.isIdentifier(d.name)) map.set(d.name.text, fn);
      }
    }
  }
  return map;
}

function entry(name: string, nameNode: ts.Node, statement: ts.Node, sf: ts.SourceFile, fn?: ts.FunctionLikeDeclaration): ExportedHandler {
  const e: ExportedHandler = { name, span: spanOf(nameNode, sf), statementSpan: spanOf(statement, sf) };
  if (isHttpMethod(name)) e.method = name;
  if (fn) e.fn = fn;
  return e;
}

/** Exports of an already parsed file (the analyzer shares its parse). */
export function exportsOf(sf: ts.SourceFile): ExportedHandler[] {
  const out: ExportedHandler[] = [];
  let locals: Map<string, ts.FunctionLikeDeclaration> | undefined;
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(st, ts.SyntaxKind.DefaultKeyword)) out.push(entry('default', st.name ?? st, st, sf, st.body ? st : undefined));
      else if (st.name) out.push(entry(st.name.text, st.name, st, sf, st.body ? st : undefined));
    } else if (ts.isVariableStatement(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) {
          // `export const GET = forward`: the local function, as for `export { forward as GET }`
          let fn = functionOf(d.initializer);
          if (!fn && d.initializer && ts.isIdentifier(unwrap(d.initializer))) {
            locals ??= localFunctions(sf);
            fn = locals.get((unwrap(d.initializer) as ts.Identifier).text);
          }
          out.push(entry(d.name.text, d.name, st, sf, fn));
        }
        else {
          // `export const { GET, POST } = handlers` (Auth.js and similar)
          for (const id of bindingIdentifiers(d.name)) out.push(entry(id.text, id, st, sf));
        }
      }
    } else if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && !st.isTypeOnly) {
      for (const el of st.exportClause.elements) {
        if (el.isTypeOnly) continue;
        const exported = el.name;
        const exportedName = ts.isIdentifier(exported) ? exported.text : exported.text;
        let fn: ts.FunctionLikeDeclaration | undefined;
        if (!st.moduleSpecifier) {
          locals ??= localFunctions(sf);
          const local = el.propertyName ?? el.name;
          fn = locals.get(ts.isIdentifier(local) ? local.text : local.text);
        }
        out.push(entry(exportedName, exported, st, sf, fn));
      }
    } else if (ts.isExportAssignment(st) && !st.isExportEquals) {
      let fn = functionOf(st.expression);
      if (!fn && ts.isIdentifier(unwrap(st.expression))) {
        locals ??= localFunctions(sf);
        fn = locals.get((unwrap(st.expression) as ts.Identifier).text);
      }
      out.push(entry('default', st, st, sf, fn));
    }
  }
  return out;
}

/**
 * The handlers a route file exports: function declarations, `export const GET = …`, `export { x as GET }`,
 * `export const { GET, POST } = …`. `method` is set for uppercase HTTP method names. Never throws.
 */
export function exportedHandlers(file: string, text: string, previous?: ParsedFile): Array<{ name: string; method?: HttpMethod; span: Span; statementSpan: Span }> {
  try {
    return exportsOf(parseFile(file, text, previous).sourceFile).map(({ fn: _fn, ...rest }) => rest);
  } catch {
    return [];
  }
}

/** An import binding: the module specifier, and the name imported (`default`, `*` for a namespace). */
export interface ImportBinding {
  readonly from: string;
  readonly name: string;
}

/** A module's top-level imports by local name, type-only ones aside. */
export function importBindings(sf: ts.SourceFile): Map<string, ImportBinding> {
  const out = new Map<string, ImportBinding>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const c = st.importClause;
    if (!c || c.isTypeOnly) continue;
    const from = st.moduleSpecifier.text;
    if (c.name) out.set(c.name.text, { from, name: 'default' });
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) out.set(nb.name.text, { from, name: '*' });
    else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) out.set(el.name.text, { from, name: (el.propertyName ?? el.name).text });
  }
  return out;
}

/** `describeError(…)` (an imported name) or `fmt.describe(…)` (a member of one). */
export interface ImportedCallee {
  readonly local: string;
  readonly member?: string;
}

/** The imported function a call names (`f(…)` or `ns.f(…)` where `f` or `ns` is one of `imports`), if it names one. */
export function importedCallee(call: ts.CallExpression, imports: { has(name: string): boolean }): ImportedCallee | undefined {
  const c = unwrap(call.expression);
  if (ts.isIdentifier(c)) return imports.has(c.text) ? { local: c.text } : undefined;
  if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && ts.isIdentifier(c.name) && imports.has(c.expression.text)) return { local: c.expression.text, member: c.name.text };
  return undefined;
}
