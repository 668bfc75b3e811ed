import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { extractRouteShape } from '../../../src/core/shape';
import { bodyErrors, fillOf, handlerSummary } from '../../../src/core/shape/fill';
import { plainHost } from '../../support/moduleHost';

const FILE = '/app/app/api/orders/route.ts';
const ROUTE = `import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';

const CreateOrder = z.object({
  email: z.string().email(),
  items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().min(1) })).min(1),
  note: z.string().optional(),
});

export async function POST(request: NextRequest) {
  const dryRun = request.nextUrl.searchParams.get('dryRun');
  const parsed = CreateOrder.safeParse(await request.json());
  if (!parsed.success) return NextResponse.json({ error: 'invalid' }, { status: 400 });
  return NextResponse.json({ id: '1', dryRun }, { status: 201 });
}

export async function PUT(request: Request) {
  const form = await request.formData();
  const name = form.get('name');
  const avatar = form.get('avatar');
  if (typeof name !== 'string' || !(avatar instanceof File)) return new Response(null, { status: 422 });
  return new Response(null, { status: 204 });
}

export function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q');
  if (!q) return NextResponse.json({ error: 'q' }, { status: 400 });
  return NextResponse.json({ q });
}
`;
const Real = z.object({
  email: z.string().email(),
  items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().min(1) })).min(1),
  note: z.string().optional(),
});

function method(m: string) {
  const s = extractRouteShape(FILE, ROUTE, { host: plainHost({}), pattern: '/api/orders' });
  const found = s.methods.find((x) => x.method === m);
  assert.ok(found, m);
  return found;
}

describe('shape/fill: Fill from handler, body errors at their lines, the hover summary', () => {
  it('fills a JSON body that the real zod schema accepts, names its schema, lists query parameters with types', () => {
    const f = fillOf(method('POST'));
    assert.equal(f.body.kind, 'json');
    if (f.body.kind !== 'json') return;
    assert.equal(Real.safeParse(JSON.parse(f.body.text)).success, true, f.body.text);
    assert.equal(f.body.from, 'CreateOrder (zod)');
    assert.deepEqual(f.query.map((q) => [q.name, q.type, q.required]), [['dryRun', 'string', false]]);
    assert.deepEqual(f.statuses, [201, 400]);
    assert.deepEqual(bodyErrors(f.body.text, f.body.schema), []);
  });

  it('fills form fields (a file field makes it multipart)', () => {
    const f = fillOf(method('PUT'));
    assert.equal(f.body.kind, 'form');
    if (f.body.kind !== 'form') return;
    assert.equal(f.body.multipart, true);
    assert.deepEqual(f.body.fields.map((x) => [x.name, x.type]), [['name', 'string'], ['avatar', 'file']]);
    assert.equal(f.body.fields[0].value, 'Ada Lovelace');
  });

  it('a GET: no body, a required query parameter with a sample', () => {
    const f = fillOf(method('GET'));
    assert.deepEqual(f.body, { kind: 'none' });
    assert.deepEqual(f.query.map((q) => [q.name, q.required, q.sample]), [['q', true, 'example']]);
  });

  it('JSON read without a check is any JSON: filled with {}, no shape errors, and the hover says it is not checked', () => {
    const m = extractRouteShape(FILE, 'export async function POST(req: Request) {\n  const b = await req.json();\n  return Response.json(b);\n}\n').methods[0];
    const f = fillOf(m);
    assert.deepEqual(f.body, { kind: 'json', text: '{}', schema: {}, from: 'unchecked' });
    assert.deepEqual(bodyErrors('[1, "two", null]', {}), []);
    assert.match(handlerSummary(m), /\*\*JSON body:\*\* any JSON \(the handler reads request\.json\(\) without checking it/);
  });

  it('a body read as text is filled with a text sample; one read as bytes says why it has no shape', () => {
    const text = fillOf(extractRouteShape(FILE, 'export async function POST(req: Request) {\n  const t = await req.text();\n  return new Response(t);\n}\n').methods[0]);
    assert.deepEqual(text.body, { kind: 'text', text: 'Hello from BFF Routes' });
    const bytes = fillOf(extractRouteShape(FILE, 'export async function PUT(req: Request) {\n  await fetch("http://127.0.0.1:1/x", { method: "PUT", body: await req.arrayBuffer() });\n  return new Response(null);\n}\n').methods[0]);
    assert.deepEqual(bytes.body, { kind: 'unknown', reason: 'the handler forwards the body as bytes (request.arrayBuffer()) to fetch(): what it must carry is the upstream\'s to say' });
    const kept = fillOf(extractRouteShape(FILE, 'export async function PUT(req: Request) {\n  const b = await req.arrayBuffer();\n  return new Response(String(b.byteLength));\n}\n').methods[0]);
    assert.deepEqual(kept.body, { kind: 'unknown', reason: 'the handler reads the body as bytes (request.arrayBuffer()), which says nothing of what it must carry' });
    // A GET that reads bytes only for the other methods has no body (the shared proxy handler).
    const get = fillOf(extractRouteShape(FILE, 'export async function GET(req: Request) {\n  return fetch("http://127.0.0.1:1/x", { body: req.method === "GET" ? undefined : await req.arrayBuffer() });\n}\n').methods[0]);
    assert.deepEqual(get.body, { kind: 'none' });
  });

  it('maps each error of a typed body to its line: a wrong value at its key, a missing field at its object', () => {
    const f = fillOf(method('POST'));
    if (f.body.kind !== 'json') throw new Error('json');
    const text = '{\n  "email": "not-an-email",\n  "items": [\n    { "sku": "A1" },\n    { "sku": "", "qty": 0 }\n  ]\n}';
    const errs = bodyErrors(text, f.body.schema);
    assert.deepEqual(errs.map((e) => [e.line, e.path]), [[2, '$.email'], [4, '$.items[0].qty'], [5, '$.items[1].sku'], [5, '$.items[1].qty']]);
    assert.equal(errs[0].column, 3);
    assert.match(errs[1].message, /required/);
    // The real zod agrees the body is wrong on the same fields.
    const zr = Real.safeParse(JSON.parse(text));
    assert.equal(zr.success, false);
    assert.deepEqual([...new Set(zr.error!.issues.map((i) => i.path.join('.')))].sort(), ['email', 'items.0.qty', 'items.1.qty', 'items.1.sku']);
  });

  it('no shape errors for a body that is not JSON (its syntax problem is shown apart); an empty body is one error', () => {
    const schema = { type: 'object' as const, properties: { a: { type: 'string' as const } }, required: ['a'] };
    assert.deepEqual(bodyErrors('{ "a": ', schema), []);
    assert.deepEqual(bodyErrors('  ', schema).map((e) => e.line), [1]);
    assert.deepEqual(bodyErrors('[1]', schema).map((e) => [e.line, e.column, e.path]), [[1, 1, '$']]);
  });

  it('summarises a handler for the hover: body fields, query parameters, status codes', () => {
    const md = handlerSummary(method('POST'), '/api/orders');
    assert.match(md, /^\*\*POST \/api\/orders\*\*/);
    assert.match(md, /\*\*JSON body\*\* \(`CreateOrder`, zod\):\n- `email`: `string \(email\)`\n- `items`: `array`\n- `note`\?: `string`/);
    assert.match(md, /\*\*Query parameters:\*\*\n- `dryRun`\?: `string`/);
    assert.match(md, /\*\*Answers:\*\* 201 Created, 400 Bad Request/);
    assert.match(handlerSummary(method('PUT')), /- `avatar`\?: `file`\n[\s\S]*\*\*Answers:\*\* 204 No Content, 422 Unprocessable Content/);
    // Plain, for the sidebar's route tooltip: the same lines without the Markdown.
    const plain = handlerSummary(method('POST'), '/api/orders', true);
    assert.equal(plain, md.replace(/\*\*|`/g, '').replace(/(^|\n)_([^\n]*)_(?=\n|$)/g, '$1$2'));
    assert.match(plain, /^POST \/api\/orders\n\nJSON body \(CreateOrder, zod\):\n- email: string \(email\)/);
    assert.doesNotMatch(plain, /\*\*|`/);
  });

  it('the generator\'s templates: a body assigned inside try (`body = await request.json()`), a type guard `v is Input`, a form assigned in try', () => {
    const json = `import { z } from 'zod';
const InputSchema = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });
export async function POST(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'json' }, { status: 400 });
  }
  const parsed = InputSchema.safeParse(body);
  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });
  return Response.json(parsed.data, { status: 201 });
}
`;
    const zodFill = fillOf(extractRouteShape(FILE, json).methods[0]);
    assert.deepEqual(zodFill.body.kind === 'json' && JSON.parse(zodFill.body.text), { name: 'Ada Lovelace', quantity: 1 });
    const guard = `interface Input { name: string; quantity: number }
function isInput(value: unknown): value is Input {
  return typeof value === 'object' && value !== null;
}
export async function PATCH(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'json' }, { status: 400 });
  }
  if (!isInput(body)) return Response.json({ error: 'invalid' }, { status: 400 });
  return Response.json(body);
}
`;
    const guardFill = fillOf(extractRouteShape(FILE, guard).methods[0]);
    assert.equal(guardFill.body.kind === 'json' && guardFill.body.from, 'type');
    assert.deepEqual(guardFill.body.kind === 'json' && JSON.parse(guardFill.body.text), { name: 'Ada Lovelace', quantity: 1 });
    // The same guard written as an arrow function held in a const.
    const arrow = guard.replace("function isInput(value: unknown): value is Input {\n  return typeof value === 'object' && value !== null;\n}", "const isInput = (value: unknown): value is Input => typeof value === 'object' && value !== null;");
    assert.notEqual(arrow, guard);
    const arrowFill = fillOf(extractRouteShape(FILE, arrow).methods[0]);
    assert.deepEqual(arrowFill.body.kind === 'json' && JSON.parse(arrowFill.body.text), { name: 'Ada Lovelace', quantity: 1 });
    // A guard on something else than the body says nothing of it.
    const other = fillOf(extractRouteShape(FILE, guard.replace('isInput(body)', 'isInput(request)')).methods[0]).body;
    assert.equal(other.kind === 'json' && other.from, 'unchecked');
    // JavaScript writes the predicate in JSDoc (the generator's JS templates): read the same way.
    const jsGuard = `/** @returns {value is { name: string; quantity: number }} */
function isInput(value) {
  return typeof value === 'object' && value !== null;
}
export async function POST(request) {
  let body;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'json' }, { status: 400 });
  }
  if (!isInput(body)) return Response.json({ error: 'invalid' }, { status: 400 });
  return Response.json(body, { status: 201 });
}
`;
    const jsFill = fillOf(extractRouteShape('/w/app/api/x/route.js', jsGuard).methods[0]);
    assert.equal(jsFill.body.kind === 'json' && jsFill.body.from, 'type');
    assert.deepEqual(jsFill.body.kind === 'json' && JSON.parse(jsFill.body.text), { name: 'Ada Lovelace', quantity: 1 });
    // The JSON read inside Promise.all (the clone-body template): a body is read, with no shape to sample.
    const both = `export async function POST(request: Request) {
  const copy = request.clone();
  let raw: string;
  let payload: unknown;
  try {
    [raw, payload] = await Promise.all([copy.text(), request.json()]);
  } catch {
    return Response.json({ error: 'json' }, { status: 400 });
  }
  return Response.json({ bytes: raw.length, kind: typeof payload });
}
`;
    // (the clone-body template: any JSON gets past its read)
    assert.deepEqual(fillOf(extractRouteShape(FILE, both).methods[0]).body, { kind: 'json', text: '{}', schema: {}, from: 'unchecked' });
    // A function of the file that takes the request is read as part of the handler (the post-submit template).
    const submit = `async function submit(request: Request): Promise<void> {
  const text = await request.text();
  console.info(text.length);
}
export async function POST(request: Request) {
  await submit(request);
  return new Response(null, { status: 204 });
}
`;
    const submitted = extractRouteShape(FILE, submit).methods[0];
    assert.deepEqual(submitted.body, { kind: 'text' });
    assert.deepEqual(fillOf(submitted).body, { kind: 'text', text: 'Hello from BFF Routes' });
    const helper = `import { z } from 'zod';
const InputSchema = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });
const parseInput = async (req: Request) => InputSchema.parse(await req.json());
export async function POST(request: Request) {
  const input = await parseInput(request);
  return Response.json(input, { status: 201 });
}
`;
    const viaHelper = fillOf(extractRouteShape(FILE, helper).methods[0]);
    assert.deepEqual(viaHelper.body.kind === 'json' && JSON.parse(viaHelper.body.text), { name: 'Ada Lovelace', quantity: 1 });
    assert.deepEqual(viaHelper.statuses, [201]);
    // Following is bounded: a function that hands the request to itself is read once.
    const loop = `async function again(request: Request): Promise<Response> { return again(request); }
export async function POST(request: Request) { return again(request); }
`;
    assert.deepEqual(extractRouteShape(FILE, loop).methods[0].body, { kind: 'none' });
    // A JSDoc that is not a predicate (a plain boolean) says nothing of the body: read unchecked.
    const plain = fillOf(extractRouteShape('/w/app/api/x/route.js', jsGuard.replace('{value is { name: string; quantity: number }}', '{boolean}')).methods[0]).body;
    assert.equal(plain.kind === 'json' && plain.from, 'unchecked');
    const form = `export async function POST(request: Request) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ error: 'form' }, { status: 400 });
  }
  const fields = { email: form.get('email'), message: form.get('message') };
  return Response.json(fields);
}
`;
    const formFill = fillOf(extractRouteShape(FILE, form).methods[0]);
    assert.deepEqual(formFill.body.kind === 'form' && formFill.body.fields.map((f) => [f.name, f.value]), [['email', 'ada@example.com'], ['message', 'Some text']]);
  });
});
