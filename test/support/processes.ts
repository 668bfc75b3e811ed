// The process table as tests need it (Linux /proc, where the test host runs): who descends from whom,
// who is in a process group, and whether a process still runs (a zombie has ended).
import * as fs from 'node:fs';
import * as net from 'node:net';

interface Proc { pid: number; ppid: number; pgid: number; state: string; cmd: string }

function table(): Proc[] {
  if (!fs.existsSync('/proc/self/stat')) throw new Error('this test reads the process table from /proc (Linux only)');
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), cmd });
    } catch {
      // ended while reading
    }
  }
  return out;
}

/** The fields of /proc/<pid>/stat after the command name (state, ppid, pgid, …); undefined once it has ended. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` still runs: it exists and is not a zombie (a zombie waiting to be reaped has ended). Without
 * /proc (macOS) the signal-0 probe alone decides.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!fs.existsSync('/proc/self/stat')) return true;
  const fields = statFields(pid);
  return fields !== undefined && fields[0] !== 'Z';
}

/**
 * Waits until `done()` holds, checking every 20 ms, for at most `ms`; whether it came to hold. For states the
 * kernel settles a moment after an event (a process signalled with its pipes already closed has not yet become a
 * zombie).
 */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** The process group id of `pid` (Linux /proc; undefined elsewhere or once it has ended). */
export function processGroupId(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[2]);
}

/** `pid` and every process below it, with their command lines. */
export function processTree(pid: number): Array<{ pid: number; cmd: string }> {
  const all = table();
  const found = new Map<number, string>();
  const self = all.find((p) => p.pid === pid);
  if (self) found.set(pid, self.cmd);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.set(p.pid, p.cmd);
        grew = true;
      }
    }
  }
  return [...found].map(([p, cmd]) => ({ pid: p, cmd }));
}

/** The members of the process group of `pid`. */
export function groupOf(pid: number): Array<{ pid: number; cmd: string }> {
  const all = table();
  const pgid = all.find((p) => p.pid === pid)?.pgid;
  return pgid === undefined ? [] : all.filter((p) => p.pgid === pgid && p.state !== 'Z').map((p) => ({ pid: p.pid, cmd: p.cmd }));
}

/** True when nothing listens on 127.0.0.1:port (a listen there succeeds). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
