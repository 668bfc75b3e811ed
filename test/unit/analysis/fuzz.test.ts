import * as assert from 'node:assert/strict';
import { analyzeProjectFiles, analyzeSource, isAnalyzableFile, RULE_IDS } from '../../../src/core/analysis/index';
import { exportedHandlers } from '../../../src/core/parsing/exports';
import { fuzzInput } from './fuzzCorpus';

const FILES = ['/p/app/api/x/route.ts', '/p/app/api/x/route.js', '/p/proxy.ts', '/p/pages/api/x.ts', '/p/lib/other.tsx'];

describe('fuzzing the analyzer (300 mutated and random inputs)', () => {
  it('never throws and never reports an internal rule error', () => {
    const internal: string[] = [];
    for (let i = 0; i < 300; i++) {
      const text = fuzzInput(i);
      const file = FILES[i % FILES.length];
      const { findings } = analyzeSource({ file, text }, { onInternalError: (id, e) => internal.push(`#${i} ${id}: ${String(e)}`) });
      for (const f of findings) {
        assert.ok(RULE_IDS.includes(f.ruleId));
        assert.ok(f.span.start >= 0 && f.span.end >= f.span.start && f.span.end <= text.length, `#${i} span out of range`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end >= e.start && e.end <= text.length, `#${i} edit out of range`);
      }
      exportedHandlers(file, text);
    }
    assert.deepEqual(internal, []);
  });

  it('incremental re-analysis after each edit gives the same findings as a fresh analysis', () => {
    let cache = analyzeSource({ file: FILES[0], text: fuzzInput(0) }).cache;
    for (let i = 1; i < 120; i++) {
      const text = fuzzInput(i - (i % 5 === 4 ? 1 : 0));
      const inc = analyzeSource({ file: FILES[0], text, previous: cache });
      const fresh = analyzeSource({ file: FILES[0], text });
      assert.deepEqual(inc.findings, fresh.findings, `input #${i}`);
      cache = inc.cache;
    }
  });

  it('project rules and file classification accept any path', () => {
    const paths = Array.from({ length: 200 }, (_, i) => fuzzInput(i).slice(0, 60).replace(/\n/g, '/'));
    assert.doesNotThrow(() => analyzeProjectFiles(paths));
    for (const p of paths) assert.equal(typeof isAnalyzableFile(p), 'boolean');
  });
});
