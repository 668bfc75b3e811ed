import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, ContextKeys, EXTENSION_ID } from '../../src/ids';
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

  it('refuses bad input without writing: a bad path, invalid arguments, a page conflict, a folder outside the workspace', async () => {
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

  it('a folder Uri plus an argument object: the folder pre-fills the route path (dynamic pattern adds [id])', async () => {
    const folder = path.join(root, 'app', 'api', 'int', 'things');
    fs.mkdirSync(folder, { recursive: true });
    const uri = await run(vscode.Uri.file(folder), { pattern: 'dynamic', open: false });
    assert.equal(uri?.fsPath, path.join(folder, '[id]', 'route.ts'));
    assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /const \{ id \} = await context\.params;/);
  });
});
