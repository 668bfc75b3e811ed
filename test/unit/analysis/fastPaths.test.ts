// The speed work must not change what is found: the shortcuts that remain in the model and the rules (skipping the
// path analysis where one read cannot be a second read, stable loops stopping early, the flow's work budget) and
// uncommon routes of a leak, checked on worst-case shapes.
import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/index';
import { FileIndex } from '../../../src/core/parsing/fileIndex';
import { MAX_EVALUATIONS, runFlow } from '../../../src/core/parsing/flow';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { ts } from '../../../src/core/parsing/ts';
import { ADVERSARIAL } from './fuzzCorpus';
import { run } from './harness';

/** Leaks that reach the sink by less common routes: each must survive the name-based pre-pass. */
const LEAK_ROUTES = [
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    const parts: string[] = []\n    parts.push((e as Error).message)\n    return new Response(parts.join(','))\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    let msg = 'x'\n    msg = String(e)\n    return Response.json({ msg })\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    const list = [e]\n    return new Response(list.map((x) => (x as Error).message).join())\n  }\n}\n`,
  `const fmt = (x: unknown) => \`failed: \${(x as Error).stack}\`\nexport async function GET() {\n  try { return new Response('a') } catch (e) {\n    return new Response(fmt(e))\n  }\n}\n`,
  `function wrap(x: unknown) { return { detail: (x as Error).message } }\nfunction outer(y: unknown) { return wrap(y) }\nexport async function GET() {\n  try { return new Response('a') } catch (e) {\n    return Response.json(outer(e))\n  }\n}\n`,
  `export async function GET() {\n  return fetch('https://x').then((r) => new Response('ok'), (err) => new Response(\`\${err}\`))\n}\n`,
  `export async function GET() {\n  const rs = await Promise.allSettled([fetch('https://x')])\n  for (const r of rs) if (r.status === 'rejected') return new Response(String(r.reason))\n  return new Response('ok')\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch ({ message }) {\n    return new Response(message)\n  }\n}\n`,
  `export default async function handler(req: unknown, res: { status(n: number): { json(b: unknown): void } }) {\n  try { throw new Error('x') } catch (e) {\n    const body = { error: e instanceof Error ? e.message : 'x' }\n    res.status(500).json(body)\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    const o = { m: '' }\n    o.m = (e as Error).message\n    return Response.json(o)\n  }\n}\n`,
  // through calls whose value carries an argument, and helpers known by two names
  `const g = function f(x: unknown) { return String(x) }\nexport async function GET() {\n  try { return new Response('a') } catch (e) {\n    return new Response(g(e))\n  }\n}\n`,
  `class HttpError extends Error {}\nexport async function GET() {\n  try { return new Response('a') } catch (e) {\n    const wrapped = new HttpError(String(e))\n    return new Response(wrapped.message)\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    return new Response(['failed: '].concat(String(e)).join(''))\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    return new Response(JSON.stringify({ e }))\n  }\n}\n`,
  `async function explain(x: unknown) { await Promise.resolve(); return (x as Error).message }\nexport async function GET() {\n  try { return new Response('a') } catch (e) {\n    const text = await explain(e)\n    return new Response(text)\n  }\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    return new Response('x'.replace('x', String(e)))\n  }\n}\n`,
];

describe('shortcuts and uncommon routes find what they must', () => {
  it('leaked-error-message: each leak that reaches its sink by a less common route is found, in a route and in pages/api', () => {
    for (const text of LEAK_ROUTES) assert.ok(run('leaked-error-message', text, text.includes('res.status') ? '/p/pages/api/x.ts' : undefined).length > 0, text);
  });

  it('double-body-read: a read inside deeply nested loops is a second read on the next iteration', () => {
    const depth = 12;
    const text = `export async function POST(request: Request) {\n${'for (const x of [1, 2]) {\n'.repeat(depth)}await request.text()\n${'}\n'.repeat(depth)}return new Response('')\n}\n`;
    const found = run('double-body-read', text);
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0].span.start, found[0].span.end), 'request.text()');
    assert.match(found[0].message, /earlier loop iteration/);
  });

  it('double-body-read: one read per handler is never flagged, two on one path are, across 40 handlers', () => {
    const ok = Array.from({ length: 40 }, (_, k) => `export async function H${k}(request: Request) {\n  const b = await request.json()\n  for (const key of Object.keys(b)) console.log(key)\n  return Response.json(b)\n}\n`).join('');
    assert.deepEqual(run('double-body-read', ok), []);
    const bad = ok.replace('return Response.json(b)', 'return Response.json(await request.text())');
    const found = run('double-body-read', bad);
    assert.equal(found.length, 1);
    assert.equal(bad.slice(found[0].span.start, found[0].span.end), 'request.text()');
  });

  it('taint through a chain of 300 helpers and through 300 derived variables is still found', () => {
    for (const make of [ADVERSARIAL[4], ADVERSARIAL[5], ADVERSARIAL[6]]) {
      const text = make(300);
      const found = run('leaked-error-message', text);
      assert.equal(found.length, 1, text.slice(0, 80));
      assert.match(text.slice(found[0].span.start, found[0].span.end), /^(v300|describe\(e\)|h299\(e\))$/);
    }
  });

  it('the flow stops at its work budget, says so, and missing-response then reports nothing', () => {
    const statements = Math.ceil(MAX_EVALUATIONS / 3);
    const text = `export function GET(request: Request) {\n  let n = 0\n${'  n++\n'.repeat(statements)}  if (request.url) return new Response(String(n))\n}\n`;
    const sf = parseFile('/p/app/x/route.ts', text).sourceFile;
    new FileIndex(sf);
    const fn = sf.statements[0] as ts.FunctionDeclaration;
    const r = runFlow<true>(fn, true, { join: () => true, same: () => true, visit: (_n, s) => s });
    assert.equal(r.truncated, true);
    const small = runFlow<true>(parseFile('/p/x.ts', 'function f() { return 1 }').sourceFile.statements[0] as ts.FunctionDeclaration, true, { join: () => true, same: () => true, visit: (_n, s) => s });
    assert.equal(small.truncated, undefined);
    assert.deepEqual(run('missing-response', text), [], 'no guess from a truncated analysis');
    // the same handler, small enough, is reported
    assert.equal(run('missing-response', text.replace('  n++\n'.repeat(statements), '  n++\n')).length, 1);
  });

  it('every worst-case shape at full size: no throw, no internal error, spans in range', () => {
    for (const [k, make] of ADVERSARIAL.entries()) {
      const text = make(400);
      for (const file of ['/p/app/api/x/route.ts', '/p/proxy.ts', '/p/pages/api/x.ts']) {
        const errors: string[] = [];
        const { findings } = analyzeSource({ file, text }, { onInternalError: (id, e) => errors.push(`${id}: ${String(e)}`) });
        assert.deepEqual(errors, [], `shape ${k} in ${file}`);
        for (const f of findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length);
      }
    }
  });
});
