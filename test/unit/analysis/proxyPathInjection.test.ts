import { ruleSuite } from './harness';

const SLUG = `{ params }: { params: Promise<{ slug: string[] }> }`;

ruleSuite({
  rule: 'proxy-path-injection',
  positive: [
    ['the guide: new URL(slug.join(\'/\'), origin)', `export async function POST(request: Request, ${SLUG}) {\n  const { slug } = await params\n  const pathname = slug.join('/')\n  const proxyURL = ⟦new URL(pathname, 'https://nextjs.org')⟧\n  const proxyRequest = new Request(proxyURL, request)\n  return await fetch(proxyRequest)\n}\n`],
    ['a query parameter fetched directly', `export async function GET(request: Request) {\n  const target = new URL(request.url).searchParams.get('url')\n  return await fetch(⟦target!⟧)\n}\n`],
    ['nextUrl.searchParams in a NextRequest', `import type { NextRequest } from 'next/server'\nexport async function GET(request: NextRequest) {\n  return fetch(⟦request.nextUrl.searchParams.get('u')!⟧)\n}\n`],
    ['a host from a header in a template', `export async function GET(request: Request) {\n  const host = request.headers.get('x-upstream')\n  return fetch(⟦\`https://\${host}/api/items\`⟧)\n}\n`],
    ['a base from the body: ${x}/items', `export async function POST(request: Request) {\n  const { base } = await request.json()\n  return fetch(⟦\`\${base}/items\`⟧)\n}\n`],
    ['new URL(x) of a query value', `export async function GET(request: Request) {\n  const { searchParams } = new URL(request.url)\n  const url = ⟦new URL(searchParams.get('next') ?? '/')⟧\n  return fetch(url)\n}\n`],
    ['the pathname under a bare / ', `export async function GET(request: Request) {\n  const path = new URL(request.url).searchParams.get('p') ?? ''\n  return fetch(⟦new URL(\`/\${path}\`, 'https://api.example.com')⟧)\n}\n`],
    ['a header from next/headers', `import { headers } from 'next/headers'\nexport async function GET() {\n  const h = await headers()\n  return fetch(⟦'https://' + h.get('x-tenant')⟧)\n}\n`],
    ['a params value in new URL through context', `export async function GET(request: Request, context: { params: Promise<{ path: string }> }) {\n  const { path } = await context.params\n  return fetch(⟦new URL(path, 'https://api.example.com')⟧)\n}\n`],
    ['a host without a slash after it', `export async function GET(request: Request) {\n  const sub = new URL(request.url).searchParams.get('sub')\n  return fetch(⟦\`https://api.example.com\${sub}\`⟧)\n}\n`],
    ['pages/api req.query.url', `export default async function handler(req: any, res: any) {\n  const upstream = await fetch(⟦String(req.query.url)⟧)\n  res.status(upstream.status).send(await upstream.text())\n}\n`],
    ['form data', `export async function POST(request: Request) {\n  const form = await request.formData()\n  const target = String(form.get('callback'))\n  await fetch(⟦target⟧, { method: 'POST' })\n  return new Response(null, { status: 204 })\n}\n`],
    ['a URL kept in a const whose origin is the client\'s, then a query appended', `export async function GET(request: Request) {\n  const base = new URL(request.url).searchParams.get('base')\n  const apiUrl = ⟦\`\${base}/items\`⟧\n  return fetch(\`\${apiUrl}\${new URL(request.url).search}\`)\n}\n`],
    ['a proxy file forwarding to a header-chosen origin', `import { NextResponse, type NextRequest } from 'next/server'\nexport async function proxy(request: NextRequest) {\n  const origin = request.headers.get('x-origin') ?? ''\n  await fetch(⟦new URL('/ping', origin)⟧)\n  return NextResponse.next()\n}\n`, ],
  ],
  negative: [
    ['each segment encoded', `export async function GET(request: Request, ${SLUG}) {\n  const { slug } = await params\n  return fetch(new URL(slug.map(encodeURIComponent).join('/'), 'https://api.example.com/'))\n}\n`],
    ['origin checked after building', `export async function GET(request: Request, ${SLUG}) {\n  const { slug } = await params\n  const target = new URL(slug.join('/'), 'https://api.example.com/')\n  if (target.origin !== 'https://api.example.com') return new Response(null, { status: 400 })\n  return fetch(target)\n}\n`],
    ['a fixed origin followed by the client path', `export async function GET(request: Request, ${SLUG}) {\n  const { slug } = await params\n  return fetch(\`https://api.example.com/\${slug.join('/')}\`)\n}\n`],
    ['a fixed origin constant then the path', `const API = 'https://api.example.com'\nexport async function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q') ?? ''\n  return fetch(\`\${API}/search?q=\${q}\`)\n}\n`],
    ['a rooted path segment under a base', `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  const { id } = await params\n  return fetch(new URL(\`/items/\${id}\`, 'https://api.example.com'))\n}\n`],
    ['the request pathname after a fixed host', `import type { NextRequest } from 'next/server'\nexport async function GET(request: NextRequest) {\n  return fetch(\`https://api.example.com\${request.nextUrl.pathname}\`)\n}\n`],
    ['a value encoded with encodeURIComponent', `export async function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q') ?? ''\n  return fetch(new URL(encodeURIComponent(q), 'https://api.example.com/search/'))\n}\n`],
    ['an origin from the environment', `export async function GET() {\n  return fetch(new URL('/status', process.env.UPSTREAM_ORIGIN))\n}\n`],
    ['the fetched response headers are not the client', `export async function GET() {\n  const first = await fetch('https://api.example.com/start', { redirect: 'manual' })\n  const next = first.headers.get('location') ?? 'https://api.example.com/'\n  return fetch(next)\n}\n`],
    ['a relative first segment', `export async function GET(request: Request) {\n  const id = new URL(request.url).searchParams.get('id')\n  return fetch(new URL(\`items/\${id}\`, 'https://api.example.com/v1/'))\n}\n`],
    ['no client value at all', `export async function GET() {\n  const base = 'https://api.example.com'\n  return fetch(new URL('/x', base))\n}\n`],
    ['a fixed-origin URL kept in a const, then the client\'s query appended', `import type { NextRequest } from 'next/server'\nexport async function GET(req: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {\n  const { path } = await params\n  const apiUrl = \`\${process.env.API_URL}/\${path.join('/')}\`\n  return fetch(\`\${apiUrl}\${req.nextUrl.search}\`)\n}\n`],
    ['fetch in a string', `export async function GET(request: Request) {\n  const target = new URL(request.url).searchParams.get('url')\n  return new Response('fetch(' + target + ')')\n}\n`],
  ],
});
