import * as assert from 'node:assert/strict';
import {
  isSecretRow, Limits, parseMessage, secretRowKey, ToHost, ToHostMessageSchema, ToView, ToViewMessageSchema, withoutSecretQuery, withoutSecrets,
  type RequestDraft, type ToHostMessage, type ToViewMessage,
} from '../../src/protocol';

const draft: RequestDraft = {
  appRoot: '/w/app',
  route: '/api/users/[id]',
  method: 'GET',
  params: { id: '42' },
  query: [{ name: 'q', value: 'a b', enabled: true }, { name: 'token', value: 'tq', enabled: true, secret: true }],
  headers: [
    { name: 'Accept', value: 'application/json', enabled: true },
    { name: 'Authorization', value: 'Bearer s3cret', enabled: true },
    { name: 'X-Mine', value: 'marked', enabled: true, secret: true },
  ],
  cookies: [{ name: 'sid', value: 'abc', enabled: true }],
  body: { kind: 'multipart', fields: [{ kind: 'text', name: 'a', value: '1', enabled: true }, { kind: 'file', name: 'f', path: '/w/app/x.png', filename: 'x.png', size: 3, enabled: true }] },
  timeoutMs: 30000,
  followRedirects: false,
};

/** One valid example of every message, so a new message without an example fails the coverage test. */
const toHostExamples: ToHostMessage[] = [
  { type: 'ready' },
  { type: 'send', requestId: 'r1', request: draft },
  { type: 'cancel', requestId: 'r1' },
  { type: 'startDev', appRoot: '/w/app' },
  { type: 'stopDev', appRoot: '/w/app' },
  { type: 'refreshDev', appRoot: '/w/app' },
  { type: 'openSource', file: '/w/app/app/api/x/route.ts', line: 3, column: 9 },
  { type: 'export', format: 'http', request: draft },
  { type: 'saveBody', requestId: 'r1' },
  { type: 'resend', historyId: 'h1' },
  { type: 'deleteHistory', historyId: 'h1' },
  { type: 'clearHistory' },
  { type: 'saveRequest', request: draft },
  { type: 'deleteSaved', savedId: 's1' },
  { type: 'pickFile', token: 't1' },
  { type: 'getSecrets', appRoot: '/w/app', route: '/api/users/[id]' },
  { type: 'newRoute' },
  { type: 'reportError', message: 'boom' },
  { type: 'selectEnvironment', name: 'local' },
  { type: 'selectEnvironment', name: null },
  { type: 'envPreview', request: draft },
  { type: 'setAuth', appRoot: '/w/app', route: '/api/users/[id]', scope: 'route', auth: { type: 'bearer', token: '{{token}}', keep: false } },
  { type: 'setAuth', appRoot: '/w/app', route: '/api/users/[id]', scope: 'environment', auth: { type: 'apikey', name: 'X-Api-Key', value: '', in: 'query', keep: true } },
  { type: 'getEnvState', appRoot: '/w/app', route: '/api/users/[id]' },
  { type: 'clearCookies', appRoot: '/w/app' },
  { type: 'openTab', appRoot: '/w/app', route: '/api/users/[id]', method: 'GET' },
  { type: 'tabState', state: { v: 1, draft, pinned: true, requestTab: 'params', responseTab: 'body' } },
  { type: 'openBody', requestId: 'r1' },
  { type: 'copy', text: '$.users[0].id', what: 'path' },
  { type: 'getShape', appRoot: '/w/app', route: '/api/users/[id]', method: 'POST' },
  { type: 'runSuite', runId: 'u1', appRoot: '/w/app', scope: 'folder', route: '/api/users/[id]' },
];

const toViewExamples: ToViewMessage[] = [
  {
    type: 'apps',
    apps: [{
      root: '/w/app', label: 'app', ownsTerminal: false,
      dev: { state: 'running', url: 'http://127.0.0.1:3000', source: 'lock', pid: 12 },
      routes: [{ pattern: '/api/users/[id]', file: '/w/app/app/api/users/[id]/route.ts', router: 'app', methods: ['GET', 'DELETE'], params: [{ name: 'id', kind: 'single' }] }],
    }],
    settings: { trusted: true, requestTimeoutMs: 30000, followRedirects: false, allowNonLoopback: false, truncateBytes: 10 * 1024 * 1024 },
  },
  { type: 'history', entries: [{ id: 'h1', at: 1, request: draft, status: 200, totalMs: 12 }] },
  { type: 'saved', entries: [{ id: 's1', name: 'mine', request: draft }] },
  { type: 'select', appRoot: '/w/app', route: '/api/users/[id]', method: 'DELETE' },
  { type: 'secrets', appRoot: '/w/app', route: '/api/users/[id]', values: { 'headers:authorization': 'Bearer s3cret' } },
  { type: 'filePicked', token: 't1', path: '/w/app/x.png', fileName: 'x.png', size: 3 },
  { type: 'requestStarted', requestId: 'r1', url: 'http://127.0.0.1:3000/api/users/42', method: 'GET' },
  { type: 'responseHead', requestId: 'r1', status: 200, statusText: 'OK', headers: [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']], ttfbMs: 5, streaming: false },
  { type: 'responseChunks', requestId: 'r1', chunks: [{ index: 0, atMs: 6, bytes: 10, text: '{"id":"42"}' }] },
  { type: 'responseEnd', requestId: 'r1', totalMs: 7, size: 11, truncated: false, body: { kind: 'json', text: '{\n  "id": "42"\n}' }, canSaveBody: true, redirects: [], chunks: 1, warnings: [] },
  { type: 'requestFailed', requestId: 'r1', kind: 'refused', message: 'Connection refused' },
  { type: 'serverError', requestId: 'r1', source: 'mcp', name: 'TypeError', message: 'Body is unusable', frames: [{ raw: '/w/app/app/api/x/route.ts:3:9', line: 3, column: 9, file: '/w/app/app/api/x/route.ts', internal: false }], location: { file: '/w/app/app/api/x/route.ts', line: 3, column: 9 } },
  { type: 'serverErrorMissing', requestId: 'r1', notes: ['MCP disabled'] },
  { type: 'notice', level: 'info', text: 'Copied' },
  { type: 'environments', names: ['local', 'staging'], active: 'local', problems: ['http-client.env.json:3:24: invalid JSON: comma expected'], file: '/w/app/http-client.env.json' },
  { type: 'envPreview', appRoot: '/w/app', route: '/api/users/[id]', url: 'http://127.0.0.1:3000/api/users/42?k={{key}}', auth: [['Authorization', 'Bearer {{token}}']] },
  { type: 'envPreview', appRoot: '/w/app', route: '/api/users/[id]', auth: [], error: '{{x}} is not defined' },
  { type: 'auth', appRoot: '/w/app', route: '/api/users/[id]', own: { type: 'basic', username: 'ada', stored: true }, environment: null },
  { type: 'cookies', appRoot: '/w/app', origin: 'http://127.0.0.1:3000', cookies: [{ name: 'session', preview: 's-ad…', domain: '127.0.0.1', path: '/', expires: 'session', httpOnly: true, secure: false, sameSite: 'lax' }] },
  { type: 'responseBodyPart', requestId: 'r1', index: 0, text: '{\n  "id": ' },
  { type: 'tabInit', appRoot: '/w/app', route: '/api/users/[id]', method: 'GET', draft, pinned: false },
  {
    type: 'shape', appRoot: '/w/app', route: '/api/users/[id]', method: 'POST',
    fill: {
      body: { kind: 'json', text: '{\n  "email": "ada@example.com"\n}', schema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } }, from: 'Body (zod)' },
      query: [{ name: 'q', type: 'string', required: true, multiple: false, sample: 'example' }], headers: [], statuses: [201, 400, 'default'], notes: [],
    },
  },
  { type: 'shape', appRoot: '/w/app', route: '/api/users/[id]', method: 'GET', reason: 'the file could not be read' },
  {
    type: 'suiteResults', runId: 'u1', done: true, files: ['/w/app/.bff-routes/users.http'], baseUrl: 'http://127.0.0.1:3000',
    results: [{ file: 'users.http', name: 'GET /api/users/1', method: 'GET', url: 'http://127.0.0.1:3000/api/users/1', line: 2, passed: false, status: 404, durationMs: 12, assertions: [{ text: '?? status == 200', line: 4, passed: false, message: 'status\n  expected: == 200\n  actual:   404' }] }],
  },
];

describe('protocol: webview <-> extension messages', () => {
  it('has a valid example of every message type in both directions', () => {
    assert.deepEqual(new Set(toHostExamples.map((m) => m.type)), new Set(Object.keys(ToHost)));
    assert.deepEqual(new Set(toViewExamples.map((m) => m.type)), new Set(Object.keys(ToView)));
    for (const m of toHostExamples) assert.deepEqual(parseMessage(ToHostMessageSchema, m), { ok: true, message: m }, m.type);
    for (const m of toViewExamples) assert.deepEqual(parseMessage(ToViewMessageSchema, m), { ok: true, message: m }, m.type);
  });

  it('survives structured cloning (postMessage) unchanged', () => {
    for (const m of [...toHostExamples, ...toViewExamples]) {
      const schema = toHostExamples.includes(m as ToHostMessage) ? ToHostMessageSchema : ToViewMessageSchema;
      assert.equal(schema.safeParse(structuredClone(m)).success, true, m.type);
    }
  });

  it('rejects malformed messages with a short description naming the type and the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /\(no type\)/],
      ['send', /\(no type\)/],
      [{ type: 'nope' }, /invalid message nope/],
      [{ type: 'send', requestId: 'r1' }, /request/],
      [{ type: 'send', requestId: '', request: draft }, /requestId/],
      [{ type: 'send', requestId: 'r1', request: { ...draft, method: 'TRACE' } }, /request\.method/],
      [{ type: 'send', requestId: 'r1', request: { ...draft, timeoutMs: 5 } }, /request\.timeoutMs/],
      [{ type: 'send', requestId: 'r1', request: { ...draft, body: { kind: 'json' } } }, /request\.body/],
      [{ type: 'openSource', file: '/x', line: 0 }, /line/],
      [{ type: 'export', format: 'wget', request: draft }, /format/],
    ];
    for (const [data, re] of cases) {
      const r = parseMessage(ToHostMessageSchema, data);
      assert.equal(r.ok, false, JSON.stringify(data)?.slice(0, 80));
      if (!r.ok) assert.match(r.error, re);
    }
    const bad = parseMessage(ToViewMessageSchema, { type: 'responseHead', requestId: 'r1', status: '200', statusText: 'OK', headers: [], ttfbMs: 1, streaming: false });
    assert.equal(bad.ok, false);
  });

  it('bounds what one message can carry', () => {
    const huge = { ...draft, body: { kind: 'json' as const, text: 'x'.repeat(Limits.bodyChars + 1) } };
    assert.equal(ToHostMessageSchema.safeParse({ type: 'send', requestId: 'r', request: huge }).success, false);
    const rows = Array.from({ length: Limits.rows + 1 }, () => ({ name: 'a', value: 'b', enabled: true }));
    assert.equal(ToHostMessageSchema.safeParse({ type: 'send', requestId: 'r', request: { ...draft, headers: rows } }).success, false);
    assert.equal(ToHostMessageSchema.safeParse({ type: 'reportError', message: 'x'.repeat(8001) }).success, false);
    const params = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, 'v']));
    assert.equal(ToHostMessageSchema.safeParse({ type: 'send', requestId: 'r', request: { ...draft, params: params(Limits.rows) } }).success, true);
    for (const n of [Limits.rows + 1, 20_000]) {
      const many = parseMessage(ToHostMessageSchema, { type: 'send', requestId: 'r', request: { ...draft, params: params(n) } });
      assert.ok(!many.ok && /request\.params: at most 200 params/.test(many.error), JSON.stringify(many));
    }
    assert.equal(ToHostMessageSchema.safeParse({ type: 'send', requestId: 'r', request: { ...draft, params: ['a'] } }).success, false);
  });

  it('an unknown core failure kind still reaches the view', () => {
    assert.equal(ToViewMessageSchema.safeParse({ type: 'requestFailed', requestId: 'r', kind: 'some-new-kind', message: 'm' }).success, true);
  });
});

describe('protocol: secrets', () => {
  it('Authorization, Cookie and user-marked rows are secret, cookies always', () => {
    assert.equal(isSecretRow({ name: ' authorization ', value: 'x', enabled: true }, 'headers'), true);
    assert.equal(isSecretRow({ name: 'Cookie', value: 'x', enabled: true }, 'headers'), true);
    assert.equal(isSecretRow({ name: 'Accept', value: 'x', enabled: true }, 'headers'), false);
    assert.equal(isSecretRow({ name: 'Accept', value: 'x', enabled: true, secret: true }, 'headers'), true);
    assert.equal(isSecretRow({ name: 'sid', value: 'x', enabled: true }, 'cookies'), true);
    assert.equal(isSecretRow({ name: 'authorization', value: 'x', enabled: true }, 'query'), false);
  });

  it('withoutSecretQuery masks the values of secret query rows in a sent URL (history keeps it) and nothing else', () => {
    assert.equal(withoutSecretQuery('http://127.0.0.1:3000/api/users/42?q=a+b&token=tq', draft), 'http://127.0.0.1:3000/api/users/42?q=a+b&token=***');
    assert.equal(withoutSecretQuery('http://127.0.0.1:3000/api/users/42?q=a%20b', { query: [] }), 'http://127.0.0.1:3000/api/users/42?q=a%20b');
  });

  it('withoutSecrets blanks exactly the secret values and keeps everything else', () => {
    const out = withoutSecrets(draft);
    assert.deepEqual(out.headers.map((h) => h.value), ['application/json', '', '']);
    assert.deepEqual(out.cookies.map((c) => c.value), ['']);
    assert.deepEqual(out.query.map((q) => q.value), ['a b', '']);
    assert.deepEqual(out.headers.map((h) => h.name), draft.headers.map((h) => h.name));
    assert.deepEqual({ ...out, headers: [], cookies: [], query: [] }, { ...draft, headers: [], cookies: [], query: [] });
    assert.equal(draft.headers[1].value, 'Bearer s3cret', 'the input is not mutated');
    assert.ok(!JSON.stringify(out).includes('s3cret'));
  });

  it('secret row keys ignore case and surrounding spaces', () => {
    assert.equal(secretRowKey('headers', ' Authorization '), secretRowKey('headers', 'authorization'));
    assert.notEqual(secretRowKey('headers', 'a'), secretRowKey('cookies', 'a'));
  });
});
