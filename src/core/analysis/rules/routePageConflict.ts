// Project rule: a route file and a page answering the same URL. Next.js dev then answers 500 on EVERY route
// ("Conflicting route and page at /x"). Pages Router files that answer the same URL as an app route conflict
// too ("Conflicting app and page file was found").
import { toPosix } from '../files';
import type { ProjectFinding } from '../rule';
import type { RuleMeta } from '../types';

export const routePageConflictMeta: Omit<RuleMeta, 'docsUrl' | 'scope'> = {
  id: 'route-page-conflict',
  defaultSeverity: 'error',
  description: 'A route file and a page answer the same URL, which makes every route of the app fail in next dev.',
};

const ROUTE = /^route\.(ts|js|mts|mjs|tsx|jsx)$/;
const PAGE = /^page\.(ts|js|tsx|jsx|mdx|md)$/;
const PAGES_FILE = /\.(ts|js|tsx|jsx|mts|mjs|mdx|md)$/;

interface Located {
  /** The app folder (`…/app` or `…/src/app`) or the pages folder, absolute posix. */
  base: string;
  /** The project root the base belongs to. */
  root: string;
  url: string;
}

/** Splits a file under an app directory into the app root and the URL its folder answers. */
function inAppDir(file: string, roots: readonly string[] | undefined): Located | undefined {
  const candidates: string[] = [];
  if (roots && roots.length > 0) {
    for (const r of roots) {
      const root = toPosix(r).replace(/\/$/, '');
      candidates.push(`${root}/app`, `${root}/src/app`);
    }
  } else {
    const m = /^(.*?\/)(src\/)?app\//.exec(file);
    if (m) candidates.push(`${m[1]}${m[2] ?? ''}app`);
  }
  for (const base of candidates) {
    if (!file.startsWith(base + '/')) continue;
    const segs = file.slice(base.length + 1).split('/');
    segs.pop();
    if (segs.some((s) => s.startsWith('_'))) return undefined; // private folders are not routable
    const url = '/' + segs.filter((s) => !(s.startsWith('(') && s.endsWith(')')) && !s.startsWith('@')).join('/');
    return { base, root: base.replace(/\/(src\/)?app$/, ''), url };
  }
  return undefined;
}

function inPagesDir(file: string, roots: readonly string[] | undefined): Located | undefined {
  const candidates: string[] = [];
  if (roots && roots.length > 0) {
    for (const r of roots) {
      const root = toPosix(r).replace(/\/$/, '');
      candidates.push(`${root}/pages`, `${root}/src/pages`);
    }
  } else {
    const m = /^(.*?\/)(src\/)?pages\//.exec(file);
    if (m) candidates.push(`${m[1]}${m[2] ?? ''}pages`);
  }
  for (const base of candidates) {
    if (!file.startsWith(base + '/')) continue;
    const rel = file.slice(base.length + 1);
    if (!PAGES_FILE.test(rel) || /\.d\.ts$/.test(rel)) return undefined;
    const segs = rel.replace(PAGES_FILE, '').split('/');
    if (segs[0].startsWith('_') && segs.length === 1) return undefined; // _app, _document, _error
    if (segs[segs.length - 1] === 'index') segs.pop();
    return { base, root: base.replace(/\/(src\/)?pages$/, ''), url: '/' + segs.join('/') };
  }
  return undefined;
}

export function routePageConflict(files: readonly string[], appRoots?: readonly string[]): ProjectFinding[] {
  const routes = new Map<string, string[]>();
  const pages = new Map<string, string>();
  const pagesRouter = new Map<string, string>();
  for (const original of files) {
    const file = toPosix(original);
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (ROUTE.test(base) || PAGE.test(base)) {
      const loc = inAppDir(file, appRoots);
      if (loc) {
        const key = `${loc.root}\0${loc.url}`;
        if (ROUTE.test(base)) routes.set(key, [...(routes.get(key) ?? []), original]);
        else if (!pages.has(key)) pages.set(key, original);
        continue;
      }
    }
    const p = inPagesDir(file, appRoots);
    if (p) {
      const key = `${p.root}\0${p.url}`;
      if (!pagesRouter.has(key)) pagesRouter.set(key, original);
    }
  }
  const out: ProjectFinding[] = [];
  for (const [key, routeFiles] of routes) {
    const url = key.slice(key.indexOf('\0') + 1);
    const page = pages.get(key);
    const legacy = pagesRouter.get(key);
    for (const route of routeFiles) {
      if (page) {
        out.push({
          ruleId: 'route-page-conflict',
          file: route,
          message: `Conflicting route and page at ${url}: next dev answers 500 on every route of the app. Move the route handler to another folder (for example ${url === '/' ? '/api' : `${url}/api`}) or remove the page.`,
          related: [{ file: page, span: { start: 0, end: 0 }, message: `The page that answers ${url}` }],
        });
      }
      if (legacy) {
        out.push({
          ruleId: 'route-page-conflict',
          file: route,
          message: `Conflicting app and pages files at ${url}: the Pages Router file answers the same URL and Next.js refuses to serve either. Remove one of them.`,
          related: [{ file: legacy, span: { start: 0, end: 0 }, message: `The Pages Router file that answers ${url}` }],
        });
      }
    }
  }
  return out;
}
