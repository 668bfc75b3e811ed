// The panel's request pipeline (src/vscode/panel/runner.ts, editor-free) in plain Node against a
// loopback HTTP server: every message it would post to the webview must pass the protocol's schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ToViewMessageSchema, type RequestDraft, type ToViewMessage } from '../../../src/protocol';
import { DISPLAY_TEXT_MAX, draftToSpec, runDraft, type RunContext } from '../../../src/vscode/panel/runner';

let server: http.Server;
let base: string;
let tmp: string;
const open = new Set<http.ServerResponse>();

function draft(route: string, extra: Partial<RequestDraft> = {}): RequestDraft {
  return { appRoot: tmp, route, method: 'GET', params: {}, query: [], headers: [], cookies: [], body: { kind: 'none' }, timeoutMs: 10_000, followRedirects: false, ...extra };
}

function ctx(extra: Partial<RunContext> = {}): RunContext {
  return { app: { root: tmp, typescript: true, distDir: '.next' }, baseUrl: base, routeFile: path.join(tmp, 'route.ts'), allowNonLoopback: false, bodyCapBytes: 10 * 1024 * 1024, signal: new AbortController().signal, ...extra };
}

async function run(d: RequestDraft, c: RunContext = ctx()): Promise<{ messages: ToViewMessage[]; result: Awaited<ReturnType<typeof runDraft>>['result'] }> {
  const messages: ToViewMessage[] = [];
  const { result } = await runDraft('r1', d, c, (m) => {
    const parsed = ToViewMessageSchema.safeParse(m);
    assert.ok(parsed.success, `${m.type} fails the protocol: ${parsed.success ? '' : parsed.error.message.slice(0, 300)}`);
    messages.push(m);
  });
  return { messages, result };
}

const types = (ms: ToViewMessage[]): string[] => [...new Set(ms.map((m) => m.type))];

describe('panel runner against a loopback server', function () {
  this.timeout(20_000);

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-runner-'));
    server = http.createServer((req, res) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/users/42') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: '42', q: url.searchParams.get('q'), auth: req.headers.authorization ?? null }));
      } else if (url.pathname === '/api/stream') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        let i = 0;
        const tick = (): void => {
          if (i === 3) { res.end(); return; }
          res.write(`chunk ${i++}\n`);
          setTimeout(tick, 40);
        };
        tick();
      } else if (url.pathname === '/api/big') {
        const block = Buffer.alloc(1024 * 1024, 'a');
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 12; i++) res.write(block);
        res.end();
      } else if (url.pathname === '/api/fail') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      } else if (url.pathname === '/api/hang') {
        // never answers: the timeout or the cancel must end the request
      } else if (url.pathname === '/api/echo') {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(body));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const res of open) res.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a dynamic route with a param and query: status, headers, pretty JSON body, timings', async () => {
    const { messages, result } = await run(draft('/api/users/[id]', { params: { id: '42' }, query: [{ name: 'q', value: 'a b', enabled: true }], headers: [{ name: 'Authorization', value: 'Bearer t', enabled: true }] }));
    assert.equal(result.ok, true);
    assert.equal(result.status, 200);
    assert.equal(result.url, `${base}/api/users/42?q=a%20b`);
    assert.deepEqual(JSON.parse(result.body!), { id: '42', q: 'a b', auth: 'Bearer t' });
    assert.deepEqual(types(messages), ['requestStarted', 'responseHead', 'responseChunks', 'responseEnd']);
    const end = messages.find((m) => m.type === 'responseEnd');
    assert.ok(end?.type === 'responseEnd' && end.body.kind === 'json');
    if (end?.type === 'responseEnd' && end.body.kind === 'json') assert.match(end.body.text, /\n {2}"id": "42"/);
    assert.ok(result.ttfbMs! >= 0 && result.totalMs! >= result.ttfbMs!);
  });

  it('a streamed body arrives as chunks with increasing times', async () => {
    const { messages, result } = await run(draft('/api/stream'));
    const chunks = messages.flatMap((m) => (m.type === 'responseChunks' ? m.chunks : []));
    assert.ok(chunks.length >= 2, `chunks: ${chunks.length}`);
    assert.equal(chunks.map((c) => c.text).join(''), 'chunk 0\nchunk 1\nchunk 2\n');
    for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i].atMs >= chunks[i - 1].atMs);
    const head = messages.find((m) => m.type === 'responseHead');
    assert.ok(head?.type === 'responseHead' && head.streaming, 'no content-length: streaming');
    assert.equal(result.chunks, chunks.length);
  });

  it('a body over 10 MB is truncated for display, valid for the protocol, and can be saved whole', async () => {
    const { messages, result } = await run(draft('/api/big'));
    assert.equal(result.bodyBytes, 12 * 1024 * 1024);
    assert.equal(result.truncated, true);
    const end = messages.find((m) => m.type === 'responseEnd');
    assert.ok(end?.type === 'responseEnd');
    if (end?.type !== 'responseEnd') return;
    assert.equal(end.truncated, true);
    assert.equal(end.canSaveBody, true);
    assert.ok(end.body.kind === 'text' && end.body.text.length <= DISPLAY_TEXT_MAX);
    assert.match(end.body.note ?? '', /MB/);
  });

  it('a POST with a JSON body is sent; a JSON body that does not parse is refused before sending with its position', async () => {
    const ok = await run(draft('/api/echo', { method: 'POST', body: { kind: 'json', text: '{"a":[1,2]}' } }));
    assert.equal(ok.result.status, 201);
    assert.equal(ok.result.body, '{"a":[1,2]}');
    const bad = await run(draft('/api/echo', { method: 'POST', body: { kind: 'json', text: '{\n  "a": 1,\n}' } }));
    assert.deepEqual(types(bad.messages), ['requestFailed']);
    assert.equal(bad.result.error?.kind, 'invalid-body');
    assert.match(bad.result.error!.message, /line 3/);
  });

  it('explains each bad input without sending anything', async () => {
    const notRunning = await run(draft('/api/users/[id]', { params: { id: '1' } }), ctx({ baseUrl: undefined }));
    assert.equal(notRunning.result.error?.kind, 'not-running');
    assert.match(notRunning.result.error!.message, /Start next dev/);
    const deleted = await run(draft('/api/users/[id]', { params: { id: '1' } }), ctx({ routeFile: undefined }));
    assert.equal(deleted.result.error?.kind, 'route-deleted');
    const param = await run(draft('/api/users/[id]', { params: { id: '' } }));
    assert.equal(param.result.error?.kind, 'invalid-param');
    assert.match(param.result.error!.message, /"id"/);
    const dots = await run(draft('/api/users/[id]', { params: { id: '..' } }));
    assert.equal(dots.result.error?.kind, 'invalid-param');
    const remote = await run(draft('/api/x'), ctx({ baseUrl: 'http://example.com' }));
    assert.equal(remote.result.error?.kind, 'non-loopback');
    assert.match(remote.result.error!.message, /bffRoutes\.allowNonLoopback/);
    const noFile = await run(draft('/api/echo', { method: 'POST', body: { kind: 'multipart', fields: [{ kind: 'file', name: 'upload', path: '', enabled: true }] } }));
    assert.equal(noFile.result.error?.kind, 'invalid-body');
    assert.match(noFile.result.error!.message, /upload/);
    for (const r of [notRunning, deleted, param, dots, remote, noFile]) assert.deepEqual(types(r.messages), ['requestFailed']);
  });

  it('connection refused, timeout and cancel each end with their kind', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await run(draft('/api/x'), ctx({ baseUrl: `http://127.0.0.1:${port}` }));
    assert.equal(refused.result.error?.kind, 'refused');

    const timeout = await run(draft('/api/hang', { timeoutMs: 300 }));
    assert.equal(timeout.result.error?.kind, 'timeout');

    const ac = new AbortController();
    const pending = run(draft('/api/hang'), ctx({ signal: ac.signal }));
    setTimeout(() => ac.abort(), 100);
    const cancelled = await pending;
    assert.equal(cancelled.result.error?.kind, 'cancelled');
  });

  it('a 5xx looks for the server-side error and says why none was found', async () => {
    const { messages, result } = await run(draft('/api/fail'));
    assert.equal(result.status, 500);
    const missing = messages.find((m) => m.type === 'serverErrorMissing');
    assert.ok(missing, `messages: ${types(messages).join(', ')}`);
  });

  it('draftToSpec carries method, headers, cookies, body and options to the executor', () => {
    const built = draftToSpec(draft('/api/docs/[...slug]', {
      method: 'PUT', params: { slug: 'a/b c' }, cookies: [{ name: 'sid', value: '1', enabled: true }],
      body: { kind: 'multipart', fields: [{ kind: 'text', name: 't', value: 'v', enabled: true }, { kind: 'file', name: 'f', path: '/x/y.png', filename: 'y.png', enabled: false }] },
      timeoutMs: 1234, followRedirects: true,
    }), base);
    assert.ok(built.ok);
    if (!built.ok) return;
    assert.equal(built.spec.url, `${base}/api/docs/a/b%20c`);
    assert.equal(built.spec.method, 'PUT');
    assert.equal(built.spec.timeoutMs, 1234);
    assert.equal(built.spec.followRedirects, true);
    assert.deepEqual(built.spec.body, { kind: 'multipart', fields: [{ kind: 'text', name: 't', value: 'v', enabled: true }, { kind: 'file', name: 'f', path: '/x/y.png', filename: 'y.png', enabled: false }] });
  });
});
