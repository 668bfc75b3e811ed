// Where the panel may connect: the host check before any lookup, and the checked lookup the socket
// uses, with resolver answers the test controls. Two listeners on one port, one on 127.0.0.1 and one on
// 127.0.0.2, tell which address a request really reached.
import * as assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import type * as net from 'node:net';
import { executeRequest } from '../../../src/core/http/executor';
import { checkHost, checkedLookup, isLocalhostName, isLoopbackAddress, NON_LOOPBACK_CODE, type Resolver } from '../../../src/core/http/loopback';

const ask = (lookup: net.LookupFunction, host: string, all: boolean): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> =>
  new Promise((resolve) => lookup(host, { all }, (err, address, family) => resolve({ err, address, family })));

/** A resolver that records the names it was asked and answers from a table. */
function table(answers: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const r = async (host: string): Promise<LookupAddress[]> => {
    asked.push(host);
    const a = answers[host];
    if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(r, { asked });
}

describe('http/loopback: which hosts the panel may reach', () => {
  it('knows loopback addresses by value, never by name', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) assert.equal(isLoopbackAddress(a), true, a);
    for (const a of ['10.0.0.1', '0.0.0.0', '::', '128.0.0.1', '::ffff:10.0.0.1', '[::2]', 'localhost', 'evil.localhost', '127.0.0.1.nip.io']) assert.equal(isLoopbackAddress(a), false, a);
    for (const n of ['localhost', 'LOCALHOST', 'app.localhost', 'localhost.']) assert.equal(isLocalhostName(n), true, n);
    for (const n of ['localhost.example.com', 'notlocalhost', 'example.com']) assert.equal(isLocalhostName(n), false, n);
  });

  it('lets loopback literals and localhost names through, refuses any other host unless the user allows it', () => {
    for (const u of ['http://127.0.0.1:3000/x', 'http://[::1]:3000', 'http://0x7f.1/', 'http://localhost:3000', 'http://evil.localhost:4200']) assert.deepEqual(checkHost(new URL(u), undefined), { ok: true }, u);
    for (const u of ['http://192.0.2.1/', 'http://127.0.0.1.nip.io/', 'http://user@evil.com/127.0.0.1', 'http://0.0.0.0:3000/']) {
      const r = checkHost(new URL(u), { allowNonLoopback: false });
      assert.ok(!r.ok && /is not this machine.*bffRoutes\.allowNonLoopback/.test(r.message), u);
    }
    assert.deepEqual(checkHost(new URL('http://192.0.2.1:8080/'), { allowNonLoopback: true }), { ok: true, warning: 'Sending to 192.0.2.1:8080, which is not this machine (allowed by bffRoutes.allowNonLoopback).' });
  });

  it('resolves a *.localhost name by its own name and answers only when every address is loopback', async () => {
    const r = table({ localhost: ['127.0.0.1', '::1'], 'evil.localhost': ['192.0.2.1'], 'app.localhost': ['127.0.0.1', '::1'], 'mixed.localhost': ['127.0.0.1', '192.0.2.9'] });
    const lookup = checkedLookup(undefined, r);
    const evil = await ask(lookup, 'evil.localhost', true);
    assert.equal(evil.err?.code, NON_LOOPBACK_CODE, 'a resolver may answer a *.localhost name with another machine: refused');
    assert.match(evil.err?.message ?? '', /^evil\.localhost resolves to 192\.0\.2\.1, which is not this machine/);
    const mixed = await ask(lookup, 'mixed.localhost', true);
    assert.equal(mixed.err?.code, NON_LOOPBACK_CODE, 'one non-loopback address in the answer is enough to refuse');
    const all = await ask(lookup, 'app.localhost', true);
    assert.equal(all.err, null);
    assert.deepEqual(all.address, [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]);
    const one = await ask(lookup, 'app.localhost', false);
    assert.deepEqual([one.address, one.family], ['127.0.0.1', 4]);
    assert.deepEqual(r.asked, ['evil.localhost', 'mixed.localhost', 'app.localhost', 'app.localhost'], 'each name is resolved as itself, not as localhost');
  });

  it('refuses an answer holding one non-loopback address, and never resolves another name without the setting', async () => {
    const r = table({ localhost: ['127.0.0.1', '192.0.2.1'], 'api.example.com': ['192.0.2.7'] });
    const mixed = await ask(checkedLookup({ allowNonLoopback: false }, r), 'localhost', true);
    assert.equal(mixed.err?.code, NON_LOOPBACK_CODE);
    assert.match(mixed.err?.message ?? '', /^localhost resolves to 192\.0\.2\.1, which is not this machine/);
    const other = await ask(checkedLookup(undefined, r), 'api.example.com', true);
    assert.equal(other.err?.code, NON_LOOPBACK_CODE);
    assert.deepEqual(r.asked, ['localhost'], 'api.example.com was never looked up');
    const allowed = await ask(checkedLookup({ allowNonLoopback: true }, r), 'api.example.com', false);
    assert.deepEqual([allowed.err, allowed.address], [null, '192.0.2.7']);
  });
});

describe('http/loopback: the executor connects to the address it checked', () => {
  const seen = { a: [] as string[], b: [] as string[] };
  let one: http.Server;
  let two: http.Server;
  let port: number;
  const listen = (s: http.Server, host: string, p: number): Promise<void> => new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(p, host, () => resolve());
  });
  before(async () => {
    one = http.createServer((req, res) => {
      seen.a.push(`${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url === '/hop') res.writeHead(302, { location: `http://evil.localhost:${port}/steal` }).end();
      else res.end('127.0.0.1');
    });
    two = http.createServer((req, res) => {
      seen.b.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.end('127.0.0.2');
    });
    await listen(one, '127.0.0.1', 0);
    port = (one.address() as net.AddressInfo).port;
    await listen(two, '127.0.0.2', port);
  });
  beforeEach(() => {
    seen.a.length = 0;
    seen.b.length = 0;
  });
  after(async () => {
    await new Promise<void>((r) => one.close(() => r()));
    await new Promise<void>((r) => two.close(() => r()));
  });

  it('sends to the checked answer (127.0.0.2), not to what a second lookup would give', async () => {
    let calls = 0;
    // The first answer is checked and used; a rebinding second answer would point elsewhere.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.2', family: 4 }] : [{ address: '192.0.2.1', family: 4 }]);
    const r = await executeRequest({ method: 'GET', url: `http://evil.localhost:${port}/x`, headers: [{ name: 'Authorization', value: 'Bearer s3cret' }] }, {}, { resolve: rebinding });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(new TextDecoder().decode(r.body), '127.0.0.2');
    assert.deepEqual(seen, { a: [], b: ['/x Bearer s3cret'] });
    assert.equal(calls, 1);
  });

  it('refuses when localhost resolves off the machine, naming the address', async () => {
    const away: Resolver = async () => [{ address: '192.0.2.1', family: 4 }];
    const r = await executeRequest({ method: 'GET', url: `http://localhost:${port}/x`, headers: [{ name: 'Authorization', value: 'Bearer s3cret' }] }, {}, { resolve: away });
    assert.ok(!r.ok && r.kind === 'non-loopback', JSON.stringify(r));
    assert.match(r.message, /^localhost resolves to 192\.0\.2\.1, which is not this machine/);
    assert.deepEqual(seen, { a: [], b: [] });
  });

  it('checks every hop of a followed redirect the same way', async () => {
    const away: Resolver = async () => [{ address: '192.0.2.1', family: 4 }];
    const r = await executeRequest({ method: 'GET', url: `http://127.0.0.1:${port}/hop`, followRedirects: true, headers: [{ name: 'Authorization', value: 'Bearer s3cret' }] }, {}, { resolve: away });
    assert.ok(!r.ok && r.kind === 'non-loopback', JSON.stringify(r));
    assert.match(r.message, new RegExp(`^The redirect to http://evil\\.localhost:${port}/steal was not followed: evil\\.localhost resolves to 192\\.0\\.2\\.1`));
    assert.deepEqual(seen, { a: ['/hop Bearer s3cret'], b: [] });
  });
});
