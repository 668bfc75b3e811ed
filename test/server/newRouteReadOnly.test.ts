// `bff-routes new` against a folder of the app that is really read-only (a read-only bind mount, the
// kernel answers EROFS): refused with a clear message, nothing written. Needs root; fails (never skips)
// when the mount cannot be made.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planRoute, writePlanSync } from '../../src/core/generator';
import { describeNextApp } from '../../src/core/project/nextApps';
import { copyFixture } from '../support/nextDev';
import { mountReadOnly, type ReadOnlyMount } from '../support/readOnlyMount';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('bff-routes new where the app cannot be written (a real read-only mount, real permissions)', () => {
  let root: string;
  let roDir: string;
  let mount: ReadOnlyMount | undefined;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
    root = copyFixture('next-app', 'readonly');
    roDir = path.join(root, 'app', 'api', 'locked');
    fs.mkdirSync(roDir, { recursive: true });
    fs.writeFileSync(path.join(roDir, 'README.txt'), 'kept as is\n');
  });
  after(() => {
    try {
      mount?.unmount();
    } finally {
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });

  it('the CLI refuses with exit 1 and says the folder is on a read-only file system; nothing is written', () => {
    // Planned before the mount: used below to hit the write-time path (a mount that changed after planning).
    const app = describeNextApp(root)!;
    const early = planRoute({ app, pattern: 'text-get', routePath: 'api/locked/late/x' });
    assert.deepEqual(early.refusals, []);

    mount = mountReadOnly(roDir);
    const before = tree(roDir);

    const r = spawnSync(process.execPath, [CLI, 'new', 'text-get', 'api/locked/status'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr, 'bff-routes new: app/api/locked is on a read-only file system, so app/api/locked/status/route.ts cannot be created.\n');
    assert.equal(r.stdout, '');

    // Deeper folders that do not exist yet: the deepest existing one decides.
    const deep = spawnSync(process.execPath, [CLI, 'new', 'json-post', 'api/locked/a/b/[id]', '--guard'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(deep.status, 1);
    assert.match(deep.stderr, /app\/api\/locked is on a read-only file system, so app\/api\/locked\/a\/b\/\[id\]\/route\.ts cannot be created/);

    // The editor plans with the same planner: the same refusal, as the live validation shows it.
    const plan = planRoute({ app, pattern: 'text-get', routePath: 'api/locked/status' });
    assert.equal(plan.refusals[0]?.code, 'read-only');
    assert.ok(r.stderr.includes(plan.refusals[0].message));

    // A plan made before the folder became read-only: the write itself fails with EROFS, explained.
    const late = writePlanSync(early);
    assert.deepEqual(late.written, []);
    assert.match(late.error ?? '', /^Could not create .*app\/api\/locked\/late\/x\/route\.ts: the file system is read-only or not writable here\.$/);

    assert.deepEqual(tree(roDir), before, 'nothing written under the read-only folder');
    assert.equal(fs.readFileSync(path.join(roDir, 'README.txt'), 'utf8'), 'kept as is\n');

    // Beside the read-only folder the app is writable: the same command succeeds there.
    const ok = spawnSync(process.execPath, [CLI, 'new', 'text-get', 'api/unlocked'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(fs.existsSync(path.join(root, 'app', 'api', 'unlocked', 'route.ts')));
  });

  it('a folder the user may not write (permission bits, run as an unprivileged user): refused as not writable', () => {
    // Root ignores permission bits, so the CLI runs as nobody (setpriv) on a folder it cannot write.
    assert.equal(process.getuid?.(), 0, 'this test drops from root to nobody with setpriv: run the tests as root');
    const app = path.join(path.dirname(root), 'perm-app');
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'next-app'), app, { recursive: true });
    fs.chmodSync(path.dirname(root), 0o755); // mkdtemp made it 0700: nobody must reach the app
    fs.chmodSync(path.join(app, 'app'), 0o555);
    const before = tree(path.join(app, 'app'));
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'new', 'text-get', 'api/mine'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.error, undefined, 'setpriv ran');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr, 'bff-routes new: app/api is not writable (permission denied), so app/api/mine/route.ts cannot be created.\n');
    assert.deepEqual(tree(path.join(app, 'app')), before);
  });
});
