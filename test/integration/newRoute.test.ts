import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planRoute } from '../../src/core/generator';
import { describeNextApp } from '../../src/core/project/nextApps';
import { Commands, ContextKeys, EXTENSION_ID } from '../../src/ids';
import { mountReadOnly, type ReadOnlyMount } from '../support/readOnlyMount';
import { activateExtension, workspaceRoot } from './support';

type Run = (arg?: unknown, second?: unknown) => Thenable<vscode.Uri | undefined>;
const run: Run = (arg, second) => vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.newRouteHandler, arg, second);

/** Waits (bounded) until an editor shows `file`. */
async function editorFor(file: string): Promise<vscode.TextEditor> {
  const match = (e: vscode.TextEditor | undefined) => e && e.document.uri.fsPath === file;
  if (match(vscode.window.activeTextEditor)) return vscode.window.activeTextEditor!;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no editor opened ${file}`)); }, 10000);
    const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (match(e)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e!);
      }
    });
  });
}

/** Accepts whatever quick input is showing until `pending` settles (bounded: 150 tries, 100 ms apart). */
async function acceptUntilDone<T>(pending: Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => { settled = true; });
  for (let i = 0; i < 150 && !settled; i++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(settled, 'the command finished after its quick inputs were accepted');
  return result;
}

describe('New Route Handler command (real extension host)', function () {
  this.timeout(60000);
  let root: string;
  const outside: string[] = [];

  before(async () => {
    await activateExtension();
    root = workspaceRoot();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => {
    for (const d of outside) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is contributed to the palette and to the explorer context menu of folders', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: Array<{ command: string; title: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    assert.equal(pkg.contributes.commands.find((c) => c.command === Commands.newRouteHandler)?.title, 'New Route Handler…');
    const entry = pkg.contributes.menus['explorer/context']?.find((m) => m.command === Commands.newRouteHandler);
    // Only on folders, and only while the workspace holds a Next.js app (context key set by the extension).
    assert.equal(entry?.when, `explorerResourceIsFolder && ${ContextKeys.hasNextApp}`);
    assert.ok(!pkg.contributes.menus.commandPalette?.some((m) => m.command === Commands.newRouteHandler && m.when === 'false'));
  });

  it('with an argument object: creates the file in the right place of the fixture app and opens it at the first edit', async () => {
    const uri = await run({ pattern: 'json-post', routePath: 'api/int/items/[id]', validation: 'guard', methods: ['POST', 'PATCH'] });
    const file = path.join(root, 'app', 'api', 'int', 'items', '[id]', 'route.ts');
    assert.ok(uri, 'returns the created Uri');
    assert.equal(uri.fsPath, file);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /export async function POST\(request: Request, context: RouteContext<'\/api\/int\/items\/\[id\]'>\)/);
    assert.match(text, /export async function PATCH/);
    const editor = await editorFor(file);
    assert.ok(!editor.selection.isEmpty);
    assert.match(editor.document.getText(editor.selection), /^if \(typeof name !== 'string'/);
  });

  it('refuses to overwrite an existing route file (returns undefined, content unchanged)', async () => {
    const file = path.join(root, 'app', 'api', 'hello', 'route.ts');
    const before = fs.readFileSync(file, 'utf8');
    const uri = await run({ pattern: 'text-get', routePath: 'api/hello' });
    assert.equal(uri, undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('refuses bad input without writing: a bad path, invalid arguments, a page conflict, a folder outside the workspace, a folder that is no Next.js app', async () => {
    const list = () => fs.readdirSync(path.join(root, 'app'), { recursive: true }).map(String).sort();
    const before = list();
    assert.equal(await run({ pattern: 'text-get', routePath: 'api/../../escape' }), undefined);
    assert.equal(await run({ pattern: 'text-get', routePath: 'api/a b' }), undefined);
    assert.equal(await run({ pattern: 'no-such-pattern', routePath: 'api/x' }), undefined);
    assert.equal(await run({ pattern: 'text-get', routePath: 'api/x', unexpected: true }), undefined);
    assert.equal(await run({ pattern: 'text-get', routePath: '' }), undefined);
    assert.deepEqual(list(), before);

    fs.mkdirSync(path.join(root, 'app', 'int-page'));
    fs.writeFileSync(path.join(root, 'app', 'int-page', 'page.tsx'), 'export default function Page() { return null; }\n');
    assert.equal(await run({ pattern: 'text-get', routePath: 'int-page' }), undefined);
    assert.ok(!fs.existsSync(path.join(root, 'app', 'int-page', 'route.ts')), 'no route beside a page');

    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-outside-'));
    outside.push(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'package.json'), JSON.stringify({ dependencies: { next: '16.0.0' } }));
    fs.mkdirSync(path.join(elsewhere, 'app'));
    assert.equal(await run({ pattern: 'text-get', routePath: 'api/x', app: elsewhere }), undefined);
    assert.ok(!fs.existsSync(path.join(elsewhere, 'app', 'api')), 'nothing written outside the workspace');

    // An "app" that is no Next.js app (no next.config, no next dependency): refused, nothing written.
    const notApp = path.join(root, 'not-an-app');
    fs.mkdirSync(path.join(notApp, 'app'), { recursive: true });
    fs.writeFileSync(path.join(notApp, 'package.json'), JSON.stringify({ name: 'plain', dependencies: { react: '19.0.0' } }));
    assert.equal(await run({ pattern: 'text-get', routePath: 'api/x', app: notApp }), undefined);
    assert.deepEqual(fs.readdirSync(path.join(notApp, 'app')), [], 'nothing written in a folder that is not a Next.js app');
    fs.rmSync(notApp, { recursive: true, force: true });
  });

  describe('a hostile checkout: symbolic links and reserved names (real links on disk)', () => {
    let elsewhere: string;
    const made: string[] = [];
    before(() => {
      elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-int-links-'));
      outside.push(elsewhere);
    });
    after(() => {
      for (const p of made) fs.rmSync(p, { recursive: true, force: true });
    });
    const outsideEntries = () => fs.readdirSync(elsewhere, { recursive: true }).map(String).sort();
    const shownFor = (pattern: string, routePath: string): string =>
      planRoute({ app: describeNextApp(root)!, pattern, routePath, workspaceFolders: [root] }).refusals[0]?.message ?? '(no refusal)';

    it('a route.ts that is a dangling symbolic link: refused (arguments, or a folder Uri as the explorer passes it), its target is not created', async () => {
      const dir = path.join(root, 'app', 'api', 'int-planted');
      made.push(dir);
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(elsewhere, 'planted.ts');
      fs.symlinkSync(target, path.join(dir, 'route.ts'));
      assert.equal(await run({ pattern: 'text-get', routePath: 'api/int-planted' }), undefined);
      assert.equal(await run(vscode.Uri.file(dir), { pattern: 'json-post', validation: 'guard', open: false }), undefined);
      assert.equal(fs.existsSync(target), false, 'the link target was not created');
      assert.equal(fs.readlinkSync(path.join(dir, 'route.ts')), target, 'the link is left as it was');
      assert.deepEqual(outsideEntries(), []);
      // The message the command shows (and the path box while typing) is the planner's:
      assert.equal(shownFor('text-get', 'api/int-planted'), `app/api/int-planted/route.ts is already there as a symbolic link to ${target}; it is neither overwritten nor written through.`);
    });

    it('a folder symlinked outside the workspace: refused, the link named, nothing created outside', async () => {
      const link = path.join(root, 'app', 'api', 'int-ext');
      made.push(link);
      fs.symlinkSync(elsewhere, link);
      assert.equal(await run({ pattern: 'text-get', routePath: 'api/int-ext/foo' }), undefined);
      assert.equal(await run(vscode.Uri.file(link), { pattern: 'dynamic', open: false }), undefined);
      assert.equal(await run({ pattern: 'text-get', routePath: 'api/int-ext' }), undefined);
      assert.deepEqual(outsideEntries(), []);
      assert.equal(shownFor('text-get', 'api/int-ext/foo'), `app/api/int-ext is a symbolic link to ${fs.realpathSync(elsewhere)}, outside the app folder ${fs.realpathSync(root)}; nothing was written (a route is only created inside its app).`);
    });

    it('Windows reserved names: refused with the shared message, nothing created', async () => {
      const before = fs.readdirSync(path.join(root, 'app', 'api')).sort();
      for (const routePath of ['api/CON', 'api/aux.', 'api/nul.txt', 'api/LPT9/x', 'api/ok.']) {
        assert.equal(await run({ pattern: 'text-get', routePath }), undefined, routePath);
      }
      assert.deepEqual(fs.readdirSync(path.join(root, 'app', 'api')).sort(), before);
      assert.match(shownFor('text-get', 'api/aux.'), /^'aux\.' is a device name Windows reserves/);
      assert.match(shownFor('text-get', 'api/ok.'), /^'ok\.' ends with '\.', which Windows drops/);
    });
  });

  it('from the explorer menu on a folder (invoked with the folder Uri as VS Code does): path pre-filled, file created and opened', async () => {
    const folder = path.join(root, 'app', 'api', 'int', 'from-explorer');
    fs.mkdirSync(folder, { recursive: true });
    const folderUri = vscode.Uri.file(folder);
    // VS Code passes the clicked folder and the selection. The first pattern (Text GET) is active; the
    // route path is pre-filled from the folder: accepting both creates app/api/int/from-explorer/route.ts.
    const uri = await acceptUntilDone(run(folderUri, [folderUri]));
    const file = path.join(folder, 'route.ts');
    assert.equal(uri?.fsPath, file);
    assert.match(fs.readFileSync(file, 'utf8'), /Hello from \/api\/int\/from-explorer/);
    const editor = await editorFor(file);
    assert.equal(editor.document.getText(editor.selection), 'Hello from /api/int/from-explorer');
  });

  it('interactive, the route file exists: the path box warns, Enter opens the existing file, nothing is overwritten', async () => {
    // From the explorer on app/api/hello: Text GET is the first pattern, the path is pre-filled as
    // api/hello, where route.ts exists. Accepting opens that file instead of creating one.
    const folder = path.join(root, 'app', 'api', 'hello');
    const file = path.join(folder, 'route.ts');
    const before = fs.readFileSync(file, 'utf8');
    const entries = fs.readdirSync(folder).sort();
    const opened = editorFor(file);
    const uri = await acceptUntilDone(run(vscode.Uri.file(folder), [vscode.Uri.file(folder)]));
    assert.equal(uri, undefined, 'nothing created');
    const editor = await opened;
    assert.equal(editor.document.getText(), before);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'not overwritten');
    assert.deepEqual(fs.readdirSync(folder).sort(), entries, 'no other file written beside it');
  });

  describe('a read-only folder of the app (a real read-only bind mount)', () => {
    let ro: ReadOnlyMount | undefined;
    let dir: string;
    before(() => {
      dir = path.join(root, 'app', 'api', 'int-ro');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'unchanged\n');
      // Fails (does not skip) with the reason when the host is not root or mount is refused.
      ro = mountReadOnly(dir);
    });
    after(() => {
      ro?.unmount();
    });

    it('with arguments targeting it: refused with the read-only message, nothing written', async () => {
      const list = () => fs.readdirSync(dir, { recursive: true }).map(String).sort();
      const before = list();
      assert.equal(await run({ pattern: 'text-get', routePath: 'api/int-ro/status' }), undefined);
      assert.equal(await run({ pattern: 'dynamic', routePath: 'api/int-ro/items/[id]', open: false }), undefined);
      assert.equal(await run(vscode.Uri.file(dir), { pattern: 'json-post', validation: 'guard' }), undefined);
      assert.deepEqual(list(), before, 'nothing written under the read-only folder');
      assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'unchanged\n');
      // The message the command shows (and the live validation shows while typing) is the planner's:
      const plan = planRoute({ app: describeNextApp(root)!, pattern: 'text-get', routePath: 'api/int-ro/status', workspaceFolders: [root] });
      assert.equal(plan.refusals[0]?.code, 'read-only');
      assert.equal(plan.refusals[0].message, 'app/api/int-ro is on a read-only file system, so app/api/int-ro/status/route.ts cannot be created.');
      // The rest of the app stays writable: the same command works beside it.
      const ok = await run({ pattern: 'text-get', routePath: 'api/int-rw/status', open: false });
      assert.equal(ok?.fsPath, path.join(root, 'app', 'api', 'int-rw', 'status', 'route.ts'));
    });
  });

  it('a folder Uri plus an argument object: the folder pre-fills the route path (dynamic pattern adds [id])', async () => {
    const folder = path.join(root, 'app', 'api', 'int', 'things');
    fs.mkdirSync(folder, { recursive: true });
    const uri = await run(vscode.Uri.file(folder), { pattern: 'dynamic', open: false });
    assert.equal(uri?.fsPath, path.join(folder, '[id]', 'route.ts'));
    assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /const \{ id \} = await context\.params;/);
  });
});
