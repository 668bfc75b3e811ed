import * as assert from 'node:assert/strict';
import { analyzeSource, TOO_DEEP_TO_PARSE as PARSER_REASON, type FileAnalysis } from '../../../src/core/analysis/index';
import { fuzzInput, mutate, rng } from './fuzzCorpus';
import { SHAPES, TOO_DEEP_TO_PARSE } from './hostileShapes';

const FILE = '/p/app/api/x/route.ts';

function analyse(text: string): FileAnalysis & { internal: string[] } {
  const internal: string[] = [];
  const r = analyzeSource({ file: FILE, text }, { onInternalError: (id, e) => internal.push(`${id}: ${String(e)}`) });
  return { ...r, internal };
}

/**
 * The deepest size each shape is analysed at here. 3,200 levels for every shape the TypeScript parser takes that deep
 * on Node's default stack; four shapes overflow the parser itself before (about 1,300 nested loops or ifs with braces,
 * 1,000-2,000 nested calls or arrows): 800 for those, and their deeper forms are in TOO_DEEP_TO_PARSE. One shape
 * overflows the analysis before the parser: the error's taint is followed by recursion down the ternary chain, which
 * runs out of stack at about 2,800 levels (the parser at about 3,600); beyond, the file is skipped with the reason.
 */
const DEEPEST: Record<string, number> = {
  "ternary chain ending in the caught error's message": 2000,
  'nested loops with braces around a body read': 800,
  'nested ifs, each with an else': 800,
  'nested calls around a body read': 800,
  'nested arrow functions': 800,
};

describe('hostile inputs: pathological shapes, nesting deeper than the stack', () => {
  for (const shape of SHAPES) {
    const deepest = DEEPEST[shape.name] ?? 3200;
    it(`${shape.name}: analysed with the same findings at 50 and at ${deepest} levels`, () => {
      for (const n of [50, deepest]) {
        const r = analyse(shape.text(n));
        assert.equal(r.skipped, undefined, `${n}: skipped (${r.skipped})`);
        assert.deepEqual(r.internal, [], `${n}`);
        assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), shape.findings(n), `${n} levels`);
      }
    });
  }

  it('3,200 nested loops: the read in the innermost is reported (the flow once ran out of budget at 2,000 and said nothing)', () => {
    const shape = SHAPES.find((s) => s.name === 'nested loops around a body read')!;
    const text = shape.text(3200);
    const [f] = analyse(text).findings;
    assert.equal(f.ruleId, 'double-body-read');
    assert.equal(text.slice(f.span.start, f.span.end), 'request.text()');
    assert.match(f.message, /earlier loop iteration/);
  });

  it('3,200 else-ifs in a try, each returning a fetch: each return is reported at its own fetch, with the one try', () => {
    const shape = SHAPES.find((s) => s.name === 'else-if chain in a try, each branch returning a fetch')!;
    const text = shape.text(3200);
    const fs = analyse(text).findings;
    assert.equal(fs.length, 3200);
    const tryAt = text.indexOf('try {');
    fs.forEach((f, k) => {
      assert.equal(text.slice(f.span.start, f.span.end), `return fetch('https://api.example.com/${k}')`);
      assert.deepEqual(f.related?.map((r) => r.span.start), [tryAt]);
    });
  });

  for (const [what, text] of TOO_DEEP_TO_PARSE) {
    it(`50,000 levels of ${what}: skipped with the parser's reason, no finding, no internal error`, () => {
      const r = analyse(text);
      assert.equal(r.skipped, PARSER_REASON);
      assert.deepEqual(r.findings, []);
      assert.deepEqual(r.internal, []);
    });
  }

  it('a tree deeper than the analysis can follow (a 50,000-term sum sent from a catch) is skipped, not reported as clean', () => {
    const sum = Array.from({ length: 50_000 }, (_, k) => `a${k}`).join(' + ');
    const r = analyse(`export async function GET() {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    return new Response(${sum} + String(e), { status: 500 })\n  }\n}\n`);
    assert.deepEqual(r.internal, []);
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped ?? '', /^nesting, or a chain of values each derived from the last, too deep to analyse/);
    // and the same sum where no rule needs to follow it is analysed
    const clean = analyse(`export async function GET() {\n  const v = ${sum}\n  return new Response(String(v))\n}\n`);
    assert.equal(clean.skipped, undefined);
    assert.deepEqual(clean.findings, []);
  });

  it('after the parser ran out of stack, every other file gets the findings it got before (the parser keeps no bad state)', () => {
    const texts = Array.from({ length: 150 }, (_, i) => fuzzInput(i));
    const before = texts.map((t) => analyse(t).findings);
    for (const [, deep] of TOO_DEEP_TO_PARSE) assert.ok(analyse(deep).skipped);
    assert.deepEqual(texts.map((t) => analyse(t).findings), before);
  });

  it('an incremental re-analysis after an edit that makes a file too deep, and back, gives the fresh results', () => {
    const ok = SHAPES[0].text(100);
    const deep = TOO_DEEP_TO_PARSE[0][1];
    let cache = analyzeSource({ file: FILE, text: ok }).cache;
    for (const text of [deep, ok, deep + ok, ok]) {
      const inc = analyzeSource({ file: FILE, text, previous: cache });
      const fresh = analyzeSource({ file: FILE, text });
      assert.deepEqual([inc.findings, inc.skipped], [fresh.findings, fresh.skipped]);
      cache = inc.cache;
    }
  });

  it('mutated pathological shapes: never throw, no internal error, spans inside the text, skipped only for depth', () => {
    const r = rng(7);
    for (const shape of SHAPES) {
      for (let k = 0; k < 12; k++) {
        const text = mutate(shape.text(20 + Math.floor(r() * 400)), r);
        const res = analyse(text);
        assert.deepEqual(res.internal, [], `${shape.name} #${k}`);
        if (res.skipped) assert.match(res.skipped, /too deep to analyse/);
        for (const f of res.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length, `${shape.name} #${k}: span out of range`);
      }
    }
  });

});
