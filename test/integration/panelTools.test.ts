// The request panel's tools inside the real extension host, against a real `next dev`: Copy as cURL and
// as fetch (read back from the clipboard and RUN: curl through sh, fetch through node), Save as .http
// (parsed the way REST Client / httpYac read it and sent), Save whole body of a response past the 10 MB
// cap, several Next.js apps with their own lists, history re-send (secrets refilled from secret storage)
// and delete, saved requests per route.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import type { SendInput } from '../../src/vscode/panel/panel';
import { startNextDev, type NextDev } from '../support/nextDev';
import { devStatusUntil, routesUntil, stopDev } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

interface HttpFileRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
  directives: string[];
}

/**
 * Reads a .http file as REST Client and httpYac do: `@name = value` file variables, `###` between
 * requests, `#` / `//` comment lines (`# @name`, `# @no-redirect` directives), the request line, header
 * lines up to the first blank line, then the body; `{{var}}` replaced from the file variables and `env`.
 */
function parseHttpFile(text: string, env: Record<string, string>): HttpFileRequest[] {
  const vars: Record<string, string> = { ...env };
  const sub = (s: string): string => s.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, n: string) => {
    assert.ok(n in vars, `{{${n}}} is not defined`);
    return vars[n];
  });
  const out: HttpFileRequest[] = [];
  for (const block of text.split(/^###.*$/m)) {
    const lines = block.split('\n');
    let i = 0;
    const directives: string[] = [];
    for (; i < lines.length; i++) {
      const l = lines[i].trim();
      const v = /^@([\w.-]+)\s*=\s*(.*)$/.exec(l);
      if (v) vars[v[1]] = v[2];
      else if (/^(#|\/\/)/.test(l)) directives.push(l);
      else if (l !== '') break;
    }
    if (i >= lines.length) continue;
    const m = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+)(?: HTTP\/[\d.]+)?$/.exec(lines[i].trim());
    assert.ok(m, `request line: ${lines[i]}`);
    const headers: Array<[string, string]> = [];
    for (i++; i < lines.length && lines[i].trim() !== ''; i++) {
      const h = /^([^:\s]+):\s*(.*)$/.exec(lines[i]);
      assert.ok(h, `header line: ${lines[i]}`);
      headers.push([h[1], sub(h[2])]);
    }
    const body = lines.slice(i + 1).join('\n').replace(/\n+$/, '');
    out.push({ method: m[1], url: sub(m[2]), headers, body: sub(body), directives });
  }
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('request panel tools in the extension host (real next dev)', function () {
  this.timeout(300_000);
  let api: BffRoutesApi;
  let root: string;
  let dev: NextDev;
  let out: string;
  const whoami = (): string => path.join(root, 'app', 'api', 'whoami', 'route.ts');

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    out = path.join(root, 'exports');
    fs.mkdirSync(out, { recursive: true });
    // A route that answers with the Authorization header it got (to see secrets really sent).
    fs.mkdirSync(path.dirname(whoami()), { recursive: true });
    fs.writeFileSync(whoami(), "export function GET(request: Request) {\n  return Response.json({ auth: request.headers.get('authorization') });\n}\n");
    dev = await startNextDev(root, { probePath: '/api/hello' });
    const s = await devStatusUntil(api, (st) => st.state === 'running');
    assert.equal(s.state, 'running', JSON.stringify(s));
    await routesUntil(api, () => api.requests.listRoutes().some((r) => r.pattern === '/api/whoami'));
    assert.ok(api.requests.listRoutes().some((r) => r.pattern === '/api/whoami'), 'the route created by the test is listed');
  });

  after(async () => {
    await stopDev(api, dev);
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(path.dirname(whoami()), { recursive: true, force: true });
  });

  it('Copy as cURL: the clipboard holds a command that sh runs against next dev with the same status and body; secrets come from the environment', async () => {
    const input: SendInput = { route: '/api/whoami', headers: { Authorization: 'Bearer copied-secret', 'X-Plain': 'p' } };
    const r = await api.requests.exportRequest('curl', input);
    assert.equal(r.ok, true, r.message);
    const clip = await vscode.env.clipboard.readText();
    assert.equal(clip, r.ok ? r.text : undefined);
    assert.ok(!clip.includes('copied-secret'), clip);
    assert.match(clip, /\$\{AUTHORIZATION\}/);
    // Pasteable as is: the loopback URL stays literal, only the secret is a variable.
    assert.ok(clip.includes(`'${dev.url}/api/whoami'`), clip);
    assert.doesNotMatch(clip, /BASE_URL/);
    const outText = await run('sh', ['-c', `${clip} --silent --show-error -w '\\n%{http_code}'`], { AUTHORIZATION: 'Bearer from-env' });
    const [body, status] = [outText.slice(0, outText.lastIndexOf('\n')), outText.slice(outText.lastIndexOf('\n') + 1)];
    assert.equal(status, '200');
    assert.deepEqual(JSON.parse(body), { auth: 'Bearer from-env' });

    const post = await api.requests.exportRequest('curl', { route: '/api/echo', method: 'POST', json: { it: "it's $HOME", n: [1, 2] } });
    assert.equal(post.ok, true, post.message);
    const echoed = await run('sh', ['-c', `${await vscode.env.clipboard.readText()} --silent --show-error`], {});
    assert.deepEqual(JSON.parse(echoed), { received: { it: "it's $HOME", n: [1, 2] } });
  });

  it('Copy as fetch: the clipboard holds a module that node runs with the same status and body', async () => {
    const r = await api.requests.exportRequest('fetch', { route: '/api/users/[id]', params: { id: 'a b' } });
    assert.equal(r.ok, true, r.message);
    const clip = await vscode.env.clipboard.readText();
    assert.equal(clip, r.ok ? r.text : undefined);
    assert.doesNotMatch(clip, /BASE_URL/);
    const printed = await run(process.execPath, ['--input-type=module', '-e', clip], { ELECTRON_RUN_AS_NODE: '1' });
    const direct = await fetch(`${dev.url}/api/users/a%20b`);
    assert.equal(printed.trim(), `${direct.status} ${await direct.text()}`);

    const post = await api.requests.exportRequest('fetch', { route: '/api/echo', method: 'POST', json: { x: 1 }, headers: { Authorization: 'Bearer nope' } });
    assert.equal(post.ok, true);
    const clip2 = await vscode.env.clipboard.readText();
    assert.ok(!clip2.includes('Bearer nope'), clip2);
    const printed2 = await run(process.execPath, ['--input-type=module', '-e', clip2], { AUTHORIZATION: 'Bearer env', ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(printed2.trim(), '200 {"received":{"x":1}}');
  });

  it('Save as .http: REST Client / httpYac format (request line, headers, blank line, body), secrets as variables; sending it gives the same answer; never overwrites, never outside the workspace', async () => {
    const target = path.join(out, 'echo.http');
    const r = await api.requests.exportRequest('http', { route: '/api/echo', method: 'POST', json: { hello: 'file' }, headers: { Authorization: 'Bearer file-secret', 'X-Trace': 't1' } }, target);
    assert.equal(r.ok, true, r.message);
    const text = fs.readFileSync(target, 'utf8');
    assert.ok(!text.includes('file-secret'), text);
    assert.match(text, new RegExp(`^@baseUrl = ${dev.url.replace(/[.]/g, '\\.')}$`, 'm'));
    const [req, ...more] = parseHttpFile(text, { authorization: 'Bearer from-env-file' });
    assert.equal(more.length, 0);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, `${dev.url}/api/echo`);
    assert.deepEqual(req.headers, [['Authorization', 'Bearer from-env-file'], ['X-Trace', 't1'], ['Content-Type', 'application/json']]);
    assert.deepEqual(JSON.parse(req.body), { hello: 'file' });
    assert.ok(req.directives.includes('# @no-redirect'), req.directives.join(' | '));
    assert.ok(req.directives.includes('# @name postApiEcho'), req.directives.join(' | '));
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: { hello: 'file' } });

    const again = await api.requests.exportRequest('http', { route: '/api/hello' }, target);
    assert.equal(again.ok, false);
    assert.match(again.message, /exists; it was not overwritten/);
    assert.equal(fs.readFileSync(target, 'utf8'), text, 'the file is unchanged');
    const outside = await api.requests.exportRequest('http', { route: '/api/hello' }, path.join(path.dirname(root), 'outside.http'));
    assert.equal(outside.ok, false);
    assert.match(outside.message, /outside the workspace/);
    assert.ok(!fs.existsSync(path.join(path.dirname(root), 'outside.http')));
  });

  it('Save whole body: a 12 MB response is cut to 10 MB for display, and the saved file holds all of it, byte for byte', async () => {
    const r = await api.requests.sendRequest({ route: '/api/large', query: { mb: '12' }, timeoutMs: 120_000 });
    assert.equal(r.status, 200, JSON.stringify(r.error));
    assert.equal(r.truncated, true);
    assert.equal(r.bodyBytes, 12 * 1024 * 1024);
    const target = path.join(out, 'large.body');
    const saved = await api.requests.saveBody(r.requestId, target);
    assert.equal(saved.ok, true, saved.message);
    const bytes = fs.readFileSync(target);
    assert.equal(bytes.byteLength, 12 * 1024 * 1024);
    const direct = new Uint8Array(await (await fetch(`${dev.url}/api/large?mb=12`)).arrayBuffer());
    assert.equal(sha256(bytes), sha256(direct));
    const twice = await api.requests.saveBody(r.requestId, target);
    assert.equal(twice.ok, false, 'an existing file is not overwritten');
  });

  it('several Next.js apps each get their own list: a second app appears when created and goes when deleted', async () => {
    const second = path.join(root, 'packages', 'second');
    fs.mkdirSync(path.join(second, 'app', 'api', 'x'), { recursive: true });
    try {
      fs.writeFileSync(path.join(second, 'next.config.mjs'), 'export default {};\n');
      fs.writeFileSync(path.join(second, 'app', 'api', 'x', 'route.ts'), 'export function POST() { return new Response("x"); }\n');
      await routesUntil(api, () => api.requests.listRoutes().some((r) => r.appRoot === second));
      const routes = api.requests.listRoutes();
      assert.deepEqual([...new Set(routes.map((r) => r.appRoot))].sort(), [root, second].sort());
      assert.deepEqual(routes.filter((r) => r.appRoot === second).map((r) => [r.pattern, r.methods]), [['/api/x', ['POST']]]);
      assert.ok(!routes.some((r) => r.appRoot === root && r.pattern === '/api/x'), 'the first app does not list the second app\'s route');
      // Each app has its own dev server status: nothing runs for the second one.
      assert.equal((await api.requests.devServer(second)).state, 'notRunning');
      assert.equal((await api.requests.devServer(root)).state, 'running');
    } finally {
      fs.rmSync(path.join(root, 'packages'), { recursive: true, force: true });
    }
    await routesUntil(api, () => !api.requests.listRoutes().some((r) => r.appRoot === second));
    assert.deepEqual([...new Set(api.requests.listRoutes().map((r) => r.appRoot))], [root], 'deleting the folder above the app removes its list');

    // The same app moved in whole (one folder event, none for the files inside), then deleted.
    const staging = path.join(path.dirname(root), 'second-staging');
    fs.mkdirSync(path.join(staging, 'app', 'api', 'y'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'next.config.mjs'), 'export default {};\n');
    fs.writeFileSync(path.join(staging, 'app', 'api', 'y', 'route.ts'), 'export function GET() { return new Response("y"); }\n');
    const moved = path.join(root, 'moved-app');
    try {
      fs.renameSync(staging, moved);
      await routesUntil(api, () => api.requests.listRoutes().some((r) => r.appRoot === moved));
      assert.deepEqual(api.requests.listRoutes().filter((r) => r.appRoot === moved).map((r) => r.pattern), ['/api/y']);
    } finally {
      fs.rmSync(moved, { recursive: true, force: true });
      fs.rmSync(staging, { recursive: true, force: true });
    }
    await routesUntil(api, () => !api.requests.listRoutes().some((r) => r.appRoot === moved));
    assert.deepEqual([...new Set(api.requests.listRoutes().map((r) => r.appRoot))], [root]);
  });

  it('history: re-send refills the secret from secret storage and records a new entry; delete removes only that entry', async () => {
    const first = await api.requests.sendRequest({ route: '/api/whoami', headers: { Authorization: 'Bearer history-secret' } });
    assert.deepEqual(JSON.parse(first.body!), { auth: 'Bearer history-secret' });
    const entry = api.requests.history()[0];
    assert.equal(entry.request.route, '/api/whoami');
    assert.equal(entry.request.headers[0].value, '', 'history keeps no secret value');
    const again = await api.requests.resend(entry.id);
    assert.equal(again?.status, 200);
    assert.deepEqual(JSON.parse(again!.body!), { auth: 'Bearer history-secret' }, 'the secret was sent again');
    const list = api.requests.history();
    assert.equal(list[0].request.route, '/api/whoami');
    assert.notEqual(list[0].id, entry.id);
    await api.requests.deleteHistory(entry.id);
    const after = api.requests.history();
    assert.ok(!after.some((e) => e.id === entry.id));
    assert.equal(after.length, list.length - 1);
    assert.ok(!JSON.stringify(after).includes('history-secret'));
  });

  it('saved requests belong to their route, keep no secret value, replace by name and delete one by one', async () => {
    for (const s of api.requests.savedRequests()) await api.requests.deleteSaved(s.id);
    assert.equal((await api.requests.saveRequest('as admin', { route: '/api/whoami', headers: { Authorization: 'Bearer saved-secret' } })).ok, true);
    assert.equal((await api.requests.saveRequest('user 7', { route: '/api/users/[id]', params: { id: '7' } })).ok, true);
    assert.equal((await api.requests.saveRequest('user 7', { route: '/api/users/[id]', params: { id: '8' } })).ok, true, 'same name, same route: replaced');
    const all = api.requests.savedRequests();
    assert.deepEqual(all.map((s) => [s.name, s.request.route]).sort(), [['as admin', '/api/whoami'], ['user 7', '/api/users/[id]']]);
    assert.equal(all.find((s) => s.name === 'user 7')?.request.params.id, '8');
    assert.ok(!JSON.stringify(all).includes('saved-secret'));
    assert.equal(all.find((s) => s.name === 'as admin')?.request.headers[0].value, '');
    const bad = await api.requests.saveRequest('  ', { route: '/api/hello' });
    assert.equal(bad.ok, false);
    await api.requests.deleteSaved(all.find((s) => s.name === 'as admin')!.id);
    assert.deepEqual(api.requests.savedRequests().map((s) => s.name), ['user 7']);
  });
});
