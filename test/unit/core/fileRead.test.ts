// core/fileRead.ts against the real hostile files: a link to /dev/zero, a FIFO made with mkfifo, a 20 MB file, a
// /proc file whose stat says 0 bytes, a mode-000 file read by an unprivileged user. Each hostile read runs in a
// child process with a timeout: a reader that hangs (as fs.readFileSync does on both) fails the test instead of
// hanging the suite, since a blocked synchronous read cannot be interrupted from inside.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_READ_BYTES, readJsonSync, readTextFile, readTextFileSync } from '../../../src/core/fileRead';
import { BIG_BYTES, makeHostileRepo, mkfifo, runUnprivileged, type HostileRepo } from '../../support/hostileRepo';

const MODULE = path.resolve(__dirname, '../../../src/core/fileRead.js');

interface Outcome {
  ok: boolean;
  refusal?: string;
  reason?: string;
  length?: number;
}

interface ChildResult {
  results: Record<string, { sync: Outcome; async: Outcome }>;
  ms: number;
  maxRssMb: number;
}

/** Reads each file with both readers in a fresh Node process (10 s limit); their results without the texts. */
function readInChild(files: string[], run = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 10_000 })): ChildResult {
  const script = `
    const r = require(${JSON.stringify(MODULE)});
    const strip = (x) => (x.ok ? { ok: true, length: x.text.length } : x);
    (async () => {
      const t0 = Date.now();
      const results = {};
      for (const f of ${JSON.stringify(files)}) results[f] = { sync: strip(r.readTextFileSync(f)), async: strip(await r.readTextFile(f)) };
      process.stdout.write(JSON.stringify({ results, ms: Date.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    })();`;
  const p = run(['-e', script]);
  assert.equal(p.signal, null, `the reader was killed after 10 s (${String(p.signal)}): it hung; stderr: ${p.stderr}`);
  assert.equal(p.status, 0, p.stderr);
  return JSON.parse(p.stdout) as ChildResult;
}

describe('fileRead: only regular files, never blocking, capped', function () {
  this.timeout(60_000);
  let repo: HostileRepo;
  let tmp: string;

  before(() => {
    repo = makeHostileRepo({ unreadable: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-read-'));
  });

  after(() => {
    repo?.remove();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a link to /dev/zero, a FIFO (as package.json and route.ts) and a 20 MB file, at once and in little memory', () => {
    const at = (rel: string): string => path.join(repo.root, rel);
    const files = {
      zero: at(repo.hostile['package.json -> /dev/zero']),
      fifo: at(repo.hostile['package.json FIFO']),
      fifoRoute: at(repo.hostile['route.ts FIFO']),
      big: at(repo.hostile['route.ts of 20 MB']),
      loop: at(repo.hostile['folder link loop']),
    };
    assert.ok(fs.statSync(files.big).size >= BIG_BYTES);
    const child = readInChild(Object.values(files));
    const of = (f: string) => child.results[f];
    for (const how of ['sync', 'async'] as const) {
      assert.deepEqual(of(files.zero)[how], { ok: false, refusal: 'not-regular', reason: 'not a regular file (a character device)' });
      assert.deepEqual(of(files.fifo)[how], { ok: false, refusal: 'not-regular', reason: 'not a regular file (a FIFO)' });
      assert.deepEqual(of(files.fifoRoute)[how], { ok: false, refusal: 'not-regular', reason: 'not a regular file (a FIFO)' });
      assert.deepEqual(of(files.big)[how], { ok: false, refusal: 'too-large', reason: 'larger than 2 MB (the read cap)' });
      assert.deepEqual(of(files.loop)[how], { ok: false, refusal: 'not-regular', reason: 'not a regular file (a directory)' });
    }
    assert.ok(child.ms < 2000, `${child.ms} ms`);
    assert.ok(child.maxRssMb < 150, `${child.maxRssMb} MB`);
  });

  it('reads at most cap + 1 bytes whatever the stat says (a /proc file says 0 bytes)', () => {
    const file = '/proc/self/maps';
    assert.equal(fs.statSync(file).size, 0, 'procfs reports 0 bytes for a file with content');
    assert.deepEqual(readTextFileSync(file, 16), { ok: false, refusal: 'too-large', reason: 'larger than 16 bytes (the read cap)' });
    const whole = readTextFileSync(file);
    assert.ok(whole.ok && whole.text.length > 16, 'the same file under the default cap is read whole');
  });

  it('reads at most cap + 1 bytes asynchronously too', async () => {
    const r = await readTextFile('/proc/self/maps', 16);
    assert.equal(r.ok ? 'read' : r.refusal, 'too-large');
  });

  it('reads a file of exactly the cap, refuses one byte more', async () => {
    const file = path.join(tmp, 'cap.ts');
    fs.writeFileSync(file, Buffer.alloc(MAX_READ_BYTES, 0x61));
    const sync = readTextFileSync(file);
    assert.ok(sync.ok && sync.text.length === MAX_READ_BYTES);
    const asyncRead = await readTextFile(file);
    assert.ok(asyncRead.ok && asyncRead.text.length === MAX_READ_BYTES);
    fs.appendFileSync(file, 'a');
    assert.equal((readTextFileSync(file) as { refusal: string }).refusal, 'too-large');
    assert.equal(((await readTextFile(file)) as { refusal: string }).refusal, 'too-large');
  });

  it('drops a UTF-8 byte-order mark, as the editor does, and follows links to regular files', async () => {
    const file = path.join(tmp, 'bom.json');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]));
    fs.symlinkSync(file, path.join(tmp, 'link.json'));
    assert.deepEqual(readTextFileSync(file), { ok: true, text: '{"a":"é"}' });
    assert.deepEqual(await readTextFile(path.join(tmp, 'link.json')), { ok: true, text: '{"a":"é"}' });
    assert.deepEqual(readJsonSync(file), { a: 'é' });
  });

  it('says a missing file is missing, and a FIFO made here is refused without blocking', async () => {
    assert.equal((readTextFileSync(path.join(tmp, 'nope')) as { refusal: string }).refusal, 'missing');
    assert.equal(((await readTextFile(path.join(tmp, 'nope', 'x'))) as { refusal: string }).refusal, 'missing');
    const fifo = path.join(tmp, 'pipe');
    mkfifo(fifo);
    // In this process: with no writer, a blocking open would never return and the test would time out.
    assert.equal(((await readTextFile(fifo)) as { reason: string }).reason, 'not a regular file (a FIFO)');
  });

  it('names the reason when the reader has no right to read (mode 000, read by an unprivileged user)', () => {
    const secret = path.join(repo.root, repo.hostile['unreadable route.ts']);
    const inHidden = path.join(repo.root, repo.hostile['unreadable folder'], 'route.ts');
    const child = readInChild([secret, inHidden], (args) => runUnprivileged(process.execPath, args, { cwd: os.tmpdir(), timeoutMs: 10_000 }));
    for (const how of ['sync', 'async'] as const) {
      assert.equal(child.results[secret][how].refusal, 'unreadable');
      assert.match(child.results[secret][how].reason!, /^cannot read: EACCES: permission denied/);
      assert.match(child.results[inHidden][how].reason!, /^cannot read: EACCES: permission denied/);
    }
  });
});
