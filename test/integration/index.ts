// The suite index the extension host loads (`extensionTestsPath`): both runners use it — the
// code-server host (test/host/runIntegration.ts) and @vscode/test-electron (test/host/runElectron.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

// In code-server the remote extension host's console.* reaches the browser console unformatted:
// pre-format mocha's output and tag it so the driver can pick it out of the workbench's noise.
const tag = process.env.BFF_PLAIN_OUTPUT ? '' : '[mocha] ';
Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(tag + util.format(...args));

/** The suite files under `dir` whose names end with `suffix` (`.test.js`; the hostile run's `.hostile.js`). */
export function testFiles(dir: string, suffix = '.test.js'): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p, suffix));
    else if (e.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

export function run(): Promise<void> {
  return runFiles(testFiles(__dirname));
}

/** Runs the given compiled suite files with mocha inside the extension host. */
export function runFiles(files: string[]): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  if (process.env.BFF_TEST_GREP) mocha.grep(new RegExp(process.env.BFF_TEST_GREP));
  for (const f of files) mocha.addFile(f);
  Mocha.reporters.Base.consoleLog(`Running ${files.length} integration test file(s) inside VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}, ui ${vscode.UIKind[vscode.env.uiKind]}) with Node ${process.version}`);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
