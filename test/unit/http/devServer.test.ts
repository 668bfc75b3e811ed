import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { candidateUrls, devLockPath, findDevServer, parseDevLock, pidAlive } from '../../../src/core/http/devServer';

const LOCK = '{"pid":5909,"port":3457,"hostname":"127.0.0.1","appUrl":"http://127.0.0.1:3457","startedAt":1795304345002}';

/** A pid that certainly does not exist: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid;
}

describe('http/devServer: the dev lock', () => {
  it('parses a lock as next dev 16 writes it', () => {
    const r = parseDevLock(LOCK);
    assert.deepEqual(r, { ok: true, lock: { pid: 5909, port: 3457, hostname: '127.0.0.1', appUrl: 'http://127.0.0.1:3457', startedAt: 1795304345002 } });
  });

  it('explains an empty, non-JSON, wrongly shaped or non-http lock', () => {
    assert.match((parseDevLock('') as { error: string }).error, /empty/);
    assert.match((parseDevLock('{oops') as { error: string }).error, /not JSON/);
    assert.match((parseDevLock('{"pid":"x","port":1,"appUrl":"http://a"}') as { error: string }).error, /unexpected shape.*pid/);
    assert.match((parseDevLock('{"pid":1,"port":1,"appUrl":"ftp://a"}') as { error: string }).error, /not http/);
  });

  it('is at <root>/<distDir>/dev/lock', () => {
    assert.equal(devLockPath({ root: '/w/app', distDir: 'build' }), path.join('/w/app', 'build', 'dev', 'lock'));
  });

  it('prefers 127.0.0.1 over localhost, keeping localhost as the second choice', () => {
    assert.deepEqual(candidateUrls('http://localhost:3000'), ['http://127.0.0.1:3000', 'http://localhost:3000']);
    assert.deepEqual(candidateUrls('http://127.0.0.1:3000'), ['http://127.0.0.1:3000']);
    assert.deepEqual(candidateUrls('http://0.0.0.0:3000'), ['http://127.0.0.1:3000'], 'a wildcard listener is reached on loopback');
    assert.deepEqual(candidateUrls('http://[::]:3000'), ['http://127.0.0.1:3000']);
  });

  it('knows a live pid from a gone one', () => {
    assert.equal(pidAlive(process.pid), true);
    assert.equal(pidAlive(deadPid()), false);
  });
});

describe('http/devServer: findDevServer staleness', () => {
  let root: string;
  let server: net.Server;
  let port: number;
  const app = (): { root: string; distDir: string } => ({ root, distDir: '.next' });
  const writeLock = (text: string): void => {
    fs.mkdirSync(path.join(root, '.next', 'dev'), { recursive: true });
    fs.writeFileSync(devLockPath(app()), text);
  };
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-lock-'));
    server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports not running without a lock or a base URL', async () => {
    assert.deepEqual(await findDevServer(app()), { state: 'not-running', reason: 'next dev is not running for this app.' });
  });

  it('is running when the pid lives and appUrl answers, and the request URL uses 127.0.0.1 for localhost', async () => {
    writeLock(JSON.stringify({ pid: process.pid, port, hostname: 'localhost', appUrl: `http://localhost:${port}`, startedAt: 1 }));
    const s = await findDevServer(app());
    assert.equal(s.state, 'running');
    assert.ok(s.state === 'running' && s.source === 'lock');
    assert.equal(s.url, `http://127.0.0.1:${port}`);
  });

  it('probes a lock\'s *.localhost appUrl on what that name resolves to, and never a remote appUrl', async () => {
    const asked: string[] = [];
    const resolve = async (host: string): Promise<Array<{ address: string; family: number }>> => {
      asked.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    writeLock(JSON.stringify({ pid: process.pid, port, appUrl: `http://evil.localhost:${port}` }));
    const s = await findDevServer(app(), { resolve });
    assert.ok(s.state === 'running' && s.url === `http://evil.localhost:${port}`, JSON.stringify(s));
    assert.deepEqual(asked, ['evil.localhost']);
    writeLock(JSON.stringify({ pid: process.pid, port, appUrl: `http://192.0.2.1:${port}` }));
    const remote = await findDevServer(app(), { resolve, baseUrl: 'http://api.example.com:3000' });
    assert.equal(remote.state, 'not-running');
    assert.match(remote.state === 'not-running' ? remote.reason : '', /^bffRoutes\.baseUrl http:\/\/api\.example\.com:3000 was not probed \(api\.example\.com:3000 is not this machine.*\), and the dev lock is stale: its appUrl was not probed \(192\.0\.2\.1:\d+ is not this machine/);
    assert.deepEqual(asked, ['evil.localhost'], 'nothing else was looked up');
  });

  it('is stale when the pid is gone, even if the port answers', async () => {
    const pid = deadPid();
    writeLock(JSON.stringify({ pid, port, appUrl: `http://127.0.0.1:${port}` }));
    const s = await findDevServer(app());
    assert.equal(s.state, 'not-running');
    assert.ok(s.state === 'not-running');
    assert.equal(s.staleLock?.why, `its process ${pid} is gone`);
    assert.match(s.reason, /stale lock/);
  });

  it('is stale when the pid lives but appUrl does not answer', async () => {
    const closed = await new Promise<number>((resolve) => {
      const t = net.createServer();
      t.listen(0, '127.0.0.1', () => {
        const p = (t.address() as net.AddressInfo).port;
        t.close(() => resolve(p));
      });
    });
    writeLock(JSON.stringify({ pid: process.pid, port: closed, appUrl: `http://127.0.0.1:${closed}` }));
    const s = await findDevServer(app(), { probeTimeoutMs: 1000 });
    assert.ok(s.state === 'not-running');
    assert.match(s.staleLock?.why ?? '', /does not answer/);
  });

  it('falls back to the configured base URL when the lock is stale, saying both', async () => {
    writeLock('not json');
    const up = await findDevServer(app(), { baseUrl: `http://127.0.0.1:${port}/` });
    assert.deepEqual(up, { state: 'running', source: 'config', url: `http://127.0.0.1:${port}` });
    const down = await findDevServer(app(), { baseUrl: 'http://127.0.0.1:1', probeTimeoutMs: 500 });
    assert.ok(down.state === 'not-running');
    assert.equal(down.configuredUrl, 'http://127.0.0.1:1');
    assert.match(down.reason, /Nothing answers at http:\/\/127\.0\.0\.1:1 \(bffRoutes\.baseUrl\), and the dev lock is stale: the lock file is not JSON/);
    const bad = await findDevServer(app(), { baseUrl: 'localhost:3000' });
    assert.ok(bad.state === 'not-running');
    assert.match(bad.reason, /not an http\(s\) URL/);
  });
});
