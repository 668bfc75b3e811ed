// A guard for a dev server's process group: a tiny process of its own that ends the group when the process
// that started it dies in any way. An extension host killed by a signal (code-server stopped, VS Code
// crashing) runs no deactivate, and a group started in its own session is then re-parented to PID 1 and keeps
// its port. The guard holds the read end of a pipe whose only writer is the starter: the kernel closes it when
// the starter dies, and the guard then ends the group (SIGTERM so next dev removes its lock, SIGKILL after 5 s).
import { spawn } from 'node:child_process';

/** Run with `node -e`; process.argv[1] is the group's leader pid. Plain JavaScript, no dependencies. */
const GUARD_SOURCE = String.raw`
const pid = Number(process.argv[1]);
const cp = require('child_process');
const signal = (sig) => {
  try {
    if (process.platform === 'win32') return cp.spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).status === 0;
    process.kill(-pid, sig);
    return true;
  } catch { return false; }
};
let settled = false;
const end = () => {
  if (settled) return;
  settled = true;
  if (!signal('SIGTERM') || process.platform === 'win32') process.exit(0);
  let polls = 0;
  const timer = setInterval(() => {
    if (!signal(0)) process.exit(0);
    if (++polls >= 50) { signal('SIGKILL'); clearInterval(timer); process.exit(0); }
  }, 100);
};
process.stdin.on('data', (b) => { if (String(b).includes('release')) { settled = true; process.exit(0); } });
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
`;

export interface GroupGuard {
  /** The group ended by itself or was stopped: the guard exits without signalling anything. */
  release(): void;
}

/**
 * Starts the guard of the process group led by `pid` (on Windows, the process tree). The guard runs with the
 * starter's own Node (`ELECTRON_RUN_AS_NODE` makes an Electron host's binary behave as Node) in a session of
 * its own, so the signal that kills the starter's group does not reach it.
 */
export function guardGroup(pid: number): GroupGuard {
  let released = false;
  const guard = spawn(process.execPath, ['-e', GUARD_SOURCE, String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
  guard.on('error', () => undefined);
  guard.stdin?.on('error', () => undefined);
  guard.unref();
  // The pipe must not keep the starter's event loop alive.
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    release() {
      if (released) return;
      released = true;
      guard.stdin?.end('release\n');
    },
  };
}
