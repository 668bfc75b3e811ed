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

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
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
