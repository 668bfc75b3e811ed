// The false alarms and misses of issue #11 point 4, each fixed as a class: a negative case for the class and a
// positive case next to it, so that the fix did not blind the rule.
import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/index';
import { applyFix, expectMarked, only, parseMarked, run } from './harness';

describe('precision: a null check of request.body is not a read', () => {
  it('double-body-read: a check, then passing the body on, is one read', () => {
    expectMarked('double-body-read', `import { put } from '@vercel/blob'\nexport async function POST(request: Request) {\n  if (!request.body) return new Response('no body', { status: 400 })\n  const blob = await put('name', request.body, { access: 'public' })\n  return Response.json(blob)\n}\n`);
    expectMarked('double-body-read', `export async function POST(request: Request) {\n  if (request.body === null || typeof request.body === 'undefined') return new Response(null, { status: 400 })\n  return Response.json(await request.json())\n}\n`);
    expectMarked('double-body-read', `export async function POST(request: Request) {\n  const data = request.body ? await request.json() : {}\n  return Response.json(data)\n}\n`);
  });
  it('double-body-read: still flags the body passed on after a read', () => {
    expectMarked('double-body-read', `import { put } from '@vercel/blob'\nexport async function POST(request: Request) {\n  if (!request.body) return new Response('no body', { status: 400 })\n  const meta = await request.json()\n  const blob = await put(meta.name, ⟦request.body⟧, { access: 'public' })\n  return Response.json(blob)\n}\n`);
  });
  it('body-in-get: a null check in GET is no read, the body used is', () => {
    expectMarked('body-in-get', `export async function GET(request: Request) {\n  if (request.body) return new Response('GET takes no body', { status: 400 })\n  return new Response('ok')\n}\n`);
    expectMarked('body-in-get', `export async function GET(request: Request) {\n  return new Response(⟦request.body⟧)\n}\n`);
  });
});

describe('precision: body-in-get on a shared handler that tests the method', () => {
  const exported = (body: string) => `async function handler(req: Request) {\n${body}\n}\nexport { handler as GET, handler as POST }\n`;
  it('does not flag reads a method test rules out for GET', () => {
    expectMarked('body-in-get', exported(`  const input = req.method === 'GET' ? Object.fromEntries(new URL(req.url).searchParams) : await req.json()\n  return Response.json(input)`));
    expectMarked('body-in-get', exported(`  let input: unknown = null\n  if (req.method === 'POST') input = await req.json()\n  return Response.json(input)`));
    expectMarked('body-in-get', exported(`  if (req.method === 'GET') {\n    return Response.json({ items: [] })\n  }\n  return Response.json(await req.json())`));
    expectMarked('body-in-get', exported(`  switch (req.method) {\n    case 'PUT':\n    case 'POST':\n      return Response.json(await req.json())\n    default:\n      return new Response('ok')\n  }`));
    expectMarked('body-in-get', exported(`  const input = ['POST', 'PUT'].includes(req.method) ? await req.json() : null\n  return Response.json(input)`));
    expectMarked('body-in-get', exported(`  const input = req.method !== 'GET' && req.method !== 'HEAD' ? await req.text() : ''\n  return new Response(input)`));
    // the test held in a const (the generator's proxy template), and `export const GET = handler`
    expectMarked('body-in-get', exported(`  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'\n  return fetch('https://api.example.com', { method: req.method, body: hasBody ? await req.arrayBuffer() : undefined })`));
    expectMarked('body-in-get', `async function handler(req: Request) {\n  const isPost = req.method === 'POST'\n  const write = isPost\n  if (write) return Response.json(await req.json())\n  return new Response('ok')\n}\nexport const GET = handler\nexport const POST = handler\n`);
  });
  it('still flags reads that run for GET', () => {
    expectMarked('body-in-get', exported(`  const input = req.method === 'POST' ? Object.fromEntries(new URL(req.url).searchParams) : await ⟦req.json()⟧\n  return Response.json(input)`));
    expectMarked('body-in-get', exported(`  if (req.method === 'DELETE') return new Response(null)\n  return Response.json(await ⟦req.json()⟧)`));
    expectMarked('body-in-get', exported(`  switch (req.method) {\n    case 'GET':\n    case 'POST':\n      return Response.json(await ⟦req.json()⟧)\n    default:\n      return new Response('ok')\n  }`));
    expectMarked('body-in-get', exported(`  if (req.method.toUpperCase() === 'GET' || Math.random() > 0.5) console.log('x')\n  return Response.json(await ⟦req.json()⟧)`));
    expectMarked('body-in-get', exported(`  const hasBody = req.method !== 'POST'\n  return fetch('https://api.example.com', { method: req.method, body: hasBody ? await ⟦req.arrayBuffer()⟧ : undefined })`));
    // `export const GET = handler` is the local function, read as GET
    expectMarked('body-in-get', `async function handler(req: Request) {\n  return Response.json(await ⟦req.json()⟧)\n}\nexport const GET = handler\n`);
  });
});

describe('precision: body-in-get through a helper that tests the method before reading', () => {
  // The catch-all proxy shape: GET and POST hand the request to one forwarder that reads the body for POST only.
  const proxy = (read: string) => `async function forward(request: Request, path: string) {\n  const res = await fetch(\`https://api.example.com/\${encodeURIComponent(path)}\`, { method: request.method, body: ${read} })\n  return new Response(res.body, { status: res.status })\n}\nexport async function GET(request: Request) {\n  return ⟦forward(request, 'items')⟧\n}\nexport async function POST(request: Request) {\n  return forward(request, 'items')\n}\n`;
  it('a read the helper rules out for GET is not one, whichever shape the test takes', () => {
    expectMarked('body-in-get', proxy(`request.method === 'GET' ? undefined : await request.text()`).replace(/[⟦⟧]/g, ''));
    expectMarked('body-in-get', proxy(`['POST', 'PUT'].includes(request.method) ? await request.arrayBuffer() : null`).replace(/[⟦⟧]/g, ''));
    expectMarked('body-in-get', `async function input(req: Request) {\n  if (req.method === 'GET' || req.method === 'HEAD') return Object.fromEntries(new URL(req.url).searchParams)\n  return await req.json()\n}\nexport async function GET(req: Request) {\n  return Response.json(await input(req))\n}\n`);
  });
  it('still flags a helper that reads for GET, or rules out only HEAD', () => {
    expectMarked('body-in-get', proxy(`request.method === 'POST' ? undefined : await request.text()`));
    expectMarked('body-in-get', proxy(`await request.text()`));
    expectMarked('body-in-get', `async function input(req: Request) {\n  if (req.method === 'HEAD') return {}\n  return await req.json()\n}\nexport async function GET(req: Request) {\n  return Response.json(await ⟦input(req)⟧)\n}\n`);
  });
});

describe('precision: body-in-get on a request forwarded with its own method', () => {
  const shared = (init: string) => `async function handler(req: Request) {\n  const res = await fetch('https://api.example.com/x', ${init})\n  return new Response(res.body, { status: res.status })\n}\nexport { handler as GET, handler as POST }\n`;
  it('passing req.body on beside method: req.method forwards no body for GET', () => {
    expectMarked('body-in-get', shared(`{ method: req.method, headers: req.headers, body: req.body, duplex: 'half' } as RequestInit`));
    expectMarked('body-in-get', shared(`{ body: req.body as BodyInit | null, method: req.method }`));
    expectMarked('body-in-get', `async function forward(request: Request) {\n  return fetch('https://api.example.com/x', { method: request.method, body: request.body })\n}\nexport async function GET(request: Request) {\n  return forward(request)\n}\n`);
  });
  it('still flags the body passed with another method, another request\'s method, or none, and a body method read', () => {
    expectMarked('body-in-get', shared(`{ method: 'POST', body: ⟦req.body⟧ }`));
    expectMarked('body-in-get', `export async function GET(req: Request) {\n  const other = new Request('https://example.com', { method: 'POST' })\n  return fetch('https://api.example.com/x', { method: other.method, body: ⟦req.body⟧ })\n}\n`);
    expectMarked('body-in-get', shared(`{ body: ⟦req.body⟧ }`));
    expectMarked('body-in-get', shared(`{ method: req.method, body: await ⟦req.text()⟧ }`));
  });
});

describe('precision: leaked-error-message on the error of a result object (Supabase, Resend)', () => {
  const DB = `declare const db: { from(t: string): { select(): Promise<{ data: unknown[] | null; error: { message: string } | null }> } }\n`;
  const fixed = (text: string): string => {
    const [f] = run('leaked-error-message', text);
    assert.ok(f, 'a finding');
    assert.match(f.message, /derived from the returned error 'error'/);
    assert.equal(f.related[0]?.message, 'The returned error');
    return applyFix(text, f.fixes[0]);
  };
  it('the fix logs the error inside the if block that answers it', () => {
    const text = `${DB}export async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) {\n    return Response.json({ error: error.message }, { status: 500 })\n  }\n  return Response.json(data)\n}\n`;
    assert.match(fixed(text), /if \(error\) \{\n {4}console\.error\(error\)\n {4}return Response\.json\(\{ error: 'Internal Server Error' \}, \{ status: 500 \}\)/);
  });
  it('the fix does not log before a braceless if (the error is null on success)', () => {
    const text = `${DB}export async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) return Response.json({ error: error.message }, { status: 500 })\n  return Response.json(data)\n}\n`;
    const out = fixed(text);
    assert.doesNotMatch(out, /console\.error/);
    assert.match(out, /if \(error\) return Response\.json\(\{ error: 'Internal Server Error' \}, \{ status: 500 \}\)/);
  });
});

describe('leaked-error-message names the caught error a variable was assigned from', () => {
  it('`let message = …; if (error instanceof Error) message = error.message`: named, related, logged by the fix', () => {
    const text = `export async function GET() {\n  try {\n    return Response.json(await (await fetch('https://example.com')).json())\n  } catch (error) {\n    let message = 'Unknown error'\n    if (error instanceof Error) message = error.message\n    return Response.json({ message }, { status: 500 })\n  }\n}\n`;
    const [f] = run('leaked-error-message', text);
    assert.ok(f, 'a finding');
    assert.match(f.message, /derived from the caught error 'error'/);
    assert.deepEqual(f.related.map((r) => text.slice(r.span.start, r.span.end)), ['error']);
    assert.match(applyFix(text, f.fixes[0]), /console\.error\(error\)\n {4}return Response\.json\(\{ error: 'Internal Server Error' \}, \{ status: 500 \}\)/);
  });
});

describe('unescaped-markup inside a <script>: the escape that fits a script', () => {
  const page = (value: string) => `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<p>x</p><script>window.q = \${${value}}</script>\`, { headers: { 'content-type': 'text/html' } })\n}\n`;
  it('JSON.stringify(…) gets its < escaped (preferred); a raw value is made JSON first (offered, not preferred)', () => {
    const [json] = run('unescaped-markup', page('JSON.stringify(q)'));
    assert.match(json.message, /into a <script> unescaped/);
    assert.deepEqual([json.fixes[0].edits[0].newText, json.fixes[0].isPreferred], [`JSON.stringify(q).replace(/</g, '\\\\u003c')`, true]);
    const [raw] = run('unescaped-markup', page('q'));
    assert.deepEqual([raw.fixes[0].edits[0].newText, raw.fixes[0].isPreferred], [`JSON.stringify(q).replace(/</g, '\\\\u003c')`, false]);
  });
  it('after a closed </script> the markup escape applies', () => {
    const [f] = run('unescaped-markup', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<script>init()</script><p>\${q}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`);
    assert.match(f.fixes[0].edits[0].newText, /^escapeXml\(q\)$/);
  });
});

describe('precision: leaked-error-message sources and deliberate messages', () => {
  const run = (src: string, options?: Parameters<typeof analyzeSource>[1]) => analyzeSource({ file: '/app/app/api/x/route.ts', text: parseMarked(src).text }, { rules: only('leaked-error-message'), ...options }).findings;
  it('an error handed to a node-style callback is a source', () => {
    expectMarked('leaked-error-message', `import formidable from 'formidable'\nexport default function handler(req: any, res: any) {\n  formidable().parse(req, (err: any, fields: any) => {\n    if (err) return res.status(500).json(⟦{ error: err.message }⟧)\n    res.status(200).json(fields)\n  })\n}\n`, '/app/pages/api/upload.ts');
    expectMarked('leaked-error-message', `import zlib from 'node:zlib'\nexport async function POST(request: Request) {\n  const input = Buffer.from(await request.arrayBuffer())\n  return await new Promise<Response>((resolve) => {\n    zlib.gunzip(input, (error, out) => {\n      if (error) resolve(new Response(⟦String(error)⟧, { status: 500 }))\n      else resolve(new Response(out))\n    })\n  })\n}\n`);
    expectMarked('leaked-error-message', `export default function handler(req: any, res: any) {\n  req.on('error', (e: Error) => res.status(500).send(⟦e.stack⟧))\n  res.status(200).end()\n}\n`, '/app/pages/api/s.ts');
  });
  it('callbacks that take values first are not sources', () => {
    expectMarked('leaked-error-message', `export async function GET() {\n  const errors = [{ message: 'a' }]\n  return Response.json(errors.map((e) => e.message))\n}\n`);
    expectMarked('leaked-error-message', `import zlib from 'node:zlib'\nexport async function POST(request: Request) {\n  const input = Buffer.from(await request.arrayBuffer())\n  return await new Promise<Response>((resolve) => {\n    zlib.gunzip(input, (error, out) => {\n      if (error) {\n        console.error(error)\n        resolve(new Response('Bad gzip body', { status: 400 }))\n      } else resolve(new Response(out))\n    })\n  })\n}\n`);
    expectMarked('leaked-error-message', `export default function handler(req: any, res: any) {\n  req.on('data', (e: Buffer) => res.write(e))\n  req.on('end', () => res.end())\n}\n`, '/app/pages/api/s.ts');
  });
  it('a .catch fallback that becomes the response body leaks; a constant fallback does not', () => {
    expectMarked('leaked-error-message', `export async function GET() {\n  const data = await fetch('https://api.example.com/items').then((r) => r.json()).catch((e) => ({ items: [], error: e.message }))\n  return Response.json(⟦data⟧)\n}\n`);
    expectMarked('leaked-error-message', `export async function GET() {\n  const data = await fetch('https://api.example.com/items').then((r) => r.json(), (e: Error) => ({ error: e.message }))\n  return Response.json(⟦data⟧)\n}\n`);
    expectMarked('leaked-error-message', `export async function GET() {\n  const data = await fetch('https://api.example.com/items').then((r) => r.json()).catch((e) => {\n    console.error(e)\n    return { items: [], error: 'unavailable' }\n  })\n  return Response.json(data)\n}\n`);
  });
  const API_ERROR = `class ApiError extends Error {\n  constructor(message: string, readonly status = 400) { super(message) }\n}\nclass NotFound extends ApiError {}\n`;
  it('the message of an error narrowed to an error class the file declares is deliberate', () => {
    expectMarked('leaked-error-message', `${API_ERROR}export async function GET() {\n  try {\n    throw new NotFound('no such item')\n  } catch (error) {\n    if (error instanceof ApiError) return Response.json({ error: error.message }, { status: error.status })\n    console.error(error)\n    return Response.json({ error: 'Internal Server Error' }, { status: 500 })\n  }\n}\n`);
    expectMarked('leaked-error-message', `${API_ERROR}export async function GET() {\n  try {\n    throw new NotFound('no such item')\n  } catch (error) {\n    const message = error instanceof NotFound ? error.message : 'Internal Server Error'\n    return new Response(message, { status: 500 })\n  }\n}\n`);
  });
  it('still a leak: Error itself, a class from elsewhere, the same message outside the narrowing, or the setting', () => {
    expectMarked('leaked-error-message', `export async function GET() {\n  try {\n    return new Response('ok')\n  } catch (error) {\n    if (error instanceof Error) return Response.json(⟦{ error: error.message }⟧, { status: 500 })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
    expectMarked('leaked-error-message', `import { ApiError } from '@/lib/errors'\nexport async function GET() {\n  try {\n    return new Response('ok')\n  } catch (error) {\n    if (error instanceof ApiError) return Response.json(⟦{ error: error.message }⟧, { status: 400 })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
    expectMarked('leaked-error-message', `${API_ERROR}export async function GET() {\n  try {\n    return new Response('ok')\n  } catch (error) {\n    if (error instanceof ApiError) console.warn('api error')\n    return Response.json(⟦{ error: (error as Error).message }⟧, { status: 500 })\n  }\n}\n`);
    const src = `${API_ERROR}export async function GET() {\n  try {\n    throw new NotFound('no such item')\n  } catch (error) {\n    if (error instanceof ApiError) return Response.json({ error: error.message }, { status: error.status })\n    return new Response(null, { status: 500 })\n  }\n}\n`;
    assert.equal(run(src).length, 0);
    assert.equal(run(src, { appErrorMessages: 'leak' }).length, 1);
  });
  const ZOD = `import { z, ZodError } from 'zod'\nconst Body = z.object({ name: z.string() })\n`;
  it("a caught ZodError's issues answered with 400 are not a leak", () => {
    expectMarked('leaked-error-message', `${ZOD}export async function POST(request: Request) {\n  try {\n    const body = Body.parse(await request.json())\n    return Response.json(body)\n  } catch (error) {\n    if (error instanceof ZodError) return Response.json({ issues: error.issues }, { status: 400 })\n    console.error(error)\n    return new Response(null, { status: 500 })\n  }\n}\n`);
    expectMarked('leaked-error-message', `${ZOD}export default async function handler(req: any, res: any) {\n  try {\n    res.status(200).json(Body.parse(req.body))\n  } catch (e) {\n    if (e instanceof z.ZodError) return res.status(422).json({ errors: e.flatten() })\n    res.status(500).end()\n  }\n}\n`, '/app/pages/api/z.ts');
  });
  it('written as a shorthand property ({ error }): the same as { error: error }, for a ZodError and a result error', () => {
    expectMarked('leaked-error-message', `${ZOD}export async function POST(request: Request) {\n  try {\n    return Response.json(Body.parse(await request.json()))\n  } catch (error) {\n    if (error instanceof ZodError) return Response.json({ error }, { status: 400 })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
    const DB = `declare const db: { from(t: string): { select(): Promise<{ data: unknown[] | null; error: { message: string } | null }> } }\n`;
    expectMarked('leaked-error-message', `${DB}export async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) return Response.json({ data: null, error }, { status: 400 })\n  return Response.json(data)\n}\n`);
    expectMarked('leaked-error-message', `${DB}export async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) return Response.json(⟦{ data: null, error }⟧, { status: 500 })\n  return Response.json(data)\n}\n`);
  });
  const STRIPE = `import Stripe from 'stripe'\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)\n`;
  const webhook = (tryBody: string, answer: string): string => `${STRIPE}export async function POST(req: Request) {\n  const body = await req.text()\n  try {\n${tryBody}  } catch (err) {\n    return ${answer}\n  }\n  return Response.json({ received: true })\n}\n`;
  const VERIFY = `    const event = stripe.webhooks.constructEvent(body, req.headers.get('stripe-signature') ?? '', process.env.WHSEC!)\n`;
  it("the error of a try that only verifies the caller's signature (Stripe's constructEvent), answered with a 4xx, is the client's reason", () => {
    expectMarked('leaked-error-message', webhook(VERIFY, `new Response(\`Webhook Error: \${(err as Error).message}\`, { status: 400 })`));
    expectMarked('leaked-error-message', `${STRIPE}export async function POST(req: Request) {\n  let event: Stripe.Event\n  try {\n    event = stripe().webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec')\n  } catch (err) {\n    return Response.json({ error: err instanceof Error ? err.message : 'bad signature' }, { status: 400 })\n  }\n  return Response.json({ type: event.type })\n}\n`);
  });
  it('still a leak: a 5xx, the stack, or another call in the same try (its error may be the server\'s)', () => {
    expectMarked('leaked-error-message', webhook(VERIFY, `new Response(⟦\`Webhook Error: \${(err as Error).message}\`⟧, { status: 500 })`));
    expectMarked('leaked-error-message', webhook(VERIFY, `new Response(⟦(err as Error).stack⟧, { status: 400 })`));
    expectMarked('leaked-error-message', webhook(`${VERIFY}    await fulfil(event)\n`, `new Response(⟦\`Webhook Error: \${(err as Error).message}\`⟧, { status: 400 })`) + 'async function fulfil(e: unknown) { return e }\n');
  });
  it("a caught ZodError's message with a 5xx, or its stack with any status, is still a leak", () => {
    expectMarked('leaked-error-message', `${ZOD}export async function POST(request: Request) {\n  try {\n    return Response.json(Body.parse(await request.json()))\n  } catch (error) {\n    if (error instanceof ZodError) return Response.json(⟦{ error: error.message }⟧, { status: 500 })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
    expectMarked('leaked-error-message', `${ZOD}export async function POST(request: Request) {\n  try {\n    return Response.json(Body.parse(await request.json()))\n  } catch (error) {\n    if (error instanceof ZodError) return Response.json(⟦{ issues: error.issues, stack: error.stack }⟧, { status: 400 })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
  });
});

describe('precision: missing-response on a choice over a value it cannot prove open', () => {
  const ZOD = `import { z } from 'zod'\nconst Body = z.discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })])\n`;
  it('stays quiet on a switch without default or an else-if chain over a discriminated union or a parsed value', () => {
    expectMarked('missing-response', `${ZOD}export async function POST(request: Request) {\n  const body = Body.parse(await request.json())\n  switch (body.type) {\n    case 'a':\n      return Response.json({ a: true })\n    case 'b':\n      return Response.json({ b: true })\n  }\n}\n`);
    expectMarked('missing-response', `${ZOD}export async function POST(request: Request) {\n  const body = Body.parse(await request.json())\n  if (body.type === 'a') {\n    return Response.json({ a: true })\n  } else if (body.type === 'b') {\n    return Response.json({ b: true })\n  }\n}\n`);
    expectMarked('missing-response', `type Event = { kind: 'created' } | { kind: 'deleted' }\nfunction decode(x: unknown): Event { return x as Event }\nexport async function POST(request: Request) {\n  const event = decode(await request.json())\n  switch (event.kind) {\n    case 'created':\n    case 'deleted':\n      return new Response(null, { status: 204 })\n  }\n}\n`);
  });
  it('still reports a branch that falls through by syntax, or a value shown open', () => {
    expectMarked('missing-response', `${ZOD}export async function ⟦POST⟧(request: Request) {\n  const body = Body.parse(await request.json())\n  switch (body.type) {\n    case 'a':\n      return Response.json({ a: true })\n    case 'b':\n      console.log('b')\n      break\n  }\n}\n`);
    expectMarked('missing-response', `${ZOD}export async function ⟦POST⟧(request: Request) {\n  const body = Body.parse(await request.json())\n  if (body.type === 'a') {\n    return Response.json({ a: true })\n  } else if (body.type === 'b') {\n    console.log('b')\n  }\n}\n`);
    expectMarked('missing-response', `export async function ⟦POST⟧(request: Request) {\n  const body = await request.json()\n  switch (body.type) {\n    case 'a':\n      return Response.json({ a: true })\n  }\n}\n`);
    expectMarked('missing-response', `export async function ⟦GET⟧(request: Request) {\n  const mode = new URL(request.url).searchParams.get('mode')\n  if (mode === 'a') return Response.json({ a: true })\n  else if (mode === 'b') return Response.json({ b: true })\n}\n`);
    expectMarked('missing-response', `export async function ⟦GET⟧(request: Request, { params }: { params: Promise<{ kind: string }> }) {\n  const { kind } = await params\n  switch (kind) {\n    case 'a':\n      return Response.json({ a: true })\n  }\n}\n`);
  });
});

describe('precision: leaked-error-message in a streamed body (ReadableStream controller.enqueue)', () => {
  const stream = (start: string, catchBody: string): string => `export async function POST() {\n  const enc = new TextEncoder()\n  const stream = new ReadableStream({\n    ${start} {\n      try {\n        controller.enqueue(enc.encode('ok'))\n      } catch (err) {\n${catchBody}      }\n      controller.close()\n    },\n  })\n  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } })\n}\n`;
  it("a caught error's message enqueued as a chunk (SSE JSON, encoded), from start() or a start arrow, is a leak with no fix", () => {
    const [f] = expectMarked('leaked-error-message', stream('async start(controller)', `        const message = err instanceof Error ? err.message : 'failed'\n        controller.enqueue(⟦enc.encode(\`data: \${JSON.stringify({ type: 'error', message })}\\n\\n\`)⟧)\n`));
    assert.match(f.message, /^controller\.enqueue\(\) sends/);
    assert.deepEqual(f.fixes, []);
    expectMarked('leaked-error-message', stream('start: async (controller) =>', `        controller.enqueue(⟦(err as Error).message⟧)\n`));
  });
  it('through a same-file send() helper that enqueues its argument', () => {
    const text = `export async function POST() {\n  const encoder = new TextEncoder()\n  const stream = new ReadableStream({\n    start: async (controller) => {\n      const send = (event: object) => controller.enqueue(encoder.encode(\`data: \${JSON.stringify(event)}\\n\\n\`))\n      try {\n        send({ type: 'start' })\n      } catch (error) {\n        const message = error instanceof Error ? error.message : 'Unknown error'\n        send({ type: 'error', message })\n      }\n      controller.close()\n    },\n  })\n  return new Response(stream)\n}\n`;
    assert.equal(run('leaked-error-message', text).length, 1);
  });
  it('not a leak: a fixed message enqueued, or enqueue on something that is not a stream controller', () => {
    expectMarked('leaked-error-message', stream('async start(controller)', `        console.error(err)\n        controller.enqueue(enc.encode('data: {"type":"error","message":"Generation failed"}\\n\\n'))\n`));
    expectMarked('leaked-error-message', `declare const jobs: { enqueue(x: unknown): void }\nexport async function POST() {\n  try {\n    return Response.json({ ok: true })\n  } catch (err) {\n    jobs.enqueue({ failed: (err as Error).message })\n    return new Response(null, { status: 500 })\n  }\n}\n`);
  });
});
