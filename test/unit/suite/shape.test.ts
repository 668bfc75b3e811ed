import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extractRouteShape } from '../../../src/core/shape';
import { parseSuite } from '../../../src/core/suite/parse';
import { SuiteRunner } from '../../../src/core/suite/run';
import { responseShapes } from '../../../src/core/suite/shapes';

const ROUTE = `import { NextResponse } from 'next/server';
interface Item { id: string; qty: number }
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (id === 'none') return NextResponse.json({ error: 'not found' }, { status: 404 });
  const item: Item = { id, qty: 1 };
  return NextResponse.json({ id: item.id, qty: 2, tags: ['a'] });
}
`;

const SUITE = `### matches
# @shape
GET /api/items/1

### does not match: qty is a string
# @shape
GET /api/items/bad

### 404 has its own shape
# @shape
GET /api/items/none

### a status the code never answers
# @shape
GET /api/items/teapot

### no route
# @shape
GET /nowhere
`;

describe('suite: # @shape, the response against the shape the handler\'s code answers', () => {
  let server: http.Server;
  let base: string;
  before(async () => {
    server = http.createServer((req, res) => {
      const id = (req.url ?? '').split('/').pop();
      const [status, body] = id === 'bad' ? [200, { id: 'bad', qty: 'two', tags: [] }] : id === 'none' ? [404, { error: 'not found' }] : id === 'teapot' ? [418, {}] : [200, { id, qty: 2, tags: ['a'] }];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('is a comment directive: parsed with its line, other tools run the request without it', () => {
    const s = parseSuite(SUITE);
    assert.deepEqual(s.requests.map((r) => r.shape?.line), [2, 6, 10, 14, 18]);
    assert.deepEqual(s.problems, []);
  });

  it('passes a body of the handler\'s shape, fails another with the paths that differ, and says why when the shape is not known', async () => {
    const shape = extractRouteShape('/app/app/api/items/[id]/route.ts', ROUTE, { pattern: '/api/items/[id]' });
    const runner = new SuiteRunner({ baseUrl: base, responseShape: responseShapes([{ pattern: '/api/items/[id]', shape }]) });
    const results = await runner.runSuite('items.http', parseSuite(SUITE));
    assert.deepEqual(results.map((r) => r.passed), [true, false, true, false, false]);
    assert.equal(results[0].assertions[0].text, '# @shape');
    assert.match(results[1].assertions[0].message ?? '', /does not match the handler's response shape for 200:\n {2}\$\.qty: expected integer, got string/);
    assert.match(results[3].assertions[0].message ?? '', /GET \/api\/items\/\[id\] has no response with status 418 in its code/);
    assert.match(results[4].assertions[0].message ?? '', /no route of the app serves \/nowhere/);
  });
});
