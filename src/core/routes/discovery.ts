// The routes of a Next.js app: App Router route files and Pages Router API files, with their URL
// pattern (routes/segments.ts: groups removed, private and intercepting folders skipped), their params
// and the methods the file really exports (parsing/exports.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportedHandlers } from '../parsing/exports';
import type { NextApp } from '../project/nextApps';
import { HTTP_METHODS, type HttpMethod, type RouteInfo, type RouteParam } from '../http/types';
import { apiRouteOfFile, DEFAULT_PAGE_EXTENSIONS, routeOfFile, type RouteOfFile } from './segments';

export type { RouteInfo } from '../http/types';

export interface DiscoverOptions {
  /** Text of a file as the editor has it (unsaved changes); read from disk when undefined. */
  readText?(file: string): string | undefined;
  /** Next.js `pageExtensions`. Default tsx, ts, jsx, js. */
  pageExtensions?: readonly string[];
  /** Files read at the same time. Default 64. */
  concurrency?: number;
}

const SKIP = new Set(['node_modules', '.git', '.next']);

/** Route-file candidates under `dir`: every `route.*` (App Router) or every file (pages/api). */
async function walk(dir: string, accept: (name: string) => boolean, skipDir: (name: string) => boolean, out: string[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const subdirs: Promise<void>[] = [];
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP.has(e.name) && !skipDir(e.name)) subdirs.push(walk(path.join(dir, e.name), accept, skipDir, out));
    } else if ((e.isFile() || e.isSymbolicLink()) && accept(e.name)) out.push(path.join(dir, e.name));
  }
  await Promise.all(subdirs);
}

function toParams(route: RouteOfFile): RouteParam[] {
  return route.params.map((p) => ({ name: p.name, kind: p.kind === 'dynamic' ? 'single' : p.kind }));
}

const AUTO_METHODS: readonly HttpMethod[] = ['HEAD', 'OPTIONS'];

function offered(methods: readonly HttpMethod[]): HttpMethod[] {
  const set = new Set<HttpMethod>([...methods, ...AUTO_METHODS]);
  return HTTP_METHODS.filter((m) => set.has(m));
}

/** The methods an App Router route file exports (uppercase names only: Next ignores `get`). */
export function exportedMethods(file: string, text: string): HttpMethod[] {
  const found = new Set<string>();
  for (const h of exportedHandlers(file, text)) if (h.method) found.add(h.method);
  return HTTP_METHODS.filter((m) => found.has(m));
}

function appRoute(file: string, route: RouteOfFile, text: string | undefined): RouteInfo {
  const methods = text === undefined ? [] : exportedMethods(file, text);
  return { pattern: route.urlPattern, file, router: 'app', methods, offeredMethods: offered(methods), params: toParams(route) };
}

function pagesRoute(file: string, route: RouteOfFile): RouteInfo {
  // A Pages API handler is one default export that receives every method.
  const methods = [...HTTP_METHODS];
  return { pattern: route.urlPattern, file, router: 'pages', methods, offeredMethods: methods, params: toParams(route) };
}

function readSync(file: string, options: DiscoverOptions): string | undefined {
  const fromEditor = options.readText?.(file);
  if (fromEditor !== undefined) return fromEditor;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function readAsync(file: string, options: DiscoverOptions): Promise<string | undefined> {
  const fromEditor = options.readText?.(file);
  if (fromEditor !== undefined) return fromEditor;
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function compareRoutes(a: RouteInfo, b: RouteInfo): number {
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : a.router < b.router ? -1 : a.router > b.router ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** Every route of the app, sorted by pattern. Never rejects; unreadable folders and files are skipped. */
export async function discoverRoutes(app: NextApp, options: DiscoverOptions = {}): Promise<RouteInfo[]> {
  const exts = options.pageExtensions ?? DEFAULT_PAGE_EXTENSIONS;
  const routeNames = new Set(exts.map((e) => `route.${e}`));
  const appFiles: string[] = [];
  const pageFiles: string[] = [];
  const walks: Promise<void>[] = [];
  // Private `_folders` are never routed; `%5F` escapes a routable leading underscore.
  if (app.appDir) walks.push(walk(app.appDir, (n) => routeNames.has(n), (d) => d.startsWith('_'), appFiles));
  if (app.pagesDir) {
    walks.push(walk(path.join(app.pagesDir, 'api'), (n) => exts.some((e) => n.endsWith(`.${e}`)) && !/\.d\.[^.]+$/.test(n), () => false, pageFiles));
  }
  await Promise.all(walks);

  const out: RouteInfo[] = [];
  const jobs: Array<() => Promise<void>> = [];
  for (const file of appFiles) {
    const route = app.appDir ? routeOfFile(app.appDir, file, exts) : undefined;
    if (!route) continue;
    jobs.push(async () => {
      out.push(appRoute(file, route, await readAsync(file, options)));
    });
  }
  for (const file of pageFiles) {
    const route = app.pagesDir ? apiRouteOfFile(app.pagesDir, file, exts) : undefined;
    if (route) out.push(pagesRoute(file, route));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 64, jobs.length) }, worker));
  return out.sort(compareRoutes);
}

/** The route of one file (after a create/change event), or undefined when it is not a route file. */
export function routeOfAppFile(app: NextApp, file: string, text?: string, options: DiscoverOptions = {}): RouteInfo | undefined {
  const exts = options.pageExtensions ?? DEFAULT_PAGE_EXTENSIONS;
  if (app.appDir) {
    const route = routeOfFile(app.appDir, file, exts);
    if (route) return appRoute(file, route, text ?? readSync(file, options));
  }
  if (app.pagesDir) {
    const route = apiRouteOfFile(app.pagesDir, file, exts);
    if (route) return pagesRoute(file, route);
  }
  return undefined;
}
