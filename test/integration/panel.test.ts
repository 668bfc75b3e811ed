// The request panel inside a real VS Code extension host, against the fixture app as workspace and
// a real `next dev` on 127.0.0.1: routes listed with their methods and kept current, the dev lock
// found, requests sent through the command-level API, history without secrets, CodeLens.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import type { SendResult } from '../../src/vscode/panel/runner';
import { startNextDev, type NextDev } from '../support/nextDev';
import { devStatusUntil, methodsOf, routesUntil, stopDev } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

describe('request panel in the extension host', () => {
  let api: BffRoutesApi;
  let root: string;

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    await routesUntil(api, () => api.requests.listRoutes().length > 0);
  });

  it('lists the fixture routes with the methods their files export (groups stripped, private folders skipped)', () => {
    const routes = api.requests.listRoutes();
    const byPattern = new Map(routes.map((r) => [r.pattern, r]));
    assert.deepEqual(byPattern.get('/api/hello')?.methods, ['GET']);
    assert.deepEqual(byPattern.get('/api/users/[id]')?.methods, ['GET', 'DELETE']);
    assert.deepEqual(byPattern.get('/api/users/[id]')?.offeredMethods, ['GET', 'DELETE', 'HEAD', 'OPTIONS']);
    assert.deepEqual(byPattern.get('/api/users/[id]')?.params, [{ name: 'id', kind: 'single' }]);
    assert.deepEqual(byPattern.get('/api/echo')?.methods, ['POST']);
    assert.ok(byPattern.has('/api/ping'), 'the (marketing) group vanishes from the URL');
    assert.ok(!routes.some((r) => r.pattern.includes('_private') || r.pattern.includes('(')), routes.map((r) => r.pattern).join(' '));
    for (const r of routes) assert.equal(r.appRoot, root);
  });

  it('updates the list live when a route file is created, changed and deleted', async () => {
    const dir = path.join(root, 'app', 'api', 'live-[slug]');
    const file = path.join(dir, 'route.ts');
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.writeFileSync(file, 'export async function GET() { return Response.json({ ok: true }); }\n');
      await routesUntil(api, () => !!methodsOf(api, '/api/live-[slug]'));
      assert.deepEqual(methodsOf(api, '/api/live-[slug]'), ['GET']);

      fs.writeFileSync(file, 'export async function GET() { return Response.json({ ok: true }); }\nexport async function PUT() { return new Response(null, { status: 204 }); }\n');
      await routesUntil(api, () => methodsOf(api, '/api/live-[slug]')?.includes('PUT') === true);
      assert.deepEqual(methodsOf(api, '/api/live-[slug]'), ['GET', 'PUT']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await routesUntil(api, () => !methodsOf(api, '/api/live-[slug]'));
    assert.equal(methodsOf(api, '/api/live-[slug]'), undefined);
  });

  it('shows a CodeLens "Open request: <METHOD> <route>" above each exported handler', async () => {
    const uri = vscode.Uri.file(path.join(root, 'app', 'api', 'users', '[id]', 'route.ts'));
    await vscode.window.showTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    const ours = lenses.filter((l) => l.command?.command === Commands.openRequestInEditor);
    assert.deepEqual(ours.map((l) => l.command?.title), ['Open request: GET /api/users/[id]', 'Open request: DELETE /api/users/[id]']);
    assert.deepEqual(ours[0].command?.arguments?.[0], { appRoot: root, route: '/api/users/[id]', method: 'GET' });
    assert.equal(ours[0].range.start.line, 0);
    // Running it opens the route and method in a request tab (test/integration/tabs.test.ts tests the tab).
    const tab = await vscode.commands.executeCommand<{ title: string } | undefined>(ours[1].command!.command, ...(ours[1].command!.arguments ?? []));
    assert.equal(tab?.title, 'DELETE /api/users/[id]');
  });

  it('without a dev server, a request says so and suggests starting it', async () => {
    const before = await api.requests.devServer();
    assert.equal(before.state, 'notRunning');
    const r = await vscode.commands.executeCommand<SendResult>(Commands.sendRequest, { route: '/api/hello' });
    assert.equal(r.ok, false);
    assert.equal(r.error?.kind, 'not-running');
    assert.match(r.error!.message, /Start next dev/);
  });

  describe('with next dev running', function () {
    this.timeout(240_000);
    let dev: NextDev;

    before(async () => {
      dev = await startNextDev(root, { probePath: '/api/hello' });
    });

    after(async () => {
      await stopDev(api, dev);
    });

    it('finds the server through its .next/dev/lock', async () => {
      const s = await devStatusUntil(api, (st) => st.state === 'running');
      assert.equal(s.state, 'running', JSON.stringify(s));
      if (s.state !== 'running') return;
      assert.equal(s.source, 'lock');
      assert.equal(new URL(s.url).port, String(dev.port));
      assert.equal(new URL(s.url).hostname, '127.0.0.1');
      const lock = JSON.parse(fs.readFileSync(path.join(root, '.next', 'dev', 'lock'), 'utf8')) as { pid: number };
      assert.equal(s.pid, lock.pid);
    });

    it('sends a dynamic route with its param through the command API and returns status and body', async () => {
      const r = await vscode.commands.executeCommand<SendResult>(Commands.sendRequest, { route: '/api/users/[id]', params: { id: '42' } });
      assert.equal(r.ok, true, JSON.stringify(r.error));
      assert.equal(r.status, 200);
      assert.equal(r.url, `${dev.url}/api/users/42`);
      assert.deepEqual(JSON.parse(r.body!), { id: '42', name: 'User 42' });
      assert.ok(r.totalMs! >= r.ttfbMs!);
    });

    it('encodes a param that needs it, sends JSON bodies, and shows the method Next answers automatically', async () => {
      const enc = await api.requests.sendRequest({ route: '/api/users/[id]', params: { id: 'a b/ü' } });
      assert.equal(enc.status, 200);
      assert.deepEqual(JSON.parse(enc.body!), { id: 'a b/ü', name: 'User a b/ü' });
      const echo = await api.requests.sendRequest({ route: '/api/echo', method: 'POST', json: { hello: ['world', 1] } });
      assert.equal(echo.status, 200);
      assert.deepEqual(JSON.parse(echo.body!), { received: { hello: ['world', 1] } });
      const options = await api.requests.sendRequest({ route: '/api/hello', method: 'OPTIONS' });
      assert.equal(options.status, 204);
      assert.match(options.headers!.find(([k]) => k === 'allow')?.[1] ?? '', /GET/);
    });

    it('a bad JSON body and a missing param are refused before sending, with a clear message', async () => {
      const bad = await api.requests.sendRequest({ route: '/api/echo', method: 'POST', body: { kind: 'json', text: '{"a": }' } });
      assert.equal(bad.error?.kind, 'invalid-body');
      assert.match(bad.error!.message, /line 1/);
      const missing = await api.requests.sendRequest({ route: '/api/users/[id]' });
      assert.equal(missing.error?.kind, 'invalid-param');
      assert.match(missing.error!.message, /"id"/);
    });

    it('a streaming route arrives in several chunks', async () => {
      const r = await api.requests.sendRequest({ route: '/api/stream', show: true });
      assert.equal(r.status, 200);
      assert.equal(r.body, 'chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n');
      assert.ok((r.chunks ?? 0) >= 3, `chunks: ${r.chunks}`);
    });

    it('a handler that throws on a server started elsewhere: 500 with the error located in the route file by its message', async () => {
      const r = await api.requests.sendRequest({ route: '/api/boom' });
      assert.equal(r.status, 500);
      assert.ok(r.serverError, 'server error found');
      assert.match(r.serverError!.message, /kaboom from the fixture/);
      assert.equal(r.serverError!.file, path.join(root, 'app', 'api', 'boom', 'route.ts'));
      assert.ok((r.serverError!.line ?? 0) >= 1);
      // A server started elsewhere: its output is not ours, the log keeps no stack, so the message is
      // searched in the route file (the line of the throw) and the result says so.
      assert.equal(r.serverError!.source, 'log');
      assert.equal(r.serverError!.how, 'message');
      assert.equal(r.serverError!.line, 3);
    });

    it('keeps history without secret header values', async () => {
      const r = await api.requests.sendRequest({ route: '/api/hello', headers: { Authorization: 'Bearer top-secret', 'X-Plain': 'visible' } });
      assert.equal(r.status, 200);
      const entry = api.requests.history()[0];
      assert.equal(entry.request.route, '/api/hello');
      assert.equal(entry.status, 200);
      assert.deepEqual(entry.request.headers.map((h) => [h.name, h.value]), [['Authorization', ''], ['X-Plain', 'visible']]);
      assert.ok(!JSON.stringify(api.requests.history()).includes('top-secret'));
    });

    it('re-sends the last request from the palette command', async () => {
      const before = api.requests.history().length;
      await vscode.commands.executeCommand(Commands.resendLastRequest);
      const after = api.requests.history();
      assert.equal(after.length, Math.min(200, before + 1));
      assert.equal(after[0].request.route, '/api/hello');
      assert.equal(after[0].status, 200);
    });

    it('after next dev stops, the panel sees it is gone and says so when sending', async () => {
      await dev.stop();
      const s = await devStatusUntil(api, (st) => st.state === 'notRunning');
      assert.equal(s.state, 'notRunning');
      const r = await api.requests.sendRequest({ route: '/api/hello' });
      assert.equal(r.error?.kind, 'not-running');
    });
  });
});
