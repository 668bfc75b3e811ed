// Routes already on disk that a new route would collide with, by Next.js' own rules (sorted-routes.js):
// the same URL twice, two names for one dynamic level, a required beside an optional catch-all, and
// an optional catch-all beside a route at its parent URL. Plain data in, a message out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PAGE_EXTENSIONS, parseSegment, type Segment } from '../routes/segments';

export interface UrlSegment {
  kind: 'static' | 'dynamic' | 'catchAll' | 'optionalCatchAll';
  name: string;
}

export interface ExistingEntry {
  /** What serves the URL: an App Router route handler or page, or a Pages Router file. */
  kind: 'route' | 'page' | 'pages';
  file: string;
  url: UrlSegment[];
}

/** The URL-level segments of App Router folders; undefined when the folders are not routable. */
export function urlSegmentsOf(segments: readonly Segment[]): UrlSegment[] | undefined {
  const out: UrlSegment[] = [];
  for (const s of segments) {
    switch (s.kind) {
      case 'group':
      case 'parallel':
        break;
      case 'private':
      case 'intercepting':
        return undefined;
      default:
        out.push({ kind: s.kind, name: s.name });
    }
  }
  return out;
}

export function urlText(url: readonly UrlSegment[]): string {
  const parts = url.map((s) =>
    s.kind === 'static' ? s.name : s.kind === 'dynamic' ? `[${s.name}]` : s.kind === 'catchAll' ? `[...${s.name}]` : `[[...${s.name}]]`,
  );
  return `/${parts.join('/')}`;
}

/** Why `next` cannot live beside `existing`, or undefined when both can. */
export function conflictBetween(next: readonly UrlSegment[], existing: readonly UrlSegment[]): string | undefined {
  const n = Math.min(next.length, existing.length);
  for (let i = 0; i < n; i++) {
    const a = next[i];
    const b = existing[i];
    if (a.kind === 'static' || b.kind === 'static') {
      if (a.kind === b.kind && a.name === b.name) continue;
      return undefined;
    }
    const catchAlls = new Set([a.kind, b.kind]);
    if (catchAlls.has('catchAll') && catchAlls.has('optionalCatchAll')) {
      return `a required and an optional catch-all cannot be used at the same level ('[...]' and '[[...]]' in ${urlText(existing.slice(0, i + 1))})`;
    }
    if (a.kind !== b.kind) return undefined;
    if (a.name !== b.name) {
      return `one dynamic level cannot have two names ('${b.name}' already used by ${urlText(existing.slice(0, i + 1))}, new '${a.name}')`;
    }
  }
  if (next.length === existing.length) return 'same-url';
  const [longer, shorter] = next.length > existing.length ? [next, existing] : [existing, next];
  if (longer.length === shorter.length + 1 && longer[longer.length - 1].kind === 'optionalCatchAll') {
    return `an optional catch-all also matches its parent URL ${urlText(shorter)}, so both cannot exist`;
  }
  return undefined;
}

const ROUTE_OR_PAGE_RE = /^(route|page)\.([a-z]+)$/;
const SKIP = new Set(['node_modules']);

/**
 * Route handlers and pages under `appDir`, and every file of `pagesDir`, bounded by `maxEntries`
 * directory entries. Unreadable folders are skipped.
 */
export function existingEntries(
  dirs: { appDir?: string; pagesDir?: string },
  pageExtensions: readonly string[] = DEFAULT_PAGE_EXTENSIONS,
  maxEntries = 20000,
): ExistingEntry[] {
  const out: ExistingEntry[] = [];
  let budget = maxEntries;
  const walk = (root: string, visit: (file: string, rel: string[]) => void) => {
    const stack: string[][] = [[]];
    while (stack.length > 0 && budget > 0) {
      const rel = stack.pop()!;
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(path.join(root, ...rel), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const d of dirents) {
        if (--budget <= 0) break;
        if (d.isDirectory()) {
          if (!SKIP.has(d.name)) stack.push([...rel, d.name]);
        } else if (d.isFile()) {
          visit(path.join(root, ...rel, d.name), [...rel, d.name]);
        }
      }
    }
  };
  if (dirs.appDir) {
    walk(dirs.appDir, (file, rel) => {
      const m = ROUTE_OR_PAGE_RE.exec(rel[rel.length - 1]);
      if (!m || !pageExtensions.includes(m[2])) return;
      const url = urlSegmentsOf(rel.slice(0, -1).map(parseSegment));
      if (url) out.push({ kind: m[1] === 'route' ? 'route' : 'page', file, url });
    });
  }
  if (dirs.pagesDir) {
    walk(dirs.pagesDir, (file, rel) => {
      const base = rel[rel.length - 1];
      const dot = base.lastIndexOf('.');
      if (dot <= 0 || !pageExtensions.includes(base.slice(dot + 1))) return;
      const stem = base.slice(0, dot);
      if (stem.endsWith('.d')) return;
      if (rel.length === 1 && /^_(app|document|error)$/.test(stem)) return;
      const parts = [...rel.slice(0, -1), ...(stem === 'index' ? [] : [stem])];
      const url: UrlSegment[] = parts.map((p) => {
        const s = parseSegment(p);
        return s.kind === 'dynamic' || s.kind === 'catchAll' || s.kind === 'optionalCatchAll' ? { kind: s.kind, name: s.name } : { kind: 'static', name: p };
      });
      out.push({ kind: 'pages', file, url });
    });
  }
  return out;
}
