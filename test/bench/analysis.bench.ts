// Route diagnostics speed, each figure beside its anchor measured in the same run:
//  1. all rules on a 1,000-line route file vs the bare TypeScript parse (target <= 2x, issue 11: one model per file,
//     no text-level proofs) and vs ESLint 9 with
//     @typescript-eslint/parser and one trivial rule; beside them, as information, the parse plus one bare walk
//     of the tree it built (what a rule engine that visits every node pays at least); then two variants of the
//     file that give the rules more to do (VARIANTS) and eleven with one mistake, one per file rule (WITH_A_FINDING),
//     held to the same 2x; and the garbage collector's time on those against the parse's;
//  2. re-analysis after a one-character edit (incremental parse) vs ESLint's full re-lint (target <= 0.05x, #11);
//  3. the CLI on 5,000 route files, as a process (target < 10 s), beside the bare parse of the same files;
//  4. pathological shapes (test/unit/analysis/hostileShapes.ts): a chain of 3,200 ternaries and 3,200 nested loops
//     within 5x their bare parse (a file the analysis skips is a MISS), and as information every other shape at 800
//     and 3,200 levels with its growth (4x the size should cost about 4x: cost linear in the file).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import ts from 'typescript';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { analyzeSource } from '../../src/core/analysis/index';
import { loadLine, verdict } from './verdict';
import { SHAPES } from '../unit/analysis/hostileShapes';

const BLOCK = (i: number, head = `async function handler${i}`): string => `
${head}(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const url = new URL(request.url)
  const q = url.searchParams.get('q') ?? ''
  try {
    const body = await request.json()
    if (!body || typeof body !== 'object') {
      return Response.json({ error: 'bad request' }, { status: 400 })
    }
    const upstream = await fetch(\`https://api.example.com/items/\${id}?q=\${encodeURIComponent(q)}\`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    for (const key of Object.keys(body)) {
      if (key.startsWith('_')) continue
    }
    return Response.json(await upstream.json(), { status: upstream.status })
  } catch (reason) {
    console.error(reason)
    return new Response('Internal Server Error', { status: 500 })
  }
}
`;

/** The handlers of the bench file: one per method a route with a body has; the other blocks are private helpers. */
const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * A route file of about `lines` lines, like a large real one: four exported method handlers (each block reads the
 * body, so no GET) and private request helpers of the same shape, every catch logging the error and answering
 * a constant message. No rule has anything to report.
 */
export function routeFile(lines: number): string {
  let text = "import { NextResponse } from 'next/server'\nexport const dynamic = 'force-dynamic'\n";
  for (let i = 0; text.split('\n').length < lines; i++) text += BLOCK(i, i < METHODS.length ? `export async function ${METHODS[i]}` : `async function handler${i}`);
  return text;
}

/** Every line's anchor: the bare TypeScript parse of a text (no parent pointers set). */
function bareParse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `fn` over `runs` runs after `warm` warm-up runs. */
function time(fn: () => void, runs = 40, warm = 10): number {
  for (let i = 0; i < warm; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(xs);
}

/**
 * Times several functions run by turns (the order rotating each turn), so garbage collection and machine noise fall
 * on all of them alike: timing one function many times and then the next lets the first pay for the garbage of
 * whatever ran before it. Returns the median ms of each.
 */
function byTurns(fns: ReadonlyArray<() => unknown>, runs: number, warm = 5): number[] {
  const xs: number[][] = fns.map(() => []);
  for (let r = 0; r < warm + runs; r++) {
    for (let k = 0; k < fns.length; k++) {
      const f = (k + r) % fns.length;
      const t = process.hrtime.bigint();
      fns[f]();
      if (r >= warm) xs[f].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return xs.map(median);
}

export async function run(): Promise<void> {
  const text = routeFile(1000);
  // ESLint's flat config ignores files outside its base path, so the file name is relative (cwd).
  const file = 'app/api/items/[id]/route.ts';
  const lines = text.split('\n').length;
  const linter = new Linter({ configType: 'flat' });
  const eslintConfig: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as unknown as Linter.Parser }, rules: { 'no-debugger': 'error' } }];
  const eslintMessages = linter.verify(text, eslintConfig, file);
  if (eslintMessages.some((m) => m.fatal)) throw new Error(`ESLint could not parse the bench file: ${eslintMessages[0].message}`);
  const findings = analyzeSource({ file, text }).findings;
  const parseOnly = (): ts.SourceFile => bareParse(file, text);
  const bareWalk = (sf: ts.SourceFile): number => {
    let n = 0;
    const visit = (node: ts.Node): undefined => {
      n++;
      ts.forEachChild(node, visit);
      return undefined;
    };
    ts.forEachChild(sf, visit);
    return n;
  };

  // Interleave the measurements in rounds so machine noise hits them alike.
  const parse: number[] = [];
  const floor: number[] = [];
  const ours: number[] = [];
  const eslint: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 7; round++) {
    const [tp, tw, to] = byTurns([parseOnly, () => bareWalk(parseOnly()), () => analyzeSource({ file, text })], 40);
    parse.push(tp);
    floor.push(tw);
    ours.push(to);
    ratios.push(to / tp);
    eslint.push(time(() => linter.verify(text, eslintConfig, file), 8, 2));
  }
  const p = median(parse);
  const w = median(floor);
  const o = median(ours);
  const e = median(eslint);
  console.log(loadLine());
  // This machine is a shared VM whose speed swings within seconds: each round runs the anchor and the measurement
  // by turns 40 times, and the ratio judged is the median of the rounds' ratios, so a slow spell that covers a
  // round falls on both sides of its ratio, and one that hits a single round does not move the median.
  console.log(`file: ${lines} lines, ${text.length} chars, ${findings.length} findings; 7 rounds of 40 runs, parse/walk/analysis run by turns; a ratio is the median of the rounds' ratios`);
  verdict({ what: 'all rules (analyzeSource, parse included)', value: o, anchorName: 'bare TypeScript parse', anchor: p, ratio: median(ratios), target: { ratioAtMost: 2 } });
  // The second reading of the same target: ESLint with one trivial rule is ~7.8x the parse, so 1.3x the
  // parse is about 6x faster than ESLint.
  verdict({ what: 'all rules vs ESLint 9 + @typescript-eslint/parser, 1 trivial rule', value: o, anchorName: `ESLint (${(e / p).toFixed(1)}x the parse)`, anchor: e, target: { ratioAtMost: 0.167 } });
  console.log(`info  parse + one bare walk of the fresh tree: ${w.toFixed(2)} ms = ${(w / p).toFixed(2)}x the parse (what one walk of the tree adds; a file the rules prove clean skips it)`);

  // While typing: alternate two one-character edits in the middle of the file, reusing the previous analysis.
  const mid = text.indexOf("'bad request'", Math.floor(text.length / 2));
  const a = text.slice(0, mid + 1) + 'x' + text.slice(mid + 1);
  const b = text;
  let cache = analyzeSource({ file, text: a }).cache;
  let flip = false;
  const incremental: number[] = [];
  const relint: number[] = [];
  for (let round = 0; round < 3; round++) {
    const [ti, tr] = byTurns([
      () => {
        flip = !flip;
        cache = analyzeSource({ file, text: flip ? b : a, previous: cache }).cache;
      },
      () => linter.verify(a, eslintConfig, file),
    ], 8, 2);
    incremental.push(ti);
    relint.push(tr);
  }
  verdict({ what: 're-analysis after a 1-char edit (incremental parse + all rules)', value: median(incremental), anchorName: 'ESLint full re-lint of the file', anchor: median(relint), target: { ratioAtMost: 0.05 } });

  // Two variants of the same file, each held to the same target (issue 11: all rules within 2x of the parse):
  // - the catch blocks log the error through a same-file helper, so the model's error reach follows the error's
  //   names into the helper (analysis/errorReach.ts);
  // - each catch block sends a response built next to the error (an error id from a helper that logs it), so the
  //   name-based pre-pass reaches a response call in every handler and the precise analysis runs on each.
  // And the file with one mistake, for each file rule: the rule finds it by its query over the model (one walk of
  // the whole tree alone costs 0.1-0.3x the parse, see the info line).
  for (const [what, variant] of [...VARIANTS, ...WITH_A_FINDING]) {
    const vText = variant(text);
    const vParse = (): ts.SourceFile => bareParse(file, vText);
    const vFindings = analyzeSource({ file, text: vText }).findings.length;
    const rounds = Array.from({ length: 7 }, () => byTurns([vParse, () => analyzeSource({ file, text: vText })], 40));
    const [vp, vo] = [0, 1].map((k) => median(rounds.map((r) => r[k])));
    const ratio = median(rounds.map(([p, o]) => o / p));
    verdict({ what: `${what} (${vFindings} findings)`, value: vo, anchorName: 'bare TypeScript parse of it', anchor: vp, ratio, target: { ratioAtMost: 2 } });
  }

  await garbageWhileAnalysing(file, text);
  await cliOnManyFiles();
  pathologicalShapes(file);
}

/** The shapes held to 5x their parse at 3,200 levels (issue 10); the others are printed as information. */
const HELD = ['ternary chain, each branch reading the body', 'nested loops around a body read'];

/** Median ms of the bare parse and of the analysis of `text`, and the median of their per-round ratios. */
function parseAndAnalysis(file: string, text: string, rounds: number, runs: number): { parse: number; analysis: number; ratio: number } {
  const rs = Array.from({ length: rounds }, () => byTurns([() => bareParse(file, text), () => analyzeSource({ file, text })], runs, 2));
  return { parse: median(rs.map((r) => r[0])), analysis: median(rs.map((r) => r[1])), ratio: median(rs.map(([p, a]) => a / p)) };
}

export function pathologicalShapes(file: string): void {
  console.log('pathological shapes (test/unit/analysis/hostileShapes.ts), parse and analysis by turns, ratio = median of rounds');
  for (const shape of SHAPES) {
    const held = HELD.includes(shape.name);
    const sizes = held ? [3200] : [800, 3200];
    const row: string[] = [];
    for (const n of sizes) {
      const text = shape.text(n);
      try {
        bareParse(file, text);
      } catch {
        row.push(`${n} levels: the TypeScript parser itself runs out of stack`);
        continue;
      }
      const r = analyzeSource({ file, text });
      if (r.skipped) {
        if (held) console.log(`MISS  ${shape.name}, ${n} levels: the analysis skipped the file (${r.skipped})`);
        row.push(`${n} levels: skipped (${r.skipped})`);
        continue;
      }
      const m = parseAndAnalysis(file, text, held ? 5 : 3, held ? 8 : 4);
      if (held) verdict({ what: `${shape.name}, ${n} levels (${r.findings.length} findings)`, value: m.analysis, anchorName: 'bare TypeScript parse of it', anchor: m.parse, ratio: m.ratio, target: { ratioAtMost: 5 } });
      row.push(`${n} levels: ${m.analysis.toFixed(1)} ms = ${m.ratio.toFixed(2)}x its parse (${m.parse.toFixed(1)} ms)`);
    }
    if (!held) console.log(`info  ${shape.name}: ${row.join(' | ')}`);
  }
}

/**
 * Memory: the garbage collector's time while analysing files with a finding, beside the same number of bare parses
 * of the bench file, in alternating blocks. A per-file cache that kept syntax trees alive (a module-level WeakMap,
 * see src/core/analysis/slot.ts) made every tree survive young-generation collections: about 10x the parse's GC
 * time. Target: at most 2x.
 */
export async function garbageWhileAnalysing(file: string, text: string): Promise<void> {
  let gcMs = 0;
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      collections++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20)); // gc entries arrive in a later task
  const block = async (fn: () => unknown, runs: number): Promise<[number, number]> => {
    await settle();
    gcMs = 0;
    collections = 0;
    for (let i = 0; i < runs; i++) fn();
    await settle();
    return [gcMs, collections];
  };
  try {
    const texts = WITH_A_FINDING.map(([, variant]) => variant(text));
    let parseGc = 0;
    let parseCount = 0;
    let oursGc = 0;
    let oursCount = 0;
    for (let round = 0; round < 3; round++) {
      const [pm, pc] = await block(() => bareParse(file, text), 100 * texts.length);
      parseGc += pm;
      parseCount += pc;
      for (const t of texts) {
        const [om, oc] = await block(() => analyzeSource({ file, text: t }), 100);
        oursGc += om;
        oursCount += oc;
      }
    }
    const runs = 300 * texts.length;
    console.log(`garbage collection over ${runs} analyses of the files with a finding: ${oursCount} collections; over ${runs} bare parses: ${parseCount}`);
    verdict({ what: 'GC time per analysis of a file with a finding', value: oursGc / runs, anchorName: 'GC time per bare parse', anchor: parseGc / runs, target: { ratioAtMost: 2 } });
  } finally {
    observer.disconnect();
  }
}

/** The bench file's variants that give the rules more to do (see run()). */
export const VARIANTS: ReadonlyArray<[string, (text: string) => string]> = [
  ['catch blocks log through a helper (the error reach ends at the helper)', (text) => text.replace(/console\.error\(reason\)/g, 'log(reason)') + 'function log(e: unknown) { console.error(e) }\n'],
  [
    'catch blocks answer an error id from a helper (leak analysis in every handler)',
    (text) => text.replace(/console\.error\(reason\)\n(\s*)return new Response\('Internal Server Error', \{ status: 500 \}\)/g, "const id = report(reason)\n$1return Response.json({ error: 'Internal Server Error', id }, { status: 500 })") + 'function report(e: unknown): string {\n  console.error(e)\n  return crypto.randomUUID()\n}\n',
  ],
];

/** The bench file with one mistake, one variant per file rule (see run()); each gives exactly that finding. */
export const WITH_A_FINDING: ReadonlyArray<[string, (text: string) => string]> = [
  ['one handler sends String(reason) (a leak: the taint analysis runs)', (text) => once(text, "console.error(reason)\n    return new Response('Internal Server Error', { status: 500 })", 'return new Response(String(reason), { status: 500 })')],
  ['one handler reads the body twice (the path analysis runs)', (text) => once(text, 'const body = await request.json()', 'const body = await request.json()\n    const raw = await request.text()')],
  ['a GET handler reads the body (body-in-get)', (text) => text + 'export async function GET(request: Request) {\n  return Response.json(await request.json())\n}\n'],
  ['a lowercase method export (lowercase-method-export, with its rename)', (text) => text.replace('export async function PATCH', 'export async function patch')],
  ["params read without await in one handler (sync-params-access)", (text) => once(text, 'const { id } = await params', 'const { id } = params')],
  ["a relative redirect in one handler (relative-redirect)", (text) => once(text, "return Response.json({ error: 'bad request' }, { status: 400 })", "return NextResponse.redirect('/login')")],
  ['markup from the query in one handler (unescaped-markup)', (text) => once(text, "return Response.json({ error: 'bad request' }, { status: 400 })", "return new Response(`<p>${q}</p>`, { headers: { 'content-type': 'text/html' } })")],
  ['a path without a response in one handler (missing-response)', (text) => once(text, 'return Response.json(await upstream.json(), { status: upstream.status })', 'if (upstream.ok) return Response.json(await upstream.json(), { status: upstream.status })')],
  ["an invalid segment config value (invalid-segment-config)", (text) => text.replace("export const dynamic = 'force-dynamic'", "export const dynamic = 'force-dynamo'")],
  ['a fetch returned without await in a try (unawaited-return-in-try)', (text) => once(text, 'return Response.json(await upstream.json(), { status: upstream.status })', 'return upstream.json()')],
  ['a fetched origin from the query in one handler (proxy-path-injection)', (text) => once(text, 'await fetch(`https://api.example.com/items/', 'await fetch(`https://${q}/items/')],
];

function once(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`the bench file has no ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 5,000 route files linted by the CLI, as a process (startup included), beside the bare parse of the same files. */
async function cliOnManyFiles(): Promise<void> {
  const COUNT = 5000;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-bench-cli-'));
  try {
    fs.writeFileSync(path.join(root, 'package.json'), '{"dependencies":{"next":"16.4.6"}}');
    const texts: Array<[string, string]> = [];
    for (let i = 0; i < COUNT; i++) {
      const dir = path.join(root, 'app', 'api', `s${i % 50}`, i % 3 === 0 ? `r${i}/[id]` : `r${i}`);
      fs.mkdirSync(dir, { recursive: true });
      // a fifth of them with a finding (a leak, a double read, a lowercase export…), the rest clean
      const text = i % 5 === 0 ? BAD[i % BAD.length] : BLOCK(i, 'export async function POST');
      const file = path.join(dir, 'route.ts');
      fs.writeFileSync(file, text);
      texts.push([file, text]);
    }
    const p0 = performance.now();
    for (const [file, text] of texts) bareParse(file, text);
    const parseMs = performance.now() - p0;
    const cli = path.join(__dirname, '../../src/cli.js');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', '--no-settings', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const cliMs = performance.now() - t0;
    if (r.status !== 1 && r.status !== 0) throw new Error(`the CLI failed (${r.status}): ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { findings: unknown[] };
    console.log(`${COUNT} route files, ${report.findings.length} findings`);
    verdict({ what: `CLI 'bff-routes lint' on ${COUNT} route files (a process, startup included)`, value: cliMs, anchorName: 'bare TypeScript parse of the same files, in process', anchor: parseMs, target: { valueBelow: 10_000 } });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const BAD = [
  `export async function POST(request: Request) {\n  try {\n    return Response.json(await request.json())\n  } catch (e) {\n    return new Response(e instanceof Error ? e.message : 'x', { status: 500 })\n  }\n}\n`,
  `export async function POST(request: Request) {\n  const a = await request.json()\n  return Response.json({ a, b: await request.text() })\n}\n`,
  `export function get() {\n  return new Response('x')\n}\n`,
  `export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {\n  return new Response(params.id)\n}\n`,
];
