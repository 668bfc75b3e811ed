export { extractRouteShape, type ExtractOptions, type RouteShapeWithParams } from './extract';
export { sampleOf } from './sample';
export { validateShape, describe, jsonPath, type ShapeError } from './validate';
export * from './types';
