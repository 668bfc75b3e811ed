import { ruleSuite } from './harness';

const guide = (body: string) => `export async function POST(request: Request) {
  try {
    await fetch('https://example.com', { method: 'POST', body: await request.text() })
    return new Response(null, { status: 204 })
  } catch (reason) {
${body}
  }
}
`;

ruleSuite({
  rule: 'leaked-error-message',
  positive: [
    ['the guide example (instanceof ternary into new Response)', guide(`    const message =\n      reason instanceof Error ? reason.message : 'Unexpected error'\n\n    return new Response(⟦message⟧, { status: 500 })`)],
    ['err.message in Response.json', guide(`    return Response.json(⟦{ error: (reason as Error).message }⟧, { status: 500 })`)],
    ['stack in a template literal', guide(`    return new Response(⟦\`failed: \${(reason as Error).stack}\`⟧, { status: 500 })`)],
    ['String(e)', guide(`    return new Response(⟦String(reason)⟧, { status: 500 })`)],
    ['e.toString() by concatenation', guide(`    return new Response(⟦'Error: ' + (reason as Error).toString()⟧, { status: 500 })`)],
    ['JSON.stringify of a spread', guide(`    return new Response(⟦JSON.stringify({ ...(reason as object) })⟧, { status: 500 })`)],
    ['?? fallback', guide(`    const msg = (reason as Error).message ?? 'oops'\n    return Response.json(⟦{ msg }⟧, { status: 500 })`)],
    ['cause', guide(`    return Response.json(⟦{ cause: String((reason as Error).cause) }⟧, { status: 500 })`)],
    ['a helper that formats the error', `function describeError(e: unknown): string {\n  return e instanceof Error ? e.message : String(e)\n}\nexport async function GET() {\n  try {\n    return Response.json(await (await fetch('https://example.com')).json())\n  } catch (e) {\n    return Response.json(⟦{ error: describeError(e) }⟧, { status: 502 })\n  }\n}\n`],
    ['a same-file helper that answers its parameter\'s message (reported in the helper)', `function fail(e: unknown) {\n  return Response.json(⟦{ error: (e as Error).message }⟧, { status: 500 })\n}\nexport async function GET() {\n  try {\n    return Response.json(await (await fetch('https://example.com')).json())\n  } catch (error) {\n    return fail(error)\n  }\n}\n`],
    ['.catch callback', `export function GET() {\n  return fetch('https://example.com').catch((err: Error) => Response.json(⟦{ error: err.message }⟧, { status: 502 }))\n}\n`],
    ['then(_, onRejected)', `export function GET() {\n  return fetch('https://example.com').then((r) => r, (err: Error) => new Response(⟦err.message⟧, { status: 502 }))\n}\n`],
    ['allSettled reasons', `export async function GET() {\n  const results = await Promise.allSettled([fetch('https://a.example'), fetch('https://b.example')])\n  const errors = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))\n  return Response.json(⟦{ errors }⟧, { status: 207 })\n}\n`],
    ['NextResponse.json', `import { NextResponse } from 'next/server'\nexport async function GET() {\n  try {\n    return NextResponse.json(await (await fetch('https://example.com')).json())\n  } catch (e) {\n    return NextResponse.json(⟦{ message: (e as Error).message }⟧, { status: 500 })\n  }\n}\n`],
    ['pages/api res.status().json()', `import type { NextApiRequest, NextApiResponse } from 'next'\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  try {\n    res.status(200).json(await (await fetch('https://example.com')).json())\n  } catch (e) {\n    res.status(500).json(⟦{ error: (e as Error).message }⟧)\n  }\n}\n`],
    ['a result\'s error (Supabase\'s { data, error }) answered with 500', `declare const db: { from(t: string): { select(): Promise<{ data: unknown[] | null; error: { message: string } | null }> } }\nexport async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) return Response.json(⟦{ error: error.message }⟧, { status: 500 })\n  return Response.json(data)\n}\n`],
    ['a result\'s error renamed, in a block (the fix logs it there)', `import { NextResponse } from 'next/server'\ndeclare const db: { from(t: string): { select(): Promise<{ data: unknown[] | null; error: { message: string } | null }> } }\nexport async function GET() {\n  const { data, error: dbError } = await db.from('notes').select()\n  if (dbError) {\n    return NextResponse.json(⟦{ message: dbError.message }⟧, { status: 500 })\n  }\n  return NextResponse.json(data)\n}\n`],
    ['a result\'s whole error object with no status', `declare function send(to: string): Promise<{ data: { id: string } | null; error: { name: string; message: string } | null }>\nexport async function POST() {\n  const { data, error } = await send('a@example.com')\n  if (error) return Response.json(⟦{ error }⟧)\n  return Response.json(data)\n}\n`],
    ['Hono: app.onError answers the error\'s message', `import { Hono } from 'hono'\nimport { handle } from 'hono/vercel'\nconst app = new Hono().basePath('/api')\napp.onError((err, c) => {\n  return c.json(⟦{ error: err.message }⟧, 500)\n})\nexport const GET = handle(app)\nexport const POST = handle(app)\n`],
    ['Hono: a route\'s catch answers through c.text()', `import { Hono } from 'hono'\nimport { handle } from 'hono/vercel'\nconst app = new Hono().basePath('/api')\napp.get('/items', async (c) => {\n  try {\n    return c.json(await (await fetch('https://example.com')).json())\n  } catch (e) {\n    return c.text(⟦(e as Error).message⟧, 502)\n  }\n})\nexport const GET = handle(app)\nexport const POST = handle(app)\n`],
    ['Hono: the stack in c.html(), no status', `import { Hono } from 'hono'\nimport { handle } from 'hono/vercel'\nconst app = new Hono().basePath('/api')\napp.onError((err, c) => c.html(⟦\`<pre>\${err.stack}</pre>\`⟧))\nexport const GET = handle(app)\nexport const POST = handle(app)\n`],
  ],
  negative: [
    ['a constant message', guide(`    return new Response('Unexpected error', { status: 500 })`)],
    ['logged on the server only', guide(`    console.error(reason)\n    return Response.json({ error: 'Internal Server Error' }, { status: 500 })`)],
    ['the status code of the error', guide(`    return new Response('failed', { status: (reason as { status?: number }).status ?? 500 })`)],
    ['a boolean derived from the error', guide(`    const timeout = reason instanceof Error && reason.name === 'TimeoutError'\n    return Response.json({ timeout }, { status: 500 })`)],
    ['the error name', guide(`    return Response.json({ kind: (reason as Error).name }, { status: 500 })`)],
    ['data not derived from the error', `export async function POST(request: Request) {\n  const body = await request.json()\n  try {\n    return Response.json(body)\n  } catch {\n    return Response.json({ received: body }, { status: 500 })\n  }\n}\n`],
    ['a same-file helper that answers its parameter\'s name only', `function fail(e: unknown) {\n  return Response.json({ kind: (e as Error).name }, { status: 500 })\n}\nexport async function GET() {\n  try {\n    return new Response('ok')\n  } catch (error) {\n    return fail(error)\n  }\n}\n`],
    ['a generic helper', `function generic(_e: unknown) { return 'Something went wrong' }\nexport async function GET() {\n  try { return new Response('ok') } catch (e) { return new Response(generic(e), { status: 500 }) }\n}\n`],
    ['message used for a comparison', guide(`    if ((reason as Error).message.includes('timeout')) return new Response('Timed out', { status: 504 })\n    return new Response('failed', { status: 500 })`)],
    ['fulfilled values of allSettled', `export async function GET() {\n  const results = await Promise.allSettled([fetch('https://a.example')])\n  return Response.json({ ok: results.map((r) => r.status) })\n}\n`],
    ['reassigned to a constant before sending', guide(`    let m = 'Internal error'\n    if (reason) m = 'Internal error, retry'\n    return new Response(m, { status: 500 })`)],
    ['a result\'s error answered with a 4xx (the library\'s reason for the client)', `declare const auth: { signIn(e: string): Promise<{ data: unknown; error: { message: string } | null }> }\nexport async function POST(request: Request) {\n  const { data, error } = await auth.signIn(await request.text())\n  if (error) return Response.json({ error: error.message }, { status: 401 })\n  return Response.json(data)\n}\n`],
    ['an error field of the request body is what the client sent', `export async function POST(request: Request) {\n  const { error } = await request.json()\n  return Response.json({ received: error }, { status: 500 })\n}\n`],
    ['a result\'s error only tested, a constant answered', `declare const db: { from(t: string): { select(): Promise<{ data: unknown[] | null; error: { message: string } | null }> } }\nexport async function GET() {\n  const { data, error } = await db.from('notes').select()\n  if (error) return Response.json({ error: 'Could not load notes' }, { status: 500 })\n  return Response.json(data)\n}\n`],
    ['a result not awaited (safeParse) is no call\'s failure', `declare const schema: { safeParse(v: unknown): { success: boolean; error?: { message: string } } }\nexport async function POST(request: Request) {\n  const { success, error } = schema.safeParse(await request.json())\n  if (!success) return Response.json({ error: error?.message }, { status: 500 })\n  return new Response(null, { status: 204 })\n}\n`],
    ['Hono: onError logs and answers a constant; an HTTPException answers its own response', `import { Hono } from 'hono'\nimport { handle } from 'hono/vercel'\nconst app = new Hono().basePath('/api')\nimport { HTTPException } from 'hono/http-exception'\napp.onError((err, c) => {\n  if (err instanceof HTTPException) return err.getResponse()\n  console.error(err)\n  return c.json({ error: 'Internal Server Error' }, 500)\n})\nexport const GET = handle(app)\nexport const POST = handle(app)\n`],
    ['a callback parameter\'s .text() in a file that does not import Hono is no response', `declare const sinks: Array<{ text(s: string): void }>\nexport async function GET() {\n  try {\n    return Response.json(await (await fetch('https://example.com')).json())\n  } catch (e) {\n    sinks.forEach((sink) => sink.text((e as Error).message))\n    return new Response('failed', { status: 502 })\n  }\n}\n`],
  ],
});
