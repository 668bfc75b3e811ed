// Deterministic generator of mutated route files for the fuzz test (npm test) and the fuzz benchmark.
export const SEEDS = [
  `import { NextResponse, type NextRequest } from 'next/server'\nexport const dynamic = 'force-dynamic'\nexport async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {\n  try {\n    const body = await request.json()\n    const { id } = await params\n    if (!body) return NextResponse.redirect(new URL('/x', request.url))\n    for (const item of body.items ?? []) { await fetch(\`https://api/\${id}\`, { method: 'POST', body: JSON.stringify(item) }) }\n    return Response.json({ id })\n  } catch (reason) {\n    const message = reason instanceof Error ? reason.message : 'Unexpected error'\n    return new Response(message, { status: 500 })\n  } finally {\n    console.log('done')\n  }\n}\n`,
  `export async function GET(request: Request) {\n  const r = await fetch('https://example.com/rss')\n  const d = await r.json()\n  return new Response(\`<?xml version="1.0"?><rss>\${d.items.map((i) => \`<item>\${i.title}</item>\`)}</rss>\`, { headers: { 'content-type': 'application/xml' } })\n}\nexport function get() { switch (1) { case 1: return; default: while (true) { break } } }\n`,
  `export default async function handler(req, res) {\n  try { res.status(200).json(await load(req.query.id)) } catch (e) { res.status(500).send(String(e)) }\n}\nconst load = async (id) => Promise.allSettled([id]).then((rs) => rs.map((r) => r.reason))\n`,
];

const TOKENS = ['{', '}', '(', ')', '[', ']', ';', ',', '.', '=>', '?', ':', '`', '${', "'", '"', '/', '*', 'await', 'async', 'return', 'try', 'catch', 'finally', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'break', 'continue', 'throw', 'export', 'function', 'const', 'let', 'request', 'request.json()', 'request.clone()', 'params.id', 'new Response(', 'Response.json(', 'NextResponse.redirect(', "'/x'", 'err.message', '<a>', '\n', ' ', 'label:', '...', '??', '||', '&&', 'class', 'yield', '#', '@', '\u2028', '\r\n', '/*', '*/', '//'];

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shapes that stress the analyzer's worst cases rather than its parser: deep nesting (loops, try/finally, blocks,
 * functions, parentheses), long chains (branches, ternaries, derived variables, helpers) and many handlers.
 * Each was slow (exponential or quadratic) at some point; sizes are drawn up to a few thousand lines.
 */
export const ADVERSARIAL: ReadonlyArray<(n: number) => string> = [
  // nested loops around a read (each loop once ran its body 2^depth times)
  (n) => `export async function POST(request: Request) {\n${'for (const x of [1, 2]) {\n'.repeat(n % 16)}  await request.text()\n${'}\n'.repeat(n % 16)}  return new Response('')\n}\n`,
  // nested try/finally, each finally reading again
  (n) => `export async function POST(request: Request) {\n${'try {\n'.repeat(n % 40)}await request.text()\n${'} finally { await request.json() }\n'.repeat(n % 40)}return new Response('')\n}\n`,
  // a long chain of conditional reads
  (n) => `export async function POST(request: Request) {\n${Array.from({ length: n }, (_, k) => `  if (request.headers.has('h${k}')) await request.text()\n`).join('')}  return new Response('')\n}\n`,
  // a long ternary chain
  (n) => `export async function POST(request: Request) {\n  const b = ${Array.from({ length: n }, (_, k) => `request.headers.has('h${k}') ? await request.json() : `).join('')}null\n  return Response.json(b)\n}\n`,
  // a chain of values derived from a caught error, each used twice
  (n) => `export async function GET() {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    const v0 = e\n${Array.from({ length: n }, (_, k) => `    const v${k + 1} = v${k} + v${k}\n`).join('')}    return new Response(v${n})\n  }\n}\n`,
  // the same chain inside a helper (helper evaluation once skipped the memo)
  (n) => `function describe(p: unknown) {\n  const v0 = p\n${Array.from({ length: n }, (_, k) => `  const v${k + 1} = v${k} + v${k}\n`).join('')}  return v${n}\n}\nexport async function GET() {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    return new Response(describe(e))\n  }\n}\n`,
  // helpers calling helpers
  (n) => `${Array.from({ length: n }, (_, k) => `function h${k}(x: unknown): string { return ${k === 0 ? 'String(x)' : `h${k - 1}(x) + h${k - 1}(x)`} }\n`).join('')}export async function GET() {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    return new Response(h${n - 1}(e))\n  }\n}\n`,
  // nested functions, each taking a Request
  (n) => `export async function POST(request: Request) {\n${Array.from({ length: n }, (_, k) => `const f${k} = async (r${k}: Request) => {\n  await r${k}.text()\n`).join('')}await request.text()\n${'}\n'.repeat(n)}return new Response('')\n}\n`,
  // nested blocks with a declaration each (scope lookups climb all of them)
  (n) => `export async function POST(request: Request) {\n${Array.from({ length: n }, (_, k) => `{ const a${k} = ${k}\n`).join('')}await request.text(); const q = a0 + request.url\n${'}\n'.repeat(n)}return new Response(String(q))\n}\n`,
  // deep parentheses and a long && chain
  (n) => `export const GET = (request: Request) => new Response(${'('.repeat(n)}request.url${')'.repeat(n)} && ${Array.from({ length: n }, (_, k) => `request.headers.has('h${k}')`).join(' && ')} ? 'a' : 'b')\n`,
  // many handlers in one file (n / 8 of them: size is the 1,000-line benchmark's subject, not this one's)
  (n) => Array.from({ length: Math.ceil(n / 8) }, (_, k) => `export async function ${['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][k % 5]}${k > 4 ? k : ''}(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  try {\n    const b = await request.json()\n    return Response.json({ b, id: (await params).id })\n  } catch (e) {\n    return new Response(e instanceof Error ? e.message : 'x', { status: 500 })\n  }\n}\n`).join(''),
  // a switch with many cases that fall through, inside a labeled loop
  (n) => `export async function POST(request: Request) {\n  outer: for (let i = 0; i < 3; i++) {\n    switch (request.method) {\n${Array.from({ length: n }, (_, k) => `      case 'M${k}': if (i) continue outer; await request.text()\n`).join('')}      default: break outer\n    }\n  }\n  return new Response('')\n}\n`,
];

export function fuzzInput(i: number): string {
  const r = rng(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  if (i % 25 === 12) {
    // a worst-case shape, its size drawn from 1 to 400
    return ADVERSARIAL[Math.floor(i / 25) % ADVERSARIAL.length](1 + Math.floor(r() * 400));
  }
  if (i % 5 === 4) {
    // token soup
    const n = 20 + Math.floor(r() * 300);
    let s = '';
    for (let k = 0; k < n; k++) s += pick(TOKENS) + (r() < 0.5 ? ' ' : '');
    return s;
  }
  return mutate(pick(SEEDS), r);
}

/** `text` with 1 to 8 random edits: deletions, inserted tokens, duplicated chunks and arbitrary code units. */
export function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  let s = text;
  const edits = 1 + Math.floor(r() * 8);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.35) s = s.slice(0, at) + s.slice(at + Math.floor(r() * 12)); // delete
    else if (op < 0.7) s = s.slice(0, at) + pick(TOKENS) + s.slice(at); // insert a token
    else if (op < 0.85) { const b = Math.floor(r() * s.length); s = s.slice(0, at) + s.slice(b, b + 40) + s.slice(at); } // duplicate a chunk
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0xffff)) + s.slice(at); // any code unit
  }
  return s;
}
