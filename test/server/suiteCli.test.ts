// `bff-routes test` and "fill from handler" against a real `next dev` on the fixture app: bodies and query
// parameters built from each handler's extracted shape are accepted; a passing suite exits 0 with --start and
// leaves no process; a failing expectation exits 1 with a readable diff; a dev server that cannot start gives
// its output, exit 1 and no orphan.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeNextApp } from '../../src/core/project/nextApps';
import { createModuleHost } from '../../src/core/project/resolve';
import { appRouteShapes } from '../../src/core/shape/app';
import { sampleOf } from '../../src/core/shape';
import { copyFixture, startNextDev, type NextDev } from '../support/nextDev';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Processes whose working folder lies inside `dir` (a started next dev and its workers). */
function processesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${name}/cwd`);
      if (cwd === dir || cwd.startsWith(dir + path.sep)) out.push(`${name} ${fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/**
 * Waits until no process works in `dir`, bounded; returns those left. next dev's shutdown itself starts one
 * detached, short-lived process (next/dist/telemetry/detached-flush.js, in its own session: no process group
 * reaches it), which ends by itself once it has written its file: the wait is for that, not a delay.
 */
async function leftIn(dir: string, boundMs = 20_000): Promise<string[]> {
  const until = Date.now() + boundMs;
  let left = processesIn(dir);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesIn(dir);
  }
  return left;
}

async function orderBody(app: string): Promise<unknown> {
  const info = describeNextApp(app)!;
  const routes = await appRouteShapes(info, { host: createModuleHost({ workspaceRoot: app, appRoot: app }) });
  const post = routes.find((r) => r.pattern === '/api/orders')!.shape.methods[0];
  assert.equal(post.body.kind, 'json');
  return sampleOf((post.body as { schema: object }).schema);
}

describe('fill from handler and bff-routes test against next dev', () => {
  let app: string;
  let dev: NextDev | undefined;
  before(() => {
    app = copyFixture('next-app', 'suite');
  });
  after(async () => {
    await dev?.stop();
    fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  it('every fixture route, filled from its handler (path params, required query, sample body), answers as its code says', async () => {
    dev = await startNextDev(app, { probePath: '/api/hello' });
    const base = dev.url;
    const info = describeNextApp(app)!;
    const routes = await appRouteShapes(info, { host: createModuleHost({ workspaceRoot: app, appRoot: app }) });
    // Deliberate non-2xx fixtures: /api/boom throws (500), /api/redirect answers 307, /api/session/me answers 401
    // without the session cookie /api/session/login sets (the cookie-jar flow of #12; a fill sends no cookie).
    const expected: Record<string, number> = { '/api/boom': 500, '/api/redirect': 307, '/api/session/me': 401 };
    const seen: string[] = [];
    for (const r of routes) {
      for (const m of r.shape.methods) {
        const url: URL = new URL(base + r.pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, '1'));
        for (const q of m.query) if (q.required) url.searchParams.set(q.name, String(sampleOf(q.schema, q.name)));
        const init: RequestInit = { method: m.method, redirect: 'manual' };
        if (m.body.kind === 'json') init.body = JSON.stringify(sampleOf(m.body.schema));
        if (m.body.kind === 'unknown') init.body = '{}';
        if (init.body) init.headers = { 'content-type': 'application/json' };
        const res = await fetch(url, init).catch((err: unknown) => {
          throw new Error(`${m.method} ${url} got no response (${String((err as { cause?: unknown }).cause ?? err)}); next dev printed:\n${dev?.output().slice(-3000)}`);
        });
        const text = await res.text();
        const want = expected[r.pattern];
        if (want !== undefined) assert.equal(res.status, want, `${m.method} ${url.pathname}`);
        else assert.ok(res.status >= 200 && res.status < 300, `${m.method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
        seen.push(`${m.method} ${r.pattern} ${res.status}`);
      }
    }
    assert.ok(seen.includes('POST /api/orders 201'), seen.join('\n'));
    assert.ok(seen.includes('GET /api/search 200'), seen.join('\n'));
  });

  it('a failing expectation exits 1 with a readable diff (--base-url)', async () => {
    assert.ok(dev, 'the previous test started next dev');
    const suite = path.join(app, 'failing.http');
    fs.writeFileSync(suite, `### search\n# @name search\nGET /api/search?q=shoes\n\n?? status == 200\n?? body q == boots\n?? body results == [{"id":"1","title":"Result for boots"}]\n\n###\nGET /api/search\n\n?? status == 400\n`);
    const url = dev.url;
    const r = await runCli(['test', '.', '--base-url', url, '--suite', 'failing.http'], app).finally(async () => {
      await dev?.stop();
      dev = undefined;
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ search {2}GET http:\/\/127\.0\.0\.1:\d+\/api\/search\?q=shoes {2}200/);
    assert.match(r.stdout, /\?\? body q == boots {2}\(line 6\)\n\s+body q\n\s+expected: == "boots"\n\s+actual: {3}"shoes"/);
    assert.match(r.stdout, /- {5}"title": "Result for boots"\n\s+\+ {5}"title": "Result for shoes"/);
    assert.match(r.stdout, /✓ GET \/api\/search {2}400/);
    assert.match(r.stdout, /2 requests, 1 passed, 1 failed/);
  });

  it('--start: a passing suite (body from the handler, a capture feeding the next request, a response matching the handler\'s shape) exits 0, writes JUnit and JSON, and leaves no process', async () => {
    const body = JSON.stringify(await orderBody(app), null, 2);
    fs.mkdirSync(path.join(app, '.bff-routes'), { recursive: true });
    fs.writeFileSync(path.join(app, '.bff-routes', 'http-client.env.json'), JSON.stringify({ ci: { user: '42' } }));
    fs.writeFileSync(path.join(app, '.bff-routes', 'orders.http'), `### Create an order
# @name order
POST {{baseUrl}}/api/orders
Content-Type: application/json

${body}

?? status == 201
?? header content-type includes application/json
?? body id matches ^[0-9a-f-]{36}$
?? body total == 9.99
?? duration < 60000

###
@email = {{order.email}}
# @shape
GET /api/search?q={{email}}

?? status == 200
?? body q == ada@example.com

###
GET /api/users/{{user}}

?? body name == User 42
`);
    const r = await runCli(['test', app, '--start', '--env', 'ci', '--junit', 'junit.xml', '--json', 'report.json'], app);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /next dev answers at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/);
    assert.match(r.stdout, /3 requests, 3 passed, 0 failed/);
    const junit = fs.readFileSync(path.join(app, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuites name="bff-routes test" tests="3" failures="0" errors="0"/);
    const json = JSON.parse(fs.readFileSync(path.join(app, 'report.json'), 'utf8')) as { summary: { passed: number } };
    assert.equal(json.summary.passed, 3);
    assert.deepEqual(await leftIn(app), [], 'next dev and its workers are gone');
  });

  it('--start on an app whose dev server fails: its output, exit 1, no orphan', async () => {
    fs.writeFileSync(path.join(app, 'next.config.mjs'), "throw new Error('broken config from the test');\n");
    const r = await runCli(['test', app, '--start', '--start-timeout', '90'], app);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /next dev exited \(code \d+\) before answering\. Its output:/);
    assert.match(r.stderr, /broken config from the test/);
    assert.deepEqual(await leftIn(app), [], 'no process left in the app folder');
  });

  it('usage errors exit 2: neither --base-url nor --start, a non-loopback base URL, an unknown --env', async () => {
    assert.equal((await runCli(['test', app], app)).code, 2);
    const far = await runCli(['test', app, '--base-url', 'http://example.com'], app);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /not this machine/);
    const env = await runCli(['test', app, '--base-url', 'http://127.0.0.1:9', '--env', 'staging'], app);
    assert.equal(env.code, 2);
    assert.match(env.stderr, /--env staging: not defined \(environments: ci\)/);
    // The env files are read as the panel reads them (comments and trailing commas allowed); an error inside the
    // chosen environment names its file, line and column.
    const priv = path.join(app, '.bff-routes', 'http-client.private.env.json');
    fs.writeFileSync(priv, '{\n  // staging secrets\n  "staging": { "token": "a" "b" },\n  "ci": { "token": "t", },\n}\n');
    try {
      const broken = await runCli(['test', app, '--base-url', 'http://127.0.0.1:9', '--env', 'staging'], app);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /http-client\.private\.env\.json:3:\d+: invalid JSON: comma expected \(environment "staging" is unusable/);
    } finally {
      fs.rmSync(priv);
    }
  });
});
