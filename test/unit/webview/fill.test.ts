// "Fill from handler" applied to a request draft (plain data: the view's applyFill, no DOM): each body kind the
// handler's shape gives, and the query parameters it reads.
import * as assert from 'node:assert/strict';
import { extractRouteShape } from '../../../src/core/shape';
import { fillOf } from '../../../src/core/shape/fill';
import type { RouteView } from '../../../src/protocol';
import { applyFill, newDraft } from '../../../src/webview/state';

const route: RouteView = { pattern: '/api/x', file: '/w/app/api/x/route.ts', router: 'app', methods: ['POST'], params: [] };
const settings = { requestTimeoutMs: 30000, followRedirects: false };
const fillFor = (text: string) => fillOf(extractRouteShape('/w/app/api/x/route.ts', text).methods[0]);

describe('webview: Fill from handler on a draft', () => {
  it('a text body: the sample, sent as text/plain', () => {
    const d = newDraft('/w', route, settings);
    applyFill(d, fillFor('export async function POST(req: Request) {\n  return new Response(await req.text());\n}\n'));
    assert.deepEqual(d.body, { kind: 'text', text: 'Hello from BFF Routes', contentType: 'text/plain;charset=utf-8' });
  });

  it('JSON read unchecked: {}; a schema: its sample; the query parameters it reads are added, required ones on', () => {
    const d = newDraft('/w', route, settings);
    applyFill(d, fillFor('export async function POST(req: Request) {\n  const q = new URL(req.url).searchParams.get("q");\n  return Response.json({ q, b: await req.json() });\n}\n'));
    assert.deepEqual(d.body, { kind: 'json', text: '{}' });
    assert.deepEqual(d.query.map((r) => r.name), ['q']);
    const z = newDraft('/w', route, settings);
    applyFill(z, fillFor("import { z } from 'zod';\nconst S = z.object({ email: z.email() });\nexport async function POST(req: Request) {\n  return Response.json(S.parse(await req.json()));\n}\n"));
    assert.equal(z.body.kind, 'json');
    assert.match(z.body.kind === 'json' ? z.body.text : '', /"email": ".+@.+"/);
  });
});
