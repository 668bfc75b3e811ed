import * as assert from 'node:assert/strict';
import { prettyJson } from '../../../src/core/http/format';
import { BODY_PART_CHARS, splitBody } from '../../../src/vscode/panel/runner';
import { applyResponse, startResponse } from '../../../src/webview/state';
import {
  enclosingFolds, findMatches, formatPath, indexLines, jsonFolds, jsonPathAt, LineIndexer, jsonValueAt, lineOf, lineText, visibleLines,
} from '../../../src/webview/lines';

const SAMPLE = JSON.stringify({ users: [{ id: 1, 'first name': 'Ada', tags: ['a', 'b'] }, { id: 2, empty: {}, none: [] }], total: 2, 'x"y': null });

function pretty(): ReturnType<typeof indexLines> {
  return indexLines(prettyJson(SAMPLE)!.text);
}

function lineWith(ix: ReturnType<typeof indexLines>, text: string): number {
  for (let l = 0; l < ix.count; l++) if (lineText(ix, l).includes(text)) return l;
  throw new Error(`no line with ${text}`);
}

describe('webview body lines (lines.ts)', () => {
  it('indexes lines and finds the line of an offset', () => {
    const ix = indexLines('ab\ncd\n\nlast');
    assert.equal(ix.count, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => lineText(ix, l)), ['ab', 'cd', '', 'last']);
    assert.equal(lineOf(ix, 0), 0);
    assert.equal(lineOf(ix, 3), 1);
    assert.equal(lineOf(ix, 7), 3);
    assert.equal(indexLines('').count, 1);
  });

  it('indexes in steps of any size (a long body, one bounded task each) exactly as in one pass', () => {
    for (const text of ['', 'one line', 'a\nb\n', '\n\n\n', prettyJson(SAMPLE)!.text, 'x'.repeat(5000) + '\n' + 'y\n'.repeat(3000)]) {
      const whole = indexLines(text);
      for (const slice of [1, 2, 7, 64, 4096]) {
        const ix = new LineIndexer(text);
        let steps = 0;
        while (!ix.step(slice)) assert.ok(++steps <= text.length + 1, 'every step advances');
        const r = ix.result();
        assert.equal(r.count, whole.count, `${JSON.stringify(text.slice(0, 20))} by ${slice}`);
        assert.deepEqual(Array.from(r.starts), Array.from(whole.starts));
      }
    }
  });

  it('finds the same fold ranges as the host printer, and hides the lines of closed folds', () => {
    const printed = prettyJson(SAMPLE)!;
    const ix = indexLines(printed.text);
    const end = jsonFolds(ix);
    const mine = [...end].map((e, start) => ({ startLine: start, endLine: e })).filter((f) => f.endLine >= 0);
    assert.deepEqual(mine, printed.folds);
    const users = lineWith(ix, '"users"');
    const shown = visibleLines(ix.count, end, new Set([users]));
    assert.equal(shown.length, ix.count - (end[users] - users - 1), 'the lines between the fold\'s first and last are hidden');
    assert.ok(shown.includes(users) && !shown.includes(users + 1) && shown.includes(end[users]));
    assert.equal(visibleLines(ix.count, end, new Set([0])).length, 2, 'the root folded: its first and last line');
    assert.deepEqual(enclosingFolds(end, lineWith(ix, '"Ada"')), [0, users, users + 1]);
  });

  it('searches case-insensitively with the line of each match, bounded', () => {
    const ix = indexLines('Alpha\nbeta ALPHA alpha\ngamma');
    const r = findMatches(ix, 'alpha');
    assert.deepEqual(r.matches.map((m) => [m.line, ix.text.slice(m.start, m.end)]), [[0, 'Alpha'], [1, 'ALPHA'], [1, 'alpha']]);
    assert.equal(r.more, false);
    const capped = findMatches(ix, 'a', 2);
    assert.equal(capped.matches.length, 2);
    assert.equal(capped.more, true);
    assert.equal(findMatches(ix, '').matches.length, 0);
    assert.equal(findMatches(ix, 'zeta').matches.length, 0);
  });

  it('gives the JSON path of a line: keys, array indexes, quoted keys, closing lines', () => {
    const ix = pretty();
    assert.equal(formatPath(jsonPathAt(ix, 0)), '$');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"users"'))), '$.users');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"Ada"'))), '$.users[0]["first name"]');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"b"'))), '$.users[0].tags[1]');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"id": 2'))), '$.users[1].id');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"none"'))), '$.users[1].none');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"total"'))), '$.total');
    assert.equal(formatPath(jsonPathAt(ix, lineWith(ix, '"x\\"y"'))), '$["x\\"y"]');
    // The line closing users[0] belongs to users[0].
    const end = jsonFolds(ix);
    const first = lineWith(ix, '"id": 1') - 1;
    assert.equal(formatPath(jsonPathAt(ix, end[first])), '$.users[0]');
  });

  it('gives the JSON value of a line: a scalar, or a whole container re-indented', () => {
    const ix = pretty();
    const end = jsonFolds(ix);
    assert.equal(jsonValueAt(ix, end, lineWith(ix, '"Ada"')), '"Ada"');
    assert.equal(jsonValueAt(ix, end, lineWith(ix, '"total"')), '2');
    const tags = jsonValueAt(ix, end, lineWith(ix, '"tags"'))!;
    assert.deepEqual(JSON.parse(tags), ['a', 'b']);
    assert.equal(tags, '[\n  "a",\n  "b"\n]');
    const user = jsonValueAt(ix, end, lineWith(ix, '"id": 1') - 1)!;
    assert.deepEqual(JSON.parse(user), { id: 1, 'first name': 'Ada', tags: ['a', 'b'] });
    assert.deepEqual(JSON.parse(jsonValueAt(ix, end, 0)!), JSON.parse(SAMPLE));
    assert.equal(jsonValueAt(ix, end, lineWith(ix, '"empty"')), '{}');
  });

  it('a body cut for display: unclosed folds stay open-ended and a value that does not parse gives nothing', () => {
    const text = prettyJson(SAMPLE)!.text;
    const ix = indexLines(text.slice(0, text.indexOf('"total"')));
    const end = jsonFolds(ix);
    assert.equal(end[0], -1, 'the root never closes');
    assert.equal(jsonValueAt(ix, end, 0), undefined);
    assert.equal(visibleLines(ix.count, end, new Set([0])).length, ix.count, 'an unclosed fold hides nothing');
  });
});

describe('a long body crosses to the webview in parts', () => {
  it('splits a text body over BODY_PART_CHARS into parts the model keeps apart, in order; short bodies go whole', () => {
    const text = 'x'.repeat(BODY_PART_CHARS * 2 + 10);
    const { body, parts } = splitBody({ kind: 'json', text });
    assert.equal(parts.length, 3);
    assert.equal(parts.join(''), text);
    assert.ok(body.kind === 'json' && body.text === '');
    let model = startResponse('r1', 'GET');
    for (const [index, part] of parts.entries()) model = applyResponse(model, { type: 'responseBodyPart', requestId: 'r1', index, text: part });
    model = applyResponse(model, { type: 'responseEnd', requestId: 'r1', totalMs: 1, size: text.length, truncated: false, body, bodyParts: parts.length, canSaveBody: true, redirects: [], chunks: 1, warnings: [] });
    assert.equal(model.bodyParts?.join(''), text);
    assert.equal(model.end?.bodyParts, 3);
    assert.deepEqual(splitBody({ kind: 'json', text: '{}' }), { body: { kind: 'json', text: '{}' }, parts: [] });
    assert.equal(splitBody({ kind: 'binary', hexHead: '', bytes: 5 }).parts.length, 0);
  });
});
