import * as assert from 'node:assert/strict';
import type { RequestDraft, RouteView } from '../../../src/protocol';
import {
  applyResponse, defaultMethod, filterRoutes, findDraft, initialState, isInFlight, MAX_CHUNK_ROWS, MAX_DRAFTS, MAX_STREAM_CHARS,
  keepResponse, MAX_RESPONSES, newDraft, offeredMethods, reconcileDraft, rememberDraft, responseKey, restoreState, startResponse,
} from '../../../src/webview/state';

const users: RouteView = { pattern: '/api/users/[id]', file: '/a/app/api/users/[id]/route.ts', router: 'app', methods: ['GET', 'DELETE'], params: [{ name: 'id', kind: 'single' }] };
const echo: RouteView = { pattern: '/api/echo', file: '/a/app/api/echo/route.ts', router: 'app', methods: ['POST'], params: [] };
const docs: RouteView = { pattern: '/api/docs/[[...slug]]', file: '/a/app/api/docs/[[...slug]]/route.ts', router: 'app', methods: ['GET'], params: [{ name: 'slug', kind: 'optionalCatchAll' }] };
const settings = { requestTimeoutMs: 30000, followRedirects: false };

describe('webview state: methods and drafts', () => {
  it('offers the exported methods plus HEAD and OPTIONS, in a stable order', () => {
    assert.deepEqual(offeredMethods(users), ['GET', 'DELETE', 'HEAD', 'OPTIONS']);
    assert.deepEqual(offeredMethods(echo), ['POST', 'HEAD', 'OPTIONS']);
    assert.deepEqual(offeredMethods({ methods: [] }), ['HEAD', 'OPTIONS']);
  });

  it('a new draft starts with GET when exported, else the first exported method, with a JSON body for POST', () => {
    assert.equal(defaultMethod(users), 'GET');
    assert.equal(defaultMethod(echo), 'POST');
    const d = newDraft('/a', echo, settings);
    assert.equal(d.method, 'POST');
    assert.equal(d.body.kind, 'json');
    const u = newDraft('/a', users, { requestTimeoutMs: 50, followRedirects: true });
    assert.deepEqual(u.params, { id: '' });
    assert.equal(u.body.kind, 'none');
    assert.equal(u.timeoutMs, 100, 'clamped to the protocol minimum');
    assert.equal(u.followRedirects, true);
  });

  it('reconciles a stored draft with the route as it is now', () => {
    const d: RequestDraft = { ...newDraft('/a', users, settings), method: 'DELETE', params: { id: '7', gone: 'x' } };
    const now: RouteView = { ...users, pattern: '/api/users/[userId]', methods: ['GET'], params: [{ name: 'userId', kind: 'single' }] };
    const r = reconcileDraft(d, now);
    assert.deepEqual(r.params, { userId: '' });
    assert.equal(r.method, 'GET', 'DELETE is no longer exported');
    assert.equal(reconcileDraft({ ...d, method: 'HEAD' }, now).method, 'HEAD', 'HEAD stays available');
  });

  it('remembers drafts most-recent-first, bounded, without secret values', () => {
    let s = initialState();
    const d = { ...newDraft('/a', users, settings), headers: [{ name: 'Authorization', value: 'Bearer x', enabled: true }] };
    s = rememberDraft(s, d);
    assert.equal(findDraft(s, '/a', users.pattern)?.headers[0].value, '');
    for (let i = 0; i < MAX_DRAFTS + 5; i++) s = rememberDraft(s, { ...newDraft('/a', echo, settings), route: `/api/r${i}` });
    assert.equal(s.drafts.length, MAX_DRAFTS);
    assert.equal(findDraft(s, '/a', users.pattern), undefined, 'the oldest fell out');
    s = rememberDraft(s, { ...newDraft('/a', echo, settings), route: '/api/r10' });
    assert.equal(s.drafts[0][1].route, '/api/r10');
    assert.equal(s.drafts.filter(([k]) => k.endsWith('/api/r10')).length, 1);
  });

  it('restores whatever getState returned, falling back to defaults', () => {
    assert.deepEqual(restoreState(undefined), initialState());
    assert.deepEqual(restoreState({ v: 2, filter: 'x' }), initialState());
    const r = restoreState({ v: 1, appRoot: '/a', route: '/api/x', filter: 'us', requestTab: 'bogus', responseTab: 'headers', drafts: [['k', newDraft('/a', users, settings)], 'junk', [1, 2]] });
    assert.equal(r.appRoot, '/a');
    assert.equal(r.requestTab, 'params');
    assert.equal(r.responseTab, 'headers');
    assert.equal(r.drafts.length, 1);
  });
});

describe('webview state: route filter', () => {
  it('matches every word against the pattern and methods, case-insensitively', () => {
    const all = [users, echo, docs];
    assert.deepEqual(filterRoutes(all, '').map((r) => r.pattern), all.map((r) => r.pattern));
    assert.deepEqual(filterRoutes(all, 'USERS').map((r) => r.pattern), ['/api/users/[id]']);
    assert.deepEqual(filterRoutes(all, 'api post').map((r) => r.pattern), ['/api/echo']);
    assert.deepEqual(filterRoutes(all, '[[...').map((r) => r.pattern), ['/api/docs/[[...slug]]']);
    assert.deepEqual(filterRoutes(all, 'nothing'), []);
  });
});

describe('webview state: response model', () => {
  it('follows a request from start to end and ignores messages of other requests', () => {
    let m = startResponse('r1', 'GET');
    assert.equal(isInFlight(m), true);
    m = applyResponse(m, { type: 'requestStarted', requestId: 'r1', url: 'http://127.0.0.1:3000/api/users/42', method: 'GET' });
    m = applyResponse(m, { type: 'responseHead', requestId: 'r1', status: 200, statusText: 'OK', headers: [['content-type', 'text/plain']], ttfbMs: 3, streaming: true });
    m = applyResponse(m, { type: 'responseChunks', requestId: 'r1', chunks: [{ index: 0, atMs: 4, bytes: 2, text: 'a\n' }, { index: 1, atMs: 9, bytes: 2, text: 'b\n' }] });
    const other = applyResponse(m, { type: 'responseChunks', requestId: 'r0', chunks: [{ index: 0, atMs: 1, bytes: 1, text: 'X' }] });
    assert.equal(other, m);
    assert.equal(m.streamText, 'a\nb\n');
    assert.equal(m.chunks.length, 2);
    m = applyResponse(m, { type: 'responseEnd', requestId: 'r1', totalMs: 10, size: 4, truncated: false, body: { kind: 'text', text: 'a\nb\n' }, canSaveBody: true, redirects: [], chunks: 2, warnings: [] });
    assert.equal(isInFlight(m), false);
    assert.equal(m.url, 'http://127.0.0.1:3000/api/users/42');
    assert.equal(m.head?.status, 200);
    assert.equal(m.end?.size, 4);
  });

  it('keeps a bounded number of chunk rows and of streamed characters, counting the rest', () => {
    let m = startResponse('r', 'GET');
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < MAX_CHUNK_ROWS + 100; i++) {
      m = applyResponse(m, { type: 'responseChunks', requestId: 'r', chunks: [{ index: i, atMs: i, bytes: big.length, text: big }] });
    }
    assert.equal(m.chunks.length, MAX_CHUNK_ROWS);
    assert.equal(m.chunksDropped, 100);
    assert.equal(m.chunks[0].index, 100);
    assert.equal(m.streamText.length, MAX_STREAM_CHARS);
    assert.equal(m.streamTextCut, true);
  });

  it('a failure ends the request; a server error is attached', () => {
    let m = startResponse('r', 'POST');
    m = applyResponse(m, { type: 'responseHead', requestId: 'r', status: 500, statusText: 'Internal Server Error', headers: [], ttfbMs: 1, streaming: false });
    m = applyResponse(m, { type: 'serverError', requestId: 'r', source: 'log', message: 'boom', frames: [] });
    assert.equal(m.serverError?.message, 'boom');
    m = applyResponse(m, { type: 'requestFailed', requestId: 'r', kind: 'reset', message: 'reset mid-body' });
    assert.equal(isInFlight(m), false);
    assert.equal(m.failed?.kind, 'reset');
  });

  it('a response belongs to its route and method: one kept per key, newest first, bounded, in-flight ones never dropped', () => {
    const get = responseKey({ appRoot: '/a', route: '/api/users/[id]', method: 'GET' });
    const del = responseKey({ appRoot: '/a', route: '/api/users/[id]', method: 'DELETE' });
    const other = responseKey({ appRoot: '/a', route: '/api/redirect', method: 'GET' });
    assert.equal(new Set([get, del, other]).size, 3);
    const end = (m: ReturnType<typeof startResponse>) => applyResponse(m, { type: 'requestFailed', requestId: m.requestId, kind: 'refused', message: 'x' });
    let list = keepResponse([], end(startResponse('r1', 'GET', get)));
    list = keepResponse(list, end(startResponse('r2', 'DELETE', del)));
    list = keepResponse(list, end(startResponse('r3', 'GET', get)));
    assert.deepEqual(list.map((r) => r.requestId), ['r3', 'r2'], 'a new response of a route and method replaces its previous one');
    assert.equal(list.find((r) => r.key === other), undefined, 'nothing is shown under a route never sent');
    const flying = startResponse('fly', 'GET', 'k-fly');
    list = keepResponse(list, flying);
    for (let i = 0; i < MAX_RESPONSES + 5; i++) list = keepResponse(list, end(startResponse(`n${i}`, 'GET', `k${i}`)));
    assert.equal(list.length, MAX_RESPONSES);
    assert.ok(list.some((r) => r.requestId === 'fly'), 'the request in flight is kept');
    assert.equal(list[0].requestId, `n${MAX_RESPONSES + 4}`);
  });
});
