// Auth helpers (the header or query row each kind adds, secrets masked in the preview) and the cookie
// jar's RFC 6265 rules (tough-cookie): path, expiry, HttpOnly, Secure only over https or loopback,
// another domain refused, one jar per environment and origin; and the executor's use of it hop by hop.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type * as net from 'node:net';
import { authRows, basicCredentials, effectiveAuth, MASK } from '../../../src/core/http/auth';
import { CookieJars } from '../../../src/core/http/cookies';
import type { EnvVariable } from '../../../src/core/http/envFile';
import { executeRequest } from '../../../src/core/http/executor';
import type { VariableScope } from '../../../src/core/http/variables';

const scope: VariableScope = { environment: 'local', variables: new Map<string, EnvVariable>([['token', { value: 'tok3n', secret: true }], ['user', { value: 'alice', secret: false }]]) };

describe('http/auth: Bearer, Basic, API key', () => {
  it('Bearer: the Authorization header, a typed token masked and a {{variable}} token shown as itself', () => {
    assert.deepEqual(authRows({ type: 'bearer', token: '{{token}}' }, scope), { ok: true, headers: [{ name: 'Authorization', value: 'Bearer tok3n', display: 'Bearer {{token}}' }], query: [] });
    assert.deepEqual(authRows({ type: 'bearer', token: ' abc ' }, scope), { ok: true, headers: [{ name: 'Authorization', value: 'Bearer abc', display: `Bearer ${MASK}` }], query: [] });
    const empty = authRows({ type: 'bearer', token: '' }, scope);
    assert.ok(!empty.ok && /Bearer token is empty/.test(empty.message));
    const undef = authRows({ type: 'bearer', token: '{{nope}}' }, scope);
    assert.ok(!undef.ok && /^Auth \(Bearer token\): \{\{nope\}\} is not defined/.test(undef.message));
  });

  it('Basic: base64 of user:password in UTF-8 (RFC 7617), always masked; a colon in the user name refused', () => {
    assert.equal(basicCredentials('Aladdin', 'open sesame'), 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    assert.deepEqual(authRows({ type: 'basic', username: '{{user}}', password: 'pässword' }, scope), { ok: true, headers: [{ name: 'Authorization', value: `Basic ${Buffer.from('alice:pässword').toString('base64')}`, display: `Basic ${MASK}` }], query: [] });
    const colon = authRows({ type: 'basic', username: 'a:b', password: 'x' }, scope);
    assert.ok(!colon.ok && /cannot contain ":"/.test(colon.message));
  });

  it('API key in a header or in the query; a missing name refused', () => {
    assert.deepEqual(authRows({ type: 'apikey', name: 'X-Api-Key', value: 'k', in: 'header' }, scope), { ok: true, headers: [{ name: 'X-Api-Key', value: 'k', display: MASK }], query: [] });
    assert.deepEqual(authRows({ type: 'apikey', name: 'api_key', value: '{{token}}', in: 'query' }, scope), { ok: true, headers: [], query: [{ name: 'api_key', value: 'tok3n', display: '{{token}}' }] });
    assert.ok(!authRows({ type: 'apikey', name: ' ', value: 'k', in: 'header' }, scope).ok);
  });

  it('inherit takes the environment\'s auth; none and a request\'s own choice win', () => {
    const env = { type: 'bearer' as const, token: 'e' };
    assert.deepEqual(effectiveAuth(undefined, env), env);
    assert.deepEqual(effectiveAuth({ type: 'inherit' }, env), env);
    assert.deepEqual(effectiveAuth({ type: 'none' }, env), { type: 'none' });
    assert.deepEqual(effectiveAuth({ type: 'inherit' }, undefined), { type: 'none' });
    assert.deepEqual(authRows({ type: 'none' }, scope), { ok: true, headers: [], query: [] });
  });
});

describe('http/cookies: the jar (tough-cookie)', () => {
  const base = 'http://127.0.0.1:3000';

  it('sends a cookie only under its path, until it expires; HttpOnly cookies are sent (an HTTP client)', () => {
    const j = new CookieJars();
    const r = j.store('local', `${base}/api/session/login`, ['session=abc; Path=/api; HttpOnly; SameSite=Lax', 'admin=1; Path=/admin', 'gone=1; Max-Age=0', 'old=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT']);
    assert.deepEqual(r.ignored, []);
    assert.equal(j.header('local', `${base}/api/me`), 'session=abc');
    assert.equal(j.header('local', `${base}/admin/x`), 'admin=1');
    assert.equal(j.header('local', `${base}/`), undefined);
    assert.deepEqual(j.list('local', `${base}/`).map((c) => [c.name, c.path, c.httpOnly, c.expires]), [['session', '/api', true, 'session'], ['admin', '/admin', false, 'session']]);
  });

  it('Secure cookies only over https, except to a loopback host', () => {
    const j = new CookieJars();
    assert.deepEqual(j.store('e', 'http://127.0.0.1:3000/', ['s=1; Secure']).stored, ['s']);
    assert.equal(j.header('e', 'http://127.0.0.1:3000/'), 's=1');
    assert.deepEqual(j.store('e', 'http://[::1]:3000/', ['s=2; Secure']).stored, ['s']);
    const remote = j.store('e', 'http://192.0.2.1/', ['s=1; Secure']);
    assert.deepEqual(remote.stored, []);
    assert.match(remote.ignored[0], /^s: Cookie is Secure but this is not a secure connection/);
    assert.deepEqual(j.store('e', 'https://192.0.2.1/', ['s=1; Secure']).stored, ['s']);
  });

  it('ignores a cookie for another domain or a public suffix, with the reason', () => {
    const j = new CookieJars();
    const r = j.store('e', 'http://app.localhost:3000/', ['a=1; Domain=evil.com', 'b=2; Domain=com', 'c=3; Domain=app.localhost', 'not a cookie']);
    assert.deepEqual(r.stored, ['c']);
    assert.equal(r.ignored.length, 3, JSON.stringify(r));
    assert.match(r.ignored[0], /^a: Cookie not in this host's domain/);
    assert.equal(j.header('e', 'http://app.localhost:3000/'), 'c=3');
    assert.equal(j.header('e', 'http://evil.com:3000/'), undefined);
  });

  it('keeps one jar per environment and origin, clears one origin or a whole environment, and survives serialization', () => {
    const j = new CookieJars();
    j.store('local', `${base}/`, ['session=L; Max-Age=3600']);
    j.store('staging', `${base}/`, ['session=S']);
    j.store('local', 'http://127.0.0.1:4000/', ['other=1']);
    assert.equal(j.header('local', `${base}/x`), 'session=L');
    assert.equal(j.header('staging', `${base}/x`), 'session=S');
    assert.equal(j.header('local', 'http://127.0.0.1:4000/'), 'other=1');
    const back = CookieJars.deserialize(j.serialize());
    assert.equal(back.header('local', `${base}/x`), 'session=L');
    back.clear('local', `${base}/`);
    assert.equal(back.header('local', `${base}/x`), undefined);
    assert.equal(back.header('local', 'http://127.0.0.1:4000/'), 'other=1');
    back.clear('local');
    assert.equal(back.header('local', 'http://127.0.0.1:4000/'), undefined);
    assert.equal(back.header('staging', `${base}/x`), 'session=S');
    assert.equal(CookieJars.deserialize('{not json').header('local', base), undefined);
  });
});

describe('http/executor with a cookie jar', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.url} cookie=${req.headers.cookie ?? ''}`);
      if (req.url === '/login') res.writeHead(302, { location: '/me', 'set-cookie': ['session=abc; Path=/; HttpOnly', 'evil=1; Domain=example.com'] }).end();
      else res.end(req.headers.cookie ?? '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps the Set-Cookie of a redirect hop and sends it on the next hop; a cookie the request sets wins', async () => {
    const jar = new CookieJars();
    const hooks = { header: (u: string) => jar.header('local', u), store: (u: string, c: readonly string[]) => void jar.store('local', u, c) };
    const r = await executeRequest({ method: 'GET', url: `${url}/login`, followRedirects: true }, {}, { cookies: hooks });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(new TextDecoder().decode(r.body), 'session=abc');
    const own = await executeRequest({ method: 'GET', url: `${url}/me`, cookies: [{ name: 'session', value: 'mine' }, { name: 'x', value: '1' }] }, {}, { cookies: hooks });
    assert.ok(own.ok);
    assert.equal(new TextDecoder().decode(own.body), 'session=mine; x=1');
    assert.deepEqual(seen, ['/login cookie=', '/me cookie=session=abc', '/me cookie=session=mine; x=1']);
  });
});
