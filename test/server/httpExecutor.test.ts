// The executor's failure paths against a node:http server on 127.0.0.1 that misbehaves on purpose.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTarget, executeRequest } from '../../src/core/http/executor';

describe('http executor: failures and policies (local server)', () => {
  let server: http.Server;
  let base: string;
  let lastHeaders: http.IncomingHttpHeaders = {};
  let lastBody = '';
  const sockets = new Set<net.Socket>();
  before(async () => {
    server = http.createServer((req, res) => {
      lastHeaders = req.headers;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        lastBody = Buffer.concat(chunks).toString('latin1');
        const u = new URL(req.url ?? '/', 'http://x');
        switch (u.pathname) {
          case '/reset':
            res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
            res.write('partial body');
            setTimeout(() => req.socket.destroy(), 50);
            return;
          case '/slow':
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.write('first');
            return; // never ends
          case '/hang':
            return; // never answers
          case '/loop':
            res.writeHead(302, { location: '/loop' }).end();
            return;
          case '/away':
            res.writeHead(302, { location: 'http://example.com/' }).end();
            return;
          case '/cross':
            res.writeHead(307, { location: `http://localhost:${(server.address() as net.AddressInfo).port}/echo` }).end();
            return;
          case '/see-other':
            res.writeHead(303, { location: '/echo' }).end();
            return;
          default:
            res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
            res.end(JSON.stringify({ method: req.method, body: lastBody.length }));
        }
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('reports a reset in the middle of the body, with what arrived', async () => {
    const r = await executeRequest({ method: 'GET', url: `${base}/reset` });
    assert.ok(!r.ok && r.kind === 'reset', JSON.stringify(r));
    assert.match(r.message, /closed the connection in the middle of the body \(after 12 bytes\)/);
    assert.equal(new TextDecoder().decode(r.partial?.body), 'partial body');
    assert.equal(r.partial?.status, 200);
  });

  it('times out before the head and while the body streams, saying which', async () => {
    const before = await executeRequest({ method: 'GET', url: `${base}/hang`, timeoutMs: 300 });
    assert.ok(!before.ok && before.kind === 'timeout');
    assert.match(before.message, /No response from 127\.0\.0\.1:\d+ within 0\.3 s/);
    const during = await executeRequest({ method: 'GET', url: `${base}/slow`, timeoutMs: 300 });
    assert.ok(!during.ok && during.kind === 'timeout');
    assert.match(during.message, /while the body was still arriving \(5 bytes received\)/);
  });

  it('cancels through the caller signal, before and during the request', async () => {
    const pre = new AbortController();
    pre.abort();
    const r0 = await executeRequest({ method: 'GET', url: `${base}/hang` }, { signal: pre.signal });
    assert.ok(!r0.ok && r0.kind === 'cancelled');
    const ctrl = new AbortController();
    const r = await executeRequest({ method: 'GET', url: `${base}/slow` }, { signal: ctrl.signal, onHead: () => setTimeout(() => ctrl.abort(), 20) });
    assert.ok(!r.ok && r.kind === 'cancelled', JSON.stringify(r));
    assert.match(r.message, /Cancelled after 5 bytes/);
  });

  it('stops a redirect loop after 20 hops', async () => {
    const r = await executeRequest({ method: 'GET', url: `${base}/loop`, followRedirects: true });
    assert.ok(!r.ok && r.kind === 'too-many-redirects');
    assert.match(r.message, /after 20 redirects/);
  });

  it('never follows a redirect off this machine unless allowed', async () => {
    const r = await executeRequest({ method: 'GET', url: `${base}/away`, followRedirects: true });
    assert.ok(!r.ok && r.kind === 'non-loopback');
    assert.match(r.message, /redirect to http:\/\/example\.com\/ was not followed/);
    const shown = await executeRequest({ method: 'GET', url: `${base}/away` });
    assert.ok(shown.ok && shown.status === 302 && shown.redirectTo === 'http://example.com/');
  });

  it('refuses a non-loopback URL unless configured, then warns (no traffic is sent in this test)', async () => {
    const r = await executeRequest({ method: 'GET', url: 'http://192.0.2.1/api' });
    assert.ok(!r.ok && r.kind === 'non-loopback');
    assert.match(r.message, /192\.0\.2\.1 is not this machine.*bffRoutes\.allowNonLoopback/);
    const warnings: string[] = [];
    assert.equal(checkTarget(new URL('http://192.0.2.1/api'), { policy: { allowNonLoopback: true } }, warnings), undefined);
    assert.deepEqual(warnings, ['Sending to 192.0.2.1, which is not this machine (allowed by bffRoutes.allowNonLoopback).']);
    const ftp = await executeRequest({ method: 'GET', url: 'ftp://127.0.0.1/' });
    assert.ok(!ftp.ok && ftp.kind === 'invalid-url');
  });

  it('drops every secret header when a followed redirect changes origin, and turns POST into GET on 303', async () => {
    const headers = [
      { name: 'Authorization', value: 'Bearer x' },
      { name: 'Proxy-Authorization', value: 'Basic p' },
      { name: 'X-Api-Key', value: 'k' },
      { name: 'X-Auth-Token', value: 't' },
      { name: 'X-Tenant-Secret', value: 'marked', secret: true },
      { name: 'X-Keep', value: '1' },
    ];
    const same = await executeRequest({ method: 'GET', url: `${base}/see-other`, followRedirects: true, headers, cookies: [{ name: 's', value: '1' }] });
    assert.ok(same.ok);
    assert.deepEqual([lastHeaders.authorization, lastHeaders['x-api-key'], lastHeaders['x-tenant-secret'], lastHeaders.cookie], ['Bearer x', 'k', 'marked', 's=1'], 'a same-origin hop keeps them');
    const r = await executeRequest({ method: 'GET', url: `${base}/cross`, followRedirects: true, headers, cookies: [{ name: 's', value: '1' }] });
    assert.ok(r.ok && r.status === 200);
    for (const h of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-auth-token', 'x-tenant-secret']) assert.equal(lastHeaders[h], undefined, h);
    assert.equal(lastHeaders['x-keep'], '1');
    const see = await executeRequest({ method: 'POST', url: `${base}/see-other`, followRedirects: true, body: { kind: 'text', text: 'payload' } });
    assert.ok(see.ok);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(see.body)), { method: 'GET', body: 0 });
  });

  it('sends headers, cookies, multipart with a file streamed from disk, and keeps repeated set-cookie headers apart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-mp-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), 'file-content-here');
      const r = await executeRequest({
        method: 'POST',
        url: `${base}/echo`,
        headers: [{ name: 'X-One', value: 'v' }, { name: 'Content-Type', value: 'multipart/form-data' }],
        cookies: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }],
        body: { kind: 'multipart', fields: [{ kind: 'text', name: 'title', value: 'héllo' }, { kind: 'file', name: 'doc', path: path.join(dir, 'a.txt') }] },
      });
      assert.ok(r.ok);
      assert.equal(lastHeaders['x-one'], 'v');
      assert.equal(lastHeaders.cookie, 'a=1; b=2');
      assert.match(lastHeaders['content-type'] ?? '', /^multipart\/form-data; boundary=/);
      assert.match(lastBody, /name="doc"; filename="a\.txt"\r\nContent-Type: text\/plain\r\n\r\nfile-content-here/);
      assert.ok(r.warnings.some((w) => /Content-Type header was not sent/.test(w)));
      assert.deepEqual(r.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v), ['a=1', 'b=2']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an invalid header name and a malformed spec without sending', async () => {
    const h = await executeRequest({ method: 'GET', url: `${base}/echo`, headers: [{ name: 'bad header', value: 'x' }] });
    assert.ok(!h.ok && h.kind === 'invalid-header');
    const m = await executeRequest({ method: 'FETCH' as never, url: `${base}/echo` });
    assert.ok(!m.ok && m.kind === 'invalid-request');
    assert.match(m.message, /method/);
  });

  it('reports connection refused on a closed port', async () => {
    const port = await new Promise<number>((resolve) => {
      const t = net.createServer();
      t.listen(0, '127.0.0.1', () => {
        const p = (t.address() as net.AddressInfo).port;
        t.close(() => resolve(p));
      });
    });
    const r = await executeRequest({ method: 'GET', url: `http://127.0.0.1:${port}/` });
    assert.ok(!r.ok && r.kind === 'refused');
  });
});
