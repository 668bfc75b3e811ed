import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DevOutput, DEV_OUTPUT_KEEP_CHARS } from '../../../src/core/http/devOutput';
import { startDevProcess, treeKill } from '../../../src/core/http/devProcess';
import { alive, until } from '../../support/processes';

// What next dev 16.4 printed (FORCE_COLOR=1, through a pipe) for the fixture's /api/boom.
const RED = '\u001b[31m\u001b[1m';
const BOOM = [
  `${RED}⨯\u001b[22m\u001b[39m TypeError: kaboom from the fixture`,
  '    at explode (app/api/boom/route.ts:3:9)',
  '    at GET (app/api/boom/route.ts:7:3)',
  "  \u001b[90m1 |\u001b[0m \u001b[90m// A handler that throws\u001b[0m",
  `${RED}>\u001b[0m \u001b[90m3 |\u001b[0m   \u001b[36mthrow\u001b[0m new TypeError('kaboom from the fixture');`,
  ' GET /api/boom \u001b[31m500\u001b[39m in 398ms\u001b[2m (next.js: 58ms, application-code: 340ms)\u001b[22m',
  '',
].join('\n');

describe('http/devOutput: the error of a 5xx read from next dev output', () => {
  let root: string;
  let route: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-devout-'));
    route = path.join(root, 'app', 'api', 'boom', 'route.ts');
    fs.mkdirSync(path.dirname(route), { recursive: true });
    fs.writeFileSync(route, "// A handler that throws\nfunction explode(): never {\n  throw new TypeError('kaboom from the fixture');\n}\n\nexport function GET() {\n  explode();\n}\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('waits for the request line that ends the error block, then returns the error with its frames in the route file', async () => {
    const out = new DevOutput();
    out.append('✓ Ready in 1094ms\n GET /api/hello 200 in 20ms\n');
    const mark = out.mark();
    const pending = out.waitForError(mark, root, { timeoutMs: 10_000 });
    // Split inside an escape sequence and inside a frame line, as pipes deliver it.
    const cut1 = BOOM.indexOf('[22m') - 1;
    const cut2 = BOOM.indexOf('route.ts:7') + 4;
    out.append(BOOM.slice(0, cut1));
    out.append(BOOM.slice(cut1, cut2));
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'the block is not complete before the request line');
    out.append(BOOM.slice(cut2));
    const err = await pending;
    assert.ok(err);
    assert.equal(err.source, 'output');
    assert.equal(err.name, 'TypeError');
    assert.equal(err.message, 'kaboom from the fixture');
    assert.deepEqual(err.frames.map((f) => [f.fn, f.file, f.line, f.column]), [['explode', route, 3, 9], ['GET', route, 7, 3]]);
    assert.deepEqual(err.location, { file: route, line: 3, column: 9, how: 'stack' });
  });

  it('reads only what follows the mark: an earlier error is not this request\'s', async () => {
    const out = new DevOutput();
    out.append(BOOM);
    const err = await out.waitForError(out.mark(), root, { timeoutMs: 50 });
    assert.equal(err, undefined);
  });

  it('a 2xx request line does not end the wait; the timeout and an abort do, with what was printed', async () => {
    const out = new DevOutput();
    const mark = out.mark();
    out.append(' GET /api/hello 200 in 5ms\n');
    const t = await out.waitForError(mark, root, { timeoutMs: 30 });
    assert.equal(t, undefined);
    const ctrl = new AbortController();
    const pending = out.waitForError(mark, root, { timeoutMs: 60_000, signal: ctrl.signal });
    out.append(BOOM.split('\n').slice(0, 3).join('\n'));
    ctrl.abort();
    const partial = await pending;
    assert.equal(partial?.message, 'kaboom from the fixture');
  });

  it('keeps a bounded tail: marks into dropped output read from what is left', () => {
    const out = new DevOutput();
    const mark = out.mark();
    out.append('x'.repeat(DEV_OUTPUT_KEEP_CHARS));
    out.append('\ntail line\n');
    assert.equal(out.mark(), DEV_OUTPUT_KEEP_CHARS + 11);
    assert.ok(out.since(mark).length <= DEV_OUTPUT_KEEP_CHARS);
    assert.ok(out.since(mark).endsWith('tail line\n'));
    assert.equal(out.tail(1), 'tail line');
  });
});

describe('http/devProcess: the dev script in its own process group', function () {
  this.timeout(30_000);
  it('streams output and stop() ends every process of the group, children included (POSIX shell)', async () => {
    let text = '';
    let proc: ReturnType<typeof startDevProcess> | undefined;
    let exitCode: number | null | undefined;
    const ready = new Promise<void>((resolve) => {
      const p = startDevProcess({
        command: 'sleep 300 & echo "child $!"; sleep 300 & echo "child $!"; echo ready; wait',
        cwd: os.tmpdir(),
        onOutput: (t) => {
          text += t;
          if (text.includes('ready')) resolve();
        },
        onExit: (code) => (exitCode = code),
      });
      proc = p;
    });
    await ready;
    assert.ok(proc);
    const children = [...text.matchAll(/child (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(children.length, 2);
    for (const c of children) assert.ok(alive(c));
    await proc.stop(2000);
    assert.equal(proc.exited, true);
    assert.notEqual(exitCode, undefined, 'onExit was called');
    // The pipes close while a signalled child is still exiting: wait (bounded) for the kernel to end it.
    for (const c of children) assert.ok(await until(() => !alive(c), 5000), `child ${c} was left running`);
  });

  it('ends the tree with taskkill /T on Windows (/F to force), with a signal to the group elsewhere', () => {
    // (the Windows command line as data: this machine cannot run taskkill)
    assert.deepEqual(treeKill('win32', 4321, 'SIGTERM'), { command: 'taskkill', args: ['/pid', '4321', '/T'] });
    assert.deepEqual(treeKill('win32', 4321, 'SIGKILL'), { command: 'taskkill', args: ['/pid', '4321', '/T', '/F'] });
    assert.deepEqual(treeKill('linux', 4321, 'SIGTERM'), { group: -4321, signal: 'SIGTERM' });
    assert.deepEqual(treeKill('darwin', 7, 'SIGKILL'), { group: -7, signal: 'SIGKILL' });
  });

  it('reports the exit of a command that ends by itself, with its output', async () => {
    let text = '';
    const exited = new Promise<number | null>((resolve) => {
      startDevProcess({ command: 'echo "Another next dev server is already running." && exit 1', cwd: os.tmpdir(), onOutput: (t) => (text += t), onExit: (code) => resolve(code) });
    });
    assert.equal(await exited, 1);
    assert.match(text, /already running/);
  });
});
