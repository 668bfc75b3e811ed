import * as assert from 'node:assert/strict';
import { mergeFindings, type Finding } from '../../../src/core/analysis';
import { CrossFileIndex } from '../../../src/core/project/crossFile';

const HELPER = '/w/lib/errors.ts';

function leak(routeFile: string, at: number): Finding {
  return {
    ruleId: 'leaked-error-message',
    message: 'Response.json() in handleApiError() sends the message of a caught error.',
    file: HELPER,
    span: { start: 40, end: 60 },
    severity: 'warning',
    related: [{ file: routeFile, span: { start: at, end: at + 5 }, message: 'Reaches the helper from here' }],
    fixes: [],
  };
}

function own(file: string): Finding {
  return { ruleId: 'double-body-read', message: 'read twice', file, span: { start: 1, end: 2 }, severity: 'error', related: [], fixes: [] };
}

describe('core/project/crossFile: the reverse-dependency index and placed findings', () => {
  it('finds every analysed file that depended on a module, directly or through others', () => {
    const index = new CrossFileIndex(mergeFindings);
    index.update('/w/app/a/route.ts', { findings: [], dependencies: ['/w/lib/api.ts', HELPER] });
    index.update('/w/app/b/route.ts', { findings: [], dependencies: [HELPER] });
    index.update('/w/app/c/route.ts', { findings: [], dependencies: ['/w/lib/other.ts'] });
    assert.deepEqual(index.dependentsOf(HELPER), ['/w/app/a/route.ts', '/w/app/b/route.ts']);
    assert.deepEqual(index.dependentsOf('/w/lib/api.ts'), ['/w/app/a/route.ts']);
    assert.ok(index.isDependency('/w/lib/other.ts'));
    // A new analysis replaces the old dependencies.
    index.update('/w/app/a/route.ts', { findings: [], dependencies: [] });
    assert.deepEqual(index.dependentsOf(HELPER), ['/w/app/b/route.ts']);
    assert.ok(!index.isDependency('/w/lib/api.ts'));
    index.remove('/w/app/b/route.ts');
    assert.deepEqual(index.dependentsOf(HELPER), []);
  });

  it('shows one merged finding in the helper for every route reaching it, and says which files to re-publish', () => {
    const index = new CrossFileIndex(mergeFindings);
    const touchedA = index.update('/w/app/a/route.ts', { findings: [own('/w/app/a/route.ts'), leak('/w/app/a/route.ts', 100)], dependencies: [HELPER] });
    assert.deepEqual(touchedA, [HELPER], 'the route file itself is the caller’s');
    const touchedB = index.update('/w/app/b/route.ts', { findings: [leak('/w/app/b/route.ts', 200)], dependencies: [HELPER] });
    assert.deepEqual(touchedB, [HELPER]);
    const merged = index.findingsIn(HELPER);
    assert.equal(merged.length, 1);
    assert.deepEqual(merged[0].related.map((r) => r.file), ['/w/app/a/route.ts', '/w/app/b/route.ts']);
    assert.deepEqual(index.findingsIn('/w/app/a/route.ts'), [], 'own findings are not placed findings');
    // The helper fixed: route a's next analysis places nothing there; b's finding remains, with b's site only.
    assert.deepEqual(index.update('/w/app/a/route.ts', { findings: [], dependencies: [HELPER] }), [HELPER]);
    assert.deepEqual(index.findingsIn(HELPER).map((f) => f.related.map((r) => r.file)), [['/w/app/b/route.ts']]);
    assert.deepEqual(index.remove('/w/app/b/route.ts'), [HELPER]);
    assert.deepEqual(index.findingsIn(HELPER), []);
    assert.deepEqual(index.filesWithPlacedFindings(), []);
  });
});
