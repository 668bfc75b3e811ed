import { projectSuite, ROUTE } from './projectHarness';

const HTTP = `export async function readJson<T>(req: Request): Promise<T> {
  return (await ⟦req.json()⟧) as T
}
`.replace(/[⟦⟧]/g, '');
const WITH_AUTH = `export function withAuth(handler: (req: Request) => Promise<Response>) {
  return async (req: Request) => {
    if (!req.headers.get('authorization')) return new Response('Unauthorized', { status: 401 })
    return handler(req)
  }
}
`;
const FORWARD = `export async function forward(request: Request) {\n  const res = await fetch('https://api.example.com/items', { method: request.method, body: request.method === 'GET' ? undefined : await request.text() })\n  return new Response(res.body, { status: res.status })\n}\n`;
const OTHER_REQUEST = `export async function upstreamJson(req: Request) {
  const r = await fetch('https://example.com/data', { headers: { cookie: req.headers.get('cookie') ?? '' } })
  return r.json()
}
`;

const INPUT = `import { readJson } from './http'\nexport async function parseInput(request: Request) {\n  const data = await readJson<{ name?: string }>(request)\n  return { name: String(data.name ?? '') }\n}\n`;
const LOG_INPUT = `import { logHeaders } from './log'\nexport async function parseInput(request: Request) {\n  logHeaders(request)\n  return { name: new URL(request.url).searchParams.get('name') ?? '' }\n}\n`;
const LOG = `export function logHeaders(req: Request) {\n  console.info(req.headers.get('user-agent'))\n}\n`;

projectSuite('double-body-read', {
  positive: [
    // The helper hands the request to a third module's reader.
    ['a helper whose third-module call reads the body, then the route reads it again', {
      files: { [ROUTE]: `import { parseInput } from '@/lib/input'\nexport async function POST(req: Request) {\n  const input = await parseInput(req)\n  const raw = await ⟦req.text()⟧\n  return Response.json({ input, raw })\n}\n`, '/app/lib/input.ts': INPUT, '/app/lib/http.ts': HTTP },
    }],
    ['an imported helper reads the body, then the route reads it again', {
      files: { [ROUTE]: `import { readJson } from '@/lib/http'\nexport async function POST(req: Request) {\n  const data = await readJson(req)\n  const raw = await ⟦req.text()⟧\n  return Response.json({ data, raw })\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['the imported helper called twice', {
      files: { [ROUTE]: `import { readJson } from '@/lib/http'\nexport async function POST(req: Request) {\n  const a = await readJson(req)\n  const b = await ⟦readJson(req)⟧\n  return Response.json({ a, b })\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['through a namespace import and a re-export', {
      files: {
        [ROUTE]: `import * as http from '@/lib'\nexport async function PUT(request: Request) {\n  const form = await request.formData()\n  const body = await ⟦http.readJson(request)⟧\n  return Response.json({ n: [...form.keys()].length, body })\n}\n`,
        '/app/lib/index.ts': `export * from './http'\n`,
        '/app/lib/http.ts': HTTP,
      },
    }],
    ['a helper in a workspace package, held in an exported object', {
      files: {
        [ROUTE]: `import { body } from '@acme/http'\nexport async function POST(req: Request) {\n  const text = await req.text()\n  const parsed = await ⟦body.json(req)⟧\n  return Response.json({ text, parsed })\n}\n`,
        '/repo/packages/http/index.ts': `export const body = {\n  json: (r: Request) => r.json(),\n}\n`,
      },
      host: { packages: { '@acme/http': '/repo/packages/http/index.ts' } },
    }],
  ],
  negative: [
    ['a helper whose third-module call only reads headers, then the route reads the body once', {
      files: { [ROUTE]: `import { parseInput } from '@/lib/input'\nexport async function POST(req: Request) {\n  const input = await parseInput(req)\n  return Response.json({ input, raw: await req.text() })\n}\n`, '/app/lib/input.ts': LOG_INPUT, '/app/lib/log.ts': LOG },
    }],
    ['an imported helper that reads a different request', {
      files: { [ROUTE]: `import { upstreamJson } from '@/lib/upstream'\nexport async function POST(req: Request) {\n  const upstream = await upstreamJson(req)\n  const body = await req.json()\n  return Response.json({ upstream, body })\n}\n`, '/app/lib/upstream.ts': OTHER_REQUEST },
    }],
    ['the helper and the route read on exclusive paths', {
      files: { [ROUTE]: `import { readJson } from '@/lib/http'\nexport async function POST(req: Request) {\n  if (req.headers.get('content-type') === 'application/json') return Response.json(await readJson(req))\n  return new Response(await req.text())\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['an unresolvable helper', { files: { [ROUTE]: `import { readJson } from '@/lib/nowhere'\nexport async function POST(req: Request) {\n  const a = await readJson(req)\n  return Response.json({ a, b: await req.json() })\n}\n` } }],
    ['a cycle of re-exports that never defines the helper', {
      files: {
        [ROUTE]: `import { readJson } from '@/lib/a'\nexport async function POST(req: Request) {\n  const a = await readJson(req)\n  return Response.json({ a, b: await req.json() })\n}\n`,
        '/app/lib/a.ts': `export * from './b'\n`,
        '/app/lib/b.ts': `export * from './a'\n`,
      },
    }],
  ],
});

projectSuite('body-in-get', {
  positive: [
    ['a GET handler calls a helper whose third-module call reads the body', {
      files: { [ROUTE]: `import { parseInput } from '@/lib/input'\nexport async function GET(req: Request) {\n  return Response.json(await ⟦parseInput(req)⟧)\n}\n`, '/app/lib/input.ts': INPUT, '/app/lib/http.ts': HTTP },
    }],
    ['a GET handler calls an imported helper that reads the body', {
      files: { [ROUTE]: `import { readJson } from '@/lib/http'\nexport async function GET(req: Request) {\n  const q = await ⟦readJson<{ q: string }>(req)⟧\n  return Response.json(q)\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['an imported withAuth GET whose handler reads the body', {
      files: { [ROUTE]: `import { withAuth } from '@/lib/auth'\nexport const GET = withAuth(async (req) => {\n  const body = await ⟦req.json()⟧\n  return Response.json(body)\n})\n`, '/app/lib/auth.ts': WITH_AUTH },
    }],
    ['a same-file withAuth HEAD wrapper', {
      files: { [ROUTE]: `${WITH_AUTH}export const HEAD = withAuth(async (request) => {\n  await ⟦request.text()⟧\n  return new Response(null)\n})\n` },
    }],
    ['a wrapper re-exported from a workspace package, the handler declared apart', {
      files: {
        [ROUTE]: `import { withAuth } from '@acme/auth'\nasync function list(req: Request) {\n  const { page } = await ⟦req.json()⟧\n  return Response.json({ page })\n}\nexport const GET = withAuth(list)\n`,
        '/repo/packages/auth/src/index.ts': `export { withAuth } from './wrap'\n`,
        '/repo/packages/auth/src/wrap.ts': WITH_AUTH,
      },
      host: { packages: { '@acme/auth': '/repo/packages/auth/src/index.ts' } },
    }],
    ['a GET calls a namespace-imported reader', {
      files: { [ROUTE]: `import * as http from '@/lib/http'\nexport async function GET(request: Request) {\n  return Response.json(await ⟦http.readJson(request)⟧)\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['an imported forwarder whose method test lets GET through to the read', {
      files: { [ROUTE]: `import { forward } from '@/lib/proxy'\nexport async function GET(req: Request) {\n  return ⟦forward(req)⟧\n}\n`, '/app/lib/proxy.ts': FORWARD.replace("=== 'GET'", "=== 'DELETE'") },
    }],
  ],
  negative: [
    ['a GET handler calls a helper whose third-module call only reads headers', {
      files: { [ROUTE]: `import { parseInput } from '@/lib/input'\nexport async function GET(req: Request) {\n  return Response.json(await parseInput(req))\n}\n`, '/app/lib/input.ts': LOG_INPUT, '/app/lib/log.ts': LOG },
    }],
    ['a POST handler calls the reader', { files: { [ROUTE]: `import { readJson } from '@/lib/http'\nexport async function POST(req: Request) {\n  return Response.json(await readJson(req))\n}\n`, '/app/lib/http.ts': HTTP } }],
    ['a GET calls a helper that reads a different request', { files: { [ROUTE]: `import { upstreamJson } from '@/lib/upstream'\nexport async function GET(req: Request) {\n  return Response.json(await upstreamJson(req))\n}\n`, '/app/lib/upstream.ts': OTHER_REQUEST } }],
    ['a withAuth GET whose handler reads the query only', {
      files: { [ROUTE]: `import { withAuth } from '@/lib/auth'\nexport const GET = withAuth(async (req) => {\n  const q = new URL(req.url).searchParams.get('q')\n  return Response.json({ q })\n})\n`, '/app/lib/auth.ts': WITH_AUTH },
    }],
    ['a shared handler that calls the reader for POST only', {
      files: { [ROUTE]: `import { readJson } from '@/lib/http'\nasync function handle(req: Request) {\n  const data = req.method === 'POST' ? await readJson(req) : Object.fromEntries(new URL(req.url).searchParams)\n  return Response.json(data)\n}\nexport { handle as GET, handle as POST }\n`, '/app/lib/http.ts': HTTP },
    }],
    ['an imported forwarder that reads the body unless the method is GET', {
      files: { [ROUTE]: `import { forward } from '@/lib/proxy'\nexport async function GET(req: Request) {\n  return forward(req)\n}\n`, '/app/lib/proxy.ts': FORWARD },
    }],
    ['an imported helper that calls the reader only for POST', {
      files: { [ROUTE]: `import { input } from '@/lib/input'\nexport async function GET(req: Request) {\n  return Response.json(await input(req))\n}\n`, '/app/lib/input.ts': `import { readJson } from './http'\nexport async function input(req: Request) {\n  if (req.method !== 'POST') return {}\n  return readJson(req)\n}\n`, '/app/lib/http.ts': HTTP },
    }],
    ['a call that wraps nothing (an unresolvable wrapper)', { files: { [ROUTE]: `import { cache } from '@/lib/missing'\nexport const GET = cache(async (req: Request) => Response.json(await req.json()))\n` } }],
  ],
});

projectSuite('missing-response', {
  positive: [
    ['an imported withAuth GET whose handler can end without a Response', {
      files: { [ROUTE]: `import { withAuth } from '@/lib/auth'\nexport const ⟦GET⟧ = withAuth(async (req) => {\n  const id = new URL(req.url).searchParams.get('id')\n  if (id) return Response.json({ id })\n})\n`, '/app/lib/auth.ts': WITH_AUTH },
    }],
    ['an imported helper that may return, at the end of an if/else', {
      files: {
        [ROUTE]: `import { audit } from '@/lib/audit'\nexport async function ⟦POST⟧(req: Request) {\n  if (req.headers.get('x-ok')) {\n    return new Response('ok')\n  } else {\n    audit('refused')\n  }\n}\n`,
        '/app/lib/audit.ts': `export function audit(what: string) {\n  console.warn(what)\n}\n`,
      },
    }],
  ],
  negative: [
    ['an imported helper that always throws ends the path', {
      files: {
        [ROUTE]: `import { fail } from '@/lib/errors'\nexport async function POST(req: Request) {\n  if (req.headers.get('x-ok')) {\n    return new Response('ok')\n  } else {\n    fail(403, 'refused')\n  }\n}\n`,
        '/app/lib/errors.ts': `export function fail(status: number, message: string): never {\n  throw Object.assign(new Error(message), { status })\n}\n`,
      },
    }],
    ['a helper that always throws, reached through a namespace', {
      files: {
        [ROUTE]: `import * as errors from '@/lib/errors'\nexport async function POST(req: Request) {\n  if (req.headers.get('x-ok')) return new Response('ok')\n  errors.deny()\n}\n`,
        '/app/lib/errors.ts': `export function deny() {\n  throw new Error('denied')\n}\n`,
      },
    }],
    ['a wrapper that answers for a handler that returns nothing', {
      files: {
        [ROUTE]: `import { withDefault } from '@/lib/wrap'\nexport const GET = withDefault(async (req) => {\n  console.log(req.url)\n})\n`,
        '/app/lib/wrap.ts': `export function withDefault(handler: (req: Request) => Promise<Response | void>) {\n  return async (req: Request) => {\n    const res = await handler(req)\n    return res ?? new Response(null, { status: 204 })\n  }\n}\n`,
      },
    }],
  ],
});
