// Inside the real extension host: a workspace holding links to /dev/zero as next.config.mjs, package.json,
// .vscode/settings.json and a route.ts, FIFOs as a route.ts and a package.json, a 20 MB route.ts and a folder link
// loop. Activating the extension there (app discovery runs synchronously at activation, before any trust check),
// linting it and listing its routes must keep the host responsive: a heartbeat timer inside the host measures the
// longest stall of its event loop while that happens. Before the fix the first read of package.json never ended.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../../src/extension';
import { EXTENSION_ID } from '../../../src/ids';
import { fillHostileRepo } from '../../support/hostileRepo';
import { workspaceRoot } from '../support';

/** Generous: the machine is shared; a read of /dev/zero or a FIFO never ends at all. */
const MAX_STALL_MS = 3000;
const ROUTE = 'export async function get() {\n  return new Response(null);\n}\n';

/** Starts a heartbeat every 5 ms; stop() gives the longest gap between two beats (the longest stall). */
function heartbeat(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const beat = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(beat, 5);
  return {
    stop: () => {
      beat();
      clearInterval(timer);
      return longest;
    },
  };
}

function diagnosticsSettled(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic[]> {
  const has = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'object' && d.code.value === ruleId);
  if (has().length > 0) return Promise.resolve(has());
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && has().length > 0) {
        sub.dispose();
        resolve(has());
      }
    });
  });
}

describe('hostile workspace: activation keeps the extension host responsive', () => {
  it('activates, finds the apps, lints and lists routes without reading a hostile file; the host never stalls long', async () => {
    const ext = vscode.extensions.getExtension<BffRoutesApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    assert.equal(ext.isActive, false, 'the empty workspace must not activate the extension before the hostile files are in place');
    const root = workspaceRoot();
    assert.deepEqual(fs.readdirSync(root), [], 'the runner opens an empty folder');
    const repo = fillHostileRepo(root);
    // A never-opened route file starting with a byte-order mark: the editor's column must be the CLI's.
    fs.mkdirSync(path.join(repo.app, 'app/api/bom'), { recursive: true });
    fs.writeFileSync(path.join(repo.app, 'app/api/bom/route.ts'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROUTE)]));
    fs.mkdirSync(path.join(repo.app, 'app/api/plain'), { recursive: true });
    fs.writeFileSync(path.join(repo.app, 'app/api/plain/route.ts'), ROUTE);

    const bomUri = vscode.Uri.file(path.join(repo.app, 'app/api/bom/route.ts'));
    const plainUri = vscode.Uri.file(path.join(repo.app, 'app/api/plain/route.ts'));
    const bomFound = diagnosticsSettled(bomUri, 'lowercase-method-export');
    const plainFound = diagnosticsSettled(plainUri, 'lowercase-method-export');

    // Loading the 9 MB TypeScript bundle is one synchronous stall whatever the workspace holds: it is loaded (and
    // timed) first, so the heartbeat measures what the extension does with the hostile files.
    const tLoad = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very file the extension loads, into the same module cache
    require(path.join(ext.extensionPath, 'dist', 'typescript.js'));
    const loadMs = performance.now() - tLoad;
    const t0 = performance.now();
    const step = (what: string): void => console.log(`[mocha]       ${(performance.now() - t0).toFixed(0)} ms: ${what}`);
    const beat = heartbeat();
    const api = await ext.activate();
    step('activated');
    const apps = api.nextApps().map((a) => path.relative(root, a.root)).sort();
    await api.lintWorkspaceDone();
    step('workspace linted');
    const [bom, plain] = await Promise.all([bomFound, plainFound]);
    step('diagnostics published');
    // The first discovery fills the whole list at once: empty until then (checked and awaited in one tick).
    if (api.requests.listRoutes().length === 0) await api.requests.routesChanged();
    const routes = api.requests.listRoutes();
    step('routes listed');
    const dev = await api.requests.devServer(repo.app);
    step('dev server looked for');
    const stall = beat.stop();
    const total = performance.now() - t0;
    console.log(
      `[mocha]       hostile workspace: longest extension-host stall ${stall.toFixed(0)} ms during ${total.toFixed(0)} ms of activation, lint and route listing` +
        ` (loading TypeScript before it: ${loadMs.toFixed(0)} ms)`,
    );

    assert.deepEqual(apps, ['fifo-app', 'web']);
    // The analysable routes are linted; the BOM does not shift the column (the CLI gives 1:23 for both).
    assert.equal(bom[0].range.start.line, 0);
    assert.equal(bom[0].range.start.character, ROUTE.indexOf('get'));
    assert.deepEqual(bom[0].range, plain[0].range);
    // Nothing is shown for the files that were not read.
    for (const rel of ['app/api/zero/route.ts', 'app/api/fifo/route.ts', 'app/api/big/route.ts']) {
      assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(path.join(repo.app, rel))), [], rel);
    }
    // Route files that cannot be read are listed without methods; the readable ones with theirs.
    const listed = routes.map((r) => `${r.pattern} ${r.methods.join(',')}`).sort();
    for (const r of ['/api/big ', '/api/hello GET', '/api/ok ', '/api/zero ']) assert.ok(listed.includes(r), `${r} in ${listed.join(' | ')}`);
    assert.equal(dev.state, 'notRunning');
    assert.ok(stall < MAX_STALL_MS, `the extension host stalled ${stall.toFixed(0)} ms`);
  });
});
