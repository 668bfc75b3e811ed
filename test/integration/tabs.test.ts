// Request tabs inside a real VS Code: opened from the CodeLens and from the sidebar route's context-menu
// command, one tab per route and method, a pinned tab keeping its request, restored by the tab serializer
// with the state the tab's webview reported (a real window reload would end the test run: the serializer's
// deserialize path is called through the API with a real WebviewPanel instead, and the tab's real webview
// must load and report the restored draft back), and a response body opened in a read-only editor.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import { BODY_SCHEME, Commands, WebviewPanels } from '../../src/ids';
import type { RequestDraft } from '../../src/protocol';
import type { TabInfo } from '../../src/vscode/panel/tabs';
import { devStatusUntil, routesUntil } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

/** Waits on the tabs' own change event until `want` holds; bounded (fails loudly with what the tabs were). */
async function tabsUntil(api: BffRoutesApi, want: (tabs: TabInfo[]) => boolean, what: string, maxEvents = 60): Promise<TabInfo[]> {
  for (let i = 0; i < maxEvents && !want(api.requests.tabs()); i++) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { d.dispose(); resolve(); }, 5000);
      const d = api.requests.onDidChangeTabs(() => { clearTimeout(timer); d.dispose(); resolve(); });
    });
  }
  const tabs = api.requests.tabs();
  assert.ok(want(tabs), `${what}; tabs: ${JSON.stringify(tabs.map((t) => ({ title: t.title, pinned: t.pinned, params: t.draft?.params })))}`);
  return tabs;
}

const titled = (tabs: TabInfo[], title: string): TabInfo[] => tabs.filter((t) => t.title === title);

async function closeAllTabs(api: BffRoutesApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await tabsUntil(api, (t) => t.length === 0, 'every tab closed');
}

describe('request tabs in the extension host', function () {
  this.timeout(180_000);
  let api: BffRoutesApi;
  let root: string;

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    await routesUntil(api, () => api.requests.listRoutes().length > 0);
    await closeAllTabs(api);
  });

  afterEach(async () => closeAllTabs(api));

  it('the CodeLens opens its route and method in a tab titled "GET /api/users/[id]"; again, the same tab is reused', async () => {
    const uri = vscode.Uri.file(path.join(root, 'app', 'api', 'users', '[id]', 'route.ts'));
    await vscode.window.showTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
    const ours = lenses.filter((l) => l.command?.command === Commands.openRequestInEditor);
    assert.deepEqual(ours.map((l) => l.command?.title), ['Open request: GET /api/users/[id]', 'Open request: DELETE /api/users/[id]']);
    const run = (lens: vscode.CodeLens): Thenable<TabInfo | undefined> => vscode.commands.executeCommand<TabInfo | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));

    const opened = await run(ours[0]);
    assert.equal(opened?.title, 'GET /api/users/[id]');
    // The tab's webview loaded its request and reported it (a new draft: the param empty).
    let tabs = await tabsUntil(api, (t) => titled(t, 'GET /api/users/[id]')[0]?.draft?.method === 'GET', 'the GET tab reported its draft');
    assert.deepEqual(titled(tabs, 'GET /api/users/[id]')[0].draft?.params, { id: '' });

    await run(ours[0]);
    await run(ours[1]);
    tabs = await tabsUntil(api, (t) => titled(t, 'DELETE /api/users/[id]')[0]?.draft?.method === 'DELETE', 'the DELETE tab reported its draft');
    assert.equal(titled(tabs, 'GET /api/users/[id]').length, 1, 'one tab per route and method');
    assert.equal(tabs.length, 2);
    assert.equal(titled(tabs, 'DELETE /api/users/[id]')[0].active, true, 'the tab opened last is the active editor');
  });

  it('the sidebar route\'s context-menu command opens the route in a tab; a draft from history loads into the unpinned tab', async () => {
    const info = await vscode.commands.executeCommand<TabInfo | undefined>(Commands.openRequestInEditor, { webviewSection: 'route', appRoot: root, route: '/api/hello', preventDefaultContextMenuItems: true });
    assert.equal(info?.title, 'GET /api/hello');
    await tabsUntil(api, (t) => titled(t, 'GET /api/hello')[0]?.draft !== undefined, 'the /api/hello tab reported its draft');
    const draft: RequestDraft = { appRoot: root, route: '/api/hello', method: 'GET', params: {}, query: [{ name: 'from', value: 'history', enabled: true }], headers: [], cookies: [], body: { kind: 'none' }, timeoutMs: 30_000, followRedirects: false };
    await api.requests.openTab({ appRoot: root, route: '/api/hello', draft });
    const tabs = await tabsUntil(api, (t) => titled(t, 'GET /api/hello')[0]?.draft?.query[0]?.value === 'history', 'the unpinned tab took the history draft');
    assert.equal(titled(tabs, 'GET /api/hello').length, 1, 'reused, not a second tab');
  });

  it('the serializer restores a tab with its draft and pin; a pinned tab keeps its request (another draft opens a second tab)', async () => {
    const draft: RequestDraft = { appRoot: root, route: '/api/users/[id]', method: 'GET', params: { id: '7' }, query: [], headers: [{ name: 'X-Kept', value: 'yes', enabled: true }], cookies: [], body: { kind: 'none' }, timeoutMs: 30_000, followRedirects: false };
    await api.requests.openTab({ appRoot: root, route: draft.route, draft });
    const reported = (await tabsUntil(api, (t) => titled(t, 'GET /api/users/[id]')[0]?.draft?.params.id === '7', 'the tab reported the draft with id 7'))[0].state;
    assert.ok(reported?.draft, 'the tab reported the state it keeps for a reload');
    await closeAllTabs(api);

    // What VS Code does after a reload: a panel of our view type and the state the webview kept (pinned here).
    const state = JSON.parse(JSON.stringify({ ...reported, pinned: true })) as unknown;
    const panel = vscode.window.createWebviewPanel(WebviewPanels.requestTab, 'restoring', vscode.ViewColumn.One, {});
    await api.requests.restoreTab(panel, state);
    let tabs = await tabsUntil(api, (t) => {
      const r = titled(t, 'GET /api/users/[id]')[0];
      return r?.state !== undefined && r.draft?.params.id === '7' && r.pinned;
    }, 'the restored tab\'s webview loaded the draft and the pin and reported them');
    const restored = titled(tabs, 'GET /api/users/[id]')[0];
    assert.deepEqual(restored.draft?.headers, [{ name: 'X-Kept', value: 'yes', enabled: true }]);
    assert.equal(restored.state?.pinned, true);

    // Pinned: opening the route and method without a request shows it; with another request opens a second tab.
    await api.requests.openTab({ appRoot: root, route: draft.route, method: 'GET' });
    assert.equal(titled(api.requests.tabs(), 'GET /api/users/[id]').length, 1);
    await api.requests.openTab({ appRoot: root, route: draft.route, draft: { ...draft, params: { id: '8' } } });
    tabs = await tabsUntil(api, (t) => titled(t, 'GET /api/users/[id]').some((x) => x.draft?.params.id === '8'), 'a second tab for the other request');
    const both = titled(tabs, 'GET /api/users/[id]');
    assert.equal(both.length, 2);
    assert.ok(both.some((t) => t.pinned && t.draft?.params.id === '7'), 'the pinned tab kept its request');
  });

  it('a restored state that does not validate closes the panel (logged) instead of opening a broken tab', async () => {
    const panel = vscode.window.createWebviewPanel(WebviewPanels.requestTab, 'broken', vscode.ViewColumn.One, {});
    const disposed = new Promise<void>((resolve) => panel.onDidDispose(() => resolve()));
    await api.requests.restoreTab(panel, { v: 9, draft: 'not a draft' });
    await disposed;
    assert.equal(api.requests.tabs().length, 0);
  });

  it('"Open in editor": a kept JSON body in a read-only document of its own scheme, language json, pretty-printed', async () => {
    // A loopback server as the app's dev server (bffRoutes.baseUrl), answering JSON.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"42","tags":["a","b"]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const config = vscode.workspace.getConfiguration('bffRoutes');
    const url = `http://127.0.0.1:${port}`;
    await config.update('baseUrl', url, vscode.ConfigurationTarget.Workspace);
    try {
      // The panel found it (no environment active, no live dev lock: the setting applies).
      const found = await devStatusUntil(api, (s) => s.state === 'running' && s.url === url);
      assert.deepEqual([found.state, found.state === 'running' ? found.url : JSON.stringify(found), api.requests.environments().active], ['running', url, undefined]);
      const r = await api.requests.sendRequest({ route: '/api/users/[id]', params: { id: '42' } });
      assert.equal(r.status, 200, JSON.stringify(r.error));
      const doc = await api.requests.openBody(r.requestId);
      assert.ok(doc, 'the body was kept');
      assert.equal(doc.uri.scheme, BODY_SCHEME);
      assert.equal(doc.languageId, 'json');
      assert.equal(doc.getText(), '{\n  "id": "42",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
      assert.match(path.basename(doc.uri.path), /^GET api-users-\[id\]\.json$/);
      assert.equal(await api.requests.openBody('no-such-request'), undefined);
    } finally {
      await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Restored: the panel no longer points at this server.
      await devStatusUntil(api, (s) => s.state !== 'running' || s.url !== url);
    }
  });
});
