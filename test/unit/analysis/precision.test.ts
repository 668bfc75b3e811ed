// The false alarms and misses of issue #11 point 4, each fixed as a class: a negative case for the class and a
// positive case next to it, so that the fix did not blind the rule.
import { expectMarked } from './harness';

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
  });
  it('still flags reads that run for GET', () => {
    expectMarked('body-in-get', exported(`  const input = req.method === 'POST' ? Object.fromEntries(new URL(req.url).searchParams) : await ⟦req.json()⟧\n  return Response.json(input)`));
    expectMarked('body-in-get', exported(`  if (req.method === 'DELETE') return new Response(null)\n  return Response.json(await ⟦req.json()⟧)`));
    expectMarked('body-in-get', exported(`  switch (req.method) {\n    case 'GET':\n    case 'POST':\n      return Response.json(await ⟦req.json()⟧)\n    default:\n      return new Response('ok')\n  }`));
    expectMarked('body-in-get', exported(`  if (req.method.toUpperCase() === 'GET' || Math.random() > 0.5) console.log('x')\n  return Response.json(await ⟦req.json()⟧)`));
  });
});
