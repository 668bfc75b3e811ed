import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { alive } from '../../support/processes';
/** Resolves when `pid` has ended; rejects after `ms` (checks the process table, bounded). */
async function ended(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} still runs after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('http/devGuard: no dev server outlives the process that started it', function () {
  this.timeout(30_000);
  const devProcess = path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'http', 'devProcess.js');

  /** A starter (as the extension host is) that runs a dev script in its own group and prints the script's children. */
  function starter(): { pid: number; children: Promise<number[]> } {
    const src = `
      const { startDevProcess } = require(${JSON.stringify(devProcess)});
      let text = '';
      startDevProcess({
        command: 'sleep 300 & echo "child $!"; sleep 300 & echo "child $!"; echo ready; wait',
        cwd: ${JSON.stringify(__dirname)},
        onOutput: (t) => { text += t; if (text.includes('ready')) process.stdout.write(text); },
        onExit: () => undefined,
      });
      setInterval(() => undefined, 1 << 30);`;
    const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const children = new Promise<number[]>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('ready')) resolve([...out.matchAll(/child (\d+)/g)].map((m) => Number(m[1])));
      });
      child.once('exit', () => reject(new Error(`the starter exited early: ${out}`)));
    });
    return { pid: child.pid!, children };
  }

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`ends the dev script's group when its starter dies by ${signal} (no deactivate runs)`, async () => {
      const s = starter();
      const children = await s.children;
      assert.equal(children.length, 2);
      for (const c of children) assert.ok(alive(c), `child ${c} runs before the starter dies`);
      process.kill(s.pid, signal);
      await ended(s.pid, 5000);
      for (const c of children) await ended(c, 10_000);
    });
  }
});
