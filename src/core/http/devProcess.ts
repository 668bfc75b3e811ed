// Runs an app's dev script (`npm run dev`...) as a child process in its own process group, so that
// stopping it ends the whole tree (the package manager, `next dev` and its `next-server` worker) and
// nothing keeps the port. No vscode import: the terminal glue shows the output.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { guardGroup } from './devGuard';

export interface DevProcessOptions {
  /** A shell command line (the package manager's run command). */
  command: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onOutput(text: string): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

export interface DevProcess {
  readonly pid: number | undefined;
  readonly exited: boolean;
  /** Resolves when the process has exited (immediately when it already has). */
  exit: Promise<void>;
  /** SIGTERM to the process group (next dev removes its lock), SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * How to end the process tree led by `pid`: on Windows, which has no process groups, `taskkill /T` (with `/F` to
 * force, for SIGKILL); elsewhere the signal to the process group (a negative pid).
 */
export function treeKill(platform: NodeJS.Platform, pid: number, signal: NodeJS.Signals): { command: string; args: string[] } | { group: number; signal: NodeJS.Signals } {
  if (platform === 'win32') return { command: 'taskkill', args: ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])] };
  return { group: -pid, signal };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    const how = treeKill(process.platform, child.pid, signal);
    if ('command' in how) spawnSync(how.command, how.args, { stdio: 'ignore', windowsHide: true });
    else process.kill(how.group, how.signal);
  } catch {
    // already gone
  }
}

/** How long `stop` waits after SIGTERM before it kills the group. */
const STOP_GRACE_MS = 5000;

/**
 * The environment of a dev script. `next dev` gives its `next-server` worker NEXT_EXIT_TIMEOUT_MS to end after a
 * SIGTERM, 100 ms by default (next 16's cli/next-dev.js), then kills it: a worker killed so runs no exit handler,
 * and its `.next/dev/lock` stays behind, stale. On a busy machine the worker's shutdown (closing the server and
 * the bundler, then unlocking) takes longer than that. `stop` waits STOP_GRACE_MS for the group anyway, so the
 * worker gets most of it; a value the user set is kept.
 */
export function devProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.NEXT_EXIT_TIMEOUT_MS === undefined ? { ...env, NEXT_EXIT_TIMEOUT_MS: String(STOP_GRACE_MS - 1000) } : env;
}

export function startDevProcess(options: DevProcessOptions): DevProcess {
  const child = spawn(options.command, {
    cwd: options.cwd,
    env: devProcessEnv(options.env ?? process.env),
    shell: true,
    // POSIX: a new session and process group led by the shell, so -pid reaches every descendant.
    detached: process.platform !== 'win32',
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  // Ends the group if this process dies without stopping it (an extension host killed by a signal).
  const guard = child.pid !== undefined ? guardGroup(child.pid) : undefined;
  let exited = false;
  let resolveExit!: () => void;
  const exit = new Promise<void>((r) => (resolveExit = r));
  const onData = (b: Buffer): void => options.onOutput(b.toString('utf8'));
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // The shell exits only after its children closed their ends of the pipes: 'close', not 'exit'.
  child.once('close', (code, signal) => {
    exited = true;
    guard?.release();
    resolveExit();
    options.onExit(code, signal);
  });
  child.once('error', (e) => {
    options.onOutput(`\n${e.message}\n`);
    if (!exited) {
      exited = true;
      guard?.release();
      resolveExit();
      options.onExit(null, null);
    }
  });
  return {
    get pid() {
      return child.pid;
    },
    get exited() {
      return exited;
    },
    exit,
    async stop(graceMs = STOP_GRACE_MS) {
      if (exited) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
      // Workers that ignored SIGTERM and outlived the shell still share its group.
      killGroup(child, 'SIGKILL');
    },
  };
}
