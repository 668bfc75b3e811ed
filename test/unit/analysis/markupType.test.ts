// unescaped-markup asks whether the file declares a markup content type. It answers from the text
// (declaresMarkupType: each place a type is written, and each backslash, descended to); the answer must be the
// one a walk of every string literal gives (declaresMarkupTypeByWalk), including types spelled with escapes.
import * as assert from 'node:assert/strict';
import { declaresMarkupType, declaresMarkupTypeByWalk } from '../../../src/core/analysis/rules/unescapedMarkup';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { fuzzInput, mutate, rng, SEEDS } from './fuzzCorpus';

const SHAPES = [
  `const h = { 'content-type': 'text/html; charset=utf-8' }\n`,
  `new Response(x, { headers: { 'Content-Type': "APPLICATION/RSS+XML" } })\n`,
  'const t = `image/svg+xml`\n',
  'const t = `text/html${suffix}`\n',
  `// 'text/html' in a comment only\nconst t = 'text/plain'\n`,
  `const t = 'text/h\\x74ml'\n`,
  `const t = "application/\\u0078ml"\n`,
  `const t = 'text/\\\nhtml'\n`,
  `const t = 'a text/html b'\n`,
  `const re = /text\\/html/\nconst s = 'text/xhtml+xml'\n`,
  `const s = '\\\\'; const u = 'application/json'\n`,
];

function compare(text: string, label: string): boolean {
  const byText = declaresMarkupType(parseFile('/p/app/x/route.ts', text).sourceFile, text);
  const byWalk = declaresMarkupTypeByWalk(parseFile('/p/app/x/route.ts', text).sourceFile);
  assert.equal(byText, byWalk, `${label}:\n${text}`);
  return byWalk;
}

describe('unescaped-markup: a markup content type found from the text', () => {
  it('answers as the walk does on hand-written shapes, escapes and line continuations included', () => {
    const answers = SHAPES.map((t, k) => compare(t, `shape ${k}`));
    assert.deepEqual(answers, [true, true, true, false, false, true, true, true, false, true, false]);
  });

  it('answers as the walk does on the fuzz seeds, 1,500 fuzzed files and 1,500 mutations of the shapes', () => {
    const r = rng(29);
    let yes = 0;
    for (const [k, t] of SEEDS.entries()) if (compare(t, `seed ${k}`)) yes++;
    for (let i = 0; i < 1500; i++) if (compare(fuzzInput(i), `fuzz ${i}`)) yes++;
    for (let i = 0; i < 1500; i++) if (compare(mutate(SHAPES[i % SHAPES.length], r), `mutation ${i}`)) yes++;
    assert.ok(yes > 300, `the corpus declares markup types often enough to compare (${yes})`);
  });
});
