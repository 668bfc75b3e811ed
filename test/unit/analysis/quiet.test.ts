// A rule's `quiet` proof lets the engine skip the file's walk; it must never hide a finding. Every rule runs here
// with and without its proof on the same inputs, in every kind of file, and the findings must be identical. The
// inputs include near misses written to defeat each proof (a second read in a nested callback, a read in a loop,
// the error passed to a helper, markup made of escapes, a request typed in a nested function…).
import * as assert from 'node:assert/strict';
import { analyzeSource, analyzeSourceWith, FILE_RULES, type FileRule, type Finding } from '../../../src/core/analysis/index';
import { noSinkReachable } from '../../../src/core/analysis/errorReach';
import { bodyInGetRegion, doubleReadRegion, markupRegion, missingResponseRegion, syncParamsRegion, unprovenReads } from '../../../src/core/analysis/quiet';
import { exportsOf } from '../../../src/core/parsing/exports';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { routeFile, VARIANTS, WITH_A_FINDING } from '../../bench/analysis.bench';
import { ADVERSARIAL, fuzzInput, mutate, rng, SEEDS } from './fuzzCorpus';

const NEAR_MISSES = [
  // double-body-read
  `export async function POST(request: Request) {\n  const a = await request.json()\n  return Response.json([a, await request.text()])\n}\n`,
  `export async function POST(request: Request) {\n  for (const k of [1, 2]) await request.text()\n  return new Response('')\n}\n`,
  `export async function POST(request: Request) {\n  const r = request\n  await r.json()\n  await request.text()\n  return new Response('')\n}\n`,
  `async function read(req: Request) { return req.json() }\nexport async function POST(request: Request) {\n  await read(request)\n  return Response.json(await request.json())\n}\n`,
  `export async function POST(request: Request) {\n  await request.json()\n  return fetch(request)\n}\n`,
  `export async function POST(request: Request) {\n  await request.json()\n  const c = request.clone()\n  return new Response(c.body)\n}\n`,
  `export async function POST(request: Request) {\n  const inner = async (r: Request) => { await r.json(); return r.text() }\n  return new Response(await inner(request))\n}\n`,
  `export const POST = async (req: Request) => {\n  while (true) { await req['json']() }\n}\n`,
  `export function middleware(request: Request) {\n  void request.json()\n  return request.text()\n}\n`,
  // request parameters of helpers read from their annotations: optional, with a default, after another, NextRequest
  `import { NextRequest } from 'next/server'\nasync function twice(n: number, req?: NextRequest) {\n  await req?.json()\n  return req?.text()\n}\nexport async function POST(request: NextRequest) {\n  return new Response(await twice(1, request))\n}\n`,
  `async function twice(req: Request = new Request('http://x', { method: 'POST', body: '1' })) {\n  await req.json()\n  return req.text()\n}\nexport async function POST() {\n  return new Response(await twice())\n}\n`,
  `async function twice(\n  // the request\n  req: Request,\n) {\n  await req.json()\n  return req.text()\n}\nexport async function POST(request: Request) {\n  return new Response(await twice(request.clone()))\n}\n`,
  // double-body-read checked from the text (the request used only for property reads)
  `export async function POST(request: Request) {\n  const stream = request.body\n  return Response.json({ stream, data: await request.json() })\n}\n`,
  `export async function POST(request: Request) {\n  const a = await (request.json)()\n  // request.text() would throw here\n  return new Response(String(a) + await request?.text())\n}\n`,
  `export async function PUT(req: Request) {\n  try {\n    const a = await req.json()\n    await fetch('https://x', { method: 'POST', body: JSON.stringify(a) })\n    return new Response('ok')\n  } catch {\n    return new Response(await req.text(), { status: 400 })\n  }\n}\n`,
  `export async function PATCH(request: Request) {\n  if (request.headers.get('x')) return new Response(await request.text())\n  const later = () => request.blob()\n  await request.json()\n  return new Response(await request.arrayBuffer())\n}\n`,
  `export async function POST(request: Request, other: Request) {\n  await other.json()\n  await request.json()\n  return new Response(await other.bytes())\n}\n`,
  `export async function POST(request: Request) {\n  for (;;) {\n    const x = await request.formData()\n    if (x) break\n  }\n  return new Response('')\n}\n`,
  // per-handler proofs and regions: the handler the proof cannot clear, next to one it clears; a value that
  // reaches markup through a top-level name assigned in another function; a redirect to a top-level constant
  `let last = ''\nexport async function POST(request: Request) {\n  last = await request.text()\n  return new Response('ok')\n}\nexport async function GET() {\n  return new Response(\`<p>\${last}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`,
  `const seen: string[] = []\nfunction remember(request: Request) {\n  seen.push(new URL(request.url).searchParams.get('q') ?? '')\n}\nexport async function GET(request: Request) {\n  remember(request)\n  return new Response(\`<ul>\${seen.join('')}</ul>\`, { headers: { 'content-type': 'text/html; charset=utf-8' } })\n}\n`,
  `const headers = { 'content-type': 'application/xml' }\nexport function GET(request: Request) {\n  return new Response(\`<q>\${request.url}</q>\`, { headers })\n}\n`,
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response((await params).id)\n}\nexport async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response(params.id)\n}\n`,
  `export async function GET() {\n  return new Response('a')\n}\nexport async function POST(request: Request) {\n  if (request.headers.get('x')) return new Response('b')\n}\n`,
  `import { NextResponse } from 'next/server'\nconst LOGIN = '/login'\nexport function GET() {\n  return new Response('x')\n}\nexport function POST() {\n  return NextResponse.redirect(LOGIN)\n}\n`,
  `export async function HEAD(request: Request) {\n  return new Response(null)\n}\nexport async function GET(request: Request) {\n  const r = request\n  return new Response(await r.text())\n}\n`,
  // body-in-get
  `export async function GET(request: Request) {\n  return Response.json(await request.json())\n}\n`,
  `export async function HEAD(request: Request) {\n  const r = request\n  return new Response(r.body)\n}\n`,
  // leaked-error-message
  `export async function GET() {\n  try { return new Response('a') } catch (e) {\n    console.error(e)\n    return new Response(String(e))\n  }\n}\n`,
  `function describe(x: unknown) { return String(x) }\nexport async function GET() {\n  try { return new Response('a') } catch (err: unknown) {\n    return new Response(describe(err))\n  }\n}\n`,
  `export async function GET() {\n  return fetch('https://x').catch((e) => new Response(e.message))\n}\n`,
  `export async function GET() {\n  return fetch('https://x')['catch']((e: Error) => new Response(e.message))\n}\n`,
  `export async function GET() {\n  try { return new Response('a') } catch ({ message }) {\n    return new Response(message)\n  }\n}\n`,
  // unescaped-markup
  `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`\\x3cp>\${q}</p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`,
  `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`<\\u0070>\${q}\`, { headers: { 'content-type': 'text/html' } })\n}\n`,
  `export function GET(request: Request) {\n  const q = new URL(request.url).searchParams.get('q')\n  return new Response(\`\\x3cp>\${q}\\x3c/p>\`, { headers: { 'content-type': 'text/html' } })\n}\n`,
  // relative-redirect, sync-params-access, lowercase-method-export, missing-response
  `import { NextResponse } from 'next/server'\nexport function GET() {\n  return NextResponse.redirect('/login')\n}\n`,
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response(params.id)\n}\n`,
  `export function get() {\n  return new Response('x')\n}\n`,
  `export function GET(request: Request) {\n  if (request.url) return new Response('x')\n}\n`,
  // sync-params-access: awaited, but the member is read first; not awaited; through the context
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response(await params.id)\n}\n`,
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  const { id } = params\n  return new Response(id)\n}\n`,
  `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  return new Response(await context.params.id)\n}\n`,
  `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {\n  const { params } = context\n  return new Response((await params).id + params.id)\n}\n`,
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response(await params!.id)\n}\n`,
  // missing-response: a plain value in the catch, a bare return before a line break, an if without else at the end
  `export async function GET() {\n  try {\n    return new Response('a')\n  } catch {\n    return { error: 'failed' }\n  }\n}\n`,
  `export async function GET() {\n  if (Date.now() > 0) {\n    return\n      Response.json({})\n  }\n  return new Response('a')\n}\n`,
  `export async function GET() {\n  try {\n    if (Date.now()) return new Response('a')\n  } catch {\n    return new Response('b')\n  }\n}\n`,
  `export async function GET() {\n  for (const x of [1]) { if (x) break }\n  return 'done'\n}\n`,
];

const strip = (rules: readonly FileRule[]): FileRule[] => rules.map((r) => ({ ...r, quiet: undefined, needsIndex: true }));
const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.ruleId} ${f.span.start}-${f.span.end} ${f.message} ${JSON.stringify(f.fixes)}`);
const FILES = ['/p/app/api/x/route.ts', '/p/app/api/x/route.js', '/p/proxy.ts', '/p/middleware.ts', '/p/pages/api/x.ts'];

describe('quiet proofs never hide a finding', () => {
  it('near misses: each is reported, with and without the proofs alike', () => {
    for (const [k, text] of NEAR_MISSES.entries()) {
      const file = text.includes('middleware(') ? '/p/middleware.ts' : '/p/app/api/x/route.ts';
      const fast = analyzeSourceWith(FILE_RULES, { file, text }).findings;
      const full = analyzeSourceWith(strip(FILE_RULES), { file, text }).findings;
      assert.deepEqual(brief(fast), brief(full), `near miss ${k}`);
      assert.ok(full.length > 0, `near miss ${k} should be a finding:\n${text}`);
    }
  });

  it('the same findings with and without the proofs on 3,000 fuzzed files, the seeds, the worst-case shapes and the benchmark file, in every kind of file', function () {
    this.timeout(90_000); // about 7,000 analyses, twice each, CPU-bound: the default 20 s is too tight on a shared machine
    // Files of many top-level functions (the benchmark file, its variants with and without a finding, and broken
    // copies of them) are where an index over some statements only (FileRule.quiet) could differ from the whole.
    const r = rng(13);
    const many = [routeFile(150), ...[...VARIANTS, ...WITH_A_FINDING].map(([, variant]) => variant(routeFile(150)))];
    const corpus = [...SEEDS, ...ADVERSARIAL.map((make) => make(25)), routeFile(300), ...many, ...Array.from({ length: 3000 }, (_, i) => fuzzInput(i)), ...Array.from({ length: 300 }, (_, i) => mutate(many[i % many.length], r))];
    let findings = 0;
    for (const [k, text] of corpus.entries()) {
      const file = FILES[k % FILES.length];
      const fast = analyzeSourceWith(FILE_RULES, { file, text }).findings;
      const full = analyzeSourceWith(strip(FILE_RULES), { file, text }).findings;
      assert.deepEqual(brief(fast), brief(full), `input ${k} in ${file}:\n${text}`);
      findings += full.length;
    }
    assert.ok(findings > 500, `the corpus must produce findings to compare (${findings})`);
  });

  it('the proofs do fire on clean code (or they would only cost time)', () => {
    const parse = (text: string, file = '/p/app/api/x/route.ts') => {
      const sourceFile = parseFile(file, text).sourceFile;
      return { file, text, sourceFile, kind: 'route' as const, nextMajor: 16, exports: exportsOf(sourceFile) };
    };
    const clean = parse(`export async function POST(request: Request) {\n  const url = new URL(request.url)\n  try {\n    const body = await request.json()\n    for (const k of Object.keys(body)) console.log(k, url.pathname)\n    return Response.json(body)\n  } catch (e) {\n    console.error(e)\n    throw e\n  }\n}\n`);
    assert.equal(doubleReadRegion(clean), true);
    assert.equal(noSinkReachable(clean.sourceFile, clean.text), true);
    assert.equal(bodyInGetRegion(clean), true);
    assert.equal(markupRegion(clean), true);
    const bench = parse(routeFile(300));
    assert.equal(syncParamsRegion(bench), true, 'every handler awaits params');
    assert.equal(missingResponseRegion(bench), true, 'every handler ends in a try whose blocks return');
    const readInLoop = parse(clean.text.replace('const body = await request.json()\n    for (const k of Object.keys(body))', 'for (const k of [1]) {}\n    const body = await request.json()\n    for (const k of Object.keys(body))'));
    assert.notEqual(doubleReadRegion(readInLoop), true, 'a loop keyword before the read: no proof');
  });

  it('a double read in a function whose request is used only for property reads is checked from its text alone, with the same finding and fixes as the whole-file check', () => {
    const file = '/p/app/api/x/route.ts';
    const ctxOf = (text: string) => {
      const sourceFile = parseFile(file, text).sourceFile;
      return { file, text, sourceFile, kind: 'route' as const, nextMajor: 16, exports: exportsOf(sourceFile) };
    };
    const [, twice] = WITH_A_FINDING[1];
    const text = twice(routeFile(300));
    const ctx = ctxOf(text);
    const region = doubleReadRegion(ctx);
    assert.ok(region instanceof Set && region.size === 0, 'no statement of the index is needed');
    const left = unprovenReads(ctx);
    assert.equal(left?.length, 1, 'one function is left to the rule');
    assert.equal(left[0].reads.length, 2);
    assert.equal(left[0].requests.map((r) => r.text).join(), 'request');
    // nothing outside that function was walked: the other handlers' nodes have no parents
    const fast = analyzeSourceWith(FILE_RULES, { file, text });
    const sf = (fast.cache as unknown as { parsed: { sourceFile: import('typescript').SourceFile } }).parsed.sourceFile;
    const last = sf.statements[sf.statements.length - 1] as import('typescript').FunctionDeclaration;
    assert.equal(last.body?.statements[0].parent, undefined, 'the last helper was never walked');
    const full = analyzeSourceWith(strip(FILE_RULES), { file, text });
    assert.deepEqual(brief(fast.findings), brief(full.findings));
    assert.equal(fast.findings.length, 1);
    assert.deepEqual(fast.findings[0].fixes.map((f) => f.title), ["Clone 'request' before the first read and read the clone here"]);
    // a use other than a property read (here, an alias) leaves the check to the index
    const aliased = ctxOf(text.replace('const raw = await request.text()', 'const r = request\n    const raw = await r.text()'));
    assert.ok(doubleReadRegion(aliased) instanceof Set);
    assert.equal(unprovenReads(aliased), undefined);
  });

  it("the benchmark's files with one mistake give exactly that finding, one per file rule, with and without the proofs", () => {
    const file = '/p/app/api/x/route.ts';
    const base = routeFile(1000);
    const seen = new Set<string>();
    for (const [what, variant] of WITH_A_FINDING) {
      const text = variant(base);
      const fast = analyzeSourceWith(FILE_RULES, { file, text }).findings;
      assert.equal(fast.length, 1, what);
      assert.ok(what.includes(fast[0].ruleId) || (fast[0].ruleId === 'leaked-error-message' && what.includes('String(reason)')) || (fast[0].ruleId === 'double-body-read' && what.includes('twice')), `${what}: ${fast[0].ruleId}`);
      seen.add(fast[0].ruleId);
      // nothing is walked but what the finding needs: of the private helpers (the statements after the four
      // handlers and the two lines before them), at most the one with the mistake has parents in its body
      const sf = (analyzeSourceWith(FILE_RULES, { file, text }).cache as unknown as { parsed: { sourceFile: import('typescript').SourceFile } }).parsed.sourceFile;
      const walked = sf.statements.slice(6).filter((st) => (st as import('typescript').FunctionDeclaration).body?.statements[0]?.parent !== undefined);
      assert.ok(walked.length <= 1, `${what}: ${walked.length} helpers walked`);
      assert.deepEqual(brief(fast), brief(analyzeSourceWith(strip(FILE_RULES), { file, text }).findings), what);
    }
    assert.deepEqual([...seen].sort(), FILE_RULES.map((r) => r.meta.id).sort(), 'every file rule has its line in the benchmark');
  });

  it('a clean route file of 1,000 lines is proven clean without the walk, and a one-line change brings the rules back', () => {
    const text = routeFile(1000);
    assert.deepEqual(analyzeSource({ file: '/p/app/api/x/route.ts', text }).findings, []);
    const leaky = text.replace('console.error(reason)', 'return new Response(String(reason))');
    assert.equal(analyzeSource({ file: '/p/app/api/x/route.ts', text: leaky }).findings.filter((f) => f.ruleId === 'leaked-error-message').length, 1);
  });
});
