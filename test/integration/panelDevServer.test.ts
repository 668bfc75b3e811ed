// "Start next dev" from the panel inside the real extension host: the app's dev script runs as a process
// shown in a terminal, the panel connects when the server takes its lock (the lock watcher's event, not
// a refresh by the test), a 5xx shows the real stack frames read from the server's output, and Stop
// ends the whole process group.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import { pidAlive } from '../../src/core/http/devServer';
import { Commands } from '../../src/ids';
import type { DevChange } from '../../src/vscode/panel/devServers';
import type { Outcome } from '../../src/vscode/panel/panel';
import { activateExtension, workspaceRoot } from './support';

/** Collects the panel's dev-status changes from now on; `until` waits (bounded) for one that matches. */
function recordChanges(api: BffRoutesApi): { changes: DevChange[]; until(match: (c: DevChange) => boolean, timeoutMs: number): Promise<DevChange>; dispose(): void } {
  const changes: DevChange[] = [];
  const waiters: Array<{ match: (c: DevChange) => boolean; resolve: (c: DevChange) => void }> = [];
  const sub = api.requests.onDidChangeDevServer((c) => {
    changes.push(c);
    for (const w of [...waiters]) if (w.match(c)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(c); }
  });
  return {
    changes,
    until: (match, timeoutMs) => {
      const seen = changes.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching dev status change within ${timeoutMs} ms; saw ${JSON.stringify(changes)}`)), timeoutMs);
        waiters.push({ match, resolve: (c) => { clearTimeout(t); resolve(c); } });
      });
    },
    dispose: () => sub.dispose(),
  };
}

describe('request panel: Start next dev from the panel (real extension host, real next dev)', function () {
  this.timeout(300_000);
  let api: BffRoutesApi;
  let root: string;

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
  });

  after(async () => {
    // Never leave a server behind, whatever failed above.
    await vscode.commands.executeCommand(Commands.stopDevServer, root);
  });

  it('start -> connects when the lock appears -> a 500 shows the stack frame in route.ts -> Stop -> not running', async () => {
    assert.equal((await api.requests.devServer(root)).state, 'notRunning', 'no server runs before the test');
    const rec = recordChanges(api);
    try {
      const started = await vscode.commands.executeCommand<Outcome>(Commands.startDevServer, root);
      assert.equal(started.ok, true, started.message);
      const terminal = vscode.window.terminals.find((t) => t.name === `next dev: ${path.basename(root)}`);
      assert.ok(terminal, `a terminal shows the dev script: ${vscode.window.terminals.map((t) => t.name).join(', ')}`);
      assert.deepEqual(rec.changes[0], { appRoot: root, status: { state: 'starting' }, cause: 'started' });

      // Connected as soon as .next/dev/lock appears (its watcher, or the start's lock check): the test never asks the panel to look.
      const running = await rec.until((c) => c.status.state === 'running', 180_000);
      // Connected because the lock appeared (its watcher event, or the start's lock check), not by the slow safety poll.
      assert.ok(['lock-created', 'lock-changed', 'lock-seen'].includes(running.cause), `connected by ${running.cause}`);
      assert.equal(api.requests.devStatus(root).state, 'running');
      const status = running.status;
      assert.ok(status.state === 'running' && status.source === 'lock');
      const url = status.state === 'running' ? status.url : '';
      assert.equal(new URL(url).hostname, '127.0.0.1');
      const lockFile = path.join(root, '.next', 'dev', 'lock');
      const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid: number; port: number };
      assert.equal(new URL(url).port, String(lock.port));

      const hello = await api.requests.sendRequest({ route: '/api/hello' });
      assert.equal(hello.status, 200, JSON.stringify(hello.error));

      const boom = await api.requests.sendRequest({ route: '/api/boom', show: true });
      assert.equal(boom.status, 500);
      const se = boom.serverError;
      assert.ok(se, 'the server error was found');
      assert.equal(se.source, 'output', 'read from the output of the server the panel started');
      assert.equal(se.name, 'TypeError');
      assert.equal(se.message, 'kaboom from the fixture');
      assert.equal(se.how, 'stack', 'located by a stack frame, not by searching the message');
      assert.equal(se.file, path.join(root, 'app', 'api', 'boom', 'route.ts'));
      // The throw inside explode() (line 3, column 9), and the caller frame in GET.
      assert.deepEqual([se.line, se.column], [3, 9]);
      assert.ok(se.frames >= 2, `frames: ${se.frames}`);

      const stopped = await vscode.commands.executeCommand<Outcome>(Commands.stopDevServer, root);
      assert.equal(stopped.ok, true, stopped.message);
      assert.equal(api.requests.devStatus(root).state, 'notRunning');
      assert.ok(!pidAlive(lock.pid), `next-server ${lock.pid} was left running`);
      assert.ok(!fs.existsSync(lockFile), 'next dev removed its lock on SIGTERM');
      const after = await api.requests.sendRequest({ route: '/api/hello' });
      assert.equal(after.error?.kind, 'not-running');
      // Stop again: nothing of ours runs any more, and the answer says so.
      const again = await vscode.commands.executeCommand<Outcome>(Commands.stopDevServer, root);
      assert.equal(again.ok, false);
      assert.match(again.message, /not started from the panel/);
    } finally {
      rec.dispose();
      // A failure above must not leave the server running into the next test (it would answer its requests).
      if (api.requests.devStatus(root).state !== 'notRunning') await vscode.commands.executeCommand(Commands.stopDevServer, root);
    }
  });

  it('a cloned repository cannot send requests off the machine: allowNonLoopback in its .vscode/settings.json is ignored', async () => {
    // A non-literal-loopback address that still reaches this machine (Linux connects 0.0.0.0 locally),
    // so the test sends nothing off the machine while the panel must treat it as another host.
    let hits = 0;
    let connections = 0;
    const server = http.createServer((_q, r) => { hits++; r.end('{}'); });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    const changed = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the workspace settings change was not seen within 30 s')), 30_000);
      const d = vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bffRoutes.baseUrl')) { clearTimeout(t); d.dispose(); resolve(); }
      });
    });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'bffRoutes.baseUrl': `http://0.0.0.0:${port}`, 'bffRoutes.allowNonLoopback': true }));
    try {
      await changed;
      assert.equal(vscode.workspace.getConfiguration('bffRoutes').get('baseUrl'), `http://0.0.0.0:${port}`, 'the workspace value of a resource setting applies');
      const r = await api.requests.sendRequest({ route: '/api/hello' });
      assert.equal(r.ok, false);
      // Not even probed: the dev-server check refuses the host before connecting, so there is nothing to send to.
      assert.equal(r.error?.kind, 'not-running', JSON.stringify(r));
      const status = api.requests.devStatus(root);
      assert.ok(status.state === 'notRunning', JSON.stringify(status));
      assert.match(status.reason ?? '', /was not probed \(0\.0\.0\.0:\d+ is not this machine.*bffRoutes\.allowNonLoopback/);
      assert.equal(hits, 0, 'no request reached the server');
      assert.equal(connections, 0, 'not even a probe connected to the server');
    } finally {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      await new Promise((r) => server.close(r));
    }
  });
});
