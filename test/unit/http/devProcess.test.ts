import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDevProcess } from '../../../src/core/http/devProcess';
import { tempTrees } from '../../support/tempTree';

/** Runs `command` as a dev script and resolves with what it printed once it exited by itself. */
function run(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    startDevProcess({ command, cwd: __dirname, env, onOutput: (t) => (text += t), onExit: () => resolve(text) });
  });
}

describe('http/devProcess: the dev script a panel or `bff-routes test --start` runs', function () {
  this.timeout(30_000);
  const tree = tempTrees('bff-devprocess-');

  it("gives next dev's worker time to remove its lock when stopped (NEXT_EXIT_TIMEOUT_MS, 100 ms in next 16), below the group's own SIGKILL", async () => {
    const printed = await run('echo "exit timeout: $NEXT_EXIT_TIMEOUT_MS"', { PATH: process.env.PATH });
    assert.match(printed, /exit timeout: 4000\b/);
  });

  it('keeps a NEXT_EXIT_TIMEOUT_MS the user set', async () => {
    const printed = await run('echo "exit timeout: $NEXT_EXIT_TIMEOUT_MS"', { PATH: process.env.PATH, NEXT_EXIT_TIMEOUT_MS: '250' });
    assert.match(printed, /exit timeout: 250\b/);
  });

  it('stop waits for a script that cleans up after SIGTERM (as next dev unlocks) before it resolves', async () => {
    const dir = tree({ lock: 'held' });
    const lock = path.join(dir, 'lock');
    let text = '';
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    // The trap's cleanup takes 300 ms, as a worker closing its server does; the loop is bounded.
    const dev = startDevProcess({
      command: `trap 'sleep 0.3; rm -f "${lock}"; exit 0' TERM; echo ready; i=0; while [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done`,
      cwd: dir,
      onOutput: (t) => {
        text += t;
        if (text.includes('ready')) ready();
      },
      onExit: () => undefined,
    });
    await started;
    await dev.stop();
    assert.ok(dev.exited);
    assert.ok(!fs.existsSync(lock), 'the script removed its lock before stop resolved');
  });
});
