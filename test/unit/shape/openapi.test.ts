import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describeNextApp } from '../../../src/core/project/nextApps';
import { createModuleHost } from '../../../src/core/project/resolve';
import { appOpenApi } from '../../../src/core/shape/app';
import { openApiDocument, openApiPaths } from '../../../src/core/shape/openapi';
import { extractRouteShape } from '../../../src/core/shape';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a JSON document
type Doc = any;

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'next-app');

/** The official OpenAPI 3.1 schema, through @seriousme/openapi-schema-validator (ESM: a real dynamic import). */
async function validate(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const { Validator } = (await import('@seriousme/openapi-schema-validator')) as { Validator: new () => { validate(d: unknown): Promise<{ valid: boolean; errors?: unknown }>; version: string } };
  const v = new Validator();
  const r = await v.validate(doc);
  assert.equal(v.version, '3.1', 'validated as OpenAPI 3.1');
  return r;
}

describe('OpenAPI 3.1 from request shapes', () => {
  it('maps dynamic segments to path parameters; an optional catch-all gives two paths', () => {
    assert.deepEqual(openApiPaths('/api/users/[id]'), [{ path: '/api/users/{id}', params: [{ name: 'id', kind: 'single' }] }]);
    assert.deepEqual(openApiPaths('/docs/[...slug]'), [{ path: '/docs/{slug}', params: [{ name: 'slug', kind: 'catchAll' }] }]);
    assert.deepEqual(openApiPaths('/shop/[[...filters]]').map((p) => p.path), ['/shop', '/shop/{filters}']);
  });

  it('documents the fixture app: the imported zod schema, query parameters, status codes; validates against the 3.1 schema', async () => {
    const app = describeNextApp(FIXTURE);
    assert.ok(app);
    const doc = (await appOpenApi(app, { host: createModuleHost({ workspaceRoot: FIXTURE, appRoot: FIXTURE }) })) as { paths: Record<string, Record<string, Doc>> };
    const r = await validate(doc);
    assert.ok(r.valid, JSON.stringify(r.errors, null, 2));
    const orders = doc.paths['/api/orders'].post;
    const body = orders.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['email', 'customerId', 'items']);
    assert.deepEqual(body.properties.customerId, { type: 'string', format: 'uuid' });
    assert.deepEqual(body.properties.items.items.properties.quantity, { type: 'integer', minimum: 1, maximum: 99 });
    assert.deepEqual(Object.keys(orders.responses), ['201', '400']);
    const search = doc.paths['/api/search'].get;
    assert.deepEqual(search.parameters.map((p: Doc) => [p.name, p.in, p.required]), [['q', 'query', true], ['limit', 'query', false]]);
    const user = doc.paths['/api/users/{id}'];
    assert.deepEqual(user.get.parameters, [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    assert.deepEqual(Object.keys(user.delete.responses), ['204']);
    assert.ok(doc.paths['/api/ping'], 'the (marketing) group vanishes from the path');
    assert.match(doc.paths['/api/echo'].post.requestBody.description, /Shape not known statically: the handler types the body as `unknown`/);
  });

  it('a document with catch-alls, forms, headers, unknown parts and unreadable files still validates', async () => {
    const shape = (pattern: string, text: string) => ({ pattern, file: `app${pattern}/route.ts`, shape: extractRouteShape('/x/route.ts', text, { pattern }) });
    const doc = openApiDocument({ title: 't', version: '1' }, [
      shape('/docs/[...slug]', 'export function GET(req: Request) { return new Response("x", { headers: { "content-type": "text/html" } }); }'),
      shape('/shop/[[...filters]]', 'export function GET(req: Request) { const tags = new URL(req.url).searchParams.getAll("tag"); return Response.json(tags); }'),
      shape('/upload', 'export async function POST(req: Request) { const f = await req.formData(); const file = f.get("file"); if (!(file instanceof File)) return new Response(null, { status: 400 }); return Response.json({ ok: true }, { status: 201 }); }'),
      shape('/secure', 'import { S } from "pkg"; export async function PUT(req: Request) { if (!req.headers.get("authorization")) return new Response(null, { status: 401 }); S.parse(await req.json()); return Response.redirect(new URL("/", req.url)); }'),
      { pattern: '/broken', file: 'app/broken/route.ts', shape: { file: '/x', methods: [], params: [], unknown: 'too large' } },
    ]);
    const r = await validate(doc);
    assert.ok(r.valid, JSON.stringify(r.errors, null, 2));
    const paths = doc.paths as Record<string, Doc>;
    assert.match(paths['/docs/{slug}'].get.parameters[0].description, /Catch-all/);
    assert.deepEqual(Object.keys(paths).sort(), ['/broken', '/docs/{slug}', '/secure', '/shop', '/shop/{filters}', '/upload']);
    assert.deepEqual(paths['/upload'].post.requestBody.content['multipart/form-data'].schema, { type: 'object', properties: { file: { type: 'string', format: 'binary' } } });
    assert.deepEqual(paths['/secure'].put.parameters, [{ name: 'authorization', in: 'header', required: true, schema: { type: 'string' } }]);
    assert.ok(paths['/secure'].put.responses['302'].headers.Location);
  });
});
