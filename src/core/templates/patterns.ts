// The Route Handler patterns of the Next.js "Backend for Frontend" guide, as data. Each renders to
// TypeScript or JavaScript from one source. Differences from the guide, on purpose: no error's message
// ever reaches the client (it is logged on the server), every interpolated value in markup is escaped,
// bodies are read once (or cloned), upstream calls time out, and nothing imports a module the app
// does not have, so every generated file compiles and answers as soon as it is written.
import type { HttpMethod } from '../parsing/exports';
import { isIdentifierName, paramIdentifier, paramsTypeLiteral, promiseParamsContextType, routeContextType } from '../routes/segments';
import type { PatternDef, PatternId, TemplateContext } from './types';

const METHOD_ORDER: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function sortMethods(methods: Iterable<HttpMethod>): HttpMethod[] {
  const set = new Set(methods);
  return METHOD_ORDER.filter((m) => set.has(m));
}

/** Helpers shared by the sources: type annotations only in TypeScript, the params plumbing. */
function kit(c: TemplateContext) {
  const ts = c.language === 'ts';
  const hasParams = c.params.length > 0;
  const contextType = c.routeContext ? routeContextType(c.urlPattern) : promiseParamsContextType(c.params);
  const names = c.params.map((p) => (isIdentifierName(p.name) ? p.name : `'${p.name}': ${paramIdentifier(p.name)}`));
  const locals = c.params.map((p) => paramIdentifier(p.name));
  return {
    ts,
    /** `: T` in TypeScript, nothing in JavaScript. */
    t: (annotation: string) => (ts ? annotation : ''),
    hasParams,
    /** JSDoc for a JavaScript handler that takes the route context. */
    jsdoc: (requestType = 'Request') =>
      !ts && hasParams ? `/**\n * @param {${requestType}} request\n * @param {${promiseParamsContextType(c.params)}} context\n */\n` : '',
    /** The handler's parameters: `request: Request, context: RouteContext<'/x/[id]'>`. */
    args: (used: boolean, requestType = 'Request') => {
      const req = `${used ? 'request' : '_request'}${ts ? `: ${requestType}` : ''}`;
      if (!hasParams) return used ? req : '';
      return `${req}, context${ts ? `: ${contextType}` : ''}`;
    },
    /** `  const { id } = await context.params;\n` (nothing without params). */
    paramsLine: hasParams ? `  const { ${names.join(', ')} } = await context.params;\n` : '',
    /** `{ id, slug }` built from the awaited params. */
    paramsObject: `{ ${c.params.map((p, i) => (isIdentifierName(p.name) ? p.name : `'${p.name}': ${locals[i]}`)).join(', ')} }`,
    paramsType: paramsTypeLiteral(c.params),
  };
}

const label = (method: string, c: TemplateContext) => `'[${method} ${c.urlPattern}]'`;

function jsonBodyRead(c: TemplateContext, indent = '  '): string {
  const { t } = kit(c);
  return `${indent}let body${t(': unknown')};
${indent}try {
${indent}  body = await request.json();
${indent}} catch {
${indent}  return Response.json({ error: 'The request body must be valid JSON.' }, { status: 400 });
${indent}}
`;
}

function flatten(c: TemplateContext, errorExpr: string): string {
  return c.zodMajor >= 4 ? `z.flattenError(${errorExpr}).fieldErrors` : `${errorExpr}.flatten().fieldErrors`;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Text GET

function textGet(c: TemplateContext): string {
  const k = kit(c);
  if (!k.hasParams) {
    return `export function GET() {
  return new Response('⟦1:Hello from ${c.urlPattern}⟧', {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
`;
  }
  const shown = c.params
    .map((p) => {
      const v = paramIdentifier(p.name);
      return p.kind === 'dynamic' ? `\${${v}}` : p.kind === 'catchAll' ? `\${${v}.join('/')}` : `\${(${v} ?? []).join('/')}`;
    })
    .join(' ');
  return `${k.jsdoc()}export async function GET(${k.args(false)}) {
${k.paramsLine}  return new Response(\`⟦1:Hello from ${c.urlPattern}⟧: ${shown}\`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 2. POST that submits and answers 204

function postSubmit(c: TemplateContext): string {
  const k = kit(c);
  const paramArg = k.hasParams ? `, params${k.t(`: ${k.paramsType}`)}` : '';
  const handlers = c.methods.map(
    (m) => `${k.jsdoc()}export async function ${m}(${k.args(true)}) {
${k.paramsLine}  try {
    await submit(request${k.hasParams ? `, ${k.paramsObject}` : ''});
    return new Response(null, { status: 204 });
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label(m, c)}, error);
    return new Response('Something went wrong. Please try again later.', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
`,
  );
  return `// Replace with your own side effect: a database write, a call to another service, a queue message.
async function submit(request${k.t(': Request')}${paramArg})${k.t(': Promise<void>')} {
  const text = await request.text();
  ⟦1:console.info(\`received \${text.length} characters\`);⟧
}

${handlers.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------------
// 3. JSON POST with validation

function jsonPost(c: TemplateContext): string {
  const k = kit(c);
  const paramArg = k.hasParams ? `, params${k.t(`: ${k.paramsType}`)}` : '';
  const header =
    c.validation === 'zod'
      ? `import { z } from 'zod';

const InputSchema = z.object({
  ⟦1:name: z.string().trim().min(1).max(200),
  quantity: z.number().int().positive(),⟧
});
${k.ts ? '\ntype Input = z.infer<typeof InputSchema>;\n' : ''}`
      : `${k.ts ? `interface Input {
  name: string;
  quantity: number;
}

` : ''}/** Field errors of a request body; empty when it is a valid Input. */
function checkInput(value${k.t(': unknown')})${k.t(': Record<string, string[]>')} {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { body: ['Expected a JSON object.'] };
  }
  const { name, quantity } = value${k.t(' as Record<string, unknown>')};
  const errors${k.t(': Record<string, string[]>')} = {};
  ⟦1:if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    errors.name = ['Expected a non-empty string of at most 200 characters.'];
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0) {
    errors.quantity = ['Expected a positive integer.'];
  }⟧
  return errors;
}

${k.ts ? '' : '/** @returns {value is { name: string; quantity: number }} */\n'}function isInput(value${k.t(': unknown')})${k.t(': value is Input')} {
  return Object.keys(checkInput(value)).length === 0;
}
`;
  const validate =
    c.validation === 'zod'
      ? `  const parsed = InputSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json({ error: 'Invalid input.', fieldErrors: ${flatten(c, 'parsed.error')} }, { status: 400 });
  }
  const input = parsed.data;
`
      : `  if (!isInput(body)) {
    return Response.json({ error: 'Invalid input.', fieldErrors: checkInput(body) }, { status: 400 });
  }
  const input = body;
`;
  const handlers = c.methods.map(
    (m) => `${k.jsdoc()}export async function ${m}(${k.args(true)}) {
${k.paramsLine}${jsonBodyRead(c)}${validate}
  try {
    const saved = await save(input${k.hasParams ? `, ${k.paramsObject}` : ''});
    return Response.json(saved, { status: ${m === 'POST' ? 201 : 200} });
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label(m, c)}, error);
    return Response.json({ error: 'Something went wrong. Please try again later.' }, { status: 500 });
  }
}
`,
  );
  return `${header}
// Replace with your own logic: a database write, a call to another service.
async function save(input${k.t(': Input')}${paramArg}) {
  return ${k.hasParams ? '{ ...input, ...params }' : '{ id: crypto.randomUUID(), ...input }'};
}

${handlers.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------------
// 4. Form POST

function formPost(c: TemplateContext): string {
  const k = kit(c);
  const header =
    c.validation === 'zod'
      ? `import { z } from 'zod';

const MessageSchema = z.object({
  ⟦1:email: ${c.zodMajor >= 4 ? 'z.email()' : 'z.string().email()'},
  message: z.string().trim().min(1).max(5000),⟧
});
${k.ts ? '\ntype Message = z.infer<typeof MessageSchema>;\n' : ''}`
      : `${k.ts ? `interface Message {
  email: string;
  message: string;
}

` : ''}/** Field errors of the submitted fields; empty when they form a valid Message. */
function checkMessage(fields${k.t(': Record<string, FormDataEntryValue | null>')})${k.t(': Record<string, string[]>')} {
  const { email, message } = fields;
  const errors${k.t(': Record<string, string[]>')} = {};
  ⟦1:if (typeof email !== 'string' || !/^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(email) || email.length > 320) {
    errors.email = ['Enter a valid email address.'];
  }
  if (typeof message !== 'string' || message.trim() === '' || message.length > 5000) {
    errors.message = ['Enter a message of at most 5000 characters.'];
  }⟧
  return errors;
}
`;
  const validate =
    c.validation === 'zod'
      ? `  const parsed = MessageSchema.safeParse(fields);
  if (!parsed.success) {
    return Response.json({ error: 'Please correct the highlighted fields.', fieldErrors: ${flatten(c, 'parsed.error')} }, { status: 400 });
  }
  const input = parsed.data;
`
      : `  const fieldErrors = checkMessage(fields);
  if (Object.keys(fieldErrors).length > 0) {
    return Response.json({ error: 'Please correct the highlighted fields.', fieldErrors }, { status: 400 });
  }
  const input = { email: String(fields.email), message: String(fields.message).trim() };
`;
  return `${header}
// Replace with your own delivery: an email provider, a ticket system, a database.
async function sendMessage(input${k.t(': Message')}${k.hasParams ? `, params${k.t(`: ${k.paramsType}`)}` : ''}) {
  ${k.hasParams ? 'console.info(`for ${JSON.stringify(params)}`);\n  ' : ''}console.info(\`message from \${input.email}: \${input.message.length} characters\`);
  return { id: crypto.randomUUID() };
}

${k.jsdoc()}export async function POST(${k.args(true)}) {
${k.paramsLine}  let form${k.t(': FormData')};
  try {
    form = await request.formData();
  } catch {
    return Response.json(
      { error: 'Send the form as multipart/form-data or application/x-www-form-urlencoded.' },
      { status: 400 },
    );
  }
  const fields = { email: form.get('email'), message: form.get('message') };
${validate}
  try {
    const sent = await sendMessage(input${k.hasParams ? `, ${k.paramsObject}` : ''});
    return Response.json({ id: sent.id });
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label('POST', c)}, error);
    return Response.json({ error: 'Your message could not be sent. Please try again later.' }, { status: 500 });
  }
}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 5. Content types: RSS feed, llms.txt, .well-known document, file response

function rss(c: TemplateContext): string {
  const k = kit(c);
  return `${k.ts ? `interface FeedItem {
  id: string;
  title: string;
  link: string;
  description: string;
  publishedAt: Date;
}

interface Feed {
  title: string;
  link: string;
  description: string;
  items: FeedItem[];
}

` : ''}// Replace with your own source: a CMS, a database, the file system.
async function loadFeed()${k.t(': Promise<Feed>')} {
  return ⟦1:{
    title: 'My site',
    link: 'https://example.com',
    description: 'Latest posts',
    items: [
      {
        id: 'hello-world',
        title: 'Hello & welcome',
        link: 'https://example.com/posts/hello-world',
        description: 'The first post.',
        publishedAt: new Date('2025-01-01T00:00:00Z'),
      },
    ],
  }⟧;
}

const XML_ESCAPES${k.t(': Record<string, string>')} = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };

/** Every interpolated value goes through this: feed data must not be able to inject markup. */
function escapeXml(value${k.t(': string')})${k.t(': string')} {
  return value.replace(/[<>&'"]/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

export async function GET() {
  try {
    const feed = await loadFeed();
    const items = feed.items
      .map(
        (item) => \`    <item>
      <title>\${escapeXml(item.title)}</title>
      <link>\${escapeXml(item.link)}</link>
      <description>\${escapeXml(item.description)}</description>
      <pubDate>\${escapeXml(item.publishedAt.toUTCString())}</pubDate>
      <guid isPermaLink="false">\${escapeXml(item.id)}</guid>
    </item>\`,
      )
      .join('\\n');
    const xml = \`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>\${escapeXml(feed.title)}</title>
    <link>\${escapeXml(feed.link)}</link>
    <description>\${escapeXml(feed.description)}</description>
\${items}
  </channel>
</rss>
\`;
    return new Response(xml, {
      headers: {
        'content-type': 'application/rss+xml; charset=utf-8',
        'cache-control': 'public, max-age=3600',
      },
    });
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label('GET', c)}, error);
    return new Response('The feed is unavailable.', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
`;
}

function llmsTxt(): string {
  return `// Rendered once at build time and served as a static file.
export const dynamic = 'force-static';

const LLMS_TXT = \`# ⟦1:My site⟧

> ⟦2:One sentence on what this site offers and who it is for.⟧

## Docs

- [Getting started](https://example.com/docs/getting-started): install and first steps
- [API reference](https://example.com/docs/api): every endpoint

## Optional

- [Changelog](https://example.com/changelog)
\`;

export function GET() {
  return new Response(LLMS_TXT, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
  });
}
`;
}

function wellKnown(c: TemplateContext): string {
  return `// Rendered once at build time and served as a static file.
export const dynamic = 'force-static';

// The document served at ${c.urlPattern}.
const DOCUMENT = ⟦1:{
  contact: 'mailto:security@example.com',
  expires: '2030-01-01T00:00:00.000Z',
}⟧;

export function GET() {
  return Response.json(DOCUMENT, {
    headers: {
      'cache-control': 'public, max-age=86400',
      'access-control-allow-origin': '*',
    },
  });
}
`;
}

function fileResponse(c: TemplateContext): string {
  const k = kit(c);
  return `import { readFile } from 'node:fs/promises';
import path from 'node:path';

// The file comes from a fixed place on the server, never from the request (no path traversal).
const FILE = path.join(process.cwd(), ⟦1:'files', 'report.pdf'⟧);
const CONTENT_TYPE = ⟦2:'application/pdf'⟧;

export async function GET() {
  try {
    const data = await readFile(FILE);
    return new Response(new Uint8Array(data), {
      headers: {
        'content-type': CONTENT_TYPE,
        // next dev / next start 16.4 stream the body chunked and drop this header; other servers keep it.
        'content-length': String(data.byteLength),
        'cache-control': 'public, max-age=3600',
        'content-disposition': \`inline; filename="\${path.basename(FILE)}"\`,
      },
    });
  } catch (error) {
    if (${k.ts ? '(error as NodeJS.ErrnoException).code' : 'error instanceof Error && /** @type {NodeJS.ErrnoException} */ (error).code'} === 'ENOENT') {
      return new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    // Log the details on the server; the client only learns that it failed.
    console.error(${label('GET', c)}, error);
    return new Response('Something went wrong.', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 6. Reading the body twice with request.clone()

function cloneBody(c: TemplateContext): string {
  const k = kit(c);
  const handlers = c.methods.map(
    (m) => `${k.jsdoc()}export async function ${m}(${k.args(true)}) {
${k.paramsLine}  // A body can be read only once: read the raw text from a clone, the JSON from the original.
  const copy = request.clone();
  let raw${k.t(': string')};
  let payload${k.t(': unknown')};
  try {
    [raw, payload] = await Promise.all([copy.text(), request.json()]);
  } catch {
    return Response.json({ error: 'The request body must be valid JSON.' }, { status: 400 });
  }
  try {
    return Response.json(await handle(raw, payload${k.hasParams ? `, ${k.paramsObject}` : ''}));
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label(m, c)}, error);
    return Response.json({ error: 'Something went wrong. Please try again later.' }, { status: 500 });
  }
}
`,
  );
  return `// Replace with your own logic, e.g. verify a webhook signature over \`raw\`, then use \`payload\`.
async function handle(raw${k.t(': string')}, payload${k.t(': unknown')}${k.hasParams ? `, params${k.t(`: ${k.paramsType}`)}` : ''}) {
  ⟦1:return { ${k.hasParams ? '...params, ' : ''}bytes: new TextEncoder().encode(raw).length, kind: typeof payload };⟧
}

${handlers.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------------
// 7. Upstream aggregation

function aggregate(c: TemplateContext): string {
  const k = kit(c);
  const header =
    c.validation === 'zod'
      ? `import { z } from 'zod';

const InputSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
`
      : `${k.ts ? `interface Input {
  lat: number;
  lng: number;
}

` : ''}function inRange(value${k.t(': unknown')}, limit${k.t(': number')})${k.t(': value is number')} {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

${k.ts ? '' : '/** @returns {value is { lat: number; lng: number }} */\n'}function isInput(value${k.t(': unknown')})${k.t(': value is Input')} {
  if (typeof value !== 'object' || value === null) return false;
  const { lat, lng } = value${k.t(' as Record<string, unknown>')};
  return inRange(lat, 90) && inRange(lng, 180);
}
`;
  const validate =
    c.validation === 'zod'
      ? `  const parsed = InputSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json({ error: 'Invalid input.', fieldErrors: ${flatten(c, 'parsed.error')} }, { status: 400 });
  }
  const { lat, lng } = parsed.data;
`
      : `  if (!isInput(body)) {
    return Response.json({ error: 'Send { "lat": number, "lng": number }.' }, { status: 400 });
  }
  const { lat, lng } = body;
`;
  return `${header}
// The upstream service, from the environment (never from the request).
const UPSTREAM_URL = process.env.⟦1:UPSTREAM_API_URL⟧;
const TIMEOUT_MS = 5000;

// Replace with the shape your clients need: keep only what they use.
function transform(data${k.t(': unknown')}${k.hasParams ? `, params${k.t(`: ${k.paramsType}`)}` : ''}) {
  ⟦2:return { ${k.hasParams ? '...params, ' : ''}data };⟧
}

// POST keeps the coordinates out of URLs, which are cached and logged.
${k.jsdoc()}export async function POST(${k.args(true)}) {
${k.paramsLine}${jsonBodyRead(c)}${validate}
  if (!UPSTREAM_URL) {
    console.error(${label('POST', c)}, 'UPSTREAM_API_URL is not set');
    return Response.json({ error: 'The service is not configured.' }, { status: 503 });
  }
  const url = new URL(UPSTREAM_URL);
  url.search = new URLSearchParams({ lat: String(lat), lng: String(lng) }).toString();
  try {
    const upstream = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    });
    if (!upstream.ok) {
      console.error(${label('POST', c)}, \`upstream answered \${upstream.status}\`);
      return Response.json({ error: 'The upstream service is unavailable.' }, { status: 502 });
    }
    return Response.json(transform(await upstream.json()${k.hasParams ? `, ${k.paramsObject}` : ''}));
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    // Log the details on the server; the client only learns that it failed.
    console.error(${label('POST', c)}, error);
    return Response.json(
      { error: timedOut ? 'The upstream service timed out.' : 'The upstream service is unavailable.' },
      { status: timedOut ? 504 : 502 },
    );
  }
}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 8. Proxy catch-all

function proxyCatchAll(c: TemplateContext): string {
  const k = kit(c);
  const last = c.params[c.params.length - 1];
  const slug = paramIdentifier(last.name);
  const slugExpr = last.kind === 'optionalCatchAll' ? `(${slug} ?? [])` : slug;
  const methods: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  return `// The one upstream origin requests may go to, from the environment (for example https://api.example.com).
const UPSTREAM_ORIGIN = process.env.⟦1:PROXY_UPSTREAM_ORIGIN⟧;
const MAX_BODY_BYTES = 1_000_000;
const TIMEOUT_MS = 10_000;

// Connection-level headers are not forwarded (RFC 9110 section 7.6.1), nor the ones fetch recomputes.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function forwardable(headers${k.t(': Headers')}, extraDrop${k.t(': string[]')} = [])${k.t(': Headers')} {
  const out = new Headers();
  const named = (headers.get('connection') ?? '').split(',').map((h) => h.trim().toLowerCase());
  headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !named.includes(name) && !extraDrop.includes(name)) out.set(name, value);
  });
  return out;
}

/** Checks a clone of the request, so the original body can still be forwarded. */
async function isValidRequest(copy${k.t(': Request')})${k.t(': Promise<boolean>')} {
  const body = await copy.arrayBuffer();
  if (body.byteLength > MAX_BODY_BYTES) return false;
  if (body.byteLength > 0 && (copy.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      JSON.parse(new TextDecoder().decode(body));
    } catch {
      return false;
    }
  }
  ⟦2:return true;⟧
}

${k.jsdoc()}async function forward(${k.args(true)}) {
  if (!UPSTREAM_ORIGIN) {
    console.error('[proxy ${c.urlPattern}] PROXY_UPSTREAM_ORIGIN is not set');
    return new Response('The proxy is not configured.', { status: 503 });
  }
  if (!(await isValidRequest(request.clone()))) {
    return new Response(null, { status: 400, statusText: 'Bad Request' });
  }
${k.paramsLine}  const origin = new URL(UPSTREAM_ORIGIN).origin;
  const target = new URL(${slugExpr}.map(encodeURIComponent).join('/'), \`\${origin}/\`);
  target.search = new URL(request.url).search;
  if (target.origin !== origin) {
    return new Response(null, { status: 400, statusText: 'Bad Request' });
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers: forwardable(request.headers),
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    });
    // fetch already decoded the body: drop content-encoding so the client does not decode it twice.
    return new Response(upstream.body, {
      status: upstream.status,
      statusText: upstream.statusText,
      headers: forwardable(upstream.headers, ['content-encoding']),
    });
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error('[proxy ${c.urlPattern}]', error);
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return new Response(null, { status: timedOut ? 504 : 502 });
  }
}

${methods.map((m) => `export const ${m} = forward;`).join('\n')}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 9. NextRequest / NextResponse

function nextRequest(c: TemplateContext): string {
  const k = kit(c);
  const imports = k.ts ? `import { NextResponse, type NextRequest } from 'next/server';` : `import { NextResponse } from 'next/server';`;
  return `${imports}

// A rewrite belongs in proxy.ts (see the "proxy.ts" pattern): in a Route Handler, NextResponse.rewrite() answers 500.
${k.jsdoc('import("next/server").NextRequest')}${!k.ts && !k.hasParams ? '/** @param {import("next/server").NextRequest} request */\n' : ''}export async function GET(${k.args(true, 'NextRequest')}) {
${k.paramsLine}  const { searchParams } = request.nextUrl;
  const query = searchParams.get('⟦1:q⟧') ?? '';

  // One canonical URL per query: redirect to an absolute URL built from request.url.
  const canonical = query.trim().toLowerCase();
  if (canonical !== query) {
    const target = new URL(request.url);
    target.searchParams.set('q', canonical);
    return NextResponse.redirect(target, 308);
  }

  const theme = request.cookies.get('theme')?.value === 'dark' ? 'dark' : 'light';
  const response = NextResponse.json({ query, theme${k.hasParams ? `, params: ${k.paramsObject}` : ''} });
  response.cookies.set('last-query', query, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production',
    path: '/',
    maxAge: 60 * 60 * 24,
  });
  return response;
}
`;
}

// ---------------------------------------------------------------------------------------------------------
// 10. Dynamic segments

function dynamicRoute(c: TemplateContext): string {
  const k = kit(c);
  const P = k.t(`: ${k.paramsType}`);
  const needs = new Set(c.methods);
  const helpers: string[] = [];
  if (needs.has('GET') || needs.has('HEAD')) {
    helpers.push(`async function findItem(params${P}) {
  ⟦1:return { ...params };⟧
}`);
  }
  if (needs.has('POST') || needs.has('PUT') || needs.has('PATCH')) {
    helpers.push(`// Validate \`changes\` before you store it (see the "JSON POST with validation" pattern).
async function updateItem(params${P}, changes${k.t(': unknown')}) {
  ${needs.has('GET') || needs.has('HEAD') ? '' : '⟦1:'}return { ...params, changes };${needs.has('GET') || needs.has('HEAD') ? '' : '⟧'}
}`);
  }
  if (needs.has('DELETE')) {
    const first = helpers.length === 0;
    helpers.push(`async function deleteItem(params${P})${k.t(': Promise<boolean>')} {
  ${first ? '⟦1:' : ''}return Object.keys(params).length > 0;${first ? '⟧' : ''}
}`);
  }
  const handlers = c.methods.map((m) => {
    const head = `${k.jsdoc()}export async function ${m}(${k.args(m !== 'GET' && m !== 'HEAD' && m !== 'DELETE')}) {
${k.paramsLine}`;
    switch (m) {
      case 'GET':
      case 'HEAD':
        return `${head}  const item = await findItem(${k.paramsObject});
  if (!item) {
    return Response.json({ error: 'Not found.' }, { status: 404 });
  }
  return Response.json(item);
}
`;
      case 'DELETE':
        return `${head}  const deleted = await deleteItem(${k.paramsObject});
  if (!deleted) {
    return Response.json({ error: 'Not found.' }, { status: 404 });
  }
  return new Response(null, { status: 204 });
}
`;
      default:
        return `${head}${jsonBodyRead(c)}  return Response.json(await updateItem(${k.paramsObject}, body));
}
`;
    }
  });
  return `// Replace with your own data access. Params arrive as a Promise: always await them.
${helpers.join('\n\n')}

${handlers.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------------
// 11. proxy.ts / middleware.ts

/** `api` -> `/api/:path*`; `/` (empty) -> every request except Next.js internals. */
export function matcherFor(routePath: string): string {
  const trimmed = routePath.trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/((?!_next/static|_next/image|favicon.ico).*)';
  return `/${trimmed}/:path*`;
}

function proxyFile(c: TemplateContext): string {
  const k = kit(c);
  const imports = k.ts ? `import { NextResponse, type NextRequest } from 'next/server';` : `import { NextResponse } from 'next/server';`;
  const matcher = matcherFor(c.urlPattern);
  const prefix = matcher.endsWith('/:path*') ? matcher.slice(0, -'/:path*'.length) : '';
  return `${imports}

${k.ts ? '' : '/** @param {import("next/server").NextRequest} request */\n'}export function ${c.proxyName}(request${k.t(': NextRequest')}) {
  // Serve an old path from its new route without changing the URL the client sees.
  if (request.nextUrl.pathname === '${prefix}/⟦1:v1/status⟧') {
    return NextResponse.rewrite(new URL('${prefix}/status', request.url));
  }
  const response = NextResponse.next();
  response.headers.set('x-request-id', crypto.randomUUID());
  return response;
}

export const config = {
  matcher: ['${matcher}'],
};
`;
}

// ---------------------------------------------------------------------------------------------------------
// 12. Pages Router API route

function pagesApi(c: TemplateContext): string {
  const k = kit(c);
  const imports = k.ts ? `import type { NextApiRequest, NextApiResponse } from 'next';\n\n` : '';
  const queryLines = c.params
    .map((p) => {
      const v = paramIdentifier(p.name);
      const key = isIdentifierName(p.name) ? `.${p.name}` : `['${p.name}']`;
      return p.kind === 'dynamic' ? `  const ${v} = String(req.query${key});\n` : `  const ${v} = [req.query${key} ?? []].flat();\n`;
    })
    .join('');
  const data = c.params.length > 0 ? `{ ${c.params.map((p) => (isIdentifierName(p.name) ? p.name : `'${p.name}': ${paramIdentifier(p.name)}`)).join(', ')} }` : '{}';
  const cases = c.methods
    .map((m, i) => {
      const [open, close] = i === 0 ? ['⟦1:', '⟧'] : ['', ''];
      switch (m) {
        case 'GET':
          return `    case 'GET':
      ${open}res.status(200).json({ message: 'Hello from ${c.urlPattern}', ...${data} });${close}
      return;`;
        case 'DELETE':
          return `    case 'DELETE':
      ${open}res.status(204).end();${close}
      return;`;
        default:
          return `    case '${m}':
      // Next.js parsed the JSON body into req.body: validate it before using it.
      ${open}res.status(${m === 'POST' ? 201 : 200}).json({ received: typeof req.body === 'object' && req.body !== null, ...${data} });${close}
      return;`;
      }
    })
    .join('\n');
  return `${imports}${k.ts ? '' : '/**\n * @param {import("next").NextApiRequest} req\n * @param {import("next").NextApiResponse} res\n */\n'}export default async function handler(req${k.t(': NextApiRequest')}, res${k.t(': NextApiResponse')}) {
${queryLines}  try {
    switch (req.method) {
${cases}
      default:
        res.setHeader('Allow', ${JSON.stringify(c.methods.join(', ')).replace(/"/g, "'")});
        res.status(405).json({ error: 'Method not allowed.' });
    }
  } catch (error) {
    // Log the details on the server; the client only learns that it failed.
    console.error(${label('API', c)}, error);
    res.status(500).json({ error: 'Something went wrong. Please try again later.' });
  }
}
`;
}

// ---------------------------------------------------------------------------------------------------------

const WRITE: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const PATTERNS: readonly PatternDef[] = [
  {
    id: 'text-get', group: 1, label: 'Text GET', prefix: 'bff-text-get', kind: 'app-route', defaultPath: 'api/hello',
    description: 'A public GET endpoint answering plain text',
    methods: { fixed: ['GET'] }, usesValidation: false, source: textGet,
  },
  {
    id: 'post-submit', group: 2, label: 'POST that submits (204)', prefix: 'bff-post-submit', kind: 'app-route', defaultPath: 'api/submit',
    description: 'Runs a side effect and answers 204; errors logged on the server, a generic 500 to the client',
    methods: { choosable: WRITE, default: ['POST'] }, usesValidation: false, source: postSubmit,
  },
  {
    id: 'json-post', group: 3, label: 'JSON POST with validation', prefix: 'bff-json-post', kind: 'app-route', defaultPath: 'api/items',
    description: 'Reads request.json() once, validates it (zod safeParse or a type guard), 400 with field errors',
    methods: { choosable: ['POST', 'PUT', 'PATCH'], default: ['POST'] }, usesValidation: true, source: jsonPost,
  },
  {
    id: 'form-post', group: 4, label: 'Form POST', prefix: 'bff-form-post', kind: 'app-route', defaultPath: 'api/contact',
    description: 'Reads request.formData(), validates the fields, answers JSON without leaking errors',
    methods: { fixed: ['POST'] }, usesValidation: true, source: formPost,
  },
  {
    id: 'rss', group: 5, label: 'RSS feed (rss.xml)', prefix: 'bff-rss', kind: 'app-route', defaultPath: 'rss.xml',
    description: 'application/rss+xml with every interpolated value escaped',
    methods: { fixed: ['GET'] }, usesValidation: false, requires: 'static', source: rss,
  },
  {
    id: 'llms-txt', group: 5, label: 'llms.txt', prefix: 'bff-llms-txt', kind: 'app-route', defaultPath: 'llms.txt',
    description: 'A static text/plain document for language models',
    methods: { fixed: ['GET'] }, usesValidation: false, requires: 'static', source: llmsTxt,
  },
  {
    id: 'well-known', group: 5, label: '.well-known JSON document', prefix: 'bff-well-known', kind: 'app-route', defaultPath: '.well-known/security.json',
    description: 'A static JSON document under /.well-known/<name>',
    methods: { fixed: ['GET'] }, usesValidation: false, requires: 'well-known', source: wellKnown,
  },
  {
    id: 'file', group: 5, label: 'File or image response', prefix: 'bff-file', kind: 'app-route', defaultPath: 'api/report',
    description: 'Serves a server-side file with content-type, content-length and cache-control',
    methods: { fixed: ['GET'] }, usesValidation: false, requires: 'static', source: fileResponse,
  },
  {
    id: 'clone-body', group: 6, label: 'Read the body twice (request.clone())', prefix: 'bff-clone-body', kind: 'app-route', defaultPath: 'api/webhook',
    description: 'Reads the raw text from a clone and the JSON from the original (e.g. webhook signatures)',
    methods: { choosable: ['POST', 'PUT', 'PATCH'], default: ['POST'] }, usesValidation: false, source: cloneBody,
  },
  {
    id: 'aggregate', group: 7, label: 'Upstream aggregation', prefix: 'bff-aggregate', kind: 'app-route', defaultPath: 'api/weather',
    description: 'POST body -> upstream fetch with URLSearchParams and a timeout, !ok handled, data transformed',
    methods: { fixed: ['POST'] }, usesValidation: true, env: ['UPSTREAM_API_URL'], source: aggregate,
  },
  {
    id: 'proxy-catch-all', group: 8, label: 'Proxy catch-all ([...slug])', prefix: 'bff-proxy-catch-all', kind: 'app-route', defaultPath: 'api/backend/[...slug]',
    description: 'Validates a clone, forwards method, headers and body to one allowlisted origin, every method',
    methods: { fixed: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] }, usesValidation: false,
    requires: 'catch-all-last', env: ['PROXY_UPSTREAM_ORIGIN'], source: proxyCatchAll,
  },
  {
    id: 'next-request', group: 9, label: 'NextRequest / NextResponse', prefix: 'bff-next-request', kind: 'app-route', defaultPath: 'api/search',
    description: 'nextUrl.searchParams, an absolute redirect built from request.url, reading and setting cookies',
    methods: { fixed: ['GET'] }, usesValidation: false, source: nextRequest,
  },
  {
    id: 'dynamic', group: 10, label: 'Dynamic segment ([id], [...slug], [[...slug]])', prefix: 'bff-dynamic', kind: 'app-route', defaultPath: 'api/items/[id]',
    description: 'Typed params (RouteContext where available), always awaited',
    methods: { choosable: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: ['GET'] }, usesValidation: false,
    requires: 'param', source: dynamicRoute,
  },
  {
    id: 'proxy-file', group: 11, label: 'proxy.ts (middleware.ts before Next.js 16)', prefix: 'bff-proxy-file', kind: 'proxy-file', defaultPath: 'api',
    description: 'Runs before matched requests: a rewrite and a response header, with config.matcher',
    methods: { fixed: [] }, usesValidation: false, source: proxyFile,
  },
  {
    id: 'pages-api', group: 12, label: 'Pages Router API route (pages/api)', prefix: 'bff-pages-api', kind: 'pages-api', defaultPath: 'api/hello',
    description: 'A default-exported handler for apps that use the Pages Router',
    methods: { choosable: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: ['GET'] }, usesValidation: false, source: pagesApi,
  },
];

export function patternById(id: string): PatternDef | undefined {
  return PATTERNS.find((p) => p.id === id);
}

export function methodsOf(def: PatternDef, chosen?: readonly HttpMethod[]): HttpMethod[] {
  if ('fixed' in def.methods) return [...def.methods.fixed];
  const allowed = def.methods.choosable;
  const picked = chosen && chosen.length > 0 ? chosen.filter((m) => allowed.includes(m)) : [...def.methods.default];
  return sortMethods(picked);
}

export function isPatternId(id: string): id is PatternId {
  return PATTERNS.some((p) => p.id === id);
}
