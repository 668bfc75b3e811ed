// "Run all" for a route, a folder or the app: the requests of a suite whose URL path falls in the scope, plus the
// earlier named requests they read captures from (`{{login.token}}`), so a route's requests run with what they need.
import type { Suite, SuiteRequest } from './parse';

export type SuiteScope =
  | { kind: 'app' }
  /** One route: its URL pattern, e.g. `/api/users/[id]`. */
  | { kind: 'route'; pattern: string }
  /** Every route under a URL folder, e.g. `/api/users`. */
  | { kind: 'folder'; prefix: string };

/** The path of a request's URL as written: `{{baseUrl}}/api/x?q=1` and `http://host:3000/api/x` give `/api/x`. */
export function requestPath(url: string): string {
  let p = url.replace(/^\{\{\s*baseUrl\s*\}\}/, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  p = p.split(/[?#]/)[0];
  return p.startsWith('/') ? p : `/${p}`;
}

/** Segments of a URL pattern matched against a path: `[x]` one segment, `[...x]` one or more, `[[...x]]` any. */
export function pathMatches(pattern: string, path: string): boolean {
  const pat = pattern.split('/').filter(Boolean);
  const segs = path.split('/').filter(Boolean);
  const go = (i: number, j: number): boolean => {
    if (i === pat.length) return j === segs.length;
    const s = pat[i];
    if (/^\[\[\.\.\..+\]\]$/.test(s)) return i === pat.length - 1 || segs.slice(j).some((_, k) => go(i + 1, j + k));
    if (/^\[\.\.\..+\]$/.test(s)) return j < segs.length && (i === pat.length - 1 || segs.slice(j + 1).some((_, k) => go(i + 1, j + 1 + k)));
    if (j >= segs.length) return false;
    if (/^\[.+\]$/.test(s) || s === segs[j]) return go(i + 1, j + 1);
    return false;
  };
  return go(0, 0);
}

export function inScope(req: SuiteRequest, scope: SuiteScope): boolean {
  if (scope.kind === 'app') return true;
  const p = requestPath(req.url);
  if (scope.kind === 'route') return pathMatches(scope.pattern, p);
  const prefix = scope.prefix.replace(/\/+$/, '');
  return p === prefix || p.startsWith(`${prefix}/`) || (prefix === '' && p.startsWith('/'));
}

/** Names a request reads from earlier named responses (`{{name.x}}`, `{{name.response.body.$.x}}`). */
function usedRefs(req: SuiteRequest): Set<string> {
  const text = [req.url, ...req.headers.flatMap((h) => [h.name, h.value]), req.body ?? '', ...req.variables.map((v) => v.value)].join('\n');
  const out = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*([A-Za-z_][\w-]*)\./g)) out.add(m[1]);
  return out;
}

/** The suite narrowed to the scope: its requests in file order, with the earlier named requests they depend on. */
export function selectRequests(suite: Suite, scope: SuiteScope): Suite {
  if (scope.kind === 'app') return suite;
  const keep = new Set<number>();
  const need = (i: number): void => {
    if (keep.has(i)) return;
    keep.add(i);
    for (const ref of usedRefs(suite.requests[i])) {
      for (let k = i - 1; k >= 0; k--) {
        if (suite.requests[k].ref === ref) {
          need(k);
          break;
        }
      }
    }
  };
  suite.requests.forEach((r, i) => { if (inScope(r, scope)) need(i); });
  return { ...suite, requests: suite.requests.filter((_, i) => keep.has(i)) };
}
