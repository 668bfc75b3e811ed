import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonSync, readTextSync } from '../fileRead';
import { isDir, isWithin } from '../paths';

/** A Next.js application found on disk: the folder holding its package.json / next.config. */
export interface NextApp {
  /** Absolute path of the app's root folder. */
  root: string;
  /** Absolute path of the App Router directory (`app/` or `src/app/`), if present. */
  appDir?: string;
  /** Absolute path of the Pages Router API directory (`pages/api` or `src/pages/api`), if present. */
  pagesApiDir?: string;
  /** Absolute path of the `pages` directory, if present. */
  pagesDir?: string;
  /** Major version of `next` declared (or installed) for this app, when known. */
  nextMajor?: number;
  /** The app is written in TypeScript (a tsconfig.json is present). */
  typescript: boolean;
  /** The distDir (default `.next`), relative to root. */
  distDir: string;
  /** Absolute path of the `src` folder when the app uses the `src/` layout. */
  srcDir?: string;
}

const SKIP_DIRS = new Set(['node_modules', '.next', '.git', 'dist', 'out', 'build', '.turbo', '.vercel', 'coverage', '.vscode-test']);
const NEXT_CONFIG_RE = /^next\.config\.(js|mjs|cjs|ts|mts)$/;

/** A next.config.* or a package.json: the files whose appearing, change or removal can add, change or remove an app. */
export function isAppMarkerName(name: string): boolean {
  return name === 'package.json' || NEXT_CONFIG_RE.test(name);
}

const readJson = (file: string): unknown => readJsonSync(file);

/** Parses the major of a semver range or version such as `^16.1.0`, `16`, `~15.2`, `canary` (-> undefined). */
export function majorOf(range: string | undefined): number | undefined {
  if (!range) return undefined;
  const m = /(\d+)(?:\.|$|\s|x)/.exec(range.replace(/^[^\d]*/, ''));
  return m ? Number(m[1]) : undefined;
}

function declaredNext(pkg: unknown): string | undefined {
  if (!pkg || typeof pkg !== 'object') return undefined;
  const rec = pkg as Record<string, Record<string, string> | undefined>;
  return rec.dependencies?.next ?? rec.devDependencies?.next ?? rec.peerDependencies?.next;
}

/** Looks for an installed `next` from `root` upwards (node resolution), returning its version. */
function installedNextVersion(root: string): string | undefined {
  let dir = root;
  for (let i = 0; i < 30; i++) {
    const pkg = readJson(path.join(dir, 'node_modules', 'next', 'package.json'));
    if (pkg && typeof pkg === 'object' && typeof (pkg as { version?: unknown }).version === 'string') {
      return (pkg as { version: string }).version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function readDistDir(root: string, configFile: string | undefined): string {
  if (!configFile) return '.next';
  const text = readTextSync(path.join(root, configFile));
  const m = text === undefined ? null : /distDir\s*:\s*['"`]([^'"`]+)['"`]/.exec(text);
  return m ? m[1] : '.next';
}

/** Describes the Next.js app rooted at `root`, or returns undefined when it is not one. */
export function describeNextApp(root: string): NextApp | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return undefined;
  }
  const configFile = entries.find((e) => NEXT_CONFIG_RE.test(e));
  const pkg = entries.includes('package.json') ? readJson(path.join(root, 'package.json')) : undefined;
  const declared = declaredNext(pkg);
  if (!configFile && !declared) return undefined;
  const app: NextApp = {
    root,
    typescript: entries.includes('tsconfig.json'),
    distDir: readDistDir(root, configFile),
  };
  const src = path.join(root, 'src');
  const hasSrc = isDir(src);
  // Next.js ignores src/app when app/ exists at the root.
  if (isDir(path.join(root, 'app'))) app.appDir = path.join(root, 'app');
  else if (hasSrc && isDir(path.join(src, 'app'))) {
    app.appDir = path.join(src, 'app');
    app.srcDir = src;
  }
  if (isDir(path.join(root, 'pages'))) app.pagesDir = path.join(root, 'pages');
  else if (hasSrc && isDir(path.join(src, 'pages'))) {
    app.pagesDir = path.join(src, 'pages');
    app.srcDir = src;
  }
  if (app.pagesDir && isDir(path.join(app.pagesDir, 'api'))) app.pagesApiDir = path.join(app.pagesDir, 'api');
  const major = majorOf(declared) ?? majorOf(installedNextVersion(root));
  if (major !== undefined) app.nextMajor = major;
  return app;
}

/**
 * Finds the Next.js apps under the given folders (a workspace's roots), breadth-first, skipping
 * node_modules and build output, to a bounded depth. Apps nested in apps are found too (monorepos).
 */
export function findNextApps(roots: readonly string[], maxDepth = 6, maxDirs = 20000): NextApp[] {
  const found: NextApp[] = [];
  const seen = new Set<string>();
  let visited = 0;
  for (const root of roots) {
    const queue: Array<[string, number]> = [[path.resolve(root), 0]];
    while (queue.length > 0 && visited < maxDirs) {
      const [dir, depth] = queue.shift()!;
      if (seen.has(dir)) continue;
      seen.add(dir);
      visited++;
      const app = describeNextApp(dir);
      if (app) found.push(app);
      if (depth >= maxDepth) continue;
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const d of dirents) {
        if (!d.isDirectory() || SKIP_DIRS.has(d.name) || d.name.startsWith('.')) continue;
        // Inside an app's own app/ or pages/ folders there are no nested apps.
        if (app && (path.join(dir, d.name) === app.appDir || path.join(dir, d.name) === app.pagesDir)) continue;
        queue.push([path.join(dir, d.name), depth + 1]);
      }
    }
  }
  return found;
}

/** The app whose root contains `file` most closely, if any. */
export function appForFile(apps: readonly NextApp[], file: string): NextApp | undefined {
  let best: NextApp | undefined;
  for (const app of apps) {
    if (!isWithin(app.root, file)) continue;
    if (!best || app.root.length > best.root.length) best = app;
  }
  return best;
}
