// `bff-routes lint` as a process (the built dist/cli.js) on a copy of test/fixtures/monorepo: imports followed
// through tsconfig `paths` (`@/*`), a re-export chain (apps/web/lib/api-error.ts → @acme/lib → src/index.ts) and a
// workspace package's `exports` (dist/index.js standing for src/index.ts). The shared helper's leak is reported once,
// in the helper, with both routes' catch sites as related locations, in text, JSON and SARIF; the look-alike
// helper (logs, answers a constant) stays clean.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { copyFixture } from '../../support/nextDev';
import { validateSarif } from '../report/sarifSchema';

const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const HELPER = 'packages/lib/src/errors/handle.ts';
const USERS = 'apps/web/app/api/users/route.ts';
const ORDERS = 'apps/web/app/api/orders/route.ts';
const STATUS = 'apps/web/app/api/status/route.ts';
const SEARCH = 'apps/web/app/api/search/route.ts';

interface JsonReport {
  summary: { files: number; problems: number; skipped: number };
  findings: Array<{ ruleId: string; file: string; startLine: number; message: string; related: Array<{ file: string; startLine: number; message: string }> }>;
}

/** 1-based line of the first line of `file` (under the copy) holding `needle`. */
function lineOf(root: string, rel: string, needle: string): number {
  const lines = fs.readFileSync(path.join(root, rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${rel}`);
  return i + 1;
}

describe('bff-routes lint on a monorepo (the built CLI as a process)', function () {
  this.timeout(120_000);
  let root: string;

  function cli(args: string[]): { code: number | null; out: string; err: string } {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build before the unit tests`);
    const p = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
    return { code: p.status, out: p.stdout, err: p.stderr };
  }

  before(() => {
    root = copyFixture('monorepo', 'cli-monorepo');
  });

  after(() => {
    if (root) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('JSON: one finding in the helper, both routes’ catch sites related; a route building the response gets its own', () => {
    const r = cli(['--format', 'json']);
    assert.equal(r.code, 0, `warnings only: exit 0\n${r.err}`);
    const report = JSON.parse(r.out) as JsonReport;
    assert.equal(report.summary.files, 5, 'the 5 route files of apps/web are linted (helpers are followed, not linted on their own)');
    const inHelper = report.findings.filter((f) => f.file === HELPER);
    assert.equal(inHelper.length, 1, `one finding in the helper however many routes reach it: ${r.out}`);
    const leak = inHelper[0];
    assert.equal(leak.ruleId, 'leaked-error-message');
    assert.equal(leak.startLine, lineOf(root, HELPER, 'Response.json'));
    assert.deepEqual(leak.related.map((x) => [x.file, x.startLine]).sort(), [
      [ORDERS, lineOf(root, ORDERS, 'handleApiError(error)')],
      [USERS, lineOf(root, USERS, 'handleApiError(error)')],
    ]);
    assert.match(leak.message, /Reached from 2 call sites/);
    const own = report.findings.filter((f) => f.file === STATUS);
    assert.deepEqual(own.map((f) => [f.ruleId, f.startLine]), [['leaked-error-message', lineOf(root, STATUS, 'Response.json({ error')]]);
    assert.ok(!report.findings.some((f) => f.file.endsWith('quiet.ts') || f.file.endsWith('health/route.ts')), 'the look-alike helper is clean');
    // A GET handler reading the body through a workspace package's subpath export (`@acme/lib/http/*`).
    const search = report.findings.filter((f) => f.file === SEARCH);
    assert.deepEqual(search.map((f) => [f.ruleId, f.startLine]), [['body-in-get', lineOf(root, SEARCH, 'readJson(request)')]]);
  });

  it('SARIF: the helper’s result carries relatedLocations, each with its own artifactLocation', () => {
    const r = cli(['--format', 'sarif']);
    assert.equal(r.code, 0, r.err);
    const log = JSON.parse(r.out) as Sarif.Log;
    validateSarif(log);
    const results = log.runs[0].results ?? [];
    const helper = results.filter((x) => x.locations?.[0].physicalLocation?.artifactLocation?.uri === HELPER);
    assert.equal(helper.length, 1);
    const related = (helper[0].relatedLocations ?? []).map((l) => [l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine, l.physicalLocation?.artifactLocation?.uriBaseId]);
    assert.deepEqual(related.sort(), [
      [ORDERS, lineOf(root, ORDERS, 'handleApiError(error)'), '%SRCROOT%'],
      [USERS, lineOf(root, USERS, 'handleApiError(error)'), '%SRCROOT%'],
    ]);
  });

  it('text: the helper’s line, then each related location in the routes indented under it', () => {
    const r = cli([]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${HELPER}:${lineOf(root, HELPER, 'Response.json')}:`));
    assert.ok(at >= 0, r.out);
    assert.match(lines[at], /warning +leaked-error-message/);
    const under = lines.slice(at + 1, at + 3).sort();
    assert.match(under[0], new RegExp(`^ {4}${ORDERS.replace(/[[\]().]/g, '\\$&')}:${lineOf(root, ORDERS, 'handleApiError(error)')}:\\d+  Reaches the helper`));
    assert.match(under[1], new RegExp(`^ {4}${USERS.replace(/[[\]().]/g, '\\$&')}:${lineOf(root, USERS, 'handleApiError(error)')}:\\d+  Reaches the helper`));
  });

  it('linting only the app folder still follows the workspace package, and a paths entry leading outside resolves to nothing', () => {
    const tsconfig = path.join(root, 'apps/web/tsconfig.json');
    const original = fs.readFileSync(tsconfig, 'utf8');
    // A leaking helper outside the repository holding the app: followed, it would be reported there.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-outside-'));
    fs.writeFileSync(path.join(outside, 'leak.ts'), 'export function h(e: unknown) {\n  return Response.json({ error: (e as Error).message }, { status: 500 });\n}\n');
    try {
      fs.writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'], '@out/*': [`${outside}/*`] } } }));
      fs.mkdirSync(path.join(root, 'apps/web/app/api/outside'), { recursive: true });
      fs.writeFileSync(path.join(root, 'apps/web/app/api/outside/route.ts'), "import { h } from '@out/leak';\nexport async function GET() {\n  try {\n    return new Response('x');\n  } catch (e) {\n    return h(e);\n  }\n}\n");
      const r = cli([path.join(root, 'apps/web'), '--format', 'json']);
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out) as JsonReport;
      assert.equal(report.summary.skipped, 0);
      assert.equal(report.summary.files, 6);
      assert.equal(report.findings.filter((f) => f.file === HELPER).length, 1, 'the workspace package is followed from the app folder');
      assert.ok(!report.findings.some((f) => f.file.includes('leak.ts') || f.file.includes('outside')), r.out);
    } finally {
      fs.writeFileSync(tsconfig, original);
      fs.rmSync(path.join(root, 'apps/web/app/api/outside'), { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
