// Starts `next dev` for a fixture app on 127.0.0.1 and a free port, waits until a request really
// answers (Next prints "Ready" even when it then exits because another dev server holds the lock),
// and stops it by process group so no `next-server` worker is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface NextDev {
  url: string;
  port: number;
  /** PID of the `next dev` process (the leader of its process group). */
  pid: number;
  /** Everything next dev printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface NextDevOptions {
  port?: number;
  /** Path that must answer (any HTTP status) before the server counts as up. Default `/`. */
  probePath?: string;
  /** Give up after this many milliseconds. Default 120 s (first compile on a loaded 2-core machine). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The `next` CLI resolved from the app's folder upwards (the repository root holds it). */
export function nextBin(appRoot: string): string {
  const pkg = require.resolve('next/package.json', { paths: [appRoot, __dirname] });
  return path.join(path.dirname(pkg), 'dist', 'bin', 'next');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startNextDev(appRoot: string, options: NextDevOptions = {}): Promise<NextDev> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [nextBin(appRoot), 'dev', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: appRoot,
    detached: true, // its own process group: stop() takes next-server down with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'development', ...options.env },
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('next dev did not start');
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    for (const [signal, waitMs] of [['SIGTERM', 5000], ['SIGKILL', 2000]] as const) {
      try {
        process.kill(-pid, signal);
      } catch {
        return; // the group is gone
      }
      const until = Date.now() + waitMs;
      while (Date.now() < until) {
        try {
          process.kill(-pid, 0);
        } catch {
          return;
        }
        await sleep(50);
      }
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const probe = `${url}${options.probePath ?? '/'}`;
  while (Date.now() < deadline) {
    if (exited || !alive(pid)) throw new Error(`next dev exited before answering:\n${out}`);
    try {
      const res = await fetch(probe, { signal: AbortSignal.timeout(30_000), redirect: 'manual' });
      await res.arrayBuffer();
      return { url, port, pid, output: () => out, stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error(`next dev did not answer ${probe} within ${options.timeoutMs ?? 120_000} ms:\n${out}`);
}

/**
 * Copies a fixture app into a fresh folder under `<repo>/.test-workspaces/` (git-ignored), so tests
 * may create files and `next dev` may write `.next/` without touching the repository's fixture.
 * The copy stays inside the repository so `next`, `react` and `react-dom` resolve from its node_modules.
 */
export function copyFixture(name = 'next-app', label = 'run'): string {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const src = path.join(repo, 'test', 'fixtures', name);
  const base = path.join(repo, '.test-workspaces');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${label}-`));
  fs.cpSync(src, path.join(dir, name), {
    recursive: true,
    filter: (s) => !/(^|[\\/])(\.next|node_modules)([\\/]|$)/.test(path.relative(src, s)),
  });
  return path.join(dir, name);
}
