// Route diagnostics inside the real extension host: files written to the fixture copy on disk (never
// opened) reach the Problems data, opened files get exact ranges, quick fixes apply and clear the
// diagnostic, settings changes and deletes re-run, project rules follow files appearing/disappearing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RULE_IDS } from '../../src/core/analysis/types';
import { FIX_ALL_KIND } from '../../src/ids';
import type { BffRoutesApi } from '../../src/extension';
import { TYPING_DEBOUNCE_MS } from '../../src/vscode/diagnostics';
import { activateExtension, revertUnsavedUnder, workspaceRoot } from './support';
import { codeOf, SOURCE, waitForDiagnostics, WAIT_MS } from './diagnosticsSupport';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';

/** The host closes a document some time after its editor (it keeps the model a while). */
const CLOSE_WAIT_MS = 90_000;

const withRule = (rule: string) => (list: vscode.Diagnostic[]): boolean => list.some((d) => codeOf(d) === rule);
const withoutRule = (rule: string) => (list: vscode.Diagnostic[]): boolean => !list.some((d) => codeOf(d) === rule);

function write(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceRoot(), rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

const DOUBLE = DOUBLE_BODY_READ_ROUTE;

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

/** Resolves when the extension host closes the document (it does so some time after its editor closes). */
function waitForClose(uri: vscode.Uri, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!isOpen(uri)) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${CLOSE_WAIT_MS} ms waiting for ${uri.fsPath} to close (${what})`));
    }, CLOSE_WAIT_MS);
    const sub = vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.toString() !== uri.toString()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Resolves after the extension has seen a change of `bffRoutes.rules` (its listener was registered first). */
function rulesChanged(): Promise<void> {
  return rulesOrIncludeChanged('bffRoutes.rules');
}

/** Resolves after the extension has seen a change of `section` (its listener was registered first). */
function rulesOrIncludeChanged(section: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for the ${section} change event`));
    }, WAIT_MS);
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(section)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Reverts the editor of `uri` (it must be the active one) and closes it, then waits for the document to close. */
async function revertAndClose(uri: vscode.Uri): Promise<void> {
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the editor to close is active');
  const closed = waitForClose(uri, 'revert and close');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await closed;
}

/**
 * Opens a file in an editor the way a user does (`vscode.open`). A document opened through
 * `workspace.openTextDocument` is held by the host for this extension for minutes after its editor closes,
 * so its close event would not come within the test.
 */
async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('vscode.open', uri);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'vscode.open shows an editor');
  assert.equal(editor.document.uri.toString(), uri.toString(), 'vscode.open made the file the active editor');
  return editor;
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

  let api: BffRoutesApi;

  before(async () => {
    api = await activateExtension();
    await api.lintWorkspaceDone();
  });

  after(async () => {
    // Edited, unsaved documents first (the debounce test leaves one if it fails before its own revert):
    // a dirty document whose folder is deleted is saved back later, into the next suite's workspace.
    await revertUnsavedUnder(created);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('bffRoutes').update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('bffRoutes').update('lint.include', undefined, vscode.ConfigurationTarget.Workspace);
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
    const uri = write(track('app/api/h5b-disable-line/route.ts'), DOUBLE);
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
    const uri = write(track('app/api/h5b-typing/route.ts'), LOWER);
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

  it('closing an edited document falls back to the on-disk analysis, both ways', async function () {
    this.timeout(4 * CLOSE_WAIT_MS);
    const lowerRange = new vscode.Range(0, LOWER.indexOf('get'), 0, LOWER.indexOf('get') + 3);
    // On disk `get` (a finding); in the editor, unsaved, `GET` (none); closed without saving: the disk counts again.
    const fixedInEditor = write(track('app/api/h5d-close-fixed/route.ts'), LOWER);
    await waitForDiagnostics(fixedInEditor, withRule('lowercase-method-export'), 'the on-disk finding');
    const a = await openInEditor(fixedInEditor);
    assert.equal(await a.edit((b) => b.replace(lowerRange, 'GET')), true);
    assert.equal(a.document.isDirty, true);
    await waitForDiagnostics(fixedInEditor, (l) => l.length === 0, 'the unsaved fix to clear it');
    await revertAndClose(fixedInEditor);
    const back = await waitForDiagnostics(fixedInEditor, withRule('lowercase-method-export'), 'the on-disk finding after close');
    assert.equal(isOpen(fixedInEditor), false);
    assert.equal(back.length, 1);
    assert.deepEqual(back[0].range, lowerRange);
    assert.equal(fs.readFileSync(fixedInEditor.fsPath, 'utf8'), LOWER, 'the file on disk is untouched');

    // On disk clean; in the editor, unsaved, a lowercase `post` (a finding); closed without saving: it goes.
    const clean = "export async function GET() {\n  return new Response('hi');\n}\n";
    const brokenInEditor = write(track('app/api/h5d-close-broken/route.ts'), clean);
    const b = await openInEditor(brokenInEditor);
    assert.equal(await b.edit((e) => e.insert(new vscode.Position(3, 0), "export function post() {\n  return new Response('x');\n}\n")), true);
    const added = await waitForDiagnostics(brokenInEditor, withRule('lowercase-method-export'), 'the finding typed in the editor');
    assert.equal(added[0].range.start.line, 3);
    await revertAndClose(brokenInEditor);
    await waitForDiagnostics(brokenInEditor, (l) => l.length === 0, 'the unsaved finding to go after close');
    assert.equal(isOpen(brokenInEditor), false);
    assert.equal(fs.readFileSync(brokenInEditor.fsPath, 'utf8'), clean);
  });

  it('closing the editor of a deleted file clears what its unsaved text showed', async function () {
    this.timeout(2 * CLOSE_WAIT_MS);
    const uri = write(track('app/api/h5d-close-deleted/route.ts'), LOWER);
    const editor = await openInEditor(uri);
    await waitForDiagnostics(uri, withRule('lowercase-method-export'), 'the finding of the open file');
    fs.rmSync(uri.fsPath);
    await waitForDiagnostics(uri, (l) => l.length === 0, 'diagnostics cleared by the delete');
    // Typing in the editor of the deleted file analyses its text again ...
    assert.equal(await editor.edit((e) => e.insert(new vscode.Position(3, 0), '\n')), true);
    await waitForDiagnostics(uri, withRule('lowercase-method-export'), 'the finding of the unsaved text');
    // ... and closing it leaves nothing: there is no file to fall back to. Reverting a deleted file keeps its
    // text, so only the close can clear the diagnostic.
    await revertAndClose(uri);
    await waitForDiagnostics(uri, (l) => l.length === 0, 'diagnostics cleared after close');
    assert.equal(fs.existsSync(uri.fsPath), false, 'closing did not write the file back');
  });

  it('the workspace scan (re-run by a settings change) lists every route file from disk, none opened', async () => {
    const PAGES = [
      "import type { NextApiRequest, NextApiResponse } from 'next';",
      '',
      'export default async function handler(req: NextApiRequest, res: NextApiResponse) {',
      '  try {',
      "    await fetch('http://127.0.0.1:9/x');",
      '    res.status(200).json({ ok: true });',
      '  } catch (e) {',
      '    res.status(500).json({ error: (e as Error).message });',
      '  }',
      '}',
      '',
    ].join('\n');
    const files = [
      { uri: write(track('app/api/h5d-scan-a/route.ts'), DOUBLE), rule: 'double-body-read', line: 2, character: DOUBLE.split('\n')[2].indexOf('request.text()') },
      { uri: write(track('app/(h5d)/api/h5d-scan-b/[id]/route.ts'), LOWER), rule: 'lowercase-method-export', line: 0, character: LOWER.indexOf('get') },
      { uri: write(track('pages/api/h5d-scan.ts'), PAGES), rule: 'leaked-error-message', line: 7, character: PAGES.split('\n')[7].indexOf('{ error') },
    ];
    // Folders the fixture does not have: removed whole after the suite.
    created.push(path.join(workspaceRoot(), 'app/(h5d)'), path.join(workspaceRoot(), 'pages'));
    // The watcher reports them first: wait for that so no late watcher event can publish them below.
    for (const f of files) await waitForDiagnostics(f.uri, withRule(f.rule), `${f.rule} from the watcher`);
    const config = vscode.workspace.getConfiguration('bffRoutes');
    let changed = rulesChanged();
    await config.update('rules', Object.fromEntries(RULE_IDS.map((id) => [id, 'off'])), vscode.ConfigurationTarget.Workspace);
    await changed;
    await api.lintWorkspaceDone();
    for (const f of files) assert.deepEqual(vscode.languages.getDiagnostics(f.uri).filter((d) => d.source === SOURCE), [], `${f.uri.fsPath} cleared with every rule off`);
    // The files do not change, so nothing but the scan can bring their findings back.
    changed = rulesChanged();
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await changed;
    await api.lintWorkspaceDone();
    for (const f of files) {
      assert.equal(isOpen(f.uri), false, `${f.uri.fsPath} was never opened`);
      const list = vscode.languages.getDiagnostics(f.uri).filter((d) => d.source === SOURCE);
      assert.deepEqual(list.map((d) => [codeOf(d), d.range.start.line, d.range.start.character]), [[f.rule, f.line, f.character]], f.uri.fsPath);
    }
  });

  it('an unsafe fix is offered but not preferred: clone before the first read', async () => {
    const uri = write(track('app/api/h5d-clone/route.ts'), DOUBLE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [d] = (await waitForDiagnostics(uri, withRule('double-body-read'), 'double-body-read')).filter((x) => codeOf(x) === 'double-body-read');
    const actions = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix);
    const clone = actions.find((a) => a.title === "Clone 'request' before the first read and read the clone here");
    assert.ok(clone?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(clone.isPreferred, false);
    assert.equal(await vscode.workspace.applyEdit(clone.edit), true);
    assert.match(doc.getText(), /\.clone\(\)/);
    await waitForDiagnostics(uri, withoutRule('double-body-read'), 'the cloned read to clear it');
  });

  it('project rule on a file no editor opened: placed on the export line, as in the editor and the CLI', async () => {
    const ROUTE = "// h5d: a route next to a page\n\nexport function GET() {\n  return new Response('x');\n}\n";
    const route = write(track('app/h5d-conflict/route.ts'), ROUTE);
    const page = write('app/h5d-conflict/page.tsx', '// h5d: the page\n\n\nexport default function Page() {\n  return null;\n}\n');
    const list = await waitForDiagnostics(route, withRule('route-page-conflict'), 'route-page-conflict');
    assert.equal(isOpen(route), false);
    assert.equal(isOpen(page), false);
    const d = list.find((x) => codeOf(x) === 'route-page-conflict')!;
    assert.equal(d.range.start.line, 2, `range ${JSON.stringify(d.range)}`);
    // The related location: the page's default export, read from disk too.
    assert.equal(d.relatedInformation?.[0].location.uri.fsPath, page.fsPath);
    assert.equal(d.relatedInformation[0].location.range.start.line, 3, `related ${JSON.stringify(d.relatedInformation[0].location.range)}`);
    const doc = await vscode.workspace.openTextDocument(route);
    const opened = await waitForDiagnostics(route, (l) => l.some((x) => codeOf(x) === 'route-page-conflict'), 'route-page-conflict once open');
    assert.deepEqual(opened.find((x) => codeOf(x) === 'route-page-conflict')!.range, d.range, 'the same place open and closed');
    assert.equal(doc.lineAt(2).text.startsWith('export function GET'), true);
  });

  it('deleting a folder clears the diagnostics of every file under it', async () => {
    const a = write(track('app/api/h5d-folder/a/route.ts'), LOWER);
    const b = write('app/api/h5d-folder/b/[id]/route.ts', DOUBLE);
    await waitForDiagnostics(a, withRule('lowercase-method-export'), 'lowercase-method-export');
    await waitForDiagnostics(b, withRule('double-body-read'), 'double-body-read');
    fs.rmSync(path.join(workspaceRoot(), 'app/api/h5d-folder'), { recursive: true });
    await Promise.all([a, b].map((u) => waitForDiagnostics(u, (l) => l.length === 0, 'cleared with its folder')));
  });

  it('bffRoutes.lint.include adds files of other names (from disk, unopened) and removing it drops them', async () => {
    const handler = write('lib/h5d-handlers/users.ts', LOWER);
    created.push(path.join(workspaceRoot(), 'lib', 'h5d-handlers')); // lib/ itself is the fixture's (lib/schemas.ts)
    const config = vscode.workspace.getConfiguration('bffRoutes');
    let changed = rulesOrIncludeChanged('bffRoutes.lint.include');
    await config.update('lint.include', ['lib/h5d-handlers/**/*.ts'], vscode.ConfigurationTarget.Workspace);
    await changed;
    await api.lintWorkspaceDone();
    try {
      const list = await waitForDiagnostics(handler, withRule('lowercase-method-export'), 'the included file analysed');
      assert.equal(isOpen(handler), false);
      assert.deepEqual(list[0].range, new vscode.Range(0, LOWER.indexOf('get'), 0, LOWER.indexOf('get') + 3));
    } finally {
      changed = rulesOrIncludeChanged('bffRoutes.lint.include');
      await config.update('lint.include', undefined, vscode.ConfigurationTarget.Workspace);
      await changed;
    }
    await api.lintWorkspaceDone();
    await waitForDiagnostics(handler, (l) => l.length === 0, 'the file no longer included');
  });

  it('re-analysis waits for typing to pause (debounced), then follows the text', async () => {
    const uri = write(track('app/api/h5d-debounce/route.ts'), LOWER);
    const editor = await openInEditor(uri);
    await waitForDiagnostics(uri, (l) => l.some((d) => codeOf(d) === 'lowercase-method-export' && d.range.start.line === 0), 'the finding on line 0');
    // The cursor away from the diagnostic, so no code action request asks for an immediate analysis.
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    let changedAt = 0;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString() && changedAt === 0) changedAt = performance.now();
    });
    try {
      const moved = waitForDiagnostics(uri, (l) => l.some((d) => codeOf(d) === 'lowercase-method-export' && d.range.start.line === 1), 'the finding moved to line 1');
      assert.equal(await editor.edit((e) => e.insert(new vscode.Position(0, 0), '\n')), true);
      await moved;
      assert.ok(changedAt > 0, 'the change event came');
      // Not analysed on the keystroke itself: only after the debounce delay without further typing.
      const waited = performance.now() - changedAt;
      assert.ok(waited >= TYPING_DEBOUNCE_MS - 5, `diagnostics updated ${waited.toFixed(0)} ms after the change, before the ${TYPING_DEBOUNCE_MS} ms debounce`);
    } finally {
      sub.dispose();
    }
    // The edit was never saved: revert it so the on-disk file is all that is left.
    await revertAndClose(uri);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), LOWER, 'the file on disk is untouched');
  });
});

describe('route diagnostics: fix all, file-level disable, no fix TypeScript already offers', () => {
  const created: string[] = [];
  const track = (rel: string): string => {
    created.push(path.join(workspaceRoot(), path.dirname(rel)));
    return rel;
  };
  const TWO_LOWER = ['export async function get() {', "  return new Response('a');", '}', 'export async function post() {', "  return new Response('b');", '}', ''].join('\n');
  const FIX_ALL = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

  before(async () => {
    await (await activateExtension()).lintWorkspaceDone();
  });

  after(async () => {
    await revertUnsavedUnder(created);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    for (const p of created) fs.rmSync(p, { recursive: true, force: true });
  });

  it('"Fix all BFF Routes problems" is a source.fixAll.bffRoutes action that applies every preferred fix', async () => {
    const uri = write(track('app/api/h15-fixall/route.ts'), TWO_LOWER);
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitForDiagnostics(uri, (l) => l.filter((d) => codeOf(d) === 'lowercase-method-export').length === 2, 'two lowercase exports');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(uri, whole, FIX_ALL);
    const ours = actions.filter((a) => a.kind?.value === FIX_ALL_KIND);
    assert.deepEqual(ours.map((a) => a.title), ['Fix all BFF Routes problems'], actions.map((a) => `${a.kind?.value}: ${a.title}`).join(' | '));
    // Asked for quick fixes only, it is not offered (it is a source action).
    assert.ok(!(await codeActions(uri, whole, vscode.CodeActionKind.QuickFix)).some((a) => a.kind?.value === FIX_ALL_KIND));
    assert.equal(await vscode.workspace.applyEdit(ours[0].edit!), true);
    assert.match(doc.getText(), /export async function GET\(\)[\s\S]*export async function POST\(\)/);
    await waitForDiagnostics(uri, withoutRule('lowercase-method-export'), 'every fixed diagnostic to go');
  });

  it('runs on save through editor.codeActionsOnSave', async () => {
    const changed = rulesOrIncludeChanged('editor.codeActionsOnSave');
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' }, vscode.ConfigurationTarget.Workspace);
    await changed;
    const uri = write(track('app/api/h15-onsave/route.ts'), TWO_LOWER);
    const editor = await vscode.window.showTextDocument(uri);
    await waitForDiagnostics(uri, (l) => l.filter((d) => codeOf(d) === 'lowercase-method-export').length === 2, 'two lowercase exports');
    assert.equal(await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// edited\n')), true);
    // Saved as a user saves (the save participants run the code actions first); done when the save event comes.
    const reasons: vscode.TextDocumentSaveReason[] = [];
    const willSave = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString()) reasons.push(e.reason);
    });
    const saved = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { sub.dispose(); reject(new Error('no save event within 30 s')); }, WAIT_MS);
      const sub = vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() !== uri.toString()) return;
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
    // (TextDocument.save() from the API saves without the "explicit" reason that codeActionsOnSave needs.)
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await saved.finally(() => willSave.dispose());
    // An auto-save runs no codeActionsOnSave: the host's settings turn it off (a browser's default is on).
    assert.deepEqual(reasons, [vscode.TextDocumentSaveReason.Manual], 'one save, the explicit one');
    assert.equal(editor.document.isDirty, false);
    const onDisk = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(onDisk, /^\/\/ edited\nexport async function GET\(\)[\s\S]*export async function POST\(\)/, onDisk);
    await waitForDiagnostics(uri, withoutRule('lowercase-method-export'), 'the diagnostics fixed on save to go');
  });

  it('"Disable <rule> for this file" adds // bff-routes-disable <rule> at the top, which silences the whole file', async () => {
    const uri = write(track('app/api/h15-disable-file/route.ts'), TWO_LOWER);
    const doc = await vscode.workspace.openTextDocument(uri);
    const [d] = (await waitForDiagnostics(uri, (l) => l.filter((x) => codeOf(x) === 'lowercase-method-export').length === 2, 'two lowercase exports')).filter((x) => codeOf(x) === 'lowercase-method-export');
    const actions = await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix);
    const disable = actions.find((a) => a.title === 'Disable lowercase-method-export for this file');
    assert.ok(disable?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(await vscode.workspace.applyEdit(disable.edit), true);
    assert.equal(doc.lineAt(0).text, '// bff-routes-disable lowercase-method-export');
    await waitForDiagnostics(uri, withoutRule('lowercase-method-export'), 'both silenced diagnostics to go');
  });

  it('params.id on a typed Promise: our diagnostic stays, TypeScript\'s "Add \'await\'" is the only fix offered', async () => {
    const text = [
      'export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {',
      '  return Response.json({ id: params.id });',
      '}',
      '',
    ].join('\n');
    const uri = write(track('app/api/h15-ts/[id]/route.ts'), text);
    await vscode.window.showTextDocument(uri);
    const [d] = (await waitForDiagnostics(uri, withRule('sync-params-access'), 'sync-params-access')).filter((x) => codeOf(x) === 'sync-params-access');
    // TypeScript's server starts with the first TypeScript editor: give it time.
    const [ts] = await waitForDiagnostics(uri, (l) => l.some((x) => codeOf(x) === '2339'), 'ts(2339) on params.id', 'ts', 120_000);
    assert.ok(ts.range.intersection(d.range), 'TypeScript reports the same token');
    let titles: string[] = [];
    // TypeScript answers code actions once its project is loaded; ask until its fix is there (bounded).
    for (let i = 0; i < 40 && !titles.includes("Add 'await'"); i++) {
      titles = (await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix)).map((a) => a.title);
    }
    assert.ok(titles.includes("Add 'await'"), titles.join(' | '));
    assert.deepEqual(titles.filter((t) => /^Await /.test(t)), [], `no second fix of ours: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Disable sync-params-access for this line'), titles.join(' | '));
    assert.ok(vscode.languages.getDiagnostics(uri).some((x) => x.source === SOURCE && codeOf(x) === 'sync-params-access'), 'our diagnostic stays');
  });

  it('params.id in plain JavaScript (no TypeScript error there): our fix is offered', async () => {
    const text = ['export async function GET(request, { params }) {', '  return Response.json({ id: params.id });', '}', ''].join('\n');
    const uri = write(track('app/api/h15-js/[id]/route.js'), text);
    await vscode.workspace.openTextDocument(uri);
    const [d] = (await waitForDiagnostics(uri, withRule('sync-params-access'), 'sync-params-access')).filter((x) => codeOf(x) === 'sync-params-access');
    const titles = (await codeActions(uri, d.range, vscode.CodeActionKind.QuickFix)).map((a) => a.title);
    assert.ok(titles.some((t) => /^Await /.test(t)), titles.join(' | '));
  });
});
