// `// bff-routes-disable <rule>`: a file-level comment silences rules in the whole file, in the core (so the
// editor and `bff-routes lint` agree), for file rules and project rules alike.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProjectFiles, analyzeSource } from '../../../src/core/analysis';
import { fileSuppressionsOf } from '../../../src/core/analysis/suppression';
import { runLint } from '../../../src/cli/lint';
import { copyFixture } from '../../support/nextDev';

const LOWER = 'export function get() { return new Response() }\n';
const LOWER_AND_REDIRECT = "export function get() {\n  return Response.redirect('/api/hello');\n}\n";
const rulesOf = (text: string): string[] => analyzeSource({ file: '/w/app/api/x/route.ts', text }).findings.map((f) => f.ruleId).sort();

describe('analysis: file-level // bff-routes-disable', () => {
  it('reads the ids of every such comment, block comments and reasons included; no id means every rule', () => {
    assert.equal(fileSuppressionsOf('export const a = 1;\n'), undefined);
    assert.equal(fileSuppressionsOf('// bff-routes-disable\n'), 'all');
    assert.equal(fileSuppressionsOf('// bff-routes-disable -- generated file\n'), 'all');
    assert.deepEqual(fileSuppressionsOf('/* bff-routes-disable relative-redirect */\n// bff-routes-disable body-in-get, unknown-rule -- why\n'), new Set(['relative-redirect', 'body-in-get']));
    assert.equal(fileSuppressionsOf('// bff-routes-disable-next-line relative-redirect\n'), undefined, 'the next-line directive is not a file directive');
    assert.deepEqual(fileSuppressionsOf('// bff-routes-disable nonsense\n'), new Set(), 'an unknown id silences nothing');
  });

  it('silences the named rules in the whole file, wherever the comment is, and leaves the others', () => {
    assert.deepEqual(rulesOf(LOWER_AND_REDIRECT), ['lowercase-method-export', 'relative-redirect']);
    assert.deepEqual(rulesOf(`// bff-routes-disable relative-redirect\n${LOWER_AND_REDIRECT}`), ['lowercase-method-export']);
    assert.deepEqual(rulesOf(`${LOWER_AND_REDIRECT}// bff-routes-disable lowercase-method-export, relative-redirect\n`), []);
    assert.deepEqual(rulesOf(`// bff-routes-disable\n${LOWER}`), []);
    assert.deepEqual(rulesOf(`// bff-routes-disable nonsense\n${LOWER}`), ['lowercase-method-export']);
  });

  it('silences a project rule in the file it is reported on', () => {
    const files = ['/w/app/conflict/route.ts', '/w/app/conflict/page.tsx'];
    const read = (disable: boolean) => (f: string): string => (f.endsWith('route.ts')
      ? `${disable ? '// bff-routes-disable route-page-conflict\n' : ''}export function GET() { return new Response() }\n`
      : 'export default function Page() { return null }\n');
    assert.deepEqual(analyzeProjectFiles(files, { appRoots: ['/w'] }, read(false)).map((f) => f.ruleId), ['route-page-conflict']);
    assert.deepEqual(analyzeProjectFiles(files, { appRoots: ['/w'] }, read(true)), []);
  });

  it('bff-routes lint honours it as the editor does', function () {
    this.timeout(60_000);
    const app = copyFixture('next-app', 'file-disable');
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
        fs.writeFileSync(path.join(app, rel), text);
      };
      write('app/api/lower/route.ts', LOWER_AND_REDIRECT);
      write('app/api/quiet/route.ts', `// bff-routes-disable lowercase-method-export, relative-redirect -- kept on purpose\n${LOWER_AND_REDIRECT}`);
      let out = '';
      runLint(['--format', 'json'], { cwd: app, version: '0.0.0', stdout: (s) => (out += s), stderr: () => undefined });
      const files = (JSON.parse(out) as { findings: Array<{ file: string; ruleId?: string; rule?: string }> }).findings.map((f) => f.file.split(/[\\/]/).slice(-2).join('/'));
      assert.ok(files.includes('lower/route.ts'), out);
      assert.ok(!files.includes('quiet/route.ts'), `the disabled file reports nothing:\n${out}`);
    } finally {
      fs.rmSync(path.dirname(app), { recursive: true, force: true });
    }
  });
});
