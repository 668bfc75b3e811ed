// The part of the extension that needs the TypeScript parser: the analysis engine and route discovery.
// esbuild bundles it apart (dist/engine.js, which requires dist/typescript.js) and the editor adapters
// load it through src/vscode/engine.ts on first use, so `activate` never pays for TypeScript.
export { analyzeProjectFiles, analyzeSource, mergeFindings } from './core/analysis';
export { exportedHandlers } from './core/parsing/exports';
export { discoverRoutes, routeOfAppFile } from './core/routes/discovery';
export { appOpenApi } from './core/shape/app';
export { createModuleHost } from './core/project/resolve';
export { extractRouteShape } from './core/shape/extract';
export { fillOf, handlerSummary } from './core/shape/fill';
export { appRouteShapes } from './core/shape/app';
