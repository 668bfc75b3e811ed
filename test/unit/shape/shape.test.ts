import * as assert from 'node:assert/strict';
import ts from 'typescript';
import * as z4 from 'zod';
import * as z3 from 'zod/v3';
import { extractRouteShape, sampleOf, validateShape, type JsonSchema, type MethodShape } from '../../../src/core/shape';
import { plainHost } from '../../support/moduleHost';
import { CASES, type ShapeCase } from './cases';

const FILE = '/app/app/api/things/route.ts';

function routeText(c: ShapeCase): string {
  const imp = { zod: "import { z } from 'zod';", zod3: "import { z } from 'zod/v3';", valibot: "import * as v from 'valibot';", type: '' }[c.kind];
  const use = c.use ?? (c.kind === 'type' ? 'const body = (await request.json()) as Body;\n  void body;' : 'const r = Schema.safeParse(await request.json());\n  void r;');
  return `${imp}\n${c.decl}\nexport async function POST(request: Request) {\n  ${use}\n  return Response.json({ ok: true });\n}\n`;
}

/** The case's schema built by the real zod: its own declaration run, or the equivalent zod expression. */
function realSchema(c: ShapeCase): { safeParse(v: unknown): { success: boolean; error?: unknown } } {
  if (c.zod !== undefined) return new Function('z', `return ${c.zod};`)(z4) as ReturnType<typeof realSchema>;
  const js = ts.transpileModule(c.decl, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  return new Function('z', `${js}\nreturn Schema;`)(c.kind === 'zod3' ? z3 : z4) as ReturnType<typeof realSchema>;
}

function post(text: string, host = plainHost({})): MethodShape {
  const shape = extractRouteShape(FILE, text, { host });
  const m = shape.methods.find((x) => x.method === 'POST' || x.method === 'GET');
  assert.ok(m, `a method is extracted from:\n${text}`);
  return m;
}

function bodySchema(m: MethodShape): JsonSchema {
  assert.equal(m.body.kind, 'json', `a JSON body shape, got ${JSON.stringify(m.body)}`);
  return (m.body as { schema: JsonSchema }).schema;
}

describe('request shapes: schemas and types', () => {
  it(`covers at least 30 shapes (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
  });

  for (const c of CASES) {
    describe(c.name, () => {
      it('extracts a shape whose sample is the expected one and passes the real zod safeParse', () => {
        const schema = bodySchema(post(routeText(c)));
        const sample = sampleOf(schema);
        assert.deepEqual(sample, c.sample);
        const real = realSchema(c).safeParse(sample);
        assert.ok(real.success, `zod rejects the sample: ${JSON.stringify(real.error)}`);
        assert.deepEqual(validateShape(sample, schema), [], 'the sample passes the extracted shape');
      });
      it('gives the wrong body its errors with their JSON paths, and real zod rejects it too', () => {
        const schema = bodySchema(post(routeText(c)));
        assert.deepEqual(validateShape(c.wrong, schema).map((e) => `${e.path}: ${e.message}`), c.errors);
        assert.equal(realSchema(c).safeParse(c.wrong).success, false, 'zod rejects the wrong body');
      });
    });
  }
});

describe('request shapes: imports, bad input and bounds', () => {
  it('follows a schema imported through tsconfig paths (@/lib/schemas) and its re-export', () => {
    const host = plainHost({
      '/app/lib/schemas/index.ts': "export { Order } from './order';",
      '/app/lib/schemas/order.ts': "import { z } from 'zod';\nexport const Order = z.object({ email: z.string().email(), qty: z.number().int().min(1) });",
    });
    const text = "import { Order } from '@/lib/schemas';\nexport async function POST(req: Request) {\n  const parsed = Order.safeParse(await req.json());\n  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });\n  return Response.json({ ok: true }, { status: 201 });\n}\n";
    const m = post(text, host);
    assert.deepEqual(sampleOf(bodySchema(m)), { email: 'ada@example.com', qty: 1 });
    assert.deepEqual(host.reads, ['/app/lib/schemas/index.ts', '/app/lib/schemas/order.ts']);
    assert.equal(m.body.kind === 'json' && m.body.source, 'zod');
    assert.deepEqual(m.responses.map((r) => r.status), [201, 400]);
  });

  it('follows an imported interface', () => {
    const host = plainHost({ '/app/types/order.ts': 'export interface CreateOrder { sku: string; qty?: number }' });
    const m = post("import type { CreateOrder } from '@/types/order';\nexport async function POST(req: Request) {\n  const o = (await req.json()) as CreateOrder;\n  return Response.json(o);\n}\n", host);
    assert.deepEqual(bodySchema(m), { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } }, required: ['sku'] });
  });

  const unknownCases: Array<[string, string, RegExp]> = [
    ['a schema from a package', "import { Schema } from 'some-sdk';\nexport async function POST(req: Request) { Schema.parse(await req.json()); return new Response(null); }", /package 'some-sdk'/],
    ['a schema built at run time', "import { z } from 'zod';\nconst Schema = makeSchema(z);\nexport async function POST(req: Request) { Schema.parse(await req.json()); return new Response(null); }", /makeSchema\(\) is not a schema/],
    ['the body read as bytes', 'export async function POST(req: Request) { const b = await req.blob(); return new Response(b); }', /as bytes \(request\.blob\(\)\)/],
    ['the request handed to a helper', 'export async function POST(req: Request) { return handle(req); }', /handed to handle\(\)/],
    ['a recursive z.lazy schema', "import { z } from 'zod';\nconst Schema = z.lazy(() => z.object({ children: z.array(Schema) }));\nexport async function POST(req: Request) { Schema.parse(await req.json()); return new Response(null); }", /recursive/],
    ['a schema naming itself', "import { z } from 'zod';\nconst Schema: any = z.object({ a: Schema });\nexport async function POST(req: Request) { Schema.parse(await req.json()); return new Response(null); }", /^$/],
    ['an unresolved import without a host', "import { S } from './s';\nexport async function POST(req: Request) { S.parse(await req.json()); return new Response(null); }", /does not resolve/],
  ];
  for (const [what, text, reason] of unknownCases) {
    it(`says why a shape is not known: ${what}`, () => {
      const m = post(text);
      if (reason.source === '^$') {
        // The recursion is cut inside the object: the field is unknown, the rest known.
        const s = bodySchema(m);
        assert.match(String(s.properties?.a?.['x-bff-unknown']), /refers to itself/);
        return;
      }
      assert.equal(m.body.kind, 'unknown', JSON.stringify(m.body));
      assert.match((m.body as { reason: string }).reason, reason);
    });
  }

  it('cuts a recursive type and a huge union with their reasons', () => {
    const members = Array.from({ length: 200 }, (_, i) => `'v${i}'`).join(' | ');
    const text = `type Tree = { name: string; children: Tree[] };\ntype Big = ${members};\ntype Body = { tree: Tree; big: Big };\nexport async function POST(req: Request) { const b = (await req.json()) as Body; return Response.json(b); }`;
    const s = bodySchema(post(text));
    assert.match(String(s.properties?.tree.properties?.children.items?.['x-bff-unknown']), /Tree refers to itself/);
    assert.match(String(s.properties?.big['x-bff-unknown']), /union of 200 types/);
    assert.deepEqual(sampleOf(s), { tree: { name: 'Ada Lovelace', children: [null] }, big: null });
  });

  it('bounds a schema of thousands of parts', () => {
    const fields = Array.from({ length: 6000 }, (_, i) => `f${i}: z.string()`).join(', ');
    const s = bodySchema(post(`import { z } from 'zod';\nconst Schema = z.object({ ${fields} });\nexport async function POST(req: Request) { Schema.parse(await req.json()); return new Response(null); }`));
    const unknown = Object.values(s.properties ?? {}).filter((p) => p['x-bff-unknown']);
    assert.ok(unknown.length > 0 && /more than 4000 schema parts/.test(String(unknown[0]['x-bff-unknown'])));
  });

  it('never throws, whatever text it is given (every prefix of a route file, a deep nest)', () => {
    const text = routeText(CASES[9]) + '\nexport function GET(request: NextRequest) { const q = request.nextUrl.searchParams.get("q"); return NextResponse.json({ q }, { status: 200 }); }';
    for (let i = 0; i <= text.length; i += 3) extractRouteShape(FILE, text.slice(0, i));
    const deep = `export async function POST(req: Request) { return ${'('.repeat(60_000)}1${')'.repeat(60_000)}; }`;
    const r = extractRouteShape(FILE, deep);
    assert.ok(r.unknown === undefined || /nested too deeply/.test(r.unknown));
  });

  it('reads query parameters, headers and their required checks', () => {
    const text = `import { NextResponse, type NextRequest } from 'next/server';
import { headers } from 'next/headers';
export async function GET(request: NextRequest) {
  const { searchParams } = request.nextUrl;
  const q = searchParams.get('q');
  const tags = request.nextUrl.searchParams.getAll('tag');
  const page = new URL(request.url).searchParams.get('page') ?? '1';
  if (!q) return NextResponse.json({ error: 'q is required' }, { status: 400 });
  const key = request.headers.get('X-Api-Key');
  if (key === null) return new Response('unauthorized', { status: 401 });
  const lang = (await headers()).get('accept-language');
  return NextResponse.json({ q, tags, page, lang });
}`;
    const m = post(text);
    assert.deepEqual(m.query.map((p) => [p.name, p.required, p.multiple]), [['q', true, false], ['tag', false, true], ['page', false, false]]);
    assert.deepEqual(m.headers.map((h) => [h.name, h.required]), [['x-api-key', true], ['accept-language', false]]);
    assert.deepEqual(m.responses.map((r) => [r.status, r.contentType]), [[200, 'application/json'], [400, 'application/json'], [401, undefined]]);
    assert.equal(m.body.kind, 'none');
  });

  it('reads a query schema applied to Object.fromEntries(searchParams)', () => {
    const text = `import { z } from 'zod';
const Query = z.object({ page: z.coerce.number().int().min(1).default(1), q: z.string() });
export function GET(req: Request) {
  const params = Query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(params);
}`;
    const m = post(text);
    assert.deepEqual(m.query.map((p) => [p.name, p.required, p.schema.type]), [['page', false, 'integer'], ['q', true, 'string']]);
  });

  it('reads form fields, files and a form schema', () => {
    const m = post(`export async function POST(request: Request) {
  const form = await request.formData();
  const title = form.get('title');
  const file = form.get('file');
  if (!(file instanceof File)) return Response.json({ error: 'file required' }, { status: 400 });
  if (!title) return Response.json({ error: 'title required' }, { status: 400 });
  const tags = form.getAll('tag');
  return Response.json({ title, tags, size: file.size }, { status: 201 });
}`);
    assert.equal(m.body.kind, 'form');
    assert.deepEqual(m.body.kind === 'form' && m.body.fields.map((f) => [f.name, f.type, f.multiple, f.required]), [['title', 'string', false, true], ['file', 'file', false, false], ['tag', 'string', true, false]]);
    const z = post(`import { z } from 'zod';
const Upload = z.object({ name: z.string(), avatar: z.instanceof(File) });
export async function POST(request: Request) {
  const data = Upload.parse(Object.fromEntries(await request.formData()));
  return Response.json({ name: data.name });
}`);
    assert.deepEqual(z.body.kind === 'form' && z.body.fields.map((f) => [f.name, f.type, f.required]), [['name', 'string', true], ['avatar', 'file', true]]);
  });

  it('collects status codes and literal response shapes (json, new Response, redirect, non-literal status)', () => {
    const m = post(`import { NextResponse } from 'next/server';
const CREATED = 201;
export async function POST(request: Request) {
  if (Math.random() > 2) return NextResponse.redirect(new URL('/x', request.url));
  if (Math.random() > 1) return new Response(null, { status: 204 });
  if (Math.random() > 0.5) return NextResponse.json({ error: 'bad', issues: [] }, { status: code() });
  return NextResponse.json({ id: 'o_1', total: 9.5, items: [{ sku: 'a' }] }, { status: CREATED });
}`);
    assert.deepEqual(m.responses.map((r) => r.status), [201, 204, 307, 'default']);
    assert.deepEqual(m.responses[0].schema, { type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' }, items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } } }, required: ['id', 'total', 'items'] });
  });

  it('gives path parameters from the route pattern', () => {
    const r = extractRouteShape('/app/app/docs/[...slug]/route.ts', 'export function GET() { return new Response("x"); }', { pattern: '/docs/[team]/[...slug]' });
    assert.deepEqual(r.params, [{ name: 'team', kind: 'single' }, { name: 'slug', kind: 'catchAll' }]);
  });
});
