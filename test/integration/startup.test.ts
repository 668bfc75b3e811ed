// What activation costs, measured in the real extension host: `activate` registers and returns without
// loading the analysis engine (TypeScript); the engine loads with the first analysis. The figures are
// printed, not asserted against a time budget (timings belong to benchmarks); what is asserted is the
// shape: the engine was not loaded inside `activate`, and it is loaded once the workspace is linted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/ids';
import { activateExtension, revertUnsavedUnder, workspaceRoot } from './support';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';

const WAIT_MS = 30_000;
const ms = (n: number | undefined): string => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);
/** Printed through mocha's console (tagged for the host runner, which forwards only that). */
const report = (line: string): void => Mocha.reporters.Base.consoleLog(line);
const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

describe('start-up cost', () => {
  it('activate returns without loading the analysis engine, which loads with the first analysis', async () => {
    const api = await activateExtension();
    const t = api.timings;
    assert.equal(t.engineLoadedInActivate, false, 'TypeScript must not load inside activate');
    await api.lintWorkspaceDone();
    assert.notEqual(t.engineLoadMs(), undefined, 'linting the workspace loads the engine');
    assert.notEqual(t.firstDiagnosticsMs(), undefined, 'the workspace lint published its first file');
    const bundle = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const production = !fs.readFileSync(path.join(bundle, 'dist', 'extension.js'), 'utf8').includes('//# sourceMappingURL=');
    report(`[startup] ${production ? 'production' : 'development'} bundle: load ${ms(t.loadMs)}, activate ${ms(t.activateMs)} (goal <= 20 ms), ` +
      `engine + TypeScript load ${ms(t.engineLoadMs())} (after activate), activate -> first file's diagnostics ${ms(t.firstDiagnosticsMs())}`);
    const mem = process.memoryUsage();
    report(`[startup] extension host after linting the fixture workspace: heapUsed ${mib(mem.heapUsed)}, heapTotal ${mib(mem.heapTotal)}, rss ${mib(mem.rss)} (the whole host: every extension it runs, and these tests)`);
  });

  it('a route file written and opened with a mistake shows its diagnostic (time printed)', async () => {
    const api = await activateExtension();
    await api.lintWorkspaceDone();
    const dir = path.join(workspaceRoot(), 'app', 'api', 'startup-probe');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'route.ts');
    const uri = vscode.Uri.file(file);
    const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'BFF Routes');
    let t0 = 0;
    try {
      const shown = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`no diagnostic on ${file} after ${WAIT_MS} ms`));
        }, WAIT_MS);
        const sub = vscode.languages.onDidChangeDiagnostics((e) => {
          if (!e.uris.some((u) => u.toString() === uri.toString()) || ours().length === 0) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(performance.now() - t0);
        });
      });
      t0 = performance.now();
      fs.writeFileSync(file, DOUBLE_BODY_READ_ROUTE);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const elapsed = await shown;
      assert.ok(ours().some((d) => typeof d.code === 'object' && d.code.value === 'double-body-read'));
      report(`[startup] route file written and opened -> its first diagnostic (the watcher or the open, whichever comes first): ${ms(elapsed)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await revertUnsavedUnder([dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
