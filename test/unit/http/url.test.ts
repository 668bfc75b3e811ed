import * as assert from 'node:assert/strict';
import { buildUrl, patternParams } from '../../../src/core/http/url';

const BASE = 'http://127.0.0.1:3000';

describe('http/url: buildUrl', () => {
  it('returns a static pattern unchanged', () => {
    assert.deepEqual(buildUrl(BASE, '/api/hello'), { ok: true, url: 'http://127.0.0.1:3000/api/hello', path: '/api/hello' });
  });

  it('encodes a [id] value as one segment (slash, space, unicode, reserved characters)', () => {
    const r = buildUrl(BASE, '/api/users/[id]', { id: 'a/b c?#é&%' });
    assert.ok(r.ok);
    assert.equal(r.url, 'http://127.0.0.1:3000/api/users/a%2Fb%20c%3F%23%C3%A9%26%25');
    // the URL parser keeps it as one segment
    assert.equal(new URL(r.url).pathname.split('/').length, 4);
  });

  it('joins [...slug] parts with / and encodes each part, from a list or a slash-separated string', () => {
    const fromList = buildUrl(BASE, '/api/docs/[...slug]', { slug: ['a b', 'c/d', 'ü'] });
    assert.ok(fromList.ok);
    assert.equal(fromList.path, '/api/docs/a%20b/c%2Fd/%C3%BC');
    const fromString = buildUrl(BASE, '/api/docs/[...slug]', { slug: 'x/y z' });
    assert.ok(fromString.ok);
    assert.equal(fromString.path, '/api/docs/x/y%20z');
  });

  it('gives the bare path for an empty [[...slug]] and the root for /[[...slug]]', () => {
    const empty = buildUrl(BASE, '/api/files/[[...slug]]', { slug: [] });
    assert.ok(empty.ok);
    assert.equal(empty.url, 'http://127.0.0.1:3000/api/files');
    const missing = buildUrl(BASE, '/[[...slug]]', {});
    assert.ok(missing.ok);
    assert.equal(missing.url, 'http://127.0.0.1:3000/');
    const some = buildUrl(BASE, '/api/files/[[...slug]]', { slug: ['a', 'b'] });
    assert.ok(some.ok);
    assert.equal(some.path, '/api/files/a/b');
  });

  it('names the parameter when a value is missing, empty, a dot segment or has an empty part', () => {
    assert.deepEqual(buildUrl(BASE, '/api/users/[id]', {}), { ok: false, error: 'Parameter "id" is required.', param: 'id' });
    const catchAll = buildUrl(BASE, '/api/docs/[...slug]', { slug: [] });
    assert.equal(catchAll.ok, false);
    assert.equal(!catchAll.ok && catchAll.param, 'slug');
    assert.match(!catchAll.ok ? catchAll.error : '', /at least one segment/);
    for (const v of ['.', '..']) {
      const r = buildUrl(BASE, '/api/users/[id]', { id: v });
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.error : '', /dot segments/);
    }
    const dotPart = buildUrl(BASE, '/api/docs/[...slug]', { slug: ['a', '..'] });
    assert.equal(dotPart.ok, false);
    const emptyPart = buildUrl(BASE, '/api/docs/[...slug]', { slug: 'a//b' });
    assert.match(!emptyPart.ok ? emptyPart.error : '', /empty segment/);
  });

  it('percent-encodes query names and values, skips disabled and unnamed rows, keeps repeats', () => {
    const r = buildUrl(BASE, '/api/search', {}, [
      { name: 'q', value: 'a b&c=d' },
      { name: 'tag', value: '1' },
      { name: 'tag', value: '2' },
      { name: 'off', value: 'x', enabled: false },
      { name: '', value: 'nameless' },
      { name: 'é', value: '+' },
    ]);
    assert.ok(r.ok);
    assert.equal(r.url, 'http://127.0.0.1:3000/api/search?q=a%20b%26c%3Dd&tag=1&tag=2&%C3%A9=%2B');
    assert.deepEqual(new URL(r.url).searchParams.getAll('tag'), ['1', '2']);
    assert.equal(new URL(r.url).searchParams.get('q'), 'a b&c=d');
  });

  it('keeps a base path prefix and drops trailing slashes of the base', () => {
    const r = buildUrl('http://127.0.0.1:3000/docs/', '/api/hello');
    assert.ok(r.ok);
    assert.equal(r.url, 'http://127.0.0.1:3000/docs/api/hello');
  });

  it('refuses a base that is not an http(s) URL', () => {
    assert.match((buildUrl('localhost:3000', '/x') as { error: string }).error, /http:\/\/ or https:\/\//);
    assert.match((buildUrl('not a url', '/x') as { error: string }).error, /not a valid URL/);
  });

  it('lists the params of a pattern with their kind', () => {
    assert.deepEqual(patternParams('/api/[org]/files/[[...path]]'), [
      { name: 'org', kind: 'single' },
      { name: 'path', kind: 'optionalCatchAll' },
    ]);
    assert.deepEqual(patternParams('/api/[...slug]'), [{ name: 'slug', kind: 'catchAll' }]);
    assert.deepEqual(patternParams('/api/[[id]]/x'), []);
  });
});
