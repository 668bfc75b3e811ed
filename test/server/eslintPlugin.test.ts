// The ESLint plugin as a Next.js team uses it: the ESLint CLI (ESLint 9, flat config) on a copy of the fixture
// app with eslint-config-next's core-web-vitals config (it sets typescript-eslint's parser for .ts files) and
// the plugin's `recommended` config, loaded from the built bundle dist/eslint.js. It must report the same
// findings as `bff-routes lint` on the same copy, the project rules' included (a route beside a page, a
// middleware beside a proxy), in TypeScript and in JavaScript files, and nothing on a non-route file or on a
// file ESLint cannot parse.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyFixture } from '../support/nextDev';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';

const REPO = path.resolve(__dirname, '..', '..', '..');
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const CLI = path.join(REPO, 'dist', 'cli.js');

/** Files with mistakes, added to the fixture copy (a .js one too: eslint-config-next parses it differently). */
const MISTAKES: Record<string, string> = {
  'app/api/twice/route.ts': DOUBLE_BODY_READ_ROUTE,
  'app/api/lower/route.ts': `export function get() {\n  return new Response('ok')\n}\n`,
  'app/api/go/route.js': `export function GET(request) {\n  return Response.redirect('/login')\n}\n`,
  'app/api/items/[id]/route.ts': `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  try {\n    return Response.json({ id: (await params).id })\n  } catch (e) {\n    return Response.json({ error: (e as Error).message }, { status: 500 })\n  }\n}\n`,
  'lib/not-a-route.ts': DOUBLE_BODY_READ_ROUTE,
  'app/api/quiet/route.ts': DOUBLE_BODY_READ_ROUTE.replace('  const again', '  // bff-routes-disable-next-line double-body-read\n  const again'),
  'app/api/eslint-quiet/route.ts': DOUBLE_BODY_READ_ROUTE.replace('  const again', '  // eslint-disable-next-line bff-routes/double-body-read\n  const again'),
  'app/api/broken/route.ts': `export async function POST(request: Request) {\n  const body = await request.json(\n  return Response.json(body)\n}\n`,
  // the project rules: a route and a page answering one URL (through a route group), a middleware beside a proxy
  'app/(site)/clash/route.ts': `export function GET() {\n  return Response.json({ ok: true })\n}\n`,
  'app/clash/page.tsx': `export default function Page() {\n  return <p>clash</p>\n}\n`,
  'middleware.ts': `import { NextResponse } from 'next/server'\n\nexport function middleware() {\n  return NextResponse.next()\n}\n`,
  'proxy.ts': `import { NextResponse } from 'next/server'\n\nexport function proxy() {\n  return NextResponse.next()\n}\n`,
};

interface EslintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; endLine?: number; endColumn?: number; fatal?: boolean }>;
}

describe('the ESLint plugin beside eslint-config-next (ESLint CLI on the fixture app)', function () {
  this.timeout(180_000);
  let app: string;
  let eslint: EslintResult[];

  before(() => {
    if (!fs.existsSync(path.join(REPO, 'dist', 'eslint.js'))) throw new Error('dist/eslint.js is missing: run `npm run build` first');
    app = copyFixture('next-app', 'eslint');
    for (const [file, text] of Object.entries(MISTAKES)) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.writeFileSync(path.join(app, file), text);
    }
    fs.writeFileSync(path.join(app, 'eslint.config.mjs'), [
      `import nextVitals from 'eslint-config-next/core-web-vitals';`,
      `import bffRoutes from ${JSON.stringify(pathToFileURL(path.join(REPO, 'dist', 'eslint.js')).href)};`,
      `export default [...nextVitals, bffRoutes.configs.recommended];`,
      '',
    ].join('\n'));
    const r = spawnSync(process.execPath, [ESLINT, '--format', 'json', '.'], { cwd: app, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, `eslint exit ${r.status}: ${r.stderr}`);
    eslint = JSON.parse(r.stdout) as EslintResult[];
  });

  after(() => fs.rmSync(path.dirname(app), { recursive: true, force: true }));

  const bffMessages = (): Array<{ file: string; ruleId: string; line: number; column: number; endLine?: number; endColumn?: number }> =>
    eslint.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('bff-routes/')).map((m) => ({
      file: path.relative(app, r.filePath).split(path.sep).join('/'), ruleId: m.ruleId!.slice('bff-routes/'.length), line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn,
    })));

  it('reports the same findings as bff-routes lint, the project rules included', () => {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json'], { cwd: app, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; startLine: number; startColumn: number; endLine: number; endColumn: number }> };
    const key = (f: { file: string; ruleId: string; line: number; column: number; endLine?: number; endColumn?: number }): string => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId}`;
    // bff-routes lint does not read ESLint's own disable comments: that file is checked on its own below.
    const cli = report.findings.filter((f) => f.file !== 'app/api/eslint-quiet/route.ts').map((f) => key({ file: f.file, ruleId: f.ruleId, line: f.startLine, column: f.startColumn, endLine: f.endLine, endColumn: f.endColumn })).sort();
    const viaEslint = bffMessages().map(key).sort();
    assert.deepEqual(viaEslint, cli);
    assert.ok(cli.length >= 4, `the added mistakes are found: ${cli.join(', ')}`);
    assert.ok(viaEslint.some((k) => k.startsWith('app/api/go/route.js:')), 'a JavaScript route file too');
    for (const rule of ['route-page-conflict', 'middleware-and-proxy']) assert.ok(viaEslint.some((k) => k.endsWith(` ${rule}`)), `${rule} reported`);
  });

  it('both suppression comments silence a finding: bff-routes-disable-next-line and eslint-disable-next-line', () => {
    const files = new Set(bffMessages().map((m) => m.file));
    assert.ok(files.has('app/api/twice/route.ts'), 'the same file without a comment is reported');
    assert.ok(!files.has('app/api/quiet/route.ts'));
    assert.ok(!files.has('app/api/eslint-quiet/route.ts'));
  });

  it('eslint-config-next ran beside it (its parser on the TypeScript files)', () => {
    const linted = new Set(eslint.map((r) => path.relative(app, r.filePath).split(path.sep).join('/')));
    for (const f of ['app/api/twice/route.ts', 'app/api/go/route.js', 'app/api/hello/route.ts']) assert.ok(linted.has(f), `${f} linted`);
  });

  it('a non-route file gets nothing; a file with a syntax error gets only ESLint\'s parse error', () => {
    const of = (file: string): EslintResult['messages'] => eslint.find((r) => r.filePath === path.join(app, file))?.messages ?? [];
    assert.deepEqual(of('lib/not-a-route.ts').filter((m) => m.ruleId?.startsWith('bff-routes/')), []);
    const broken = of('app/api/broken/route.ts');
    assert.ok(broken.some((m) => m.fatal), 'ESLint reports the parse error');
    assert.deepEqual(broken.filter((m) => m.ruleId?.startsWith('bff-routes/')), []);
  });
});
