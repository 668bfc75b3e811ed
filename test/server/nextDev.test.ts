import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, startNextDev, type NextDev } from '../support/nextDev';

function nextServerPids(): number[] {
  try {
    return execFileSync('pgrep', ['-f', 'next-server'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('test helper: next dev on the fixture app', () => {
  let app: string;
  let dev: NextDev | undefined;
  before(() => {
    app = copyFixture('next-app', 'nextdev');
  });
  after(async () => {
    await dev?.stop();
    fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  it('starts on 127.0.0.1, answers a fixture route, writes the dev lock, and stops without orphans', async () => {
    const before = new Set(nextServerPids());
    dev = await startNextDev(app, { probePath: '/api/hello' });
    assert.match(dev.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${dev.url}/api/users/7`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: '7', name: 'User 7' });
    const lock = JSON.parse(fs.readFileSync(path.join(app, '.next', 'dev', 'lock'), 'utf8')) as { appUrl: string; port: number };
    assert.equal(lock.port, dev.port);
    const mine = nextServerPids().filter((p) => !before.has(p));
    assert.ok(mine.length > 0, 'a next-server worker runs');
    await dev.stop();
    dev = undefined;
    assert.deepEqual(nextServerPids().filter((p) => mine.includes(p)), [], 'no orphan next-server');
  });

  it('fails loudly when a second next dev on the same folder prints Ready and exits', async () => {
    dev = await startNextDev(app, { probePath: '/api/hello' });
    await assert.rejects(startNextDev(app, { probePath: '/api/hello', timeoutMs: 60_000 }), /exited before answering|Another next dev/);
    await dev.stop();
    dev = undefined;
  });
});
