// The routes of a Next.js app: App Router route files and Pages Router API files, with their URL
// pattern (routes/segments.ts: groups removed, private and intercepting folders skipped), their params
// and the methods the file really exports (parsing/exports.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTextSync } from '../fileRead';
import { exportedHandlers } from '../parsing/exports';
import { scanExportNames } from '../parsing/exportNames';
import type { NextApp } from '../project/nextApps';
import { HTTP_METHODS, type HttpMethod } from '../http/methods';
import type { RouteInfo, RouteParam } from '../http/types';
import { apiRouteOfFile, DEFAULT_PAGE_EXTENSIONS, routeOfFile, type RouteOfFile } from './segments';

export type { RouteInfo } from '../http/types';

export interface DiscoverOptions {
  /** Text of a file as the editor has it (unsaved changes); read from disk when undefined. */
  readText?(file: string): string | undefined;
  /** Next.js `pageExtensions`. Default tsx, ts, jsx, js. */
  pageExtensions?: readonly string[];
  /** Folders each walk visits at most (default MAX_WALKED_DIRS). */
  maxDirs?: number;
}

const SKIP = new Set(['node_modules', '.git', '.next']);

/** Lets other work run on the extension host between slices of a long discovery. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Files or folders handled between two ticks: keeps each pause of the event loop to a few ms. */
const SLICE = 200;
/**
 * Folders one walk visits at most. Links to folders are never followed (a loop cannot trap the walk), but an
 * `app` folder that is itself a link to `/` would walk the machine: the bound ends that.
 */
export const MAX_WALKED_DIRS = 20_000;

/**
 * Route-file candidates under `dir`: every `route.*` (App Router) or every file (pages/api).
 * Synchronous reads in slices, not fs.promises: with thousands of small files the thread-pool round
 * trips of async fs cost several times more (measured in test/bench/discovery.bench.ts).
 */
async function walk(dir: string, accept: (name: string) => boolean, skipDir: (name: string) => boolean, out: string[], maxDirs: number): Promise<void> {
  const stack = [dir];
  let n = 0;
  while (stack.length > 0 && n < maxDirs) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP.has(e.name) && !skipDir(e.name)) stack.push(path.join(d, e.name));
      } else if ((e.isFile() || e.isSymbolicLink()) && accept(e.name)) out.push(path.join(d, e.name));
    }
    if (++n % SLICE === 0) await tick();
  }
}

function toParams(route: RouteOfFile): RouteParam[] {
  return route.params.map((p) => ({ name: p.name, kind: p.kind === 'dynamic' ? 'single' : p.kind }));
}

const AUTO_METHODS: readonly HttpMethod[] = ['HEAD', 'OPTIONS'];

function offered(methods: readonly HttpMethod[]): HttpMethod[] {
  const set = new Set<HttpMethod>([...methods, ...AUTO_METHODS]);
  return HTTP_METHODS.filter((m) => set.has(m));
}

/**
 * The methods an App Router route file exports (uppercase names only: Next ignores `get`). The names come from
 * the scanner fast path (parsing/exportNames.ts) and, when it is unsure, from a full parse: both give the same
 * names, and the fast path spares discovery the parse of thousands of files.
 */
export function exportedMethods(file: string, text: string): HttpMethod[] {
  const found = new Set<string>(scanExportNames(file, text) ?? exportedHandlers(file, text).map((h) => h.name));
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
  return readTextSync(file);
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
  // Private `_folders` are never routed; `%5F` escapes a routable leading underscore.
  const maxDirs = options.maxDirs ?? MAX_WALKED_DIRS;
  if (app.appDir) await walk(app.appDir, (name) => routeNames.has(name), (d) => d.startsWith('_'), appFiles, maxDirs);
  if (app.pagesDir) {
    await walk(path.join(app.pagesDir, 'api'), (name) => exts.some((e) => name.endsWith(`.${e}`)) && !/\.d\.[^.]+$/.test(name), () => false, pageFiles, maxDirs);
  }

  const out: RouteInfo[] = [];
  let n = 0;
  for (const file of appFiles) {
    const route = app.appDir ? routeOfFile(app.appDir, file, exts) : undefined;
    if (route) out.push(appRoute(file, route, readSync(file, options)));
    if (++n % SLICE === 0) await tick();
  }
  for (const file of pageFiles) {
    const route = app.pagesDir ? apiRouteOfFile(app.pagesDir, file, exts) : undefined;
    if (route) out.push(pagesRoute(file, route));
  }
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
