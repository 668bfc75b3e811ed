// The request core against a real `next dev` on a fresh copy of the fixture app (127.0.0.1 only).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { devLogOffset, fetchServerErrors } from '../../src/core/http/serverErrors';
import { findDevServer } from '../../src/core/http/devServer';
import { executeRequest } from '../../src/core/http/executor';
import { formatBody } from '../../src/core/http/format';
import { buildUrl } from '../../src/core/http/url';
import type { ResponseSummary, RequestResult } from '../../src/core/http/types';
import { describeNextApp, type NextApp } from '../../src/core/project/nextApps';
import { discoverRoutes } from '../../src/core/routes/discovery';
import { copyFixture, startNextDev, type NextDev } from '../support/nextDev';

function ok(r: RequestResult): ResponseSummary {
  if (!r.ok) assert.fail(`request failed: ${r.kind}: ${r.message}\n${r.detail ?? ''}`);
  return r;
}
const text = (r: ResponseSummary): string => new TextDecoder().decode(r.body);

describe('http core against a real next dev', () => {
  let appRoot: string;
  let app: NextApp;
  let dev: NextDev | undefined;
  let base: string;
  before(async () => {
    appRoot = copyFixture('next-app', 'http');
    app = describeNextApp(appRoot)!;
    dev = await startNextDev(appRoot, { probePath: '/api/hello' });
  });
  after(async () => {
    await dev?.stop();
    fs.rmSync(path.dirname(appRoot), { recursive: true, force: true });
  });

  it('finds the running dev server from its lock (the request URL on 127.0.0.1)', async () => {
    const s = await findDevServer(app);
    assert.equal(s.state, 'running');
    assert.ok(s.state === 'running' && s.source === 'lock');
    assert.equal(s.url, dev!.url);
    assert.equal(s.lock.port, dev!.port);
    base = s.url;
  });

  it('discovers the fixture routes with the methods their files export', async () => {
    const routes = await discoverRoutes(app);
    const byPattern = new Map(routes.map((r) => [r.pattern, r.methods.join(',')]));
    assert.equal(byPattern.get('/api/users/[id]'), 'GET,DELETE');
    assert.equal(byPattern.get('/api/echo'), 'POST');
    assert.equal(byPattern.get('/api/ping'), 'GET', 'the (marketing) group is not in the URL');
    assert.ok(![...byPattern.keys()].some((p) => p.includes('_private')));
  });

  it('GETs a dynamic route with an encoded param: status, body, timings, size', async () => {
    const built = buildUrl(base, '/api/users/[id]', { id: 'a b/é' });
    assert.ok(built.ok);
    const r = ok(await executeRequest({ method: 'GET', url: built.url }));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(text(r)), { id: 'a b/é', name: 'User a b/é' });
    assert.ok(r.ttfbMs > 0 && r.totalMs >= r.ttfbMs);
    assert.equal(r.bodyBytes, r.body.length);
    assert.match(r.contentType ?? '', /application\/json/);
    assert.equal(formatBody(r.body, r.contentType).kind, 'json');
  });

  it('POSTs a JSON body and refuses an invalid one before sending, with its position', async () => {
    const r = ok(await executeRequest({ method: 'POST', url: `${base}/api/echo`, body: { kind: 'json', text: '{"a":[1,2]}' } }));
    assert.deepEqual(JSON.parse(text(r)), { received: { a: [1, 2] } });
    const bad = await executeRequest({ method: 'POST', url: `${base}/api/echo`, body: { kind: 'json', text: '{"a":\n  [1,,2]}' } });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.kind === 'invalid-body');
    assert.deepEqual(!bad.ok && bad.position && [bad.position.line, bad.position.column], [2, 6]);
  });

  it('answers HEAD and OPTIONS (automatic in Next) and 405 for a method the file does not export', async () => {
    assert.equal(ok(await executeRequest({ method: 'HEAD', url: `${base}/api/hello` })).status, 200);
    const opts = ok(await executeRequest({ method: 'OPTIONS', url: `${base}/api/hello` }));
    assert.equal(opts.status, 204);
    assert.match(new Map(opts.headers).get('allow') ?? '', /GET/);
    assert.equal(ok(await executeRequest({ method: 'PUT', url: `${base}/api/echo`, body: { kind: 'text', text: 'x' } })).status, 405);
  });

  it('shows a redirect without following it by default, and follows it on request', async () => {
    const shown = ok(await executeRequest({ method: 'GET', url: `${base}/api/redirect` }));
    assert.equal(shown.status, 307);
    assert.equal(shown.redirectTo, `http://localhost:${dev!.port}/api/hello`);
    assert.deepEqual(shown.redirects, []);
    const followed = ok(await executeRequest({ method: 'GET', url: `${base}/api/redirect`, followRedirects: true }));
    assert.equal(followed.status, 200);
    assert.equal(text(followed), 'hello from the fixture');
    assert.deepEqual(followed.redirects.map((h) => h.status), [307]);
  });

  it('streams a ReadableStream body chunk by chunk with the time of each chunk', async () => {
    const seen: Array<{ t: number; s: string }> = [];
    const r = ok(await executeRequest({ method: 'GET', url: `${base}/api/stream` }, { onChunk: (b, t) => seen.push({ t, s: new TextDecoder().decode(b) }) }));
    assert.equal(seen.map((c) => c.s).join(''), 'chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n');
    assert.ok(seen.length >= 3, `chunks arrive separately (got ${seen.length})`);
    assert.deepEqual(r.chunks.map((c) => c.tMs), seen.map((c) => c.t));
    // 4 pauses of 150 ms between the first and the last chunk
    assert.ok(seen[seen.length - 1].t - seen[0].t >= 400, `chunks spread over time: ${seen.map((c) => c.t.toFixed(0)).join(', ')}`);
  });

  it('streams server-sent events and formats them as events', async () => {
    const r = ok(await executeRequest({ method: 'GET', url: `${base}/api/events` }));
    const f = formatBody(r.body, r.contentType);
    assert.ok(f.kind === 'sse');
    assert.deepEqual(f.events, [1, 2, 3].map((n) => ({ event: 'tick', id: String(n), data: `{"n":${n}}` })));
    assert.ok(r.chunks.length >= 2);
  });

  it('formats XML and images by their content type', async () => {
    const xml = ok(await executeRequest({ method: 'GET', url: `${base}/api/feed` }));
    const fx = formatBody(xml.body, xml.contentType);
    assert.ok(fx.kind === 'xml');
    assert.match(fx.text, /\n {4}<title>Fixture feed<\/title>\n/);
    const png = ok(await executeRequest({ method: 'GET', url: `${base}/api/pixel` }));
    const fp = formatBody(png.body, png.contentType);
    assert.ok(fp.kind === 'image');
    assert.equal(fp.mime, 'image/png');
    assert.equal(Buffer.from(fp.base64, 'base64').subarray(1, 4).toString(), 'PNG');
  });

  it('keeps 10 MB of a 12 MB body and spills the whole to a file', async () => {
    const spillDir = path.join(path.dirname(appRoot), 'spill');
    const r = ok(await executeRequest({ method: 'GET', url: `${base}/api/large?mb=12`, timeoutMs: 120_000 }, {}, { spillDir }));
    assert.equal(r.bodyBytes, 12 * 1024 * 1024);
    assert.equal(r.body.length, 10 * 1024 * 1024);
    assert.equal(r.truncated, true);
    assert.ok(r.spillFile?.startsWith(spillDir));
    assert.equal(fs.statSync(r.spillFile!).size, 12 * 1024 * 1024);
    assert.match(formatBody(r.body, r.contentType, { totalBytes: r.bodyBytes, truncated: true }).note ?? '', /first 10\.0 MB of 12\.0 MB/);
  });

  it('for a handler that throws: 500, then the server error from the dev log, located in the route file', async () => {
    const offset = devLogOffset(app);
    const r = ok(await executeRequest({ method: 'GET', url: `${base}/api/boom` }));
    assert.equal(r.status, 500);
    const routeFile = path.join(appRoot, 'app', 'api', 'boom', 'route.ts');
    const report = await fetchServerErrors({ url: base, app, logOffset: offset, routeFile, logWaitMs: 5000 });
    assert.ok(report.source === 'log' || report.source === 'both', `${report.source}: ${report.notes.join(' | ')}`);
    const e = report.errors.find((x) => x.source === 'log');
    assert.ok(e, JSON.stringify(report));
    assert.equal(e.name, 'TypeError');
    assert.equal(e.message, 'kaboom from the fixture');
    assert.deepEqual(e.location, { file: routeFile, line: 3, column: 3, how: 'message' });
    assert.ok(report.notes.some((n) => /MCP get_errors: No browser sessions connected/.test(n)), 'the MCP endpoint was asked and answered');
  });

  it('reports connection refused clearly once next dev is stopped, and the lock is gone', async () => {
    await dev!.stop();
    dev = undefined;
    const r = await executeRequest({ method: 'GET', url: `${base}/api/hello` });
    assert.ok(!r.ok && r.kind === 'refused', JSON.stringify(r));
    assert.match(r.message, /Connection refused by 127\.0\.0\.1:\d+: nothing listens there\. Is next dev running\?/);
    const s = await findDevServer(app);
    assert.equal(s.state, 'not-running');
  });
});
