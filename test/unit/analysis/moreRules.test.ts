import * as assert from 'node:assert/strict';
import { analyzeProjectFiles } from '../../../src/core/analysis/index';
import { ruleSuite } from './harness';

const P = '{ params }: { params: Promise<{ id: string }> }';
ruleSuite({
  rule: 'sync-params-access',
  positive: [
    ['params.id', `export async function GET(request: Request, ${P}) {\n  return Response.json({ id: ⟦params.id⟧ })\n}\n`],
    ['destructuring params', `export async function GET(request: Request, ${P}) {\n  const ⟦{ id }⟧ = params\n  return Response.json({ id })\n}\n`],
    ['context.params.id', `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  return Response.json({ id: ⟦context.params.id⟧ })\n}\n`],
    ['non-async handler (fix makes it async)', `export function DELETE(request: Request, ${P}) {\n  return new Response(⟦params.id⟧)\n}\n`],
    ['signature destructuring', `export async function GET(request: Request, { params: ⟦{ id }⟧ }: { params: Promise<{ id: string }> }) {\n  return Response.json({ id })\n}\n`],
    ['element access', `export async function GET(request: Request, ${P}) {\n  return new Response(⟦params['id']⟧)\n}\n`],
    ['nested destructuring from context', `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  const { params: ⟦{ id }⟧ } = context\n  return new Response(id)\n}\n`],
    ['const { params } = context then params.id', `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  const { params } = context\n  return new Response(⟦params.id⟧)\n}\n`],
    ['in a template', `export async function GET(request: Request, ${P}) {\n  return new Response(\`item \${⟦params.id⟧}\`)\n}\n`],
    ['arrow handler', `export const GET = async (request: Request, ${P}) => new Response(⟦params.id⟧)\n`],
    ['after an await elsewhere', `export async function PUT(request: Request, ${P}) {\n  const body = await request.text()\n  return new Response(body + ⟦params.id⟧)\n}\n`],
    ['two accesses', `export async function GET(request: Request, ${P}) {\n  return Response.json({ a: ⟦params.id⟧, b: ⟦params.id⟧ })\n}\n`],
  ],
  negative: [
    ['await params', `export async function GET(request: Request, ${P}) {\n  const { id } = await params\n  return new Response(id)\n}\n`],
    ['(await params).id', `export async function GET(request: Request, ${P}) {\n  return new Response((await params).id)\n}\n`],
    ['await context.params', `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  const { id } = await context.params\n  return new Response(id)\n}\n`],
    ['params.then', `export function GET(request: Request, ${P}) {\n  return params.then(({ id }) => new Response(id))\n}\n`],
    ['passing params on', `async function load(p: Promise<{ id: string }>) { return (await p).id }\nexport async function GET(request: Request, ${P}) {\n  return new Response(await load(params))\n}\n`],
    ['a local params object', `export async function GET() {\n  const params = { id: '1' }\n  return new Response(params.id)\n}\n`],
    ['searchParams', `export function GET(request: Request) {\n  return new Response(new URL(request.url).searchParams.get('id'))\n}\n`],
    ['awaited into a variable', `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  const p = await context.params\n  return new Response(p.id)\n}\n`],
    ['a non-exported helper', `function helper(request: Request, ctx: { params: { id: string } }) {\n  return ctx.params.id\n}\nexport function GET() {\n  return new Response(typeof helper)\n}\n`],
    ['shadowed params', `export async function GET(request: Request, ${P}) {\n  const { id } = await params\n  const f = (params: { id: string }) => params.id\n  return new Response(f({ id }))\n}\n`],
  ],
});

ruleSuite({
  rule: 'invalid-segment-config',
  positive: [
    ['dynamic bogus', `export const dynamic = ⟦'bogus'⟧\n`],
    ['misspelled force-dynamic', `export const dynamic = ⟦'force-dinamic'⟧\n`],
    ['fetchCache unknown', `export const fetchCache = ⟦'no-store'⟧\n`],
    ['dynamicParams string', `export const dynamicParams = ⟦'true'⟧\n`],
    ['revalidate negative', `export const revalidate = ⟦-5⟧\n`],
    ['revalidate arithmetic', `export const revalidate = ⟦60 * 10⟧\n`],
    ['maxDuration string', `export const maxDuration = ⟦'ten'⟧\n`],
    ['maxDuration numeric string', `export const maxDuration = ⟦'10'⟧\n`],
    ['runtime unknown', `export const runtime = ⟦'deno'⟧\n`],
    ['dynamic from a variable', `const mode = 'force-static'\nexport const dynamic = ⟦mode⟧\n`],
    ['revalidate true', `export const revalidate = ⟦true⟧\n`],
    ['preferredRegion number', `export const preferredRegion = ⟦1⟧\n`],
    ['maxDuration zero', `export const maxDuration = ⟦0⟧\n`],
  ],
  negative: [
    ['dynamic force-dynamic', `export const dynamic = 'force-dynamic'\n`],
    ['revalidate false', `export const revalidate = false\n`],
    ['revalidate 0', `export const revalidate = 0\n`],
    ['revalidate 3600', `export const revalidate = 3600\n`],
    ['dynamicParams false', `export const dynamicParams = false\n`],
    ['runtime edge', `export const runtime = 'edge'\n`],
    ['fetchCache force-no-store', `export const fetchCache = 'force-no-store'\n`],
    ['preferredRegion list', `export const preferredRegion = ['iad1', 'hnd1']\n`],
    ['maxDuration 30', `export const maxDuration = 30\n`],
    ['a non-exported const named dynamic', `const dynamic = 'whatever'\nexport function GET() {\n  return new Response(dynamic)\n}\n`],
    ['as const', `export const dynamic = 'auto' as const\n`],
  ],
});

ruleSuite({
  rule: 'missing-response',
  positive: [
    ['falls off after an if', `export async function ⟦GET⟧(request: Request) {\n  if (request.headers.get('x')) {\n    return new Response('x')\n  }\n}\n`],
    ['empty handler', `export function ⟦POST⟧() {\n  console.log('hit')\n}\n`],
    ['return;', `export function GET(request: Request) {\n  if (!request.url) ⟦return;⟧\n  return new Response('ok')\n}\n`],
    ['returns a plain object', `export function GET() {\n  ⟦return { ok: true }⟧\n}\n`],
    ['returns a string', `export function GET() {\n  ⟦return 'ok'⟧\n}\n`],
    ['arrow returning an object', `export const GET = () => ⟦({ ok: true })⟧\n`],
    ['return null', `export function DELETE() {\n  ⟦return null⟧\n}\n`],
    ['catch that only logs', `export async function ⟦POST⟧(request: Request) {\n  try {\n    return Response.json(await request.json())\n  } catch (e) {\n    console.error(e)\n  }\n}\n`],
    ['switch without default', `export function ⟦GET⟧(request: Request) {\n  switch (request.method) {\n    case 'GET':\n      return new Response('a')\n  }\n}\n`],
    ['loop that can finish', `export function ⟦GET⟧() {\n  for (const x of [1, 2]) {\n    if (x > 1) return new Response(String(x))\n  }\n}\n`],
    ['returns an array', `export function GET() {\n  ⟦return [1, 2]⟧\n}\n`],
    ['return undefined', `export function PUT() {\n  ⟦return undefined⟧\n}\n`],
    ['a helper that only sometimes throws', `function check(ok: boolean) {\n  if (!ok) throw new Error('bad')\n}\nexport function ⟦GET⟧() {\n  check(true)\n}\n`],
    ['an async helper that throws (its call returns a rejected promise)', `async function fail() {\n  throw new Error('x')\n}\nexport function ⟦GET⟧() {\n  void fail()\n}\n`],
    ['a helper that throws inside a callback only', `function later() {\n  setTimeout(() => { throw new Error('x') }, 0)\n}\nexport function ⟦GET⟧() {\n  later()\n}\n`],
  ],
  negative: [
    ['a helper that always throws (the fixture boom route)', `function explode(): never {\n  throw new TypeError('kaboom')\n}\nexport function GET() {\n  explode()\n}\n`],
    ['an unannotated helper whose every path throws', `function fail(code: number) {\n  if (code > 500) throw new Error('server')\n  else throw new Error('client')\n}\nexport function GET() {\n  fail(400)\n}\n`],
    ['a const arrow helper declared never', `const stop = (): never => { throw new Error('x') }\nexport function GET(request: Request) {\n  if (request.url) return new Response('a')\n  stop()\n}\n`],
    ['a chain of never-returning helpers', `function inner(): void {\n  throw new Error('x')\n}\nfunction outer() {\n  inner()\n}\nexport function GET() {\n  outer()\n}\n`],
    ['always returns', `export function GET() {\n  return new Response('ok')\n}\n`],
    ['if/else both return', `export function GET(request: Request) {\n  if (request.url) return new Response('a')\n  else return new Response('b')\n}\n`],
    ['throws at the end', `export function GET() {\n  throw new Error('not implemented')\n}\n`],
    ['notFound() never returns', `import { notFound } from 'next/navigation'\nexport function GET(request: Request) {\n  if (request.url) return new Response('a')\n  notFound()\n}\n`],
    ['switch with default', `export function GET(request: Request) {\n  switch (request.method) {\n    case 'GET': return new Response('a')\n    default: return new Response('b')\n  }\n}\n`],
    ['try/catch both return', `export async function POST(request: Request) {\n  try {\n    return Response.json(await request.json())\n  } catch {\n    return new Response(null, { status: 400 })\n  }\n}\n`],
    ['infinite loop with return', `export async function GET() {\n  for (;;) {\n    if (Math.random() > 0.5) return new Response('x')\n  }\n}\n`],
    ['returns fetch()', `export function GET(request: Request) {\n  return fetch(request)\n}\n`],
    ['non-handler helper without return', `function log() {\n  console.log('x')\n}\nexport function GET() {\n  log()\n  return new Response(null)\n}\n`],
    ['arrow returning a Response', `export const GET = () => Response.json({ ok: true })\n`],
  ],
});

ruleSuite({
  rule: 'unescaped-markup',
  positive: [
    ['the guide rss example', `export async function GET(request: Request) {\n  const rssResponse = await fetch('https://example.com/rss')\n  const rssData = await rssResponse.json()\n  const rssFeed = \`<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0">\n<channel>\n <title>\${⟦rssData.title⟧}</title>\n ${'$'}{rssData.items.map((item: { title: string }) => {\n   return \`<item><title>\${⟦item.title⟧}</title></item>\`\n })}\n</channel>\n</rss>\`\n  const headers = new Headers({ 'content-type': 'application/xml' })\n  return new Response(rssFeed, { headers })\n}\n`],
    ['a query parameter in HTML', `export function GET(request: Request) {\n  const name = new URL(request.url).searchParams.get('name')\n  return new Response(\`<h1>Hello \${⟦name⟧}</h1>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['a posted field in XML', `export async function POST(request: Request) {\n  const body = await request.json()\n  return new Response(\`<?xml version="1.0"?><note>\${⟦body.text⟧}</note>\`)\n}\n`],
    ['form data in HTML', `export async function POST(request: Request) {\n  const form = await request.formData()\n  return new Response(\`<p>\${⟦form.get('msg')⟧}</p>\`, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })\n}\n`],
    ['a header in HTML', `export function GET(request: Request) {\n  return new Response(\`<p>\${⟦request.headers.get('user-agent')⟧}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['route params', `export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {\n  const { slug } = await params\n  return new Response(\`<!DOCTYPE html><title>\${⟦slug⟧}</title>\`)\n}\n`],
    ['fetched text', `export async function GET() {\n  const t = await (await fetch('https://example.com')).text()\n  return new Response(\`<html><body>\${⟦t⟧}</body></html>\`)\n}\n`],
    ['for-of items', `export async function GET() {\n  const data = await (await fetch('https://example.com')).json()\n  let out = ''\n  for (const it of data.items) out += \`<li>\${⟦it.name⟧}</li>\`\n  return new Response(out, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['String() does not escape', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<p>\${⟦String(q)⟧}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['svg', `export function GET(request: Request) {\n  const c = new URL(request.url).searchParams.get('color')\n  return new Response(\`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="\${⟦c⟧}"/></svg>\`, { headers: { 'content-type': 'image/svg+xml' } })\n}\n`],
    ['two values', `export async function POST(request: Request) {\n  const b = await request.json()\n  return new Response(\`<?xml version="1.0"?><a>\${⟦b.x⟧}</a><b>\${⟦b.y⟧}</b>\`)\n}\n`],
    ['trimmed value', `export async function POST(request: Request) {\n  const b = await request.json()\n  return new Response(\`<html><p>\${⟦b.name.trim()⟧}</p></html>\`)\n}\n`],
    ['JSON of a query value in a <script> (a </script> in it breaks out)', `export function GET(request: Request) {\n  const state = new URL(request.url).searchParams.get('state')\n  return new Response(\`<script>window.opener.postMessage(\${⟦JSON.stringify({ state })⟧}, '*')</script>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['a query value in a <script> of a page', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<!DOCTYPE html><p>Results</p><script type="module">window.q = \${⟦q⟧}</script>\`)\n}\n`],
    ['a replace that does not touch <', `export function GET(request: Request) {\n  const q = (new URL(request.url).searchParams.get('q') ?? '').replace(/"/g, '&quot;')\n  return new Response(\`<p>\${⟦q⟧}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
  ],
  negative: [
    ['escaped values', `function escapeXml(s: unknown) { return String(s).replace(/[<>&'"]/g, '') }\nexport function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<p>\${escapeXml(q)}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['constants only', `export function GET() {\n  const title = 'News'\n  return new Response(\`<?xml version="1.0"?><title>\${title}</title>\`)\n}\n`],
    ['JSON response', `export async function POST(request: Request) {\n  const b = await request.json()\n  return Response.json({ html: \`\${b.x}\` })\n}\n`],
    ['a number', `export function GET(request: Request) {\n  const n = Number(new URL(request.url).searchParams.get('n'))\n  return new Response(\`<p>\${n}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['not markup', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`Hello \${q}\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['markup-looking text in a JSON route', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return Response.json({ s: \`<b>\${q}</b>\` })\n}\n`],
    ['encodeURIComponent', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q') ?? ''\n  return new Response(\`<a href="/s?q=\${encodeURIComponent(q)}">s</a>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['a length', `export async function POST(request: Request) {\n  const b = await request.json()\n  return new Response(\`<?xml version="1.0"?><n>\${b.items.length}</n>\`)\n}\n`],
    ['server data', `const items = ['a', 'b']\nexport function GET() {\n  return new Response(\`<ul>\${items.map((i) => \`<li>\${i}</li>\`).join('')}</ul>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['escaped inline, kept in a variable', `export function GET(request: Request) {\n  const title = new URL(request.url).searchParams.get('title') ?? ''\n  const safe = title.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)\n  return new Response(\`<h1>\${safe}</h1>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['escaped inline by a replaceAll chain', `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q') ?? ''\n  return new Response(\`<p>\${q.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['JSON in a <script> with its < escaped', `export function GET(request: Request) {\n  const state = new URL(request.url).searchParams.get('state')\n  return new Response(\`<script>window.opener.postMessage(\${JSON.stringify({ state }).replace(/</g, '\\\\u003c')}, '*')</script>\`, { headers: { 'content-type': 'text/html' } })\n}\n`],
    ['sanitized with a sanitizer', `declare function sanitizeHtml(s: string): string\nexport async function POST(request: Request) {\n  const b = await request.json()\n  return new Response(\`<html>\${sanitizeHtml(b.html)}</html>\`)\n}\n`],
  ],
});

describe('project rules', () => {
  it('route-page-conflict: route and page in one folder, across route groups, and Pages Router conflicts', () => {
    const f = analyzeProjectFiles(['/p/app/a/route.ts', '/p/app/a/page.tsx', '/p/app/(g)/b/route.ts', '/p/app/(h)/b/page.jsx', '/p/app/api/c/route.ts', '/p/pages/api/c.ts', '/p/app/ok/route.ts', '/p/app/ok2/page.tsx', '/p/app/_private/route.ts', '/p/app/_private/page.tsx'], { appRoots: ['/p'] });
    assert.deepEqual(f.map((x) => [x.ruleId, x.file, x.related[0].file]), [
      ['route-page-conflict', '/p/app/a/route.ts', '/p/app/a/page.tsx'],
      ['route-page-conflict', '/p/app/(g)/b/route.ts', '/p/app/(h)/b/page.jsx'],
      ['route-page-conflict', '/p/app/api/c/route.ts', '/p/pages/api/c.ts'],
    ]);
  });
  it('middleware-and-proxy: both at the root or one in src/, not across apps, not before Next 16', () => {
    const files = ['/p/middleware.ts', '/p/proxy.ts', '/q/src/middleware.js', '/q/proxy.ts', '/r/middleware.ts', '/s/proxy.ts'];
    const f = analyzeProjectFiles(files, { appRoots: ['/p', '/q', '/r', '/s'] });
    assert.deepEqual(f.map((x) => [x.ruleId, x.file, x.related[0].file]), [
      ['middleware-and-proxy', '/p/middleware.ts', '/p/proxy.ts'],
      ['middleware-and-proxy', '/q/src/middleware.js', '/q/proxy.ts'],
    ]);
    assert.deepEqual(analyzeProjectFiles(files, { appRoots: ['/p', '/q'], nextMajor: 15 }), []);
    assert.deepEqual(analyzeProjectFiles(files, { rules: { 'middleware-and-proxy': 'off' } }), []);
  });
});
