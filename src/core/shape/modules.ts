// The declarations of a route file and of the modules it imports, by name: top-level consts (schemas), type
// aliases, interfaces and enums, imports and re-exports. Imports are followed through a ModuleHost (the CLI's,
// the editor's, or a test's plain data): this code never reads the disk. Each module is parsed once per
// extraction; the number of modules followed is bounded.
import type { ModuleHost } from '../project/moduleHost';
import { parseFile } from '../parsing/sourceFile';
import { ts } from '../parsing/ts';
import { LIMITS } from './types';

export interface ImportRef {
  specifier: string;
  /** The imported name: `default`, `*` (a namespace import) or the exported name. */
  name: string;
}

export type TypeDecl = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration;

export interface ModuleInfo {
  file: string;
  sf: ts.SourceFile;
  consts: Map<string, ts.Expression>;
  types: Map<string, TypeDecl[]>;
  imports: Map<string, ImportRef>;
  /** Exported name -> local name (`export const X`, `export { a as X }`). */
  exports: Map<string, string>;
  /** `export { X } from './y'` (name -> import) and `export * from './y'` (specifiers). */
  reexports: Map<string, ImportRef>;
  starExports: string[];
}

function index(file: string, sf: ts.SourceFile): ModuleInfo {
  const m: ModuleInfo = { file, sf, consts: new Map(), types: new Map(), imports: new Map(), exports: new Map(), reexports: new Map(), starExports: [] };
  const exported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((x) => x.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        m.consts.set(d.name.text, d.initializer);
        if (exported(st)) m.exports.set(d.name.text, d.name.text);
      }
    } else if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      const list = m.types.get(st.name.text) ?? [];
      list.push(st);
      m.types.set(st.name.text, list);
      if (exported(st)) m.exports.set(st.name.text, st.name.text);
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause) {
      const specifier = st.moduleSpecifier.text;
      const c = st.importClause;
      if (c.name) m.imports.set(c.name.text, { specifier, name: 'default' });
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) m.imports.set(nb.name.text, { specifier, name: '*' });
      else if (nb) for (const el of nb.elements) m.imports.set(el.name.text, { specifier, name: (el.propertyName ?? el.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) {
        if (from) m.starExports.push(from);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (from) m.reexports.set(el.name.text, { specifier: from, name: local });
          else m.exports.set(el.name.text, local);
        }
      }
    }
  }
  return m;
}

export type Found<T> = { mod: ModuleInfo; name: string; value: T } | { reason: string };

/** The modules of one extraction: the route file and what it imports, each parsed once. */
export class Modules {
  private readonly byFile = new Map<string, ModuleInfo | undefined>();
  private followed = 0;

  constructor(private readonly host: ModuleHost | undefined) {}

  add(file: string, sf: ts.SourceFile): ModuleInfo {
    const m = index(file, sf);
    this.byFile.set(file, m);
    return m;
  }

  /** The module `specifier` names from `from`, or why it cannot be read. */
  private load(from: ModuleInfo, specifier: string): ModuleInfo | string {
    if (!this.host) return `it is imported from '${specifier}', and no module resolution was given`;
    let file: string | undefined;
    try {
      file = this.host.resolve(from.file, specifier);
    } catch {
      file = undefined;
    }
    if (file === undefined) {
      return /^(\.|\/|@\/|~\/|#)/.test(specifier)
        ? `'${specifier}' does not resolve to a file of the project`
        : `it comes from the package '${specifier}', which is not read`;
    }
    if (this.byFile.has(file)) return this.byFile.get(file) ?? `'${specifier}' could not be read`;
    if (++this.followed > LIMITS.imports) return `more than ${LIMITS.imports} imported modules: not followed`;
    let text: string | undefined;
    try {
      text = this.host.read(file);
    } catch {
      text = undefined;
    }
    const m = text === undefined ? undefined : index(file, parseFile(file, text).sourceFile);
    this.byFile.set(file, m);
    return m ?? `'${specifier}' could not be read`;
  }

  /** Follows an import to the module that declares the name (through re-exports), bounded. */
  private viaImport<T>(from: ModuleInfo, ref: ImportRef, pick: (m: ModuleInfo, name: string) => T | undefined, hops: number): Found<T> {
    const target = this.load(from, ref.specifier);
    if (typeof target === 'string') return { reason: target };
    return this.exported(target, ref.name, pick, hops + 1);
  }

  private exported<T>(m: ModuleInfo, name: string, pick: (m: ModuleInfo, name: string) => T | undefined, hops: number): Found<T> {
    if (hops > LIMITS.imports) return { reason: 'too many re-exports' };
    const local = m.exports.get(name);
    if (local !== undefined) return this.lookup(m, local, pick, hops);
    const re = m.reexports.get(name);
    if (re) return this.viaImport(m, re, pick, hops);
    for (const spec of m.starExports) {
      const r = this.viaImport(m, { specifier: spec, name }, pick, hops);
      if ('mod' in r) return r;
    }
    return { reason: `'${name}' is not exported by ${m.file}` };
  }

  /** The declaration `name` has in module `m` (a local one, or the one an import brings in). */
  lookup<T>(m: ModuleInfo, name: string, pick: (m: ModuleInfo, name: string) => T | undefined, hops = 0): Found<T> {
    const local = pick(m, name);
    if (local !== undefined) return { mod: m, name, value: local };
    const imp = m.imports.get(name);
    if (imp && imp.name !== '*') return this.viaImport(m, imp, pick, hops);
    return { reason: `'${name}' is not declared in this file` };
  }

  /** The source module of an imported name, without following it (to recognise `zod` and `valibot`). */
  importOf(m: ModuleInfo, name: string): ImportRef | undefined {
    return m.imports.get(name);
  }
}

export const pickConst = (m: ModuleInfo, name: string): ts.Expression | undefined => m.consts.get(name);
export const pickType = (m: ModuleInfo, name: string): TypeDecl[] | undefined => m.types.get(name);
