// Runs a Node script in a private network and mount namespace (`unshare --net --mount`, with a user
// namespace when not root): its own loopback interface, which also carries 192.0.2.1 (TEST-NET-1, an
// address the loopback check must treat as another machine), and its own /etc/hosts (a bind mount), so the REAL
// system resolver answers what the test wrote. Nothing leaves the namespace: it has no other interface.
// Linux only; when the namespace cannot be made the test fails and says why, never skips.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The stand-in for a remote machine, reachable only inside the namespace. */
export const REMOTE_ADDRESS = '192.0.2.1';

const SETUP = `ip link set lo up && ip addr add ${REMOTE_ADDRESS}/32 dev lo && mount --bind "$1" /etc/hosts && shift && exec "$@"`;

/** Runs `node script ...args` inside the namespace with `hosts` as /etc/hosts; returns the JSON it prints last. */
export function runInPrivateNet<T>(hosts: string, script: string, args: readonly string[] = [], timeoutMs = 60_000): T {
  if (process.platform !== 'linux') throw new Error(`the private-network test needs Linux namespaces; this is ${process.platform}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-net-'));
  try {
    const hostsFile = path.join(dir, 'hosts');
    fs.writeFileSync(hostsFile, hosts);
    // As root the namespaces need no user namespace; otherwise one maps this user to root inside it.
    const user = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
    const r = spawnSync('unshare', [...user, '--net', '--mount', 'sh', '-c', SETUP, 'sh', hostsFile, process.execPath, '--enable-source-maps', script, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    if (r.error) throw new Error(`could not run unshare (util-linux) for the private-network test: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`the private-network script failed (rc ${r.status}, signal ${r.signal}):\n${r.stderr}\n${r.stdout}`);
    const last = r.stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(last) as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
