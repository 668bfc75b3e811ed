import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis';
import { directiveEdit, fileDirectiveEdit, insideTemplate } from '../../../src/vscode/diagnostics/directive';

describe('"Disable <rule> for this line" edit', () => {
  it('inserts a directive with the line indentation', () => {
    assert.deepEqual(directiveEdit('    const b = await request.text();', '  const a = 1;', 'double-body-read'), {
      kind: 'insert',
      text: '    // bff-routes-disable-next-line double-body-read',
    });
    assert.deepEqual(directiveEdit('x()', undefined, 'body-in-get'), { kind: 'insert', text: '// bff-routes-disable-next-line body-in-get' });
  });

  it('extends a directive already above the line, keeping its reason', () => {
    assert.deepEqual(directiveEdit('  x', '  // bff-routes-disable-next-line body-in-get -- legacy client', 'double-body-read'), {
      kind: 'replace-previous',
      text: '  // bff-routes-disable-next-line body-in-get, double-body-read -- legacy client',
    });
    assert.equal(directiveEdit('  x', '  // bff-routes-disable-next-line double-body-read', 'double-body-read'), undefined);
    assert.equal(directiveEdit('  x', '  // bff-routes-disable-next-line', 'double-body-read'), undefined, 'a bare directive silences every rule');
  });

  it('produces a directive the engine honours', () => {
    const file = '/p/app/api/x/route.ts';
    const lines = ['export async function POST(request: Request) {', '  const a = await request.json();', '  const b = await request.text();', '  return Response.json({ a, b });', '}', ''];
    const before = analyzeSource({ file, text: lines.join('\n') }).findings.filter((f) => f.ruleId === 'double-body-read');
    assert.equal(before.length, 1);
    const edit = directiveEdit(lines[2], lines[1], 'double-body-read');
    assert.equal(edit?.kind, 'insert');
    const patched = [...lines.slice(0, 2), edit!.text, ...lines.slice(2)].join('\n');
    assert.deepEqual(analyzeSource({ file, text: patched }).findings.filter((f) => f.ruleId === 'double-body-read'), []);
  });

  it('knows when a line starts inside a template literal or string', () => {
    const text = 'const a = `line one\nline two ${x}\n`;\nconst b = "x`y";\n// a ` in a comment\nconst c = 1;\n';
    const lineStart = (n: number): number => text.split('\n').slice(0, n).join('\n').length + (n > 0 ? 1 : 0);
    assert.equal(insideTemplate(text, lineStart(1)), true, 'second line of a template');
    assert.equal(insideTemplate(text, lineStart(2)), true, 'closing line of the template');
    assert.equal(insideTemplate(text, lineStart(3)), false, 'after the template');
    assert.equal(insideTemplate(text, lineStart(5)), false, 'backticks in strings and comments do not count');
    assert.equal(insideTemplate('/* open\n', 8), true, 'inside an unterminated block comment');
  });
});

describe('"Disable <rule> for this file" edit', () => {
  it('inserts a file directive at the top (below a #! line), which the engine then honours', () => {
    const lines = ['export function get() {', "  return Response.redirect('/x');", '}', ''];
    const e = fileDirectiveEdit(lines, 'relative-redirect');
    assert.deepEqual(e, { kind: 'insert', line: 0, text: '// bff-routes-disable relative-redirect' });
    const text = [e!.text, ...lines].join('\n');
    assert.deepEqual(analyzeSource({ file: '/w/app/api/x/route.ts', text }).findings.map((f) => f.ruleId), ['lowercase-method-export']);
    assert.equal(fileDirectiveEdit(['#!/usr/bin/env node', 'x'], 'body-in-get')?.line, 1);
  });

  it('extends an existing file directive, keeping its reason; nothing when the rule is already silenced', () => {
    assert.deepEqual(fileDirectiveEdit(['// a', '// bff-routes-disable body-in-get -- legacy', 'x'], 'relative-redirect'), {
      kind: 'replace', line: 1, text: '// bff-routes-disable body-in-get, relative-redirect -- legacy',
    });
    assert.equal(fileDirectiveEdit(['// bff-routes-disable relative-redirect'], 'relative-redirect'), undefined);
    assert.equal(fileDirectiveEdit(['// bff-routes-disable'], 'relative-redirect'), undefined, 'a bare directive silences every rule');
    assert.equal(fileDirectiveEdit(['// bff-routes-disable-next-line relative-redirect', 'x'], 'relative-redirect')?.kind, 'insert', 'a next-line directive is not extended');
  });
});
