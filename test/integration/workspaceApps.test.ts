// The one shared list of the workspace's Next.js apps, inside the real extension host: the workspace is
// walked once at activation for every feature, a second app created under the workspace is reported
// once and reaches the request panel, the diagnostics and the New Route Handler command without any of
// them walking again, an unchanged package.json re-walks without reporting, and removing the app is seen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NextApp } from '../../src/core/project/nextApps';
import type { BffRoutesApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/ids';
import { DIAGNOSTIC_SOURCE } from '../../src/vscode/diagnostics';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';
import { routesUntil } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

const WAIT_MS = 30_000;

/**
 * The walk count right after activation, read before any suite changes the workspace: a root-level
 * hook runs before every suite of the run. It waits for the activation the host starts by itself
 * (workspaceContains) and never forces it, so the activation suite still sees it happen on its own.
 */
let walksAtActivation: number | undefined;
before(async () => {
  const ext = vscode.extensions.getExtension<BffRoutesApi>(EXTENSION_ID);
  for (let i = 0; i < 200 && ext && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 50));
  if (ext?.isActive) walksAtActivation = ext.exports.workspaceApps.walks;
});

/** Resolves with `event`'s next value; rejects after WAIT_MS naming `what`. */
function next<T>(event: vscode.Event<T>, what: string, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`));
    }, WAIT_MS);
    const sub = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

function codes(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
}

/** Resolves once the file's diagnostics satisfy `ok` (now or after a change event); bounded. */
async function diagnosticsUntil(uri: vscode.Uri, ok: () => boolean, what: string): Promise<void> {
  if (ok()) return;
  const changed = (e: vscode.DiagnosticChangeEvent): boolean => e.uris.some((u) => u.toString() === uri.toString()) && ok();
  await next(vscode.languages.onDidChangeDiagnostics, `${what} on ${uri.fsPath} (have ${JSON.stringify(codes(uri))})`, changed);
}

const roots = (apps: readonly NextApp[]): string[] => apps.map((a) => a.root).sort();

describe('one shared list of the workspace\'s Next.js apps', function () {
  this.timeout(120_000);
  let api: BffRoutesApi;
  let root: string;

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    await api.lintWorkspaceDone();
  });

  it('walked the workspace once at activation, shared by the diagnostics, the panel and the explorer context key', () => {
    assert.equal(walksAtActivation, 1, 'one walk by the time the extension was active (read before any suite ran)');
  });

  it('a second app created under the workspace is reported once and every feature sees it; removing it is seen too', async () => {
    const parent = path.join(root, 'h6-apps');
    const second = path.join(parent, 'second');
    const routeFile = path.join(second, 'app', 'api', 'h6', 'route.ts');
    const routeUri = vscode.Uri.file(routeFile);
    const pkg = path.join(second, 'package.json');
    const pkgText = `${JSON.stringify({ name: 'second', private: true, dependencies: { next: '16.0.0' } }, null, 2)}\n`;
    const reported: string[][] = [];
    const sub = api.workspaceApps.onDidChange((apps) => reported.push(roots(apps)));
    assert.deepEqual(roots(api.workspaceApps.list()), [root], 'the fixture app alone to begin with');
    try {
      // The route file first: until the package.json makes its folder an app, it belongs to no app's
      // app/ folder (the fixture's is root/app), so neither the panel nor the diagnostics take it.
      fs.mkdirSync(path.dirname(routeFile), { recursive: true });
      fs.writeFileSync(routeFile, DOUBLE_BODY_READ_ROUTE);
      const added = next(api.workspaceApps.onDidChange, 'onDidChange after the second app was created');
      fs.writeFileSync(pkg, pkgText);
      assert.deepEqual(roots(await added), [root, second].sort());
      // Every walk the watcher planned (the route file and the package.json, one burst) done before counting.
      await api.workspaceApps.settled();
      const walksAtChange = api.workspaceApps.walks;

      // The request panel's route index: the app and its route.
      await routesUntil(api, () => api.requests.listRoutes().some((r) => r.appRoot === second));
      assert.deepEqual(
        api.requests.listRoutes().filter((r) => r.appRoot === second).map((r) => [r.pattern, r.methods]),
        [['/api/h6', ['POST']]],
      );
      // The diagnostics: the route file of the new app, read from disk, never opened.
      await diagnosticsUntil(routeUri, () => codes(routeUri).includes('double-body-read'), 'double-body-read');
      // The route index and the diagnostics took the new app from the shared list, without a walk of their own.
      // (Checked before New Route Handler creates a file inside the app: the watcher re-walks for that, rightly.)
      assert.equal(api.workspaceApps.walks, walksAtChange, 'the features read the shared list: no walk of their own');
      // The New Route Handler command: a folder of the new app resolves to it (not to the fixture app
      // around it), and the file lands in the new app's app/ folder, in JavaScript (it has no tsconfig.json,
      // unlike the fixture app).
      const made = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.newRouteHandler, {
        pattern: 'text-get', folder: path.join(second, 'app', 'api', 'made'), open: false,
      });
      assert.equal(made?.fsPath, path.join(second, 'app', 'api', 'made', 'route.js'));
      assert.deepEqual(roots(api.nextApps()), [root, second].sort());

      // The fixture's package.json written again with the same content: a re-walk, and no report (nothing
      // changed). (The fixture's, not the new app's: after the read-only bind mount of the New Route Handler
      // suite is unmounted, the host's watcher reports nothing inside folders created later, only the folders.)
      const rootPkg = path.join(root, 'package.json');
      const watcher = vscode.workspace.createFileSystemWatcher('**/package.json');
      try {
        const seen = next(watcher.onDidChange, `the change event of ${rootPkg}`, (u) => u.fsPath === rootPkg);
        fs.writeFileSync(rootPkg, fs.readFileSync(rootPkg));
        await seen;
        // The shared list got the same event before this test's watcher (it subscribed first).
        await api.workspaceApps.settled();
      } finally {
        watcher.dispose();
      }
      assert.equal(api.workspaceApps.walks, walksAtChange + 1, 'the rewritten package.json was walked again');
      assert.deepEqual(reported, [[root, second].sort()], 'reported once, for the app that appeared');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
    // Removed with the folder above it (one delete event for the folder).
    await (reported.length === 2 ? Promise.resolve() : next(api.workspaceApps.onDidChange, 'onDidChange after the second app was deleted'));
    await api.workspaceApps.settled();
    sub.dispose();
    assert.deepEqual(reported, [[root, second].sort(), [root]], 'reported once more, for the app that went');
    assert.deepEqual(roots(api.nextApps()), [root]);
    await routesUntil(api, () => !api.requests.listRoutes().some((r) => r.appRoot === second));
    assert.ok(!api.requests.listRoutes().some((r) => r.appRoot === second), 'the panel no longer lists the removed app');
    await diagnosticsUntil(routeUri, () => ours(routeUri).length === 0, 'no diagnostics');
  });
});
