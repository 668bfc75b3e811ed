// Environments, auth and the cookie jar through the panel's request pipeline (runDraft, as the extension
// host runs it) against a real `next dev` of the fixture app on 127.0.0.1: sign in through a route that
// sets a session cookie, then a protected route answers 200 (401 without the jar); an environment switch
// changes the target; a non-loopback environment and an undefined variable send nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CookieJars } from '../../src/core/http/cookies';
import { mergeEnvFiles, parseEnvFile, sharedVariables, type EnvironmentSet } from '../../src/core/http/envFile';
import { loadDotenv } from '../../src/core/http/dotenv';
import type { AuthConfig } from '../../src/core/http/auth';
import { describeNextApp, type NextApp } from '../../src/core/project/nextApps';
import type { RequestDraft } from '../../src/protocol';
import type { RequestEnvironment } from '../../src/core/http/prepare';
import { runDraft, type SendResult } from '../../src/vscode/panel/runner';
import { copyFixture, startNextDev, type NextDev } from '../support/nextDev';

describe('environments, auth and cookies against a real next dev', function () {
  this.timeout(180_000);
  let appRoot: string;
  let app: NextApp;
  let dev: NextDev | undefined;
  let other: http.Server;
  let otherUrl: string;
  const otherSeen: string[] = [];
  let set: EnvironmentSet;
  let jars: CookieJars;

  before(async () => {
    appRoot = copyFixture('next-app', 'env');
    app = describeNextApp(appRoot)!;
    other = http.createServer((req, res) => {
      otherSeen.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''} cookie=${req.headers.cookie ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: 'staging' }));
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    dev = await startNextDev(appRoot, { probePath: '/api/hello' });
    fs.writeFileSync(path.join(appRoot, 'http-client.env.json'), JSON.stringify({
      $shared: { user: 'ada' },
      local: { baseUrl: dev.url },
      staging: { baseUrl: otherUrl, user: 'grace' },
      remote: { baseUrl: 'http://192.0.2.1:3000' },
    }, null, 2));
    fs.writeFileSync(path.join(appRoot, 'http-client.private.env.json'), JSON.stringify({ local: { token: 'l0cal-t0ken' } }));
    fs.writeFileSync(path.join(appRoot, '.env'), 'API_TOKEN=from-dotenv\n');
    fs.writeFileSync(path.join(appRoot, '.env.local'), 'API_TOKEN=from-dotenv-local\n');
    const read = (f: string) => parseEnvFile(fs.readFileSync(path.join(appRoot, f), 'utf8'), f);
    set = mergeEnvFiles(read('http-client.env.json'), read('http-client.private.env.json'));
    jars = new CookieJars();
  });
  after(async () => {
    await dev?.stop();
    await new Promise<void>((r) => other.close(() => r()));
    fs.rmSync(path.dirname(appRoot), { recursive: true, force: true });
  });

  /** What src/vscode/environments.ts hands the runner for the environment `name`. */
  function env(name: string, auth: AuthConfig = { type: 'none' }, jar = jars): RequestEnvironment {
    const variables = set.variables(name)!;
    return {
      name, baseUrl: variables.get('baseUrl')!.value,
      scope: { environment: name, variables, shared: sharedVariables(parseEnvFile(fs.readFileSync(path.join(appRoot, 'http-client.env.json'), 'utf8'), 'e'), undefined), dotenv: (n) => loadDotenv(appRoot).get(n)?.value },
      auth,
      cookies: { header: (u) => jar.header(name, u), store: (u, c) => void jar.store(name, u, c) },
    };
  }

  function draft(route: string, method: RequestDraft['method'], extra: Partial<RequestDraft> = {}): RequestDraft {
    return { appRoot, route, method, params: {}, query: [], headers: [], cookies: [], body: { kind: 'none' }, timeoutMs: 60_000, followRedirects: false, ...extra };
  }

  async function send(d: RequestDraft, e: RequestEnvironment | undefined): Promise<SendResult> {
    const routeFile = path.join(appRoot, 'app', ...d.route.split('/').filter(Boolean), 'route.ts');
    const { result } = await runDraft('r', d, { app, baseUrl: dev!.url, routeFile, allowNonLoopback: false, bodyCapBytes: 1 << 20, signal: new AbortController().signal, ...(e ? { env: e } : {}) }, () => undefined);
    return result;
  }

  it('signs in through a route that sets a session cookie, then the protected route answers 200 through the jar', async () => {
    const before = await send(draft('/api/session/me', 'GET'), env('local'));
    assert.equal(before.status, 401, JSON.stringify(before));
    const login = await send(draft('/api/session/login', 'POST', { query: [{ name: 'user', value: '{{user}}', enabled: true }] }), env('local'));
    assert.equal(login.status, 200, JSON.stringify(login));
    assert.deepEqual(JSON.parse(login.body!), { signedIn: 'ada' });
    assert.ok(login.headers!.some(([k, v]) => k === 'set-cookie' && /^session=s-ada;.*HttpOnly/i.test(v)), JSON.stringify(login.headers));
    assert.deepEqual(jars.list('local', dev!.url).map((c) => [c.name, c.httpOnly, c.path]), [['session', true, '/']]);
    const me = await send(draft('/api/session/me', 'GET'), env('local', { type: 'bearer', token: '{{token}}' }));
    assert.equal(me.status, 200, JSON.stringify(me));
    assert.deepEqual(JSON.parse(me.body!), { user: 'ada', authorization: 'Bearer l0cal-t0ken' });
    // The URL shown and kept in history holds no secret: the auth is a header, the URL has none.
    assert.equal(me.url, `${dev!.url}/api/session/me`);
    const fresh = await send(draft('/api/session/me', 'GET'), env('local', { type: 'none' }, new CookieJars()));
    assert.equal(fresh.status, 401, 'another jar (another environment) holds no session');
    jars.clear('local', dev!.url);
    assert.equal((await send(draft('/api/session/me', 'GET'), env('local'))).status, 401, 'cleared');
  });

  it('an environment switch changes the target (and the values of its variables)', async () => {
    const d = draft('/api/session/login', 'POST', { query: [{ name: 'user', value: '{{user}}', enabled: true }] });
    const local = await send(d, env('local'));
    assert.deepEqual(JSON.parse(local.body!), { signedIn: 'ada' });
    const staging = await send(d, env('staging'));
    assert.deepEqual(JSON.parse(staging.body!), { from: 'staging' });
    assert.equal(staging.url, `${otherUrl}/api/session/login?user=grace`);
    assert.deepEqual(otherSeen, ['POST /api/session/login?user=grace auth= cookie='], 'the local session cookie did not follow to the other origin');
    const none = await send(d, undefined);
    assert.equal(none.url, `${dev!.url}/api/session/login?user=%7B%7Buser%7D%7D`, 'without an environment nothing is resolved');
  });

  it('reads {{$dotenv NAME}} from the app\'s .env files, .env.local winning, and keeps it out of the shown URL', async () => {
    otherSeen.length = 0;
    const r = await send(draft('/api/session/login', 'POST', { query: [{ name: 'k', value: '{{$dotenv API_TOKEN}}', enabled: true }] }), env('staging'));
    assert.equal(r.status, 200);
    assert.deepEqual(otherSeen, ['POST /api/session/login?k=from-dotenv-local auth= cookie=']);
    assert.equal(r.url, `${otherUrl}/api/session/login?k={{$dotenv API_TOKEN}}`);
  });

  it('refuses a non-loopback environment with the reason, and an undefined variable, sending nothing', async () => {
    otherSeen.length = 0;
    const remote = await send(draft('/api/hello', 'GET'), env('remote'));
    assert.equal(remote.ok, false);
    assert.equal(remote.error?.kind, 'non-loopback');
    assert.match(remote.error?.message ?? '', /^The environment "remote" sends to 192\.0\.2\.1:3000: 192\.0\.2\.1:3000 is not this machine\. .*bffRoutes\.allowNonLoopback/);
    const undef = await send(draft('/api/hello', 'GET', { headers: [{ name: 'X-Trace', value: '{{trace}}', enabled: true }] }), env('staging'));
    assert.deepEqual(undef.error, { kind: 'variable', message: 'Header X-Trace: {{trace}} is not defined in the environment "staging". Nothing was sent.' });
    assert.deepEqual(otherSeen, []);
  });
});
