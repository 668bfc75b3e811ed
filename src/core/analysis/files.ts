// Which files the analyzer looks at, and what kind of file each is. Paths are absolute; `\` and `/` both work.

export type FileKind = 'route' | 'proxy' | 'middleware' | 'pages-api' | 'other';

const SOURCE_EXT = /\.(ts|js|mts|mjs|tsx|jsx|cts|cjs)$/i;
const ROUTE_FILE = /^route\.(ts|js|mts|mjs|tsx|jsx)$/;
const PROXY_FILE = /^(proxy|middleware)\.(ts|js|mts|mjs|tsx|jsx)$/;

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function samePath(a: string, b: string): boolean {
  // Windows drive letters and paths are case-insensitive; compare those case-insensitively.
  return /^[a-z]:\//i.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function isUnder(file: string, dir: string): boolean {
  const d = trimSlash(dir) + '/';
  return /^[a-z]:\//i.test(file) ? file.toLowerCase().startsWith(d.toLowerCase()) : file.startsWith(d);
}

/** The app root a file belongs to (the longest matching root), if any. */
function rootOf(file: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) {
    const root = trimSlash(toPosix(r));
    if (isUnder(file, root) && (!best || root.length > best.length)) best = root;
  }
  return best;
}

/**
 * What kind of Next.js file `path` is:
 * - `route`: route.{ts,js,mts,mjs,tsx,jsx} inside an `app` directory;
 * - `proxy` / `middleware`: at an app root or in its `src/` folder;
 * - `pages-api`: any source file under `pages/api` (or `src/pages/api`), except declaration files;
 * - `other`: none of these.
 * With `appRoots`, the app/pages folders must be the ones at those roots (or in their `src/`).
 */
export function fileKind(path: string, appRoots?: readonly string[]): FileKind {
  const file = toPosix(path);
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  const dir = slash >= 0 ? file.slice(0, slash) : '';
  if (!SOURCE_EXT.test(base) || /\.d\.[mc]?ts$/i.test(base)) return 'other';
  const root = appRoots && appRoots.length > 0 ? rootOf(file, appRoots) : undefined;
  if (appRoots && appRoots.length > 0 && root === undefined) return 'other';

  if (ROUTE_FILE.test(base)) {
    if (root !== undefined) {
      if (isUnder(file, `${root}/app`) || isUnder(file, `${root}/src/app`)) return 'route';
    } else if (/(^|\/)app\//.test(file)) return 'route';
  }
  if (PROXY_FILE.test(base)) {
    const kind = base.startsWith('proxy.') ? 'proxy' : 'middleware';
    if (root !== undefined) {
      if (samePath(dir, root) || samePath(dir, `${root}/src`)) return kind;
    } else if (!/(^|\/)(app|pages|node_modules)\//.test(file)) return kind;
  }
  if (root !== undefined) {
    if (isUnder(file, `${root}/pages/api`) || isUnder(file, `${root}/src/pages/api`)) return 'pages-api';
  } else if (/(^|\/)pages\/api\//.test(file) && !/(^|\/)node_modules\//.test(file)) return 'pages-api';
  return 'other';
}

/** route files under an app dir, proxy/middleware files at an app root or src/, and pages/api files. */
export function isAnalyzableFile(path: string, appRoots?: readonly string[]): boolean {
  return fileKind(path, appRoots) !== 'other';
}
