// The request shape of a route file: for each exported method, its body, query parameters, headers and
// responses (handler.ts), its path parameters from the route pattern. Imports are followed through the given
// ModuleHost. Never throws: a file that cannot be read, parsed or walked is a RouteShape with its reason.
import { patternParams } from '../http/url';
import type { RouteParam } from '../http/types';
import { exportsOf } from '../parsing/exports';
import { isStackOverflow, parseFile } from '../parsing/sourceFile';
import type { ModuleHost } from '../project/moduleHost';
import { HandlerReader } from './handler';
import { Modules } from './modules';
import { SchemaReader } from './read';
import type { MethodShape, RouteShape } from './types';

export interface ExtractOptions {
  /** Follows the file's imports (relative, tsconfig `paths`); without it imported schemas are unknown. */
  host?: ModuleHost;
  /** The route's URL pattern (`/api/users/[id]`), for its path parameters. */
  pattern?: string;
}

export interface RouteShapeWithParams extends RouteShape {
  params: RouteParam[];
}

export function extractRouteShape(file: string, text: string, options: ExtractOptions = {}): RouteShapeWithParams {
  const params = options.pattern ? patternParams(options.pattern) : [];
  try {
    const sf = parseFile(file, text).sourceFile;
    const modules = new Modules(options.host);
    const mod = modules.add(file, sf);
    const methods: MethodShape[] = [];
    for (const h of exportsOf(sf)) {
      if (!h.method) continue;
      if (!h.fn) {
        methods.push({ method: h.method, body: { kind: 'unknown', reason: `${h.method} is not a function written in this file (re-exported or built by a call)` }, query: [], headers: [], responses: [], notes: [] });
        continue;
      }
      // Each method gets its own reader: bounds are per method, and one method's recursion marks never leak.
      methods.push(new HandlerReader(mod, new SchemaReader(modules), h.method).read(h.fn));
    }
    return { file, methods, params };
  } catch (err) {
    const why = isStackOverflow(err) ? 'the file is nested too deeply to read' : `the file could not be read (${err instanceof Error ? err.message : String(err)})`;
    return { file, methods: [], params, unknown: why };
  }
}
