import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkJson, positionAt, toFetchBody, validateBody } from '../../../src/core/http/body';

describe('http/body: JSON validated before sending', () => {
  it('accepts valid JSON of every kind', () => {
    for (const t of ['{"a":1}', '[1,2]', '"s"', '12345678901234567890', 'null', ' {"nested":{"x":[true,false]}} ']) assert.deepEqual(checkJson(t), { ok: true }, t);
  });

  it('reports the line and column of the first error', () => {
    const text = '{\n  "a": 1,\n  "b": }\n';
    const r = checkJson(text);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.position);
    assert.deepEqual(!r.ok && r.position, { offset: text.indexOf('}'), line: 3, column: 8 });
    assert.match(!r.ok ? r.message : '', /a value is expected at line 3, column 8/);
  });

  it('refuses a trailing comma, comments, single quotes and an empty body with a clear message', () => {
    const trailing = checkJson('{"a": 1,}');
    assert.equal(trailing.ok, false);
    assert.match(!trailing.ok ? trailing.message : '', /line 1, column 9/);
    const comment = checkJson('{"a": 1 // no\n}');
    assert.match(!comment.ok ? comment.message : '', /comments are not allowed/);
    const quotes = checkJson("{'a': 1}");
    assert.match(!quotes.ok ? quotes.message : '', /line 1, column 2/);
    const empty = checkJson('   ');
    assert.match(!empty.ok ? empty.message : '', /empty/);
    const unterminated = checkJson('{"a": "x');
    assert.match(!unterminated.ok ? unterminated.message : '', /unterminated string/);
  });

  it('positionAt counts lines and columns from 1', () => {
    assert.deepEqual(positionAt('ab\ncd', 4), { offset: 4, line: 2, column: 2 });
    assert.deepEqual(positionAt('', 10), { offset: 0, line: 1, column: 1 });
  });
});

describe('http/body: validateBody and toFetchBody', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-body-'));
    fs.writeFileSync(path.join(dir, 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a body on GET and HEAD', () => {
    const r = validateBody({ kind: 'text', text: 'x' }, 'GET');
    assert.match(!r.ok ? r.message : '', /GET request cannot carry a body/);
    assert.deepEqual(validateBody({ kind: 'none' }, 'HEAD'), { ok: true });
  });

  it('refuses a multipart file that does not exist or is a folder, and a field without a name', () => {
    const missing = validateBody({ kind: 'multipart', fields: [{ kind: 'file', name: 'f', path: path.join(dir, 'nope.bin') }] }, 'POST');
    assert.match(!missing.ok ? missing.message : '', /Field "f": cannot read/);
    const folder = validateBody({ kind: 'multipart', fields: [{ kind: 'file', name: 'f', path: dir }] }, 'POST');
    assert.match(!folder.ok ? folder.message : '', /is not a file/);
    const nameless = validateBody({ kind: 'multipart', fields: [{ kind: 'text', name: '', value: 'v' }] }, 'POST');
    assert.match(!nameless.ok ? nameless.message : '', /no name/);
    const disabled = validateBody({ kind: 'multipart', fields: [{ kind: 'file', name: 'f', path: '/nope', enabled: false }] }, 'POST');
    assert.deepEqual(disabled, { ok: true });
  });

  it('builds multipart FormData with the file as a Blob of the right type and name', async () => {
    const fb = await toFetchBody({ kind: 'multipart', fields: [{ kind: 'text', name: 'title', value: 'hi' }, { kind: 'file', name: 'pic', path: path.join(dir, 'pic.png') }] });
    assert.ok(fb.body instanceof FormData);
    const form = fb.body;
    assert.equal(form.get('title'), 'hi');
    const file = form.get('pic') as File;
    assert.equal(file.name, 'pic.png');
    assert.equal(file.type, 'image/png');
    assert.deepEqual([...new Uint8Array(await file.arrayBuffer())], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(fb.contentType, undefined, 'fetch sets the boundary itself');
  });

  it('builds urlencoded, JSON and text bodies with their default content types', async () => {
    const ue = await toFetchBody({ kind: 'urlencoded', fields: [{ name: 'a b', value: 'c&d' }, { name: 'x', value: '1', enabled: false }] });
    assert.equal(String(ue.body), 'a+b=c%26d');
    assert.match(ue.contentType ?? '', /x-www-form-urlencoded/);
    assert.equal((await toFetchBody({ kind: 'json', text: '{}' })).contentType, 'application/json');
    assert.equal((await toFetchBody({ kind: 'text', text: '<a/>', contentType: 'application/xml' })).contentType, 'application/xml');
  });
});
