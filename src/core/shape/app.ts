// The request shapes of every App Router route of an app (discovery + extraction), and its OpenAPI document.
// Shared by `bff-routes openapi` and the editor's "Open OpenAPI Document" command.
import * as path from 'node:path';
import { readJsonSync, readTextSync } from '../fileRead';
import type { ModuleHost } from '../project/moduleHost';
import type { NextApp } from '../project/nextApps';
import { discoverRoutes } from '../routes/discovery';
import { extractRouteShape } from './extract';
import { openApiDocument, type OpenApiRoute } from './openapi';

export interface AppShapeOptions {
  host?: ModuleHost;
  /** An open document's text (the editor), else the file on disk. */
  readText?(file: string): string | undefined;
}

export async function appRouteShapes(app: NextApp, options: AppShapeOptions = {}): Promise<OpenApiRoute[]> {
  const routes = await discoverRoutes(app, options.readText ? { readText: options.readText } : {});
  const out: OpenApiRoute[] = [];
  for (const r of routes) {
    if (r.router !== 'app') continue;
    const text = options.readText?.(r.file) ?? readTextSync(r.file);
    const file = path.relative(app.root, r.file).split(path.sep).join('/');
    const shape = text === undefined
      ? { file: r.file, methods: [], params: [], unknown: 'the file could not be read (missing, not a regular file, or too large)' }
      : extractRouteShape(r.file, text, { pattern: r.pattern, ...(options.host ? { host: options.host } : {}) });
    out.push({ pattern: r.pattern, file, shape });
  }
  return out;
}

export async function appOpenApi(app: NextApp, options: AppShapeOptions = {}): Promise<Record<string, unknown>> {
  const pkg = readJsonSync(path.join(app.root, 'package.json')) as { name?: unknown; version?: unknown; description?: unknown } | undefined;
  const title = typeof pkg?.name === 'string' ? pkg.name : path.basename(app.root);
  const version = typeof pkg?.version === 'string' ? pkg.version : '0.0.0';
  const description = `Route handlers of ${title}, read from their code by BFF Routes for Next.js (App Router only; HEAD and OPTIONS, which Next.js answers itself, are not listed).`;
  return openApiDocument({ title, version, description }, await appRouteShapes(app, options));
}
