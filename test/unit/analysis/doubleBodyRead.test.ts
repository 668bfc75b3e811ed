import { ruleSuite } from './harness';

const guideClone = `export async function POST(request: Request) {
  try {
    const clonedRequest = request.clone()

    await request.body()
    await clonedRequest.body()
    await ⟦request.body()⟧ // Throws error

    return new Response(null, { status: 204 })
  } catch {
    return new Response(null, { status: 500 })
  }
}
`;

ruleSuite({
  rule: 'double-body-read',
  positive: [
    ['the guide clone example (request.body() twice)', guideClone],
    ['json then text', `export async function POST(request: Request) {\n  const a = await request.json()\n  const b = await ⟦request.text()⟧\n  return Response.json({ a, b })\n}\n`],
    ['json twice, reuse fix', `export async function POST(request: Request) {\n  const data = await request.json()\n  if (data) {\n    return Response.json(await ⟦request.json()⟧)\n  }\n  return new Response(null, { status: 400 })\n}\n`],
    ['read in a loop', `export async function POST(request: Request) {\n  for (const _ of [1, 2]) {\n    await ⟦request.text()⟧\n  }\n  return new Response(null)\n}\n`],
    ['after an if without early return', `export async function PUT(request: Request) {\n  if (request.headers.get('x')) {\n    await request.formData()\n  }\n  const body = await ⟦request.json()⟧\n  return Response.json(body)\n}\n`],
    ['clone after read', `export async function POST(request: Request) {\n  const body = await request.json()\n  const copy = ⟦request.clone()⟧\n  return Response.json({ body, copy: copy.url })\n}\n`],
    ['read then fetch(request)', `export async function POST(request: Request) {\n  const body = await request.text()\n  const res = await ⟦fetch(request)⟧\n  return new Response(body + res.status)\n}\n`],
    ['read then new Request(url, request)', `export async function POST(request: Request) {\n  const body = await request.arrayBuffer()\n  const forward = ⟦new Request('https://example.com', request)⟧\n  return fetch(forward).then(() => new Response(body))\n}\n`],
    ['alias of the request', `export async function POST(request: Request) {\n  const req = request\n  await request.blob()\n  await ⟦req.text()⟧\n  return new Response(null)\n}\n`],
    ['the clone read twice', `export async function POST(request: Request) {\n  const copy = request.clone()\n  await copy.json()\n  await ⟦copy.json()⟧\n  return new Response(await request.text())\n}\n`],
    ['read in try, again in catch', `export async function POST(request: Request) {\n  try {\n    return Response.json(await request.json())\n  } catch {\n    return new Response(await ⟦request.text()⟧, { status: 400 })\n  }\n}\n`],
    ['same-file helper reads the body', `async function parse(r: Request) {\n  return r.json()\n}\nexport async function POST(request: Request) {\n  const a = await parse(request)\n  const b = await ⟦request.json()⟧\n  return Response.json({ a, b })\n}\n`],
    ['two reads in one expression', `export async function POST(request: Request) {\n  const [a, b] = await Promise.all([request.json(), ⟦request.text()⟧])\n  return Response.json({ a, b })\n}\n`],
    ['.body stream then json()', `export async function POST(request: Request) {\n  const stream = request.body\n  const data = await ⟦request.json()⟧\n  return Response.json({ data, s: !!stream })\n}\n`],
    ['a NextRequest in proxy.ts', `import { NextResponse, type NextRequest } from 'next/server'\nexport async function proxy(request: NextRequest) {\n  await request.text()\n  await ⟦request.text()⟧\n  return NextResponse.next()\n}\n`],
  ],
  negative: [
    ['exclusive branches', `export async function POST(request: Request) {\n  if (request.headers.get('content-type') === 'application/json') {\n    return Response.json(await request.json())\n  } else {\n    return new Response(await request.text())\n  }\n}\n`],
    ['early return', `export async function POST(request: Request) {\n  if (request.method === 'HEAD') {\n    const t = await request.text()\n    return new Response(t)\n  }\n  return Response.json(await request.json())\n}\n`],
    ['clone and original read once each', `export async function POST(request: Request) {\n  const copy = request.clone()\n  const a = await copy.json()\n  const b = await request.text()\n  return Response.json({ a, b })\n}\n`],
    ['the guide proxy example', `export async function POST(request: Request, { params }: { params: Promise<{ slug: string[] }> }) {\n  const clonedRequest = request.clone()\n  const isValid = await isValidRequest(clonedRequest)\n  if (!isValid) {\n    return new Response(null, { status: 400, statusText: 'Bad Request' })\n  }\n  const { slug } = await params\n  const proxyRequest = new Request(new URL(slug.join('/'), 'https://nextjs.org'), request)\n  return fetch(proxyRequest)\n}\ndeclare function isValidRequest(r: Request): Promise<boolean>\n`],
    ['switch cases', `export async function POST(request: Request) {\n  switch (request.headers.get('x')) {\n    case 'a':\n      return Response.json(await request.json())\n    case 'b':\n      return new Response(await request.text())\n    default:\n      return new Response(await request.blob())\n  }\n}\n`],
    ['ternary', `export async function POST(request: Request) {\n  const v = request.headers.has('j') ? await request.json() : await request.text()\n  return Response.json(v)\n}\n`],
    ['a loop that breaks after reading', `export async function POST(request: Request) {\n  let v: unknown\n  for (const k of ['a']) {\n    if (k) {\n      v = await request.json()\n      break\n    }\n  }\n  return Response.json(v)\n}\n`],
    ['bodyUsed and headers are not reads', `export async function POST(request: Request) {\n  if (request.bodyUsed) return new Response(null)\n  const t = request.headers.get('x')\n  return Response.json({ t, body: await request.json() })\n}\n`],
    ['two different requests', `export async function POST(request: Request) {\n  const other = new Request('https://example.com', { method: 'POST', body: 'x' })\n  await other.text()\n  return new Response(await request.text())\n}\n`],
    ['reads inside separate callbacks run at other times', `export async function POST(request: Request) {\n  const a = () => request.json()\n  const b = () => request.text()\n  return Response.json({ a: typeof a, b: typeof b })\n}\n`],
    ['throw in the first branch', `export async function POST(request: Request) {\n  if (!request.headers.get('x')) {\n    await request.text()\n    throw new Error('no header')\n  }\n  return Response.json(await request.json())\n}\n`],
  ],
});
