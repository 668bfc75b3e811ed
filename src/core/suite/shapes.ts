// `# @shape` in a suite: the JSON body a handler answers for a status, looked up by method and URL path among the
// app's route shapes (src/core/shape/app.ts), or why it is not known. A static route wins over a dynamic one,
// as in Next.js' own matching.
import type { RouteShape } from '../shape/types';
import { isUnknown, type JsonSchema } from '../shape/types';
import { pathMatches } from './select';

export interface ShapedRoute {
  pattern: string;
  shape: RouteShape;
}

function dynamicSegments(pattern: string): number {
  return (pattern.match(/\[/g) ?? []).length;
}

export function responseShapes(routes: readonly ShapedRoute[]): (method: string, path: string, status: number) => { schema: JsonSchema } | { reason: string } {
  return (method, path, status) => {
    const route = routes.filter((r) => pathMatches(r.pattern, path)).sort((a, b) => dynamicSegments(a.pattern) - dynamicSegments(b.pattern))[0];
    if (!route) return { reason: `no route of the app serves ${path}` };
    if (route.shape.unknown) return { reason: route.shape.unknown };
    const m = route.shape.methods.find((x) => x.method === method);
    if (!m) return { reason: `${route.pattern} has no ${method} handler` };
    const r = m.responses.find((x) => x.status === status) ?? m.responses.find((x) => x.status === 'default');
    if (!r) return { reason: `${method} ${route.pattern} has no response with status ${status} in its code` };
    if (!r.schema || isUnknown(r.schema)) return { reason: `${method} ${route.pattern} answers ${status} with a body not written as a literal or a known type` };
    return { schema: r.schema };
  };
}
