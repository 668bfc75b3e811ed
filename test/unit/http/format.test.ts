import * as assert from 'node:assert/strict';
import { formatBody, hexDump, parseContentType, parseSse, prettyJson, prettyXml } from '../../../src/core/http/format';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('http/format: by content type', () => {
  it('pretty-prints JSON keeping big numbers and key order exactly, with fold ranges per container', () => {
    const r = formatBody(bytes('{"id":12345678901234567890,"z":1,"a":{"list":[1,{"x":"}{[],"}],"empty":{},"none":[]}}'), 'application/json; charset=utf-8');
    assert.equal(r.kind, 'json');
    assert.ok(r.kind === 'json');
    assert.equal(
      r.text,
      ['{', '  "id": 12345678901234567890,', '  "z": 1,', '  "a": {', '    "list": [', '      1,', '      {', '        "x": "}{[],"', '      }', '    ],', '    "empty": {},', '    "none": []', '  }', '}'].join('\n'),
    );
    assert.deepEqual(r.folds, [
      { startLine: 0, endLine: 13 },
      { startLine: 3, endLine: 12 },
      { startLine: 4, endLine: 9 },
      { startLine: 6, endLine: 8 },
    ]);
  });

  it('prettyJson handles escaped quotes and returns undefined for invalid JSON', () => {
    assert.equal(prettyJson('["a\\"b",2]')?.text, '[\n  "a\\"b",\n  2\n]');
    assert.equal(prettyJson('{"a":'), undefined);
  });

  it('shows JSON-labelled text that does not parse as text with a note', () => {
    const r = formatBody(bytes('{"a":'), 'application/json');
    assert.equal(r.kind, 'text');
    assert.match(r.note ?? '', /does not parse/);
  });

  it('recognises +json types and unlabelled JSON', () => {
    assert.equal(formatBody(bytes('{"type":"about:blank"}'), 'application/problem+json').kind, 'json');
    assert.equal(formatBody(bytes('[1]'), undefined).kind, 'json');
  });

  it('pretty-prints XML with text-only elements on one line, and falls back to text when unbalanced', () => {
    const r = formatBody(bytes('<?xml version="1.0"?><feed><entry id="1"><title>A &amp; B</title><empty/></entry><!-- c --></feed>'), 'application/xml');
    assert.ok(r.kind === 'xml');
    assert.equal(r.text, ['<?xml version="1.0"?>', '<feed>', '  <entry id="1">', '    <title>A &amp; B</title>', '    <empty/>', '  </entry>', '  <!-- c -->', '</feed>'].join('\n'));
    assert.equal(prettyXml('<a><b></a>'), undefined);
    assert.equal(formatBody(bytes('<a><b></a>'), 'text/xml').kind, 'text');
    assert.equal(formatBody(bytes('<rss><channel/></rss>'), 'application/rss+xml').kind, 'xml');
  });

  it('keeps HTML as source, text as text, decodes the declared charset', () => {
    const html = formatBody(bytes('<!doctype html><p>hi</p>'), 'text/html; charset=utf-8');
    assert.deepEqual(html, { kind: 'html', text: '<!doctype html><p>hi</p>' });
    const latin1 = formatBody(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'text/plain; charset=iso-8859-1');
    assert.deepEqual(latin1, { kind: 'text', text: 'café' });
  });

  it('gives images as base64 for display, SVG included', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(formatBody(png, 'image/png'), { kind: 'image', mime: 'image/png', base64: Buffer.from(png).toString('base64') });
    assert.equal(formatBody(bytes('<svg/>'), 'image/svg+xml').kind, 'image');
  });

  it('gives other binary as size plus a hex head', () => {
    const data = new Uint8Array(300).map((_, i) => i % 256);
    const r = formatBody(data, 'application/octet-stream');
    assert.ok(r.kind === 'binary');
    assert.equal(r.bytes, 300);
    const lines = r.hexHead.split('\n');
    assert.equal(lines.length, 16, '256 bytes shown, 16 per line');
    assert.equal(lines[0], '00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|');
    assert.equal(lines[4], '00000040  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|');
    assert.equal(hexDump(new Uint8Array([0x41]), 16), '00000000  41                                                |A|');
  });

  it('sniffs unlabelled bodies: UTF-8 text is text, bytes with NULs are binary', () => {
    assert.equal(formatBody(bytes('plain words'), undefined).kind, 'text');
    assert.equal(formatBody(new Uint8Array([0, 1, 2, 3]), undefined).kind, 'binary');
    assert.equal(formatBody(new Uint8Array([0xff, 0xfe, 0x41]), '').kind, 'binary');
  });

  it('notes truncation, never parses a truncated JSON, and refuses to display a truncated image', () => {
    const head = bytes('{"a":[1,2,');
    const r = formatBody(head, 'application/json', { totalBytes: 12 * 1024 * 1024, truncated: true });
    assert.equal(r.kind, 'text');
    assert.match(r.note ?? '', /Showing the first 10 B of 12\.0 MB\. Save the whole body/);
    const img = formatBody(new Uint8Array(10), 'image/png', { totalBytes: 11 * 1024 * 1024, truncated: true });
    assert.equal(img.kind, 'binary');
    assert.match(img.note ?? '', /too large to display/);
  });

  it('says an empty body is empty', () => {
    assert.deepEqual(formatBody(new Uint8Array(0), 'application/json'), { kind: 'empty' });
  });
});

describe('http/format: server-sent events', () => {
  it('parses complete events with event, id, retry and multi-line data; skips comments and the unterminated tail', () => {
    const text = ': hello\n\nevent: tick\nid: 1\ndata: {"n":1}\n\ndata: line one\ndata: line two\nretry: 500\n\ndata: partial';
    assert.deepEqual(parseSse(text), [
      { event: 'tick', id: '1', data: '{"n":1}' },
      { data: 'line one\nline two', retry: 500 },
    ]);
    assert.deepEqual(parseSse('data:no-space\r\n\r\n'), [{ data: 'no-space' }]);
  });

  it('formats text/event-stream as events plus the raw text', () => {
    const r = formatBody(bytes('data: a\n\ndata: b\n\n'), 'text/event-stream');
    assert.ok(r.kind === 'sse');
    assert.deepEqual(r.events.map((e) => e.data), ['a', 'b']);
  });

  it('parses content types with parameters', () => {
    assert.deepEqual(parseContentType('Text/HTML; Charset="UTF-8"'), { mime: 'text/html', charset: 'utf-8' });
    assert.deepEqual(parseContentType(undefined), { mime: '' });
  });
});
