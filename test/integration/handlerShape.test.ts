// The handler's side of the request editor inside the real extension host (#14 item 2): the hover on an exported
// handler (its inputs and status codes, with a schema imported through tsconfig `paths`, unsaved text included),
// "Fill from handler" (a body the real next dev accepts, query parameters with types, a reason when the shape is not
// known) and "Run all" of the app's saved suite for a route, its folder and the app, against a real next dev.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { startNextDev, type NextDev } from '../support/nextDev';
import { devStatusUntil, routesUntil } from './panelSupport';
import { activateExtension, revertUnsavedUnder, workspaceRoot } from './support';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hv) => hv.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
}

async function hoverAt(doc: vscode.TextDocument, needle: string): Promise<string> {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${doc.fileName}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 1));
  return hoverText(hovers ?? []);
}

describe('handler shape in the extension host: hover, Fill from handler, Run all (real next dev)', function () {
  this.timeout(300_000);
  let api: BffRoutesApi;
  let root: string;
  let dev: NextDev | undefined;
  const suiteDir = (): string => path.join(root, '.bff-routes');
  const orders = (): string => path.join(root, 'app', 'api', 'orders', 'route.ts');

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    await routesUntil(api, () => api.requests.listRoutes().some((r) => r.pattern === '/api/orders'));
  });

  after(async () => {
    await revertUnsavedUnder([path.join(root, 'app')]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await dev?.stop();
    fs.rmSync(suiteDir(), { recursive: true, force: true });
  });

  it('hovering the exported handler shows its body fields (schema imported through @/), query parameters and status codes', async () => {
    const doc = await vscode.workspace.openTextDocument(orders());
    await vscode.window.showTextDocument(doc);
    const md = await hoverAt(doc, 'POST(request');
    assert.match(md, /\*\*POST \/api\/orders\*\*/, md);
    assert.match(md, /\*\*JSON body\*\* \(`CreateOrder`, zod\):/, md);
    assert.match(md, /- `email`: `string \(email\)`/, md);
    assert.match(md, /- `note`\?: `string`/, md);
    assert.match(md, /\*\*Answers:\*\* 201 Created, 400 Bad Request/, md);
    const search = await vscode.workspace.openTextDocument(path.join(root, 'app', 'api', 'search', 'route.ts'));
    const s = await hoverAt(search, 'GET(request');
    assert.match(s, /\*\*Query parameters:\*\*\n- `q`: `string`\n- `limit`\?: `string`/, s);
    assert.match(s, /200 OK, 400 Bad Request/, s);
    // Only on the handler's name: the body of the function has no such hover.
    assert.doesNotMatch(await hoverAt(search, 'searchParams.get(\'q\')'), /\*\*GET/);
  });

  it('the hover reads unsaved text: a status added in the editor shows before saving', async () => {
    const doc = await vscode.workspace.openTextDocument(orders());
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('  const order = parsed.data;');
    const added = "  if (request.headers.get('x-dry-run')) return new Response(null, { status: 204 });\n";
    const before = doc.getText();
    await editor.edit((e) => e.insert(doc.positionAt(at), added));
    try {
      const md = await hoverAt(doc, 'POST(request');
      assert.match(md, /\*\*Headers:\*\*\n- `x-dry-run`\?: `string`/, md);
      assert.match(md, /201 Created, 204 No Content, 400 Bad Request/, md);
    } finally {
      // Back to the text on disk, saved (the same bytes): no dirty document is left to be written back later.
      await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + added.length))));
      assert.equal(doc.getText(), before);
      await doc.save();
    }
  });

  it('Fill from handler: a sample body the schema accepts, typed query parameters, a reason when the shape is not known', () => {
    const post = api.requests.handlerShape(root, '/api/orders', 'POST');
    assert.ok(post.fill, post.reason);
    assert.equal(post.fill.body.kind, 'json');
    if (post.fill.body.kind !== 'json') return;
    assert.equal(post.fill.body.from, 'CreateOrder (zod)');
    const sample = JSON.parse(post.fill.body.text) as { email: string; items: unknown[] };
    assert.equal(sample.email, 'ada@example.com');
    assert.ok(sample.items.length >= 1);
    assert.deepEqual(post.fill.statuses, [201, 400]);
    const search = api.requests.handlerShape(root, '/api/search', 'GET');
    assert.deepEqual(search.fill?.query.map((q) => [q.name, q.type, q.required]), [['q', 'string', true], ['limit', 'string', false]]);
    const echo = api.requests.handlerShape(root, '/api/echo', 'POST');
    assert.deepEqual(echo.fill?.body, { kind: 'unknown', reason: 'the handler types the body as `unknown`, which says nothing of what it must carry' });
    assert.match(api.requests.handlerShape(root, '/api/orders', 'OPTIONS').reason ?? '', /Next\.js answers OPTIONS itself/);
    assert.match(api.requests.handlerShape(root, '/api/nowhere', 'GET').reason ?? '', /not a route of this workspace/);
  });

  it('Run all: no suite yet, then the saved suite for a route, its folder and the app; a failure carries its diff; captures feed later requests; the filled body gets 201', async () => {
    const none = await api.requests.runSuite(root, 'app', '/api/orders');
    assert.match(none.error ?? '', /No suite yet: save \.http files .* under \.bff-routes/);
    dev = await startNextDev(root, { probePath: '/api/hello' });
    const s = await devStatusUntil(api, (st) => st.state === 'running');
    assert.equal(s.state, 'running', JSON.stringify(s));
    const fill = api.requests.handlerShape(root, '/api/orders', 'POST').fill;
    assert.ok(fill?.body.kind === 'json');
    fs.mkdirSync(suiteDir(), { recursive: true });
    fs.writeFileSync(path.join(suiteDir(), 'orders.http'), [
      '### search first', '# @name found', '# @shape', 'GET {{baseUrl}}/api/search?q=shoes', '', '?? status == 200', '',
      '### order, body from the handler', '# @name created', 'POST /api/orders', 'Content-Type: application/json', '', fill.body.text, '', '?? status == 201', '?? body email == ada@example.com', '',
      '### uses the capture', 'GET /api/search?q={{found.q}}&limit=2', '', '?? body q == shoes', '?? body limit == 3', '',
      '### hello', 'GET /api/hello', '', '?? status == 200', '',
    ].join('\n'));
    const route = await api.requests.runSuite(root, 'route', '/api/orders');
    assert.equal(route.error, undefined);
    assert.deepEqual(route.results.map((r) => [r.name, r.passed, r.status]), [['created', true, 201]]);
    const folder = await api.requests.runSuite(root, 'route', '/api/search');
    assert.deepEqual(folder.results.map((r) => [r.name, r.passed]), [['found', true], ['GET /api/search?q={{found.q}}&limit=2', false]]);
    assert.deepEqual(folder.results[0].assertions.map((a) => [a.text, a.passed]), [['?? status == 200', true], ['# @shape', true]], 'the body matches the handler\'s response shape');
    const failed = folder.results[1];
    assert.match(failed.url, /\/api\/search\?q=shoes&limit=2$/, 'the capture fed the later request');
    const limit = failed.assertions.find((a) => !a.passed);
    assert.equal(limit?.text, '?? body limit == 3');
    assert.match(limit?.message ?? '', /expected: == 3\n\s+actual: {3}2/);
    const app = await api.requests.runSuite(root, 'app', '/api/orders');
    assert.deepEqual(app.results.map((r) => r.passed), [true, true, false, true]);
    const users = await api.requests.runSuite(root, 'folder', '/api/users/[id]');
    assert.match(users.error ?? '', /No request of the suite targets \/api\/users\/…/);
  });

  it('Run all applies the active environment: its {{variables}}, and its baseUrl over the dev server\'s', async () => {
    assert.ok(dev, 'the dev server of the previous test');
    const envFile = path.join(root, 'http-client.env.json');
    const suite = path.join(suiteDir(), 'env.http');
    fs.writeFileSync(envFile, JSON.stringify({ local: { baseUrl: dev.url, term: 'boots' }, closed: { baseUrl: 'http://127.0.0.1:9', term: 'x' } }, null, 2));
    fs.writeFileSync(suite, ['### with the env', '# @name withEnv', 'GET {{baseUrl}}/api/search?q={{term}}', '', '?? status == 200', '?? body q == boots', ''].join('\n'));
    const withEnv = (run: Awaited<ReturnType<typeof api.requests.runSuite>>) => run.results.find((r) => r.name === 'withEnv');
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'local'), 'local');
      const local = withEnv(await api.requests.runSuite(root, 'route', '/api/search'));
      assert.equal(local?.passed, true, JSON.stringify(local));
      assert.match(local?.url ?? '', /\/api\/search\?q=boots$/);
      // Another environment's baseUrl wins over the running dev server: nothing listens there.
      assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'closed'), 'closed');
      const closed = withEnv(await api.requests.runSuite(root, 'route', '/api/search'));
      assert.equal(closed?.passed, false);
      assert.match(closed?.url ?? '', /^http:\/\/127\.0\.0\.1:9\/api\/search\?q=x$/);
      // No environment: {{term}} is not defined, said before anything is sent.
      await vscode.commands.executeCommand(Commands.selectEnvironment, null);
      const none = withEnv(await api.requests.runSuite(root, 'route', '/api/search'));
      assert.equal(none?.passed, false);
      assert.match(none?.error ?? '', /term.* not defined/);
    } finally {
      await vscode.commands.executeCommand(Commands.selectEnvironment, null);
      fs.rmSync(envFile, { force: true });
      fs.rmSync(suite, { force: true });
    }
  });
});
