// Variables that hold the same request as a parameter: `const r = request`, and clones `request.clone()`.
import { methodCall, unwrap, type Scopes } from '../parsing/ast';
import type { FileIndex } from '../parsing/fileIndex';
import { ts } from '../parsing/ts';
import { Slot } from './slot';

export interface RequestVar {
  decl: ts.Identifier;
  /** The request it was cloned from (a clone has its own body). */
  cloneOf?: ts.Identifier;
  /** The `x.clone()` call that made it. */
  cloneCall?: ts.CallExpression;
  /** An alias of another request variable (same body). */
  aliasOf?: ts.Identifier;
}

/** Only an initialiser that is an identifier or a `.clone()` call can make an alias or a clone. */
function canAlias(d: ts.VariableDeclaration): boolean {
  return !!d.initializer && ts.isIdentifier(d.name) && (ts.isIdentifier(unwrap(d.initializer)) || methodCall(unwrap(d.initializer))?.[1] === 'clone');
}

const candidatesByIndex = new Slot<FileIndex, ts.VariableDeclaration[]>('alias candidates');

/** The file's declarations that can alias or clone something, filtered once per file. */
function aliasCandidates(index: FileIndex): ts.VariableDeclaration[] {
  return candidatesByIndex.of(index, () => index.variables.filter(canAlias));
}

/** Every const/let in `fn` initialised from a tracked request (alias) or its clone, transitively. */
export function requestVars(fn: ts.Node, roots: readonly ts.Identifier[], scopes: Scopes, index: FileIndex): Map<ts.Identifier, RequestVar> {
  const vars = new Map<ts.Identifier, RequestVar>();
  for (const r of roots) vars.set(r, { decl: r });
  const declarations = index.within(aliasCandidates(index), fn);
  let changed = declarations.length > 0;
  for (let round = 0; changed && round < 5; round++) {
    changed = false;
    for (const n of declarations) {
      if (!ts.isIdentifier(n.name) || !n.initializer || vars.has(n.name)) continue;
      const init = unwrap(n.initializer);
      if (ts.isIdentifier(init)) {
        const d = scopes.declarationOf(init);
        if (d && vars.has(d)) {
          vars.set(n.name, { decl: n.name, aliasOf: d });
          changed = true;
        }
        continue;
      }
      const mc = methodCall(init);
      if (mc && mc[1] === 'clone' && ts.isCallExpression(init)) {
        const obj = unwrap(mc[0]);
        const d = ts.isIdentifier(obj) ? scopes.declarationOf(obj) : undefined;
        if (d && vars.has(d)) {
          vars.set(n.name, { decl: n.name, cloneOf: d, cloneCall: init });
          changed = true;
        }
      }
    }
  }
  return vars;
}

/** The variable whose body `decl` shares (follows aliases). */
export function bodyOwner(decl: ts.Identifier, vars: Map<ts.Identifier, RequestVar>): ts.Identifier {
  let d = decl;
  for (let i = 0; i < 10; i++) {
    const v = vars.get(d);
    if (!v?.aliasOf) return d;
    d = v.aliasOf;
  }
  return d;
}
