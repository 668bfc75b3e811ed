// Makes a folder read-only for real — a bind mount of the folder onto itself, remounted `ro` — so a
// test sees the kernel's EROFS, not a stub. Needs root (CAP_SYS_ADMIN): when that is missing the
// test must fail and say so, never skip. Linux only.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReadOnlyMount {
  dir: string;
  /** Unmounts; safe to call twice. */
  unmount(): void;
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
}

function stderrOf(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  return (e.stderr ? String(e.stderr) : e.message ?? String(err)).trim();
}

/** Bind-mounts `dir` read-only onto itself. Throws an error saying exactly why when it cannot. */
export function mountReadOnly(dir: string): ReadOnlyMount {
  if (process.platform !== 'linux') {
    throw new Error(`the read-only file system test needs Linux bind mounts; this is ${process.platform}`);
  }
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new Error(`the read-only file system test needs root to bind-mount ${dir} read-only (running as uid ${uid}); run the tests as root or in a container with CAP_SYS_ADMIN`);
  }
  try {
    run('mount', ['--bind', dir, dir]);
  } catch (err) {
    throw new Error(`mount --bind ${dir} ${dir} was refused (${stderrOf(err)}); the read-only test needs CAP_SYS_ADMIN`);
  }
  let mounted = true;
  const unmount = (): void => {
    if (!mounted) return;
    try {
      run('umount', [dir]);
    } catch {
      run('umount', ['-l', dir]); // busy (a watcher holds it): detach now, released when unused
    }
    mounted = false;
  };
  try {
    run('mount', ['-o', 'remount,bind,ro', dir]);
  } catch (err) {
    unmount();
    throw new Error(`mount -o remount,bind,ro ${dir} was refused (${stderrOf(err)}); the read-only test needs CAP_SYS_ADMIN`);
  }
  // Prove it: root ignores permission bits, but not a read-only mount.
  const probe = path.join(dir, '.bff-ro-probe');
  try {
    fs.writeFileSync(probe, 'x');
    fs.rmSync(probe, { force: true });
    unmount();
    throw new Error(`${dir} is still writable after the read-only bind mount`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EROFS') {
      unmount();
      throw err;
    }
  }
  return { dir, unmount };
}
