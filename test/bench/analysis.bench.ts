// Route diagnostics speed, each figure beside its anchor measured in the same run:
//  1. all rules on a 1,000-line route file vs the bare TypeScript parse (target <= 1.3x) and vs ESLint 9 with
//     @typescript-eslint/parser and one trivial rule;
//  2. re-analysis after a one-character edit (incremental parse) vs ESLint's full re-lint (target <= 0.1x).
import ts from 'typescript';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { analyzeSource } from '../../src/core/analysis/index';

const BLOCK = (i: number): string => `
export async function handler${i}(request: Request, { params }: { params: Promise<{ id: string }> }) {
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

export function routeFile(lines: number): string {
  let text = "import { NextResponse } from 'next/server'\nexport const dynamic = 'force-dynamic'\n";
  for (let i = 0; text.split('\n').length < lines; i++) text += BLOCK(i);
  return text + 'export const POST = handler0\n';
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

  // Interleave the three measurements in rounds so machine noise hits them alike.
  const parse: number[] = [];
  const ours: number[] = [];
  const eslint: number[] = [];
  for (let round = 0; round < 5; round++) {
    parse.push(time(() => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS), 20, 5));
    ours.push(time(() => analyzeSource({ file, text }), 20, 5));
    eslint.push(time(() => linter.verify(text, eslintConfig, file), 8, 2));
  }
  const p = median(parse);
  const o = median(ours);
  const e = median(eslint);
  console.log(`file: ${lines} lines, ${text.length} chars, ${findings.length} findings`);
  console.log(`bare TypeScript parse:              ${p.toFixed(2)} ms (anchor)`);
  console.log(`all rules (analyzeSource):          ${o.toFixed(2)} ms = ${(o / p).toFixed(2)}x the parse (target <= 1.30x)`);
  console.log(`ESLint 9 + ts parser, 1 rule:       ${e.toFixed(2)} ms = ${(e / p).toFixed(2)}x the parse; ours is ${(o / e).toFixed(2)}x ESLint (${(e / o).toFixed(1)}x faster)`);

  // While typing: alternate two one-character edits in the middle of the file, reusing the previous analysis.
  const mid = text.indexOf("'bad request'", Math.floor(text.length / 2));
  const a = text.slice(0, mid + 1) + 'x' + text.slice(mid + 1);
  const b = text;
  let cache = analyzeSource({ file, text: a }).cache;
  let flip = false;
  const incremental = time(() => {
    flip = !flip;
    cache = analyzeSource({ file, text: flip ? b : a, previous: cache }).cache;
  }, 60, 10);
  const relint = time(() => linter.verify(a, eslintConfig, file), 10, 2);
  console.log(`re-analysis after a 1-char edit:    ${incremental.toFixed(2)} ms (incremental parse + all rules)`);
  console.log(`ESLint full re-lint of the file:    ${relint.toFixed(2)} ms (anchor) -> ratio ${(incremental / relint).toFixed(3)}x (target <= 0.10x)`);
}
