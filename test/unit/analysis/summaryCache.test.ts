import * as assert from 'node:assert/strict';
import { summaryCache } from '../../../src/core/analysis/summaries';
import { ROUTE, runProject } from './projectHarness';

const files = {
  [ROUTE]: `import { handleApiError, readJson } from '@/lib'\nimport { withAuth } from '@/lib/auth'\nexport const POST = withAuth(async (req: Request) => {\n  try {\n    return Response.json(await readJson(req))\n  } catch (error) {\n    return handleApiError(error)\n  }\n})\n`,
  '/app/lib/index.ts': `export * from './api-error'\nexport { readJson } from './http'\n`,
  '/app/lib/api-error.ts': `export class ApiError extends Error {}\nexport function handleApiError(e: unknown) {\n  return Response.json({ error: (e as Error).message }, { status: 500 })\n}\nexport const responses = { bad: (m: string) => Response.json({ m }, { status: 400 }) }\n`,
  '/app/lib/http.ts': `export async function readJson(req: Request) {\n  return req.json()\n}\n`,
  '/app/lib/auth.ts': `export function withAuth(h: (r: Request) => Promise<Response>) {\n  return async (r: Request) => {\n    try { return await h(r) } catch (e) { return new Response(String(e), { status: 500 }) }\n  }\n}\n`,
};

/** Every value reachable from `root` is plain data: primitives, arrays, Maps, Sets and plain objects. */
function assertPlainData(root: unknown): number {
  const seen = new Set<unknown>();
  const todo: Array<[unknown, string]> = [[root, '$']];
  let count = 0;
  while (todo.length > 0) {
    const [v, at] = todo.pop()!;
    if (v === null || typeof v !== 'object') {
      assert.ok(typeof v !== 'function' && typeof v !== 'symbol', `${at} is a ${typeof v}`);
      continue;
    }
    if (seen.has(v)) continue;
    seen.add(v);
    count++;
    if (Array.isArray(v)) v.forEach((x, i) => todo.push([x, `${at}[${i}]`]));
    else if (v instanceof Map) for (const [k, x] of v) todo.push([k, `${at}.key`], [x, `${at}.get(${String(k)})`]);
    else if (v instanceof Set) for (const x of v) todo.push([x, `${at}.item`]);
    else {
      const proto = Object.getPrototypeOf(v);
      assert.ok(proto === Object.prototype || proto === null, `${at} is not a plain object (${proto?.constructor?.name})`);
      const o = v as Record<string, unknown>;
      assert.ok(!(typeof o.kind === 'number' && typeof o.pos === 'number' && typeof o.end === 'number' && typeof o.flags === 'number'), `${at} is a syntax node`);
      for (const k of Object.keys(o)) todo.push([o[k], `${at}.${k}`]);
    }
  }
  return count;
}

describe('module summaries cache', () => {
  beforeEach(() => summaryCache.clear());

  it('is hit the second time a module with the same text is reached, whatever analysis reaches it', () => {
    const first = runProject(undefined, { files });
    assert.ok(first.analysis.findings.length > 0, 'the project has findings to compare');
    const misses = summaryCache.misses;
    assert.equal(misses, 4, 'each of the four modules is summarized once');
    assert.equal(summaryCache.hits, 0);
    const second = runProject(undefined, { files });
    assert.equal(summaryCache.misses, misses, 'nothing summarized again');
    assert.equal(summaryCache.hits, 4);
    assert.deepEqual(second.analysis.findings, first.analysis.findings);
  });

  it('is keyed by content: the same text under another path is a hit, an edited text a miss', () => {
    runProject(undefined, { files });
    const moved = { ...files, '/app/lib/http2.ts': files['/app/lib/http.ts'], '/app/lib/index.ts': `export * from './api-error'\nexport { readJson } from './http2'\n` };
    const before = { hits: summaryCache.hits, misses: summaryCache.misses };
    runProject(undefined, { files: moved });
    assert.equal(summaryCache.misses - before.misses, 1, 'only the edited index.ts is summarized again');
    assert.equal(summaryCache.hits - before.hits, 3);
  });

  it('holds no syntax tree: every cached summary is plain data', () => {
    runProject(undefined, { files });
    let objects = 0;
    for (const s of summaryCache.values()) objects += assertPlainData(s);
    assert.ok(objects > 20, `walked ${objects} objects`);
  });
});
