// `bff-routes lint` on a copy of the fixture app with bad route files added: every format, exit codes,
// the shared settings (.vscode/settings.json, JSONC) and --rule overrides, path selection, usage errors.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLint } from '../../../src/cli/lint';
import { copyFixture } from '../../support/nextDev';
import { validateSarif } from '../report/sarifSchema';
import { DOUBLE_BODY_READ_ROUTE } from '../../support/routeSamples';

const BAD_FILES: Record<string, string> = {
  'app/api/double/route.ts': DOUBLE_BODY_READ_ROUTE,
  'app/api/lower/route.ts': [
    'export async function get() {',
    "  return Response.redirect('/api/hello');",
    '}',
    '',
  ].join('\n'),
  // The guide's own error handling: the caught error's message is sent to the client.
  'app/api/leak/route.ts': [
    'export async function POST(request: Request) {',
    '  try {',
    '    await request.json();',
    '    return new Response(null, { status: 204 });',
    '  } catch (reason) {',
    '    const message =',
    "      reason instanceof Error ? reason.message : 'Unexpected error';",
    '',
    '    return new Response(message, { status: 500 });',
    '  }',
    '}',
    '',
  ].join('\n'),
  'app/conflict/route.ts': "export function GET() {\n  return new Response('x');\n}\n",
  'app/conflict/page.tsx': 'export default function Page() {\n  return null;\n}\n',
  // Not a route file: linted only through bffRoutes.lint.include.
  'lib/handlers/extra.ts': [
    'export async function handle(request: Request) {',
    '  const a = await request.text();',
    '  const b = await request.json();',
    '  return Response.json({ a, b });',
    '}',
    '',
  ].join('\n'),
  '.vscode/settings.json': [
    '{',
    '  // shared with the editor',
    '  "bffRoutes.rules": { "relative-redirect": "warning", },',
    '  "bffRoutes.lint.include": ["lib/handlers/**/*.ts"],',
    '}',
    '',
  ].join('\n'),
};
const CLEAN_ROUTES = ['app/api/hello/route.ts', 'app/api/echo/route.ts', 'app/api/users/[id]/route.ts', 'app/(marketing)/api/ping/route.ts'];

/** 1-based line and column of `needle` (its `nth` occurrence) in a bad file. */
function pos(rel: string, needle: string): { line: number; column: number } {
  const text = BAD_FILES[rel];
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in ${rel}`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

interface Run {
  code: number;
  out: string;
  err: string;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  startLine: number;
  startColumn: number;
  related: Array<{ file: string; startLine: number }>;
  fixes: unknown[];
}

describe('bff-routes lint (CLI)', function () {
  this.timeout(60_000);
  let app: string;
  /** Route files of the fixture (others add routes to it) + the 4 bad route files + 1 included file. */
  let expectedFiles: number;

  function lint(args: string[], cwd = app): Run {
    let out = '';
    let err = '';
    const code = runLint(args, { cwd, version: '9.9.9', stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  }

  function json(args: string[] = []): { run: Run; findings: JsonFinding[]; summary: Record<string, number> } {
    const run = lint([...args, '--format', 'json']);
    const parsed = JSON.parse(run.out) as { findings: JsonFinding[]; summary: Record<string, number> };
    return { run, findings: parsed.findings, summary: parsed.summary };
  }

  before(() => {
    app = copyFixture('next-app', 'cli-lint');
    const fixtureRoutes = (fs.readdirSync(path.join(app, 'app'), { recursive: true }) as string[]).filter((f) => /(^|[\\/])route\.ts$/.test(f));
    expectedFiles = fixtureRoutes.length + 5;
    for (const [rel, text] of Object.entries(BAD_FILES)) {
      fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
      fs.writeFileSync(path.join(app, rel), text);
    }
    // Build output and dependencies are never linted.
    fs.mkdirSync(path.join(app, '.next/server/app/api/x'), { recursive: true });
    fs.writeFileSync(path.join(app, '.next/server/app/api/x/route.js'), BAD_FILES['app/api/double/route.ts']);
    fs.mkdirSync(path.join(app, 'node_modules/pkg/app/api/y'), { recursive: true });
    fs.writeFileSync(path.join(app, 'node_modules/pkg/app/api/y/route.ts'), BAD_FILES['app/api/double/route.ts']);
  });

  after(() => {
    if (app) fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  it('text: one line per finding at the exact position, a summary, exit 1 on errors', () => {
    const r = lint([]);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.err, '');
    const lines = r.out.trimEnd().split('\n');
    const findingLines = lines.filter((l) => /^\S+:\d+:\d+ {2}/.test(l));
    for (const l of findingLines) assert.match(l, /^\S+:\d+:\d+ {2}(error|warning|info) +[a-z-]+ {2}\S.*$/, l);
    const has = (rel: string, p: { line: number; column: number }, severity: string, rule: string): void => {
      const re = new RegExp(`^${rel.replace(/[[\]().]/g, '\\$&')}:${p.line}:${p.column}  ${severity} +${rule}  `);
      assert.ok(findingLines.some((l) => re.test(l)), `expected ${rel}:${p.line}:${p.column} ${severity} ${rule} in\n${r.out}`);
    };
    has('app/api/double/route.ts', pos('app/api/double/route.ts', 'request.text()'), 'error', 'double-body-read');
    has('app/api/lower/route.ts', pos('app/api/lower/route.ts', 'get'), 'error', 'lowercase-method-export');
    // severity from .vscode/settings.json
    has('app/api/lower/route.ts', pos('app/api/lower/route.ts', "'/api/hello'"), 'warning', 'relative-redirect');
    has('app/conflict/route.ts', { line: 1, column: 1 }, 'error', 'route-page-conflict');
    // bffRoutes.lint.include brings in a file that is not a route
    has('lib/handlers/extra.ts', pos('lib/handlers/extra.ts', 'request.json()'), 'error', 'double-body-read');
    assert.ok(lines.includes('    app/conflict/page.tsx:1:1  The page that answers /conflict'), 'related location under its finding');
    assert.match(lines[lines.length - 2], new RegExp(`^\\d+ problems \\(\\d+ errors, \\d+ warnings?, \\d+ info\\) in ${expectedFiles} files\\.$`));
    for (const clean of CLEAN_ROUTES) assert.ok(!r.out.includes(`${clean}:`), `${clean} has no findings`);
    assert.ok(!r.out.includes('.next') && !r.out.includes('node_modules'));
  });

  it("text: flags the guide's own error handling as a leak", () => {
    const { findings } = json();
    const leak = findings.filter((f) => f.ruleId === 'leaked-error-message' && f.file === 'app/api/leak/route.ts');
    assert.equal(leak.length, 1, JSON.stringify(findings.map((f) => `${f.file}:${f.startLine} ${f.ruleId}`)));
    assert.equal(leak[0].startLine, pos('app/api/leak/route.ts', 'new Response(message').line);
  });

  it('json: the same findings as text, with a consistent summary', () => {
    const { run, findings, summary } = json();
    assert.equal(run.code, 1);
    const text = lint([]).out.split('\n').filter((l) => /^\S+:\d+:\d+ {2}/.test(l));
    assert.deepEqual(findings.map((f) => `${f.file}:${f.startLine}:${f.startColumn} ${f.ruleId}`), text.map((l) => {
      const m = /^(\S+) {2}(\S+) +(\S+) {2}/.exec(l)!;
      return `${m[1]} ${m[3]}`;
    }));
    assert.equal(summary.files, expectedFiles);
    assert.equal(summary.problems, findings.length);
    assert.equal(summary.errors, findings.filter((f) => f.severity === 'error').length);
    const dbr = findings.find((f) => f.ruleId === 'double-body-read' && f.file === 'app/api/double/route.ts')!;
    assert.deepEqual(dbr.related.map((r) => [r.file, r.startLine]), [['app/api/double/route.ts', pos('app/api/double/route.ts', 'request.json()').line]]);
  });

  it('sarif: valid SARIF 2.1.0 with the same results', () => {
    const r = lint(['--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    assert.deepEqual(validateSarif(log), []);
    const { findings } = json();
    assert.equal(log.runs[0].results.length, findings.length);
    const uris = log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('app/api/double/route.ts'));
    assert.ok(uris.every((u) => !u.startsWith('/') && !u.includes(app)), 'relative URIs');
  });

  it('--rule overrides the settings; exit 0 when nothing is an error', () => {
    const r = json(['--rule', 'double-body-read=warn', '-r', 'lowercase-method-export=info', '--rule', 'route-page-conflict=off', '--rule', 'leaked-error-message=warning', '--rule', 'missing-response=off']);
    assert.equal(r.run.code, 0, JSON.stringify(r.findings.filter((f) => f.severity === 'error')));
    assert.ok(r.findings.some((f) => f.ruleId === 'double-body-read' && f.severity === 'warning'));
    assert.ok(r.findings.some((f) => f.ruleId === 'lowercase-method-export' && f.severity === 'info'));
    assert.ok(!r.findings.some((f) => f.ruleId === 'route-page-conflict'));
    const sarif = JSON.parse(lint(['--format', 'sarif', '--rule', 'route-page-conflict=off']).out) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { enabled: boolean } }> } } }> };
    assert.equal(sarif.runs[0].tool.driver.rules.find((x) => x.id === 'route-page-conflict')!.defaultConfiguration.enabled, false);
  });

  it('--max-warnings fails the run when the warnings exceed it, as ESLint\'s does', () => {
    // Every rule a warning, so only the warning count decides the exit code.
    const asWarnings = ['double-body-read', 'lowercase-method-export', 'relative-redirect', 'sync-params-access', 'invalid-segment-config', 'route-page-conflict', 'middleware-and-proxy', 'missing-response'].flatMap((id) => ['-r', `${id}=warning`]);
    const all = json(asWarnings);
    assert.equal(all.run.code, 0, JSON.stringify(all.findings.filter((f) => f.severity === 'error')));
    const warnings = all.findings.filter((f) => f.severity === 'warning').length;
    assert.ok(warnings >= 2, `warnings: ${warnings}`);
    assert.equal(lint([...asWarnings, '--max-warnings', String(warnings)]).code, 0);
    const over = lint([...asWarnings, '--max-warnings', String(warnings - 1)]);
    assert.equal(over.code, 1);
    assert.match(over.err, new RegExp(`${warnings} warnings, more than --max-warnings ${warnings - 1}`));
    assert.equal(lint([...asWarnings, '--max-warnings', '0']).code, 1);
  });

  it('--no-settings ignores .vscode/settings.json (default severities, no include globs)', () => {
    const { findings } = json(['--no-settings']);
    assert.ok(findings.some((f) => f.ruleId === 'relative-redirect' && f.severity === 'error'));
    assert.ok(!findings.some((f) => f.file.startsWith('lib/')));
  });

  it('lints only the given paths: a folder, a file, from another working directory', () => {
    const sub = json(['app/api/double']);
    assert.deepEqual([...new Set(sub.findings.map((f) => f.file))], ['app/api/double/route.ts']);
    assert.equal(sub.summary.files, 1);
    const one = lint(['app/api/lower/route.ts', '--format', 'json']);
    assert.deepEqual([...new Set((JSON.parse(one.out) as { findings: JsonFinding[] }).findings.map((f) => f.file))], ['app/api/lower/route.ts']);
    const outside = lint([app, '--format', 'json'], path.dirname(app));
    const files = (JSON.parse(outside.out) as { findings: JsonFinding[] }).findings.map((f) => f.file);
    assert.ok(files.includes('next-app/app/api/double/route.ts'), files.join(', '));
  });

  it('-o writes the report to a file and keeps stdout empty', () => {
    const out = path.join(app, 'reports', 'lint.sarif');
    const r = lint(['-f', 'sarif', '-o', 'reports/lint.sarif']);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /wrote reports\/lint\.sarif/);
    assert.deepEqual(validateSarif(JSON.parse(fs.readFileSync(out, 'utf8'))), []);
  });

  it('usage errors exit 2 with a message and the usage', () => {
    for (const [args, message] of [
      [['--format', 'xml'], /--format must be one of text, json, sarif, got 'xml'/],
      [['--rule', 'nope=error'], /unknown rule id 'nope'/],
      [['--rule', 'body-in-get=loud'], /'loud' is not one of off, info, warning, error/],
      [['--bogus'], /Unknown option '--bogus'/],
      [['does/not/exist'], /no such file or directory: does\/not\/exist/],
      [['--max-warnings=-1'], /--max-warnings must be a whole number of 0 or more, got '-1'/],
      [['--max-warnings', 'many'], /--max-warnings must be a whole number of 0 or more, got 'many'/],
    ] as Array<[string[], RegExp]>) {
      const r = lint(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.match(r.err, /Usage: bff-routes lint/);
    }
    const help = lint(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--format <text\|json\|sarif>/);
  });

  it('exits 2 when a path holds nothing to lint, and says why', () => {
    const r = lint(['app/_private']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no files to lint in app\/_private: no route\.ts under an app\/ folder/);
  });

  it('reports a broken settings.json and lints with the defaults', () => {
    const settings = path.join(app, '.vscode', 'settings.json');
    const original = fs.readFileSync(settings, 'utf8');
    try {
      fs.writeFileSync(settings, '{ "bffRoutes.rules": { "relative-redirect": "off" ');
      const r = json();
      assert.match(r.run.err, /warning: \.vscode\/settings\.json:1:\d+: \w+; ignoring the file's bffRoutes settings/);
      assert.ok(r.findings.some((f) => f.ruleId === 'relative-redirect' && f.severity === 'error'));
    } finally {
      fs.writeFileSync(settings, original);
    }
  });

  it('as a process: exit code 1 and JSON on stdout (the compiled CLI entry point)', () => {
    const cli = path.resolve(__dirname, '../../../src/cli.js');
    const p = spawnSync(process.execPath, [cli, 'lint', '--format', 'json'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    assert.equal(p.status, 1, p.stderr);
    assert.ok((JSON.parse(p.stdout) as { findings: unknown[] }).findings.length > 0);
    const usage = spawnSync(process.execPath, [cli, 'lint', '--format'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    assert.equal(usage.status, 2);
  });

  it('as a process: a reader that closes the pipe early (`| head`) ends the run quietly, with its exit code', async () => {
    const cli = path.resolve(__dirname, '../../../src/cli.js');
    const child = spawn(process.execPath, [cli, 'lint', '--format', 'json'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
    assert.equal(status, 1, stderr);
  });
});
