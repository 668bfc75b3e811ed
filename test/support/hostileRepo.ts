// A repository a stranger could push: files that would make a naive reader hang or fill memory. Git keeps
// symbolic links, so a checkout can hold links to /dev/zero under any name; a FIFO is made with mkfifo (the
// tests make a real one). Unreadable files and folders only stop an unprivileged reader: runUnprivileged runs a
// command as `nobody` through setpriv when the tests run as root (chmod 000 does not stop root), and fails
// loudly when it cannot.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ZERO_LINK = '/dev/zero';
/** Bigger than the read cap (2 MiB) tenfold: the 20 MB route.ts. */
export const BIG_BYTES = 20 * 1024 * 1024;

export interface HostileRepo {
  /** The repository (and workspace) folder. */
  root: string;
  /** The app whose own package.json, next.config.mjs and .vscode/settings.json link to /dev/zero. */
  app: string;
  /** Paths relative to `root` of every hostile file, by what it is. */
  hostile: Record<string, string>;
  remove(): void;
}

export function mkfifo(file: string): void {
  execFileSync('mkfifo', [file], { timeout: 10_000 });
  if (!fs.lstatSync(file).isFIFO()) throw new Error(`mkfifo did not make a FIFO at ${file}`);
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function link(root: string, rel: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(root, rel));
}

/**
 * Builds the hostile repository in a fresh folder under `parent` (default: a fresh folder in the system temp folder, readable by
 * every user so an unprivileged run can reach it):
 * - web/: package.json, next.config.mjs, .vscode/settings.json and app/api/zero/route.ts link to /dev/zero;
 *   app/api/fifo/route.ts is a FIFO; app/api/big/route.ts is 20 MB; app/api/loop links to its own parent;
 *   app/api/ok/route.ts is an ordinary route with one finding (a lowercase `get`).
 * - fifo-app/: a FIFO named package.json beside a next.config.js, and one ordinary route.
 * - with `unreadable`: web/app/api/secret/route.ts (mode 000) and web/app/api/hidden/ (mode 000, holding a
 *   route.ts): only an unprivileged reader is stopped by them.
 */
export function makeHostileRepo(options: { unreadable?: boolean; parent?: string } = {}): HostileRepo {
  const base = fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'bff-hostile-'));
  fs.chmodSync(base, 0o755);
  const repo = fillHostileRepo(path.join(base, 'repo'), options);
  return {
    ...repo,
    remove: () => {
      if (options.unreadable) fs.chmodSync(path.join(repo.root, 'web/app/api/hidden'), 0o755);
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Writes the hostile files of makeHostileRepo into `root` (an existing workspace folder, say). */
export function fillHostileRepo(root: string, options: { unreadable?: boolean } = {}): Omit<HostileRepo, 'remove'> {
  const app = path.join(root, 'web');
  const hostile: Record<string, string> = {
    'package.json -> /dev/zero': 'web/package.json',
    'next.config.mjs -> /dev/zero': 'web/next.config.mjs',
    '.vscode/settings.json -> /dev/zero': 'web/.vscode/settings.json',
    'route.ts -> /dev/zero': 'web/app/api/zero/route.ts',
    'route.ts FIFO': 'web/app/api/fifo/route.ts',
    'route.ts of 20 MB': 'web/app/api/big/route.ts',
    'folder link loop': 'web/app/api/loop',
    'package.json FIFO': 'fifo-app/package.json',
  };
  for (const rel of ['web/package.json', 'web/next.config.mjs', 'web/.vscode/settings.json', 'web/app/api/zero/route.ts']) link(root, rel, ZERO_LINK);
  write(root, 'web/app/api/ok/route.ts', "export async function get() {\n  return new Response('ok');\n}\n");
  fs.mkdirSync(path.join(app, 'app/api/fifo'), { recursive: true });
  mkfifo(path.join(app, 'app/api/fifo/route.ts'));
  fs.mkdirSync(path.join(app, 'app/api/big'), { recursive: true });
  const line = `// ${'x'.repeat(1020)}\n`;
  fs.writeFileSync(path.join(app, 'app/api/big/route.ts'), `export function GET() {\n  return new Response('big');\n}\n${line.repeat(Math.ceil(BIG_BYTES / line.length))}`);
  link(root, 'web/app/api/loop', '..');
  write(root, 'fifo-app/next.config.js', 'module.exports = {};\n');
  write(root, 'fifo-app/app/api/hello/route.ts', "export function GET() {\n  return new Response('hello');\n}\n");
  mkfifo(path.join(root, 'fifo-app/package.json'));
  if (options.unreadable) {
    hostile['unreadable route.ts'] = 'web/app/api/secret/route.ts';
    hostile['unreadable folder'] = 'web/app/api/hidden';
    write(root, 'web/app/api/secret/route.ts', "export function GET() {\n  return new Response('secret');\n}\n");
    write(root, 'web/app/api/hidden/route.ts', "export function GET() {\n  return new Response('hidden');\n}\n");
    fs.chmodSync(path.join(root, 'web/app/api/secret/route.ts'), 0o000);
    fs.chmodSync(path.join(root, 'web/app/api/hidden'), 0o000);
  }
  return { root, app, hostile };
}

/** The uid/gid of `nobody`, to run a command without root's right to read everything. */
const NOBODY = 65534;

/**
 * Runs `cmd args` as an unprivileged user: directly when the tests already run unprivileged, through setpriv as
 * `nobody` when they run as root. Throws (the test fails and says why) when root cannot drop its privileges.
 */
export function runUnprivileged(cmd: string, args: string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  const asRoot = process.getuid?.() === 0;
  const argv = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: options.cwd, encoding: 'utf8', timeout: options.timeoutMs, env: options.env ?? process.env });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${argv[0]} is missing: the unreadable-file tests run as root and need setpriv (util-linux) to drop to nobody`);
  }
  if (asRoot && r.status !== 0 && /setpriv:/.test(r.stderr)) throw new Error(`setpriv could not drop to nobody: ${r.stderr.trim()}`);
  return r;
}

/** Whether the current user can read `file` (false for an unprivileged user on a mode-000 file). */
export function unprivilegedCanRead(file: string, cwd: string): boolean {
  const r = runUnprivileged(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(file)})`], { cwd, timeoutMs: 20_000 });
  return r.status === 0;
}
