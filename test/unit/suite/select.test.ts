import * as assert from 'node:assert/strict';
import { parseSuite } from '../../../src/core/suite/parse';
import { pathMatches, requestPath, selectRequests } from '../../../src/core/suite/select';

const SUITE = `### log in
# @name login
POST {{baseUrl}}/api/session/login

###
# @name created
POST /api/orders
Authorization: Bearer {{login.token}}

###
GET {{baseUrl}}/api/orders/{{created.id}}?full=1

###
GET /api/hello

###
GET http://127.0.0.1:3000/api/docs/a/b
`;

describe('suite/select: Run all for a route, a folder or the app', () => {
  it('reads the path of a request URL as written', () => {
    assert.equal(requestPath('{{baseUrl}}/api/x?q=1'), '/api/x');
    assert.equal(requestPath('http://127.0.0.1:3000/api/x#h'), '/api/x');
    assert.equal(requestPath('/api/{{id}}'), '/api/{{id}}');
  });

  it('matches route patterns: dynamic, catch-all and optional catch-all segments', () => {
    assert.ok(pathMatches('/api/orders/[id]', '/api/orders/{{created.id}}'));
    assert.ok(!pathMatches('/api/orders/[id]', '/api/orders'));
    assert.ok(pathMatches('/api/docs/[...slug]', '/api/docs/a/b'));
    assert.ok(!pathMatches('/api/docs/[...slug]', '/api/docs'));
    assert.ok(pathMatches('/api/opt/[[...slug]]', '/api/opt'));
    assert.ok(pathMatches('/api/opt/[[...slug]]/x', '/api/opt/a/b/x'));
    assert.ok(!pathMatches('/api/hello', '/api/hello/x'));
  });

  it('a route takes its requests and the named requests whose captures they read, in file order', () => {
    const s = parseSuite(SUITE);
    assert.deepEqual(selectRequests(s, { kind: 'route', pattern: '/api/orders/[id]' }).requests.map((r) => r.name), ['login', 'created', 'GET {{baseUrl}}/api/orders/{{created.id}}?full=1']);
    assert.deepEqual(selectRequests(s, { kind: 'route', pattern: '/api/hello' }).requests.map((r) => r.name), ['GET /api/hello']);
  });

  it('a folder takes the routes under it; the app takes everything', () => {
    const s = parseSuite(SUITE);
    assert.deepEqual(selectRequests(s, { kind: 'folder', prefix: '/api/orders' }).requests.map((r) => r.name), ['login', 'created', 'GET {{baseUrl}}/api/orders/{{created.id}}?full=1']);
    assert.deepEqual(selectRequests(s, { kind: 'folder', prefix: '/api/docs' }).requests.map((r) => r.line), [17]);
    assert.equal(selectRequests(s, { kind: 'app' }).requests.length, 5);
  });
});
