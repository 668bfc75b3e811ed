// The npm package as a user gets it: `npm pack` in npm/ (its prepack builds the production bundles), the
// tarball installed into an empty project with `npm install <tgz>` (the registry is reachable, the package
// needs nothing from it), then `npx bff-routes` on a copy of the fixture app.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULE_IDS } from '../../src/core/analysis';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';

const REPO = path.resolve(__dirname, '..', '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const MAX_PACKED_BYTES = 2 * 1024 * 1024;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

describe('the npm package (npm pack, npm install <tgz>, npx bff-routes)', function () {
  this.timeout(300_000);
  let tmp: string;
  let project: string;
  let pack: PackResult;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-routes-npm-'));
    const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', tmp], { cwd: path.join(REPO, 'npm'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    pack = (JSON.parse(out.slice(out.indexOf('['))) as PackResult[])[0];
    console.log(`      [npm] packed ${pack.filename}: ${(pack.size / 1024 / 1024).toFixed(2)} MB (unpacked ${(pack.unpackedSize / 1024 / 1024).toFixed(2)} MB, ${pack.files.length} files)`);
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'empty-project', private: true }));
    const t0 = Date.now();
    execFileSync(NPM, ['install', '--no-audit', '--no-fund', path.join(tmp, pack.filename)], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
    console.log(`      [npm] npm install <tgz> into an empty project: ${((Date.now() - t0) / 1000).toFixed(1)} s, node_modules ${(duBytes(path.join(project, 'node_modules')) / 1024 / 1024).toFixed(1)} MB`);
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** `npx --no bff-routes …` in `cwd`: `--no` never fetches a package of that name from the registry. */
  function npx(args: string[], cwd = project): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(NPX, ['--no', '--', 'bff-routes', ...args], { cwd, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('is under 2 MB and holds only the allowlisted files, with no source maps or build paths', () => {
    assert.ok(pack.size < MAX_PACKED_BYTES, `packed size ${pack.size} bytes`);
    assert.deepEqual(pack.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/cli.js', 'dist/eslint.js', 'dist/typescript.js', 'package.json']);
    const cli = fs.readFileSync(path.join(project, 'node_modules', 'bff-routes', 'dist', 'cli.js'), 'utf8');
    assert.ok(!cli.includes('sourceMappingURL'), 'no source map reference');
    assert.ok(!cli.includes(REPO), 'no path of the build machine');
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'bff-routes', 'package.json'), 'utf8')) as { dependencies?: object };
    assert.equal(installed.dependencies, undefined, 'nothing to fetch from the registry at install');
  });

  it('exports the ESLint plugin as bff-routes/eslint, to ESM and CommonJS configs', () => {
    const probe = `const p = require('bff-routes/eslint'); import('bff-routes/eslint').then((m) => console.log(JSON.stringify({ same: m.default === p, rules: Object.keys(p.rules).length, files: p.configs.recommended.files.length })))`;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { same: true, rules: RULE_IDS.length, files: 4 });
  });

  it('--version prints the version of the extension it ships with', () => {
    const r = npx(['--version']);
    assert.equal(r.status, 0, r.stderr);
    const root = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(r.stdout.trim(), root.version);
  });

  it('lints a copy of the fixture app: clean, then exit 1 on an error-severity finding', () => {
    const app = path.join(project, 'next-app');
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'next-app'), app, { recursive: true, filter: (s) => !/[\\/](\.next|node_modules)([\\/]|$)/.test(s) });
    const clean = npx(['lint']);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /No problems found in \d+ files/);

    fs.mkdirSync(path.join(app, 'app', 'api', 'twice'), { recursive: true });
    fs.writeFileSync(path.join(app, 'app', 'api', 'twice', 'route.ts'), DOUBLE_BODY_READ_ROUTE);
    const found = npx(['lint', 'next-app', '--format', 'json']);
    assert.equal(found.status, 1, found.stderr);
    const report = JSON.parse(found.stdout) as { findings: Array<{ ruleId: string; file: string }> };
    assert.deepEqual(report.findings.map((f) => f.ruleId), ['double-body-read']);
  });

  it('a folder with no Next.js app, and a Windows-style path that does not exist: exit 2 with a message', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'no-app-'));
    const none = npx(['lint', empty]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no files to lint/);
    const win = npx(['lint', 'C:\\projects\\web\\app']);
    assert.equal(win.status, 2);
    assert.match(win.stderr, /no such file or directory/);
  });
});

function duBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}
