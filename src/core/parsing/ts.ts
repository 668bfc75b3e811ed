// The single import of the TypeScript compiler API. The analysis rules walk TypeScript's syntax tree
// through this re-export, so the dependency (and a future parser swap) is confined to src/core/parsing.
import ts from 'typescript';

export { ts };
