import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/index';
import { exportedHandlers } from '../../../src/core/parsing/exports';
import { lineStarts, offsetAt, positionAt } from '../../../src/core/parsing/text';
import { fileKind, isAnalyzableFile } from '../../../src/core/analysis/files';

describe('parsing: offsets and positions', () => {
  it('round-trips offsets with \\n, \\r\\n and \\r line breaks', () => {
    const text = 'ab\ncd\r\nef\rgh';
    assert.deepEqual(lineStarts(text), [0, 3, 7, 10]);
    for (let o = 0; o <= text.length; o++) {
      const p = positionAt(text, o);
      if (!/[\r\n]/.test(text[o - 1] ?? '') || text[o - 1] === '\n' || text[o - 1] === '\r') assert.ok(offsetAt(text, p) <= o);
    }
    assert.deepEqual(positionAt(text, 8), { line: 2, character: 1 });
    assert.equal(offsetAt(text, { line: 2, character: 1 }), 8);
    assert.equal(offsetAt(text, { line: 1, character: 99 }), 5, 'clamped to the end of the line, before \\r\\n');
    assert.equal(offsetAt(text, { line: 99, character: 0 }), text.length);
  });
});

describe('parsing: exportedHandlers', () => {
  it('lists declarations, consts, export lists and destructured exports with their methods', () => {
    const text = "export async function GET() {}\nexport const POST = async () => new Response()\nconst h = () => 1\nexport { h as PUT, h as get }\nexport const { DELETE, PATCH } = handlers\nexport const runtime = 'edge'\n";
    const got = exportedHandlers('/a/route.ts', text).map((e) => [e.name, e.method, text.slice(e.span.start, e.span.end)]);
    assert.deepEqual(got, [['GET', 'GET', 'GET'], ['POST', 'POST', 'POST'], ['PUT', 'PUT', 'PUT'], ['get', undefined, 'get'], ['DELETE', 'DELETE', 'DELETE'], ['PATCH', 'PATCH', 'PATCH'], ['runtime', undefined, 'runtime']]);
  });
  it('never throws on garbage', () => {
    assert.deepEqual(exportedHandlers('/a/route.ts', 'export {{{ ((( function'), []);
  });
});

describe('analysis: file kinds, suppression, severities', () => {
  it('classifies route, proxy, middleware and pages/api files', () => {
    assert.equal(fileKind('/w/app/api/x/route.ts'), 'route');
    assert.equal(fileKind('C:\\w\\src\\app\\x\\route.js'), 'route');
    assert.equal(fileKind('/w/proxy.ts', ['/w']), 'proxy');
    assert.equal(fileKind('/w/src/middleware.ts', ['/w']), 'middleware');
    assert.equal(fileKind('/w/lib/proxy.ts', ['/w']), 'other');
    assert.equal(fileKind('/w/pages/api/users/[id].ts'), 'pages-api');
    assert.equal(fileKind('/w/app/api/x/page.tsx'), 'other');
    assert.equal(isAnalyzableFile('/w/app/x/route.d.ts'), false);
    assert.equal(isAnalyzableFile('/other/app/x/route.ts', ['/w']), false);
  });
  it('honours bff-routes-disable-next-line with and without rule ids', () => {
    const base = 'export function get() { return new Response() }\n';
    assert.equal(analyzeSource({ file: '/w/app/route.ts', text: base }).findings.length, 1);
    for (const c of ['// bff-routes-disable-next-line\n', '// bff-routes-disable-next-line lowercase-method-export\n', '/* bff-routes-disable-next-line body-in-get, lowercase-method-export */\n']) {
      assert.equal(analyzeSource({ file: '/w/app/route.ts', text: c + base }).findings.length, 0, c);
    }
    assert.equal(analyzeSource({ file: '/w/app/route.ts', text: '// bff-routes-disable-next-line body-in-get\n' + base }).findings.length, 1);
  });
  it('applies configured severities and off', () => {
    const text = 'export function get() { return new Response() }\n';
    assert.equal(analyzeSource({ file: '/w/app/route.ts', text }).findings[0].severity, 'error');
    assert.equal(analyzeSource({ file: '/w/app/route.ts', text }, { rules: { 'lowercase-method-export': 'info' } }).findings[0].severity, 'info');
    assert.equal(analyzeSource({ file: '/w/app/route.ts', text }, { rules: { 'lowercase-method-export': 'off' } }).findings.length, 0);
  });
  it('analyses a file with 2,000 body reads: one finding per repeated read, no internal error', () => {
    const errors: string[] = [];
    const text = 'export async function POST(request: Request) {\n' + '  await request.json()\n'.repeat(2000) + '  return new Response()\n}\n';
    const { findings } = analyzeSource({ file: '/w/app/route.ts', text }, { onInternalError: (id) => errors.push(id) });
    assert.equal(findings.filter((f) => f.ruleId === 'double-body-read').length, 1999);
    assert.deepEqual(errors, []);
  });
});
