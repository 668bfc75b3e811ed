// Route diagnostics inside the real extension host: files written to the fixture copy on disk (never
// opened) reach the Problems data, opened files get exact ranges, quick fixes apply and clear the
// diagnostic, settings changes and deletes re-run, project rules follow files appearing/disappearing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, workspaceRoot } from './support';

const SOURCE = 'BFF Routes';
const WAIT_MS = 30_000;

/** The tail of the extension's log (a file under the host's data folder), to explain a failure. */
function logTail(lines = 30): string {
  // The test host keeps its user data and logs next to XDG_DATA_HOME (test/host/codeServer.ts).
  const roots = [process.env.XDG_DATA_HOME && path.dirname(process.env.XDG_DATA_HOME)].filter((r): r is string => !!r);
  for (const root of roots) {
    let files: string[] = [];
    try {
      files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('BFF Routes.log'));
    } catch {
      continue;
    }
    if (files.length > 0) return fs.readFileSync(path.join(root, files[files.length - 1]), 'utf8').split('\n').slice(-lines).join('\n');
  }
  return '(extension log not found)';
}

/** Resolves with the file's BFF Routes diagnostics once `ok` holds; rejects after WAIT_MS with what was there. */
function waitForDiagnostics(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
  return new Promise((resolve, reject) => {
    const now = ours();
    if (ok(now)) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what} on ${uri.fsPath}; have: ${JSON.stringify(ours().map((d) => [codeOf(d), d.range.start.line, d.message]))}\nextension log:\n${logTail()}`));
    }, WAIT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const list = ours();
      if (ok(list)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(list);
      }
    });
  });
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

const withRule = (rule: string) => (list: vscode.Diagnostic[]): boolean => list.some((d) => codeOf(d) === rule);
const withoutRule = (rule: string) => (list: vscode.Diagnostic[]): boolean => !list.some((d) => codeOf(d) === rule);

function write(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceRoot(), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

const DOUBLE = [
  'export async function POST(request: Request) {',
  '  const body = await request.json();',
  '  const again = await request.text();',
  '  return Response.json({ body, again });',
  '}',
  '',
].join('\n');

const LOWER = ['export async function get() {', "  return new Response('hi');", '}', ''].join('\n');

/**
 * Runs every code action provider on a range. Other providers on a .ts file (TypeScript's) may answer
 * "Canceled" while their server is busy, which VS Code re-throws for the whole request: ask again, a bounded
 * number of times.
 */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  let last: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind?.value);
    } catch (e) {
      if (!(e instanceof Error) || e.message !== 'Canceled') throw e;
      last = e;
    }
  }
  throw last;
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

describe('route diagnostics in the editor', () => {
  const created: string[] = [];
  const track = (rel: string): string => {
    created.push(path.join(workspaceRoot(), path.dirname(rel)));
    return rel;
  };

  before(async () => {
    const api = await activateExtension();
    await api.lintWorkspaceDone();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('bffRoutes').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    for (const p of created) fs.rmSync(p, { recursive: true, force: true });
  });

  it('lists a route file written to disk that no editor opened', async () => {
    const uri = write(track('app/api/h5b-unopened/route.ts'), DOUBLE);
    const list = await waitForDiagnostics(uri, withRule('double-body-read'), 'double-body-read');
    assert.equal(isOpen(uri), false, 'the file was never opened');
    assert.equal(list.length, 1);
    // The same diagnostics are in the global list the Problems panel renders.
    assert.ok(vscode.languages.getDiagnostics().some(([u, ds]) => u.toString() === uri.toString() && ds.some((d) => codeOf(d) === 'double-body-read')));
    const d = list[0];
    assert.deepEqual([d.range.start.line, d.range.start.character], [2, DOUBLE.split('\n')[2].indexOf('request.text()')]);
  });

  it('opens a route file: exact ranges, rule code linking its docs, related first read', async () => {
    const uri = write(track('app/api/h5b-open/route.ts'), DOUBLE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const list = await waitForDiagnostics(uri, withRule('double-body-read'), 'double-body-read');
    const d = list.find((x) => codeOf(x) === 'double-body-read')!;
    const second = DOUBLE.indexOf('request.text()');
    assert.deepEqual(d.range, new vscode.Range(doc.positionAt(second), doc.positionAt(second + 'request.text()'.length)));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, SOURCE);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'double-body-read');
    assert.equal(code.target.toString(), 'https://github.com/bff-routes/bff-routes#double-body-read');
    assert.equal(d.relatedInformation?.length, 1);
    const first = DOUBLE.indexOf('request.json()');
    assert.equal(d.relatedInformation![0].location.uri.toString(), uri.toString());
    assert.deepEqual(d.relatedInformation![0].location.range.start, doc.positionAt(first));
  });

  it('offers the quick fix; applying it removes the diagnostic', async () => {
    const uri = write(track('app/api/h5b-lower/route.ts'), LOWER);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [d] = (await waitForDiagnostics(uri, withRule('lowercase-method-export'), 'lowercase-method-export')).filter((x) => codeOf(x) === 'lowercase-method-export');
    assert.deepEqual(d.range, new vscode.Range(0, LOWER.indexOf('get'), 0, LOWER.indexOf('get') + 3));
    const actions = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === "Rename 'get' to 'GET'");
    assert.ok(fix, `quick fixes offered: ${titles.join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(titles.includes('Disable lowercase-method-export for this line'), titles.join(' | '));
    assert.ok(fix.edit);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(doc.getText(), /export async function GET\(\)/);
    await waitForDiagnostics(uri, withoutRule('lowercase-method-export'), 'the fixed diagnostic to go');
  });

  it('"Disable <rule> for this line" silences it with a directive', async () => {
    const uri = vscode.Uri.file(path.join(workspaceRoot(), 'app/api/h5b-open/route.ts'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const [d] = (await waitForDiagnostics(uri, withRule('double-body-read'), 'double-body-read')).filter((x) => codeOf(x) === 'double-body-read');
    const actions = await codeActions(uri, d.range);
    const disable = actions.find((a) => a.title === 'Disable double-body-read for this line');
    assert.ok(disable?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(await vscode.workspace.applyEdit(disable.edit), true);
    assert.equal(doc.lineAt(2).text, '  // bff-routes-disable-next-line double-body-read');
    await waitForDiagnostics(uri, withoutRule('double-body-read'), 'the silenced diagnostic to go');
  });

  it('re-analyses while typing (debounced)', async () => {
    const uri = vscode.Uri.file(path.join(workspaceRoot(), 'app/api/h5b-lower/route.ts'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.positionAt(doc.getText().length), "\nexport function post() {\n  return new Response('x');\n}\n");
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('export function post'));
    assert.ok(line > 0);
    await waitForDiagnostics(uri, (l) => l.some((d) => codeOf(d) === 'lowercase-method-export' && d.range.start.line === line), `lowercase-method-export on line ${line}`);
  });

  it('re-runs on a bffRoutes.rules change, for unopened files too, and clears on delete', async () => {
    const uri = write(track('app/api/h5b-settings/route.ts'), LOWER);
    const error = await waitForDiagnostics(uri, withRule('lowercase-method-export'), 'lowercase-method-export');
    assert.equal(error[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(isOpen(uri), false);
    await vscode.workspace.getConfiguration('bffRoutes').update('rules', { 'lowercase-method-export': 'info' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (l) => l.some((d) => codeOf(d) === 'lowercase-method-export' && d.severity === vscode.DiagnosticSeverity.Information), 'severity info');
    await vscode.workspace.getConfiguration('bffRoutes').update('rules', { 'lowercase-method-export': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (l) => l.length === 0, 'the rule turned off');
    await vscode.workspace.getConfiguration('bffRoutes').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, withRule('lowercase-method-export'), 'the default back');
    fs.rmSync(uri.fsPath);
    await waitForDiagnostics(uri, (l) => l.length === 0, 'diagnostics cleared after delete');
  });

  it('project rule: a page next to a route is flagged, and cleared when the page goes', async () => {
    const route = write(track('app/h5b-conflict/route.ts'), "export function GET() {\n  return new Response('x');\n}\n");
    const page = write('app/h5b-conflict/page.tsx', 'export default function Page() {\n  return null;\n}\n');
    const list = await waitForDiagnostics(route, withRule('route-page-conflict'), 'route-page-conflict');
    const d = list.find((x) => codeOf(x) === 'route-page-conflict')!;
    assert.equal(d.relatedInformation?.[0].location.uri.fsPath, page.fsPath);
    fs.rmSync(page.fsPath);
    await waitForDiagnostics(route, withoutRule('route-page-conflict'), 'the conflict to clear');
  });
});
