// A hostile repository (test/support/hostileRepo.ts: links to /dev/zero as package.json, next.config.mjs,
// .vscode/settings.json and a route.ts, FIFOs as route.ts and package.json, a 20 MB route.ts, a folder link loop)
// against the app discovery, the route discovery and `bff-routes lint` run as a process, the way CI runs it:
// it must end in under 5 s and 300 MB, name each file it skipped with the reason, and exit 2 (incomplete run).
// Unreadable files and folders are checked with the CLI run as an unprivileged user (root reads mode-000 files).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runLint } from '../../../src/cli/lint';
import { makeHostileRepo, runUnprivileged, type HostileRepo } from '../../support/hostileRepo';
import { validateSarif } from '../report/sarifSchema';

const REPO = path.resolve(__dirname, '../../../..');
/** The shipped `bff-routes` binary (package.json "bin"). */
const CLI = path.join(REPO, 'dist', 'cli.js');
const MAX_RSS = path.join(REPO, 'out', 'test', 'support', 'maxRss.js');
const LIMIT_S = 20;

interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  maxRssMb: number;
}

/** `timeout 20 bff-routes lint …` with its wall time and its real peak RSS (getrusage, written at exit). */
function lintProcess(cwd: string, args: string[], unprivileged = false): CliRun {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build before the unit tests`);
  const rssDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-rss-'));
  fs.chmodSync(rssDir, 0o777);
  const rssFile = path.join(rssDir, 'kb');
  const argv = ['-r', MAX_RSS, CLI, 'lint', ...args];
  const env = { ...process.env, BFF_MAX_RSS_FILE: rssFile };
  const t0 = performance.now();
  const p = unprivileged
    ? runUnprivileged(process.execPath, argv, { cwd, timeoutMs: LIMIT_S * 1000, env })
    : spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', timeout: LIMIT_S * 1000, env });
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(p.signal, null, `bff-routes lint was killed after ${LIMIT_S} s (it hung); stderr: ${p.stderr}`);
  const kb = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(rssDir, { recursive: true, force: true });
  return { status: p.status, signal: p.signal, stdout: p.stdout, stderr: p.stderr, seconds, maxRssMb: kb / 1024 };
}

/** The skipped files a text report lists, as `path  reason`. */
function notAnalysed(text: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Not analysed ('));
  assert.ok(at >= 0, `no "Not analysed" section in\n${text}`);
  const out: string[] = [];
  for (let i = at + 1; i < lines.length && lines[i].startsWith('  '); i++) out.push(lines[i].trim());
  return out;
}

describe('a hostile repository', function () {
  this.timeout(120_000);
  let repo: HostileRepo;

  before(() => {
    repo = makeHostileRepo();
  });

  after(() => repo?.remove());

  it('app and route discovery end at once and skip what they cannot read (in a child process, 10 s limit)', () => {
    const script = `
      const { findNextApps } = require(${JSON.stringify(path.join(REPO, 'out/src/core/project/nextApps.js'))});
      const { discoverRoutes } = require(${JSON.stringify(path.join(REPO, 'out/src/core/routes/discovery.js'))});
      (async () => {
        const apps = findNextApps([${JSON.stringify(repo.root)}]);
        const routes = [];
        for (const a of apps) routes.push(...(await discoverRoutes(a)).map((r) => r.pattern + ' ' + r.methods.join(',')));
        process.stdout.write(JSON.stringify({ apps: apps.map((a) => a.root), routes }));
      })();`;
    const p = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(p.signal, null, `discovery hung (killed after 10 s): ${p.stderr}`);
    assert.equal(p.status, 0, p.stderr);
    const out = JSON.parse(p.stdout) as { apps: string[]; routes: string[] };
    assert.deepEqual(out.apps.sort(), [path.join(repo.root, 'fifo-app'), repo.app]);
    // Unreadable route files are listed without methods, a FIFO is no route file, the loop is not followed.
    assert.deepEqual(out.routes.sort(), ['/api/big ', '/api/hello GET', '/api/ok ', '/api/zero ']);
  });

  it('route discovery of an app whose app/ folder links to / stops at its folder bound (1,000 here)', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-root-link-'));
    try {
      fs.writeFileSync(path.join(base, 'next.config.js'), 'module.exports = {};\n');
      fs.symlinkSync('/', path.join(base, 'app'));
      const script = `
        const { describeNextApp } = require(${JSON.stringify(path.join(REPO, 'out/src/core/project/nextApps.js'))});
        const { discoverRoutes } = require(${JSON.stringify(path.join(REPO, 'out/src/core/routes/discovery.js'))});
        const t0 = Date.now();
        discoverRoutes(describeNextApp(${JSON.stringify(base)}), { maxDirs: 1000 }).then((r) => process.stdout.write(JSON.stringify({ n: r.length, ms: Date.now() - t0 })));`;
      const p = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(p.signal, null, `discovery did not end in 30 s: ${p.stderr}`);
      // fs.rmSync below removes the link, never what it points to.
      assert.equal(p.status, 0, p.stderr);
      const out = JSON.parse(p.stdout) as { n: number; ms: number };
      assert.ok(out.ms < 10_000, `${out.ms} ms`);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('bff-routes lint (text) ends in under 5 s and 300 MB, names each skipped file with its reason, exits 2', () => {
    const r = lintProcess(repo.root, []);
    console.log(`      hostile lint: ${r.seconds.toFixed(2)} s, max RSS ${r.maxRssMb.toFixed(0)} MB, exit ${String(r.status)}`);
    assert.ok(r.seconds < 5, `${r.seconds} s`);
    assert.ok(r.maxRssMb < 300, `${r.maxRssMb} MB`);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.deepEqual(notAnalysed(r.stdout), [
      'web/app/api/big/route.ts  larger than 2 MB (the read cap)',
      'web/app/api/fifo/route.ts  not a regular file (a FIFO)',
      'web/app/api/zero/route.ts  not a regular file (a character device)',
    ]);
    // The readable routes are still linted: the lowercase `get` is found.
    assert.match(r.stdout, /^web\/app\/api\/ok\/route\.ts:1:23 {2}error +lowercase-method-export/m);
    assert.match(r.stdout, /\n\n1 problem \(1 error, 0 warnings, 0 info\) in 2 files; 3 files or folders not analysed\.\n/);
    assert.match(r.stderr, /warning: cannot read web\/\.vscode\/settings\.json: not a regular file \(a character device\); ignoring its bffRoutes settings/);
  });

  it('json and sarif name the same files; SARIF says the run was not successful', () => {
    const json = lintProcess(repo.root, ['--format', 'json']);
    assert.equal(json.status, 2);
    const report = JSON.parse(json.stdout) as { summary: { files: number; skipped: number }; notifications: Array<{ level: string; file?: string; reason?: string }> };
    assert.deepEqual(report.summary.skipped, 3);
    assert.deepEqual(report.notifications.filter((n) => n.file).map((n) => `${n.level} ${n.file}: ${n.reason}`), [
      'error web/app/api/big/route.ts: larger than 2 MB (the read cap)',
      'error web/app/api/fifo/route.ts: not a regular file (a FIFO)',
      'error web/app/api/zero/route.ts: not a regular file (a character device)',
    ]);
    assert.match(json.stderr, /skipped web\/app\/api\/fifo\/route\.ts: not a regular file \(a FIFO\)/);
    const sarif = lintProcess(repo.root, ['--format', 'sarif']);
    assert.equal(sarif.status, 2);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }> };
    assert.deepEqual(validateSarif(log), []);
    const inv = log.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    assert.deepEqual(inv.toolExecutionNotifications.filter((n) => n.locations).map((n) => n.locations![0].physicalLocation.artifactLocation.uri), [
      'web/app/api/big/route.ts', 'web/app/api/fifo/route.ts', 'web/app/api/zero/route.ts',
    ]);
  });

  it('a FIFO or a link to /dev/zero given as the path to lint is named, not waited on', () => {
    const r = lintProcess(repo.root, ['web/app/api/fifo/route.ts', 'web/app/api/zero/route.ts']);
    assert.equal(r.status, 2);
    assert.deepEqual(notAnalysed(r.stdout), ['web/app/api/fifo/route.ts  not a regular file (a FIFO)', 'web/app/api/zero/route.ts  not a regular file (a character device)']);
    assert.match(r.stdout, /No problems found in 0 files; 2 files or folders not analysed\./);
  });

  describe('run as an unprivileged user', () => {
    let locked: HostileRepo;

    before(() => {
      locked = makeHostileRepo({ unreadable: true });
    });

    after(() => locked?.remove());

    it('names an unreadable route file and an unreadable folder, exits 2', () => {
      const r = lintProcess(locked.root, ['web'], true);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      const skipped = notAnalysed(r.stdout);
      assert.ok(skipped.includes('web/app/api/hidden  folder not searched: EACCES: permission denied, scandir \'' + path.join(locked.root, 'web/app/api/hidden') + '\''), skipped.join('\n'));
      assert.ok(skipped.some((l) => l.startsWith('web/app/api/secret/route.ts  cannot read: EACCES: permission denied')), skipped.join('\n'));
    });

    it('a path below a folder that cannot be searched is reported as such, not as missing', () => {
      const r = lintProcess(locked.root, ['web/app/api/hidden/route.ts'], true);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /bff-routes lint: cannot access web\/app\/api\/hidden\/route\.ts: EACCES: permission denied/);
      assert.doesNotMatch(r.stderr, /no such file/);
    });
  });
});

describe('bff-routes lint: exit codes and what a report prints', function () {
  this.timeout(60_000);
  let dir: string;

  function lint(args: string[]): { code: number; out: string; err: string } {
    let out = '';
    let err = '';
    const code = runLint(args, { cwd: dir, version: '0.0.0', stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  }

  function route(rel: string, text: string | Buffer): void {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-exit-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "dependencies": { "next": "16.0.0" } }');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a file too deep for the parser is skipped with a one-line reason naming it, and lint exits 2', () => {
    const n = 20_000;
    route('app/api/deep/route.ts', `export function GET() {\n  const x = ${'['.repeat(n)}${']'.repeat(n)};\n  return new Response(String(x));\n}\n`);
    route('app/api/fine/route.ts', "export function GET() {\n  return new Response('fine');\n}\n");
    const r = lint([]);
    assert.equal(r.code, 2, r.out + r.err);
    const lines = notAnalysed(r.out);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^app\/api\/deep\/route\.ts {2}nesting too deep to analyse \(the TypeScript parser ran out of stack\)$/);
    assert.match(r.out, /No problems found in 1 file; 1 file or folder not analysed\./);
  });

  it('a byte-order mark does not shift the columns of line 1 (the editor drops it too)', () => {
    const text = 'export async function get() {\n  return new Response(null);\n}\n';
    route('app/api/plain/route.ts', text);
    route('app/api/bom/route.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const r = lint(['--format', 'json']);
    assert.equal(r.code, 1, r.err);
    const findings = (JSON.parse(r.out) as { findings: Array<{ file: string; ruleId: string; startLine: number; startColumn: number; offset: number }> }).findings
      .filter((f) => f.ruleId === 'lowercase-method-export');
    const at = (file: string) => findings.find((f) => f.file === file)!;
    assert.deepEqual([at('app/api/bom/route.ts').startLine, at('app/api/bom/route.ts').startColumn], [1, text.indexOf('get') + 1]);
    const where = (f: { startLine: number; startColumn: number; offset: number }) => [f.startLine, f.startColumn, f.offset];
    assert.deepEqual(where(at('app/api/bom/route.ts')), where(at('app/api/plain/route.ts')));
  });

  it('a folder name holding a newline is printed escaped: it cannot forge a report line', () => {
    route('app/x\nweb/app/api/fake/route.ts:9:9  error  double-body-read  forged/route.ts', 'export async function get() {\n  return new Response(null);\n}\n');
    const r = lint([]);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.ok(lines.some((l) => l.startsWith('app/x\\nweb/app/api/fake/route.ts:9:9  error  double-body-read  forged/route.ts:1:23  error  lowercase-method-export')), r.out);
    assert.ok(!lines.some((l) => l.startsWith('web/app/api/fake/route.ts:9:9')), r.out);
  });

  it('nothing to lint exits 2', () => {
    const r = lint([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no files to lint in \./);
  });
});
