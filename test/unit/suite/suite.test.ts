import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSuite } from '../../../src/core/suite/parse';
import { jsonReport, junitXml, resultLine } from '../../../src/core/suite/report';
import { atPath, SuiteRunner } from '../../../src/core/suite/run';

const SUITE = `@user = ada

### Log in
# @name login
POST {{baseUrl}}/login
Content-Type: application/json

{ "user": "{{user}}" }

?? status == 200
?? header content-type includes application/json
?? body token exists
?? body $.roles[0] == admin
?? duration < 5000

###
# @name me
@auth = Bearer {{login.token}}
GET /me
Authorization: {{auth}}

?? status == 200
?? body name == Ada
?? body profile == {"city":"London","tags":["a"]}
?? body contains London

###
GET {{baseUrl}}/me
X-Trace: {{login.response.headers.x-trace}}

?? status == 401
?? body error matches ^unauth
`;

describe('request suites (.http with httpYac assertions)', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const json = (status: number, v: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(v));
        };
        if (req.url === '/login' && req.method === 'POST') return json(200, { token: `t-${(JSON.parse(body) as { user: string }).user}`, roles: ['admin'] }, { 'x-trace': 'abc' });
        if (req.url === '/me' && req.headers.authorization === 'Bearer t-ada') return json(200, { name: 'Ada', profile: { city: 'London', tags: ['a'] } });
        if (req.url === '/me') return json(401, { error: 'unauthorized', trace: req.headers['x-trace'] ?? null });
        json(404, { error: 'not found' });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('parses variables, names, headers, bodies and assertions with their lines', () => {
    const s = parseSuite(SUITE);
    assert.deepEqual(s.variables, [{ name: 'user', value: 'ada', line: 1 }]);
    assert.deepEqual(s.requests.map((r) => [r.name, r.method, r.url, r.line]), [['login', 'POST', '{{baseUrl}}/login', 5], ['me', 'GET', '/me', 19], ['GET {{baseUrl}}/me', 'GET', '{{baseUrl}}/me', 28]]);
    assert.deepEqual(s.requests[0].headers, [{ name: 'Content-Type', value: 'application/json' }]);
    assert.equal(s.requests[0].body, '{ "user": "{{user}}" }');
    assert.deepEqual(s.requests[0].assertions.map((a) => [a.field, a.target, a.predicate, a.expected, a.line]), [
      ['status', undefined, '==', '200', 10],
      ['header', 'content-type', 'includes', 'application/json', 11],
      ['body', 'token', 'exists', '', 12],
      ['body', '$.roles[0]', '==', 'admin', 13],
      ['duration', undefined, '<', '5000', 14],
    ]);
    assert.deepEqual(s.requests[1].variables, [{ name: 'auth', value: 'Bearer {{login.token}}', line: 18 }]);
    assert.deepEqual(s.problems, []);
  });

  it('runs in order: captures from a named response feed later requests (httpYac and REST Client references)', async () => {
    const results = await new SuiteRunner({ baseUrl: base }).runSuite('s.http', parseSuite(SUITE));
    assert.deepEqual(results.map((r) => [r.name, r.status, r.passed]), [['login', 200, true], ['me', 200, true], ['GET {{baseUrl}}/me', 401, true]]);
    assert.ok(results.every((r) => r.assertions.every((a) => a.passed)), JSON.stringify(results, null, 2));
  });

  it('a failed expectation says what was expected and what came, with a diff for JSON', async () => {
    const suite = parseSuite(`# @name login\nPOST ${base}/login\n\n{"user":"bob"}\n\n?? status == 201\n?? body roles == ["admin","editor"]\n?? header x-missing exists\n?? body token startsWith t-b\n`);
    const [r] = await new SuiteRunner({ baseUrl: base }).runSuite('f.http', suite);
    assert.equal(r.passed, false);
    assert.deepEqual(r.assertions.map((a) => a.passed), [false, false, false, true]);
    assert.equal(r.assertions[0].message, 'status\n  expected: == 201\n  actual:   200');
    assert.equal(r.assertions[1].message, 'body roles differs (- expected, + actual):\n  [\n-   "admin",\n-   "editor"\n+   "admin"\n  ]');
    assert.equal(r.assertions[2].message, 'header x-missing\n  expected: exists\n  actual:   (missing)');
    const text = resultLine(r);
    assert.match(text, /✗ login {2}POST http:\/\/127\.0\.0\.1:\d+\/login {2}200/);
    assert.match(text, /\?\? status == 201 {2}\(line 6\)/);
    assert.match(text, /response body \(200\):\n\s+\{"token":"t-bob","roles":\["admin"\]\}/);
  });

  it('a broken suite gives line and column; the other requests still run', async () => {
    const broken = `GET ${base}/me\n\n?? status = 401\n\n###\nFETCH ${base}/me\n\n###\nGET ${base}/me\n?? stauts == 401\n\n###\nGET ${base}/me\n\n?? status == 401\n\n###\nGET {{nope}}/me\n`;
    const suite = parseSuite(broken);
    const results = await new SuiteRunner({ baseUrl: base }).runSuite('b.http', suite);
    assert.deepEqual(results.map((r) => r.passed), [false, false, false, true, false]);
    assert.match(results[0].error!, /^b\.http:3:1: cannot read the assertion "\?\? status = 401"/);
    assert.match(results[1].error!, /^b\.http:6:1: unknown method "FETCH"/);
    assert.match(results[2].error!, /^b\.http:10:4: unknown assertion field "stauts"/);
    assert.equal(results[3].status, 401);
    assert.match(results[4].error!, /^b\.http:18:1: \{\{nope\}\} is not defined/);
  });

  it('sends only to loopback: another host is refused without a connection', async () => {
    const [r] = await new SuiteRunner({ baseUrl: base }).runSuite('x.http', parseSuite('GET http://example.com/\n\n?? status == 200\n'));
    assert.equal(r.passed, false);
    assert.match(r.error!, /not this machine/);
  });

  it('JSON paths: $.a.b[0], $["x y"], httpYac a.b.0', () => {
    const v = { a: { b: [{ c: 1 }] }, 'x y': true };
    assert.deepEqual(atPath(v, '$.a.b[0].c'), { found: true, value: 1 });
    assert.deepEqual(atPath(v, '$["x y"]'), { found: true, value: true });
    assert.deepEqual(atPath(v, 'a.b.0.c'), { found: true, value: 1 });
    assert.deepEqual(atPath(v, '$.a.z'), { found: false });
    assert.deepEqual(atPath(v, '$.a..b'), { found: false });
  });

  it('JUnit XML and JSON reports count failures and errors', async () => {
    const suite = parseSuite(`GET ${base}/me\n\n?? status == 200\n\n###\nGET ${base}/me\n\n?? status == 401\n\n###\nNOPE\n`);
    const results = await new SuiteRunner({ baseUrl: base }).runSuite('r.http', suite);
    const xml = junitXml(results, 1.5);
    assert.match(xml, /<testsuites name="bff-routes test" tests="3" failures="1" errors="1" time="1\.500">/);
    assert.match(xml, /<failure message="\?\? status == 200">\?\? status == 200 {2}\(line 3\)\n {2}status\n {4}expected: == 200\n {4}actual: {3}401/);
    assert.match(xml, /<error message="r\.http:11:1: expected a request line/);
    const json = JSON.parse(jsonReport(results, 1.5, base)) as { summary: { total: number; passed: number; failed: number } };
    assert.deepEqual(json.summary, { total: 3, passed: 1, failed: 2, seconds: 1.5 });
  });
});
