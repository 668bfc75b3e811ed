// Project-aware diagnostics inside the real extension host, on a copy of test/fixtures/monorepo placed in the
// workspace: a helper of a workspace package, reached through `paths` and a re-export chain, shows the leak every
// route reaching it shares (related locations in both routes); typing in a helper, unsaved, re-analyses the route
// files that import it, never opened, and their diagnostics follow. Every wait is on the diagnostics-change event.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, revertUnsavedUnder, workspaceRoot } from './support';
import { codeOf, waitForDiagnostics } from './diagnosticsSupport';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'monorepo');
const LEAK = 'leaked-error-message';

const withLeak = (list: vscode.Diagnostic[]): boolean => list.some((d) => codeOf(d) === LEAK);
const withoutLeak = (list: vscode.Diagnostic[]): boolean => !withLeak(list);

/** Replaces the first `from` in the open editor's document with `to`, as typing does (the document stays unsaved). */
async function typeOver(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
  const text = editor.document.getText();
  const at = text.indexOf(from);
  assert.ok(at >= 0, `${from} in ${editor.document.uri.fsPath}`);
  const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length));
  assert.ok(await editor.edit((b) => b.replace(range, to)), 'the edit applied');
  assert.ok(editor.document.isDirty, 'typing leaves the helper unsaved');
}

describe('project-aware diagnostics (a monorepo in the workspace)', () => {
  let mono: string;
  const file = (rel: string): vscode.Uri => vscode.Uri.file(path.join(mono, rel));

  before(async function () {
    this.timeout(120_000);
    assert.ok(fs.existsSync(FIXTURE), `the fixture monorepo at ${FIXTURE}`);
    await activateExtension();
    mono = path.join(workspaceRoot(), 'mono-h11');
    fs.cpSync(FIXTURE, mono, { recursive: true });
  });

  after(async () => {
    await revertUnsavedUnder([mono]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The monorepo's app (apps/web) joined the workspace's apps: wait until the extension has dropped it, so the
    // suites after this one see the one fixture app again (New Route Handler picks the app only when there is one).
    const api = await activateExtension();
    const inMono = (): boolean => api.nextApps().some((a) => a.root === mono || a.root.startsWith(mono + path.sep));
    const dropped = inMono()
      ? new Promise<void>((resolve) => {
          const sub = api.workspaceApps.onDidChange(() => {
            if (!inMono()) {
              sub.dispose();
              resolve();
            }
          });
        })
      : Promise.resolve();
    fs.rmSync(mono, { recursive: true, force: true });
    await dropped;
  });

  it('shows the shared helper’s leak in the helper, once, with both routes’ catch sites related', async () => {
    const helper = file('packages/lib/src/errors/handle.ts');
    const list = await waitForDiagnostics(helper, (l) => l.some((d) => codeOf(d) === LEAK && (d.relatedInformation?.length ?? 0) >= 2), 'the helper’s merged leak');
    const leaks = list.filter((d) => codeOf(d) === LEAK);
    assert.equal(leaks.length, 1, 'one diagnostic however many routes reach the helper');
    const text = fs.readFileSync(helper.fsPath, 'utf8');
    assert.equal(leaks[0].range.start.line, text.split('\n').findIndex((l) => l.includes('Response.json')));
    const related = (leaks[0].relatedInformation ?? []).map((r) => [path.relative(mono, r.location.uri.fsPath).split(path.sep).join('/'), r.location.range.start.line]).sort();
    assert.deepEqual(related, [
      ['apps/web/app/api/orders/route.ts', 7],
      ['apps/web/app/api/users/route.ts', 7],
    ]);
    assert.deepEqual(vscode.languages.getDiagnostics(file('packages/lib/src/errors/quiet.ts')).filter((d) => codeOf(d) === LEAK), [], 'the look-alike helper stays clean');
  });

  it('typing in a helper updates the diagnostic of the route that imports it, which no editor has open', async () => {
    const route = file('apps/web/app/api/status/route.ts');
    await waitForDiagnostics(route, withLeak, 'the route’s own leak of the helper’s value');
    const helper = file('packages/lib/src/errors/describe.ts');
    await vscode.commands.executeCommand('vscode.open', helper);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === helper.toString(), 'the helper is the active editor');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === route.toString()), 'the route is not open');

    const gone = waitForDiagnostics(route, withoutLeak, 'the leak gone after the helper stops returning the message');
    await typeOver(editor, 'error instanceof Error ? error.message : String(error)', "'Upstream failed'");
    await gone;

    const back = waitForDiagnostics(route, withLeak, 'the leak back after typing the message in again');
    await typeOver(editor, "'Upstream failed'", 'error instanceof Error ? error.message : String(error)');
    await back;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('typing a fix into the shared helper clears its merged diagnostic', async () => {
    const helper = file('packages/lib/src/errors/handle.ts');
    await waitForDiagnostics(helper, withLeak, 'the helper’s leak');
    await vscode.commands.executeCommand('vscode.open', helper);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === helper.toString(), 'the helper is the active editor');
    const fixed = waitForDiagnostics(helper, withoutLeak, 'the helper’s leak gone once it answers a constant');
    await typeOver(editor, "error instanceof Error ? error.message : 'Unexpected error'", "'Unexpected error'");
    await fixed;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
