import * as assert from 'node:assert/strict';
import { applyFix, expectMarked, parseMarked, ruleSuite, run } from './harness';

const CATCH = `  } catch (error) {\n    console.error(error)\n    return new Response('Upstream failed', { status: 502 })\n  }\n`;

ruleSuite({
  rule: 'unawaited-return-in-try',
  positive: [
    ['the guide: return fetch(proxyRequest)', `export async function POST(request: Request) {\n  const proxyRequest = new Request('https://api.example.com/x', request)\n  try {\n    ⟦return fetch(proxyRequest)⟧\n${CATCH}}\n`],
    ['a same-file async helper', `async function load(id: string) {\n  const res = await fetch('https://api.example.com/' + id)\n  return Response.json(await res.json())\n}\nexport async function GET() {\n  try {\n    ⟦return load('1')⟧\n${CATCH}}\n`],
    ['a helper declared to return a Promise', `function load(): Promise<Response> {\n  return fetch('https://api.example.com/x')\n}\nexport async function GET() {\n  try {\n    ⟦return load()⟧\n${CATCH}}\n`],
    ['an async arrow helper', `const load = async () => fetch('https://api.example.com/x')\nexport async function GET() {\n  try {\n    ⟦return load()⟧\n${CATCH}}\n`],
    ['an imported function the file awaits elsewhere', `import { getUser } from '@/lib/users'\nexport async function GET() {\n  const warm = await getUser('warm')\n  try {\n    ⟦return getUser(String(warm))⟧\n${CATCH}}\n`],
    ['a method the file awaits elsewhere', `import { db } from '@/lib/db'\nexport async function GET() {\n  await db.users.count()\n  try {\n    ⟦return db.users.count()⟧\n${CATCH}}\n`],
    ['request.json() in a try', `export async function POST(request: Request) {\n  try {\n    ⟦return request.json()⟧\n${CATCH}}\n`],
    ['a then chain', `export async function GET() {\n  try {\n    ⟦return fetch('https://api.example.com/x').then((r) => Response.json(r.status))⟧\n${CATCH}}\n`],
    ['Promise.all', `export async function GET() {\n  try {\n    ⟦return Promise.all([fetch('https://a.example'), fetch('https://b.example')]).then(() => new Response('ok'))⟧\n${CATCH}}\n`],
    ['inside an if in the try', `export async function GET(request: Request) {\n  try {\n    if (request.headers.get('x')) {\n      ⟦return fetch('https://api.example.com/x')⟧\n    }\n    return new Response('no')\n${CATCH}}\n`],
    ['a ternary of fetches (wrapped in parentheses)', `export async function GET(request: Request) {\n  try {\n    ⟦return request.headers.get('x') ? fetch('https://a.example') : fetch('https://b.example')⟧\n${CATCH}}\n`],
    ['try/finally only', `let busy = 0\nexport async function GET() {\n  busy++\n  try {\n    ⟦return fetch('https://api.example.com/x')⟧\n  } finally {\n    busy--\n  }\n}\n`],
    ['a catch that returns a fetch before a finally', `let busy = 0\nexport async function GET() {\n  busy++\n  try {\n    return await fetch('https://a.example')\n  } catch {\n    ⟦return fetch('https://b.example')⟧\n  } finally {\n    busy--\n  }\n}\n`],
    ['an async helper that is not a handler', `async function upstream(): Promise<Response> {\n  try {\n    ⟦return fetch('https://api.example.com/x')⟧\n${CATCH}}\nexport async function GET() {\n  return upstream()\n}\n`],
    ['a nested try', `export async function GET() {\n  try {\n    try {\n      ⟦return fetch('https://api.example.com/x')⟧\n    } finally {\n      console.log('done')\n    }\n${CATCH}}\n`],
  ],
  negative: [
    ['return await fetch', `export async function GET() {\n  try {\n    return await fetch('https://api.example.com/x')\n${CATCH}}\n`],
    ['awaited into a variable', `export async function GET() {\n  try {\n    const res = await fetch('https://api.example.com/x')\n    return new Response(res.body, { status: res.status })\n${CATCH}}\n`],
    ['no try', `export async function GET() {\n  return fetch('https://api.example.com/x')\n}\n`],
    ['a promise chain with its own catch', `export async function GET() {\n  try {\n    return fetch('https://api.example.com/x').catch(() => new Response('down', { status: 502 }))\n${CATCH}}\n`],
    ['Response.json(data) builds a response', `export async function GET() {\n  try {\n    return Response.json({ ok: true })\n${CATCH}}\n`],
    ['a catch that only rethrows', `export async function GET() {\n  try {\n    return fetch('https://api.example.com/x')\n  } catch (e) {\n    throw e\n  }\n}\n`],
    ['a return in a nested callback', `export async function GET() {\n  try {\n    const run = () => { return fetch('https://api.example.com/x') }\n    return await run()\n${CATCH}}\n`],
    ['a non-async function (no await possible)', `export function GET() {\n  try {\n    return fetch('https://api.example.com/x')\n  } catch (e) {\n    console.error(e)\n    return new Response('x', { status: 500 })\n  }\n}\n`],
    ['a sync helper call', `function build(): Response {\n  return new Response('ok')\n}\nexport async function GET() {\n  try {\n    return build()\n${CATCH}}\n`],
    ['pages/api res.status().json()', `export default async function handler(req: any, res: any) {\n  try {\n    return res.status(200).json({ ok: true })\n  } catch (e) {\n    console.error(e)\n    return res.status(500).json({ error: 'failed' })\n  }\n}\n`],
    ['the word try in a string', `export async function GET() {\n  const s = 'try { return fetch(x) } catch {}'\n  return fetch('https://api.example.com/' + s.length)\n}\n`],
    ['a call awaited only in a comment or a string (not code: the callee may return anything)', `import { getUser } from '@/lib/users'\n// const warm = await getUser('warm')\nconst hint = 'await getUser(id)'\nexport async function GET() {\n  try {\n    return getUser(hint)\n${CATCH}}\n`],
    ['a return in the catch without finally', `export async function GET() {\n  try {\n    return await fetch('https://a.example')\n  } catch {\n    return fetch('https://b.example')\n  }\n}\n`],
  ],
});

describe('unawaited-return-in-try: the fix', () => {
  it('adds await (and parentheses around a ternary)', () => {
    const src = `export async function GET(request: Request) {\n  try {\n    ⟦return request.headers.get('x') ? fetch('https://a.example') : fetch('https://b.example')⟧\n${CATCH}}\n`;
    const [f] = expectMarked('unawaited-return-in-try', src);
    const fixed = applyFix(parseMarked(src).text, f.fixes[0]);
    assert.match(fixed, /return await \(request\.headers\.get\('x'\) \? fetch\('https:\/\/a\.example'\) : fetch\('https:\/\/b\.example'\)\)/);
    assert.deepEqual(run('unawaited-return-in-try', fixed), []);
  });
});
