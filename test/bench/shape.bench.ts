// Request-shape extraction of one large route file: 1,000 lines, 20 zod schemas (objects with formats, ranges,
// enums, unions, nested arrays, .extend/.pick), handlers for four methods reading bodies, query and headers.
// Anchor, measured by turns with it in the same run: a bare parse of the same text (ts.createSourceFile).
// Target: extraction (its own parse included) within 2x the parse.
import { performance } from 'node:perf_hooks';
import { parseFile } from '../../src/core/parsing/sourceFile';
import { extractRouteShape } from '../../src/core/shape';
import { loadLine, verdict } from './verdict';

function schema(i: number): string {
  const lines = [`const S${i} = z.object({`];
  for (let f = 0; f < 38; f++) {
    const kind = f % 8;
    lines.push(
      kind === 0 ? `  email${f}: z.string().email(),`
      : kind === 1 ? `  id${f}: z.uuid(),`
      : kind === 2 ? `  qty${f}: z.number().int().min(1).max(99),`
      : kind === 3 ? `  kind${f}: z.enum(['a', 'b', 'c']).optional(),`
      : kind === 4 ? `  tags${f}: z.array(z.string().max(20)).min(1),`
      : kind === 5 ? `  pay${f}: z.discriminatedUnion('t', [z.object({ t: z.literal('card'), n: z.string().length(16) }), z.object({ t: z.literal('cash') })]),`
      : kind === 6 ? `  at${f}: z.iso.datetime().nullable(),`
      : `  nested${f}: z.object({ city: z.string(), zip: z.string().regex(/^\\d{5}$/) }).default({ city: 'x', zip: '00000' }),`,
    );
  }
  lines.push(i % 4 === 3 ? `}).extend({ extra: z.boolean() }).pick({ email0: true, qty2: true, extra: true });` : '});');
  return lines.join('\n');
}

export function bigRouteFile(): string {
  const parts = ["import { z } from 'zod';", "import { NextResponse, type NextRequest } from 'next/server';", ''];
  for (let i = 0; i < 20; i++) parts.push(schema(i), '');
  for (const [m, s] of [['POST', 0], ['PUT', 5], ['PATCH', 10], ['DELETE', 15]] as const) {
    parts.push(`export async function ${m}(request: NextRequest) {`);
    parts.push("  const q = request.nextUrl.searchParams.get('q');");
    parts.push("  if (!q) return NextResponse.json({ error: 'q' }, { status: 400 });");
    parts.push("  const key = request.headers.get('x-api-key');");
    parts.push(`  const parsed = S${s}.safeParse(await request.json());`);
    parts.push('  if (!parsed.success) return NextResponse.json({ error: parsed.error.flatten() }, { status: 422 });');
    parts.push(`  return NextResponse.json({ ok: true, key, q }, { status: ${m === 'POST' ? 201 : 200} });`);
    parts.push('}', '');
  }
  const text = parts.join('\n');
  const lines = text.split('\n').length;
  return lines >= 1000 ? text : text + '\n'.repeat(1000 - lines) + '// end\n';
}

export async function run(): Promise<void> {
  const text = bigRouteFile();
  const file = '/bench/app/api/orders/route.ts';
  console.log(loadLine());
  const shape = extractRouteShape(file, text);
  const known = shape.methods.filter((m) => m.body.kind === 'json').length;
  console.log(`file: ${text.split('\n').length} lines, ${text.length} chars, 20 schemas; methods ${shape.methods.length}, JSON bodies known ${known}`);
  if (known !== 4) throw new Error('the benchmark file must give four known bodies');
  for (let i = 0; i < 5; i++) {
    parseFile(file, text + ' '.repeat(i));
    extractRouteShape(file, text + ' '.repeat(i));
  }
  const ratios: number[] = [];
  const parses: number[] = [];
  const extracts: number[] = [];
  for (let round = 0; round < 40; round++) {
    const t = text + ' '.repeat(round % 3);
    const a = performance.now();
    parseFile(file, t);
    const b = performance.now();
    extractRouteShape(file, t);
    const c = performance.now();
    parses.push(b - a);
    extracts.push(c - b);
    ratios.push((c - b) / (b - a));
    await new Promise((r) => setImmediate(r));
  }
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  verdict({ what: 'extraction of the 1,000-line file (its parse included)', value: med(extracts), anchorName: 'bare parse', anchor: med(parses), ratio: med(ratios), target: { ratioAtMost: 2 } });
}
