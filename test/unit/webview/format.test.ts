import * as assert from 'node:assert/strict';
import { devStatusText, failureTitle, formatBytes, formatMs, headerValue, jsonProblem, previewUrl, serverErrorSource, statusClass } from '../../../src/webview/format';

describe('webview format helpers', () => {
  it('formats sizes and durations for people', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(10 * 1024 * 1024), '10.0 MB');
    assert.equal(formatBytes(150 * 1024 * 1024), '150 MB');
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(1234), '1.23 s');
    assert.equal(formatMs(65_000), '65.0 s');
  });

  it('classes statuses by family', () => {
    assert.deepEqual([101, 200, 204, 307, 404, 500, 503].map(statusClass), ['info', 'ok', 'ok', 'redirect', 'client-error', 'server-error', 'server-error']);
  });

  it('locates a JSON error by line and column before sending', () => {
    assert.equal(jsonProblem('{"a": 1}'), undefined);
    assert.equal(jsonProblem('[1, 2]'), undefined);
    const p = jsonProblem('{\n  "a": 1,\n  "b": }');
    assert.ok(p);
    assert.equal(p.line, 3);
    assert.equal(p.column, 8);
    const trailing = jsonProblem('{"a": 1,}');
    assert.ok(trailing?.line === 1 && trailing.column !== undefined);
    assert.match(jsonProblem('   ')!.message, /empty/);
    assert.equal(trailing?.message, 'trailing commas are not allowed in JSON');
  });

  it('says where a server error came from, and that a location found by message search has no stack', () => {
    const at = { file: '/w/app/api/boom/route.ts', line: 3, column: 9 };
    assert.match(serverErrorSource({ source: 'output', location: { ...at, how: 'stack' } }), /output of the next dev the panel started/);
    assert.doesNotMatch(serverErrorSource({ source: 'output', location: { ...at, how: 'stack' } }), /no stack/);
    assert.match(serverErrorSource({ source: 'mcp' }), /_next\/mcp/);
    const searched = serverErrorSource({ source: 'log', location: { ...at, how: 'message' } });
    assert.match(searched, /next-development\.log/);
    assert.match(searched, /no stack: the line is where the message appears in the route file/);
    assert.match(searched, /Start next dev from this panel/);
  });

  it('previews the URL live: params encoded, catch-all split, query appended; errors name the param', () => {
    const base = 'http://127.0.0.1:3000';
    assert.deepEqual(previewUrl(base, { route: '/api/users/[id]', params: { id: 'a b/c' }, query: [] }), { ok: true, url: `${base}/api/users/a%20b%2Fc` });
    assert.deepEqual(previewUrl(base, { route: '/api/docs/[...slug]', params: { slug: 'x/y z' }, query: [{ name: 'q', value: '1&2', enabled: true }, { name: 'off', value: '1', enabled: false }] }), { ok: true, url: `${base}/api/docs/x/y%20z?q=1%262` });
    assert.deepEqual(previewUrl(base, { route: '/api/docs/[[...slug]]', params: { slug: '' }, query: [] }), { ok: true, url: `${base}/api/docs` });
    const missing = previewUrl(base, { route: '/api/users/[id]', params: { id: '' }, query: [] });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.param, 'id');
    assert.deepEqual(previewUrl(undefined, { route: '/api/users/[id]', params: { id: '7' }, query: [] }), { ok: true, url: '/api/users/7' }, 'without a server, the path only');
    // {{variables}} (resolved by the host when sending) show as typed, in the path and the query.
    assert.deepEqual(previewUrl(base, { route: '/api/users/[id]', params: { id: '{{userId}}' }, query: [{ name: 'q', value: 'a {{term}}', enabled: true }] }), { ok: true, url: `${base}/api/users/{{userId}}?q=a%20{{term}}` });
  });

  it('describes the dev server state', () => {
    assert.equal(devStatusText({ state: 'running', url: 'http://127.0.0.1:3000', source: 'lock' }), 'next dev running at http://127.0.0.1:3000');
    assert.match(devStatusText({ state: 'running', url: 'http://127.0.0.1:4000', source: 'setting' }), /bffRoutes\.baseUrl/);
    assert.equal(devStatusText({ state: 'notRunning' }), 'next dev not running');
    assert.match(devStatusText({ state: 'notRunning', reason: 'stale lock (pid 9 is gone)' }), /stale lock/);
    // The host's reason already says "not running": said once, not "next dev not running: next dev is not running…".
    assert.equal(devStatusText({ state: 'notRunning', reason: 'next dev is not running for this app.' }), 'next dev is not running for this app');
    assert.equal(devStatusText({ state: 'notRunning', reason: 'bffRoutes.baseUrl "x" is not an http(s) URL.' }), 'next dev not running: bffRoutes.baseUrl "x" is not an http(s) URL.');
  });

  it('titles every failure kind, with a generic title for unknown ones', () => {
    for (const k of ['refused', 'reset', 'timeout', 'cancelled', 'not-running', 'invalid-body', 'non-loopback', 'route-deleted', 'invalid-param']) {
      assert.notEqual(failureTitle(k), 'Request failed', k);
    }
    assert.equal(failureTitle('future-kind'), 'Request failed');
  });

  it('finds headers case-insensitively', () => {
    assert.equal(headerValue([['Content-Type', 'text/html']], 'content-type'), 'text/html');
    assert.equal(headerValue([], 'x'), undefined);
  });
});
