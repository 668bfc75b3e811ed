// Finding nodes from the text (parsing/locate.ts): the descent must land on the node a plain walk finds, with the
// parent pointers of its path set, and word search must match a reference regular expression exactly.
import * as assert from 'node:assert/strict';
import { descend, identifierAt, nextNonSpace, previousNonSpace, quotedAt, wordOccurrences } from '../../../src/core/parsing/locate';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { ts } from '../../../src/core/parsing/ts';
import { routeFile } from '../../bench/analysis.bench';
import { fuzzInput, rng, SEEDS } from '../analysis/fuzzCorpus';

/** The deepest node holding `at`, by visiting every child in order (no parents set, no shortcut). */
function reference(root: ts.Node, at: number): ts.Node {
  let n = root;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(n, (c) => {
      if (next === undefined && c.pos <= at && at < c.end) next = c;
    });
    if (!next) return n;
    n = next;
  }
}

describe('locate: descents and word search', () => {
  it('descends to the node a full child scan finds, and sets the parents of its path (seeds, the bench file, 200 fuzzed files, 20 offsets each)', () => {
    const r = rng(3);
    let checked = 0;
    for (const text of [...SEEDS, routeFile(200), ...Array.from({ length: 200 }, (_, i) => fuzzInput(i))]) {
      for (let k = 0; k < 20; k++) {
        const sf = parseFile('/p/app/api/x/route.ts', text).sourceFile; // fresh: no parents set yet
        const at = Math.floor(r() * (text.length + 1));
        const expected = reference(sf, at);
        const got = descend(sf, at);
        assert.equal(got, expected, `offset ${at} of:\n${text}`);
        let depth = 0;
        let n: ts.Node = got;
        while (n !== sf && depth < 10_000) {
          assert.ok(n.parent, `a node on the path to ${at} has no parent`);
          n = n.parent;
          depth++;
        }
        checked++;
      }
    }
    assert.ok(checked > 4000);
  });

  it('finds the identifier at an offset, and nothing where the word is text', () => {
    const text = "const request = 1 // request\nconst s = 'request'\nuse(request)\n";
    const sf = parseFile('/p/x.ts', text).sourceFile;
    const at = wordOccurrences(text, 'request', { members: true });
    assert.equal(at.length, 4);
    assert.deepEqual(at.map((o) => identifierAt(sf, o, 'request') !== undefined), [true, false, false, true]);
  });

  it('word search matches the reference expression, with and without property names', () => {
    const r = rng(5);
    const alphabet = ['e', 'err', '$e', 'e$', '.', ' ', '\n', 'é', '_', '1', '(', ')', "'", 'x.e', '...e', 'ee', 'error'];
    for (let k = 0; k < 2000; k++) {
      let text = '';
      const n = Math.floor(r() * 30);
      for (let i = 0; i < n; i++) text += alphabet[Math.floor(r() * alphabet.length)];
      for (const name of ['e', 'err', '$e', 'e$', 'error']) {
        const esc = name.replace(/\$/g, '\\$');
        for (const members of [true, false]) {
          const re = new RegExp(`(?<![\\w$${members ? '' : '.'}])${esc}(?![\\w$])`, 'g');
          const expected = [...text.matchAll(re)].map((m) => m.index);
          assert.deepEqual(wordOccurrences(text, name, { members }), expected, `${JSON.stringify(text)} / ${name} / members ${members}`);
        }
      }
    }
    assert.deepEqual(wordOccurrences('a e b e', 'e', { members: true, from: 3 }), [6]);
    assert.deepEqual(wordOccurrences('a e b e', 'e', { members: true, to: 4 }), [2]);
  });

  it('says a word is quoted only where it is not code (fuzzed files, and the shapes that could fool a line)', () => {
    const tricky = [
      "const a = 'it is a request'\nuse(request)\n",
      "const t = `\n  it's ${request} here\n`\n",
      "const r = /'/.test(x) && request\n",
      "// it's request\nrequest\n",
      "const s = 'a\\\n request'\nrequest\n",
      "const q = \"it's\" + request + 'x'\n",
      "const e = 'it\\'s' + request\n",
      "/* it's\n request */ request\n",
    ];
    const r = rng(9);
    let quoted = 0;
    for (const [k, text] of [...tricky, ...SEEDS, routeFile(100), ...Array.from({ length: 300 }, (_, i) => fuzzInput(i))].entries()) {
      for (const file of ['/p/x.ts', '/p/x.tsx']) {
        const sf = parseFile(file, text).sourceFile;
        const offsets = k < tricky.length ? wordOccurrences(text, 'request', { members: true }) : Array.from({ length: 30 }, () => Math.floor(r() * text.length));
        for (const at of offsets) {
          if (!quotedAt(sf, text, at)) continue;
          quoted++;
          const n = descend(sf, at);
          assert.ok(!(ts.isIdentifier(n) && at >= n.getStart(sf)), `offset ${at} is code, not quoted (${file}):\n${text}`);
        }
      }
    }
    assert.ok(quoted > 200, `quoted offsets seen: ${quoted}`);
    const text = "return Response.json({ error: 'bad request' })\n";
    assert.equal(quotedAt(parseFile('/p/x.ts', text).sourceFile, text, text.indexOf('request')), true);
    assert.equal(quotedAt(parseFile('/p/x.tsx', text).sourceFile, text, text.indexOf('request')), false, 'JSX files are not read by line');
  });

  it('steps over white space of every kind, both ways', () => {
    const text = 'a \t\n\u00a0\u2028\ufeff\u3000b';
    assert.equal(nextNonSpace(text, 1), 'b'.charCodeAt(0));
    assert.equal(previousNonSpace(text, text.length - 1), 0);
    assert.equal(nextNonSpace('  ', 0), -1);
    assert.equal(previousNonSpace('  ', 2), -1);
  });
});
