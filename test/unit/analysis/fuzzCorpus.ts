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

export function fuzzInput(i: number): string {
  const r = rng(i + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  if (i % 5 === 4) {
    // token soup
    const n = 20 + Math.floor(r() * 300);
    let s = '';
    for (let k = 0; k < n; k++) s += pick(TOKENS) + (r() < 0.5 ? ' ' : '');
    return s;
  }
  let s = pick(SEEDS);
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
