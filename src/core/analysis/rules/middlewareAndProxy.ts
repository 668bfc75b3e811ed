// Project rule: both `middleware` and `proxy` in one app. Next.js 16 logs "Both middleware file … and proxy
// file … are detected" and leaves EVERY request hanging. The finding sits on the middleware file, the one to
// merge into proxy and delete, with the proxy file as related information.
import { fileKind, toPosix } from '../files';
import type { ProjectFinding } from '../rule';
import type { RuleMeta } from '../types';

export const middlewareAndProxyMeta: Omit<RuleMeta, 'docsUrl' | 'scope'> = {
  id: 'middleware-and-proxy',
  defaultSeverity: 'error',
  description: 'An app has both a middleware and a proxy file; Next.js 16 then leaves every request hanging.',
};

export function middlewareAndProxy(files: readonly string[], appRoots: readonly string[] | undefined, nextMajor: number): ProjectFinding[] {
  if (nextMajor < 16) return []; // `proxy` is the Next 16 name; before that only middleware exists
  const byApp = new Map<string, { middleware: string[]; proxy: string[] }>();
  for (const file of files) {
    const kind = fileKind(file, appRoots);
    if (kind !== 'proxy' && kind !== 'middleware') continue;
    const p = toPosix(file);
    const dir = p.slice(0, p.lastIndexOf('/')).replace(/\/src$/, '');
    const entry = byApp.get(dir) ?? { middleware: [], proxy: [] };
    entry[kind].push(file);
    byApp.set(dir, entry);
  }
  const out: ProjectFinding[] = [];
  for (const { middleware, proxy } of byApp.values()) {
    if (middleware.length === 0 || proxy.length === 0) continue;
    for (const m of middleware) {
      const name = m.slice(toPosix(m).lastIndexOf('/') + 1);
      const proxyName = proxy[0].slice(toPosix(proxy[0]).lastIndexOf('/') + 1);
      out.push({
        ruleId: 'middleware-and-proxy',
        file: m,
        message: `Both ${name} and ${proxyName} exist: Next.js 16 leaves every request hanging. Move this logic into ${proxyName} (export function proxy) and delete ${name}.`,
        related: proxy.map((p) => ({ file: p, span: { start: 0, end: 0 }, message: 'The proxy file Next.js 16 expects' })),
      });
    }
  }
  return out;
}
