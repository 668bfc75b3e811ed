// The ESLint plugin's cost in a Next.js team's lint: ESLint (the Node API, as the CLI and editors use it) over
// route files with eslint-config-next's core-web-vitals config alone (the anchor), and with the plugin's
// recommended config added, measured by turns in one run. The figure is the plugin's added time per route file
// as a ratio of the anchor's time per file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/eslint';
import { loadLine, verdict } from './verdict';

const FILES = 150;
const ROUNDS = 5;

function routeSource(i: number): string {
  return [
    `import { NextResponse, type NextRequest } from 'next/server'`,
    `import { z } from 'zod'`,
    ``,
    `const Body${i} = z.object({ name: z.string().min(1), count: z.number().int().optional() })`,
    `export const dynamic = 'force-dynamic'`,
    ``,
    `export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {`,
    `  const { id } = await params`,
    `  const q = request.nextUrl.searchParams.get('q') ?? ''`,
    `  try {`,
    `    const res = await fetch(\`https://api.example.com/items/\${encodeURIComponent(id)}?q=\${encodeURIComponent(q)}\`, { cache: 'no-store' })`,
    `    if (!res.ok) return NextResponse.json({ error: 'upstream failed' }, { status: 502 })`,
    `    const data: unknown = await res.json()`,
    `    return NextResponse.json({ id, data })`,
    `  } catch (error) {`,
    `    console.error('GET /api/items/${i} failed', error)`,
    `    return NextResponse.json({ error: 'internal error' }, { status: 500 })`,
    `  }`,
    `}`,
    ``,
    `export async function POST(request: NextRequest) {`,
    `  const parsed = Body${i}.safeParse(await request.json().catch(() => null))`,
    `  if (!parsed.success) return NextResponse.json({ error: 'invalid body' }, { status: 400 })`,
    `  const { name, count = 1 } = parsed.data`,
    `  return NextResponse.json({ name, count, at: Date.now() }, { status: 201 })`,
    `}`,
    ``,
  ].join('\n');
}

async function timeLint(eslint: ESLint, files: string[]): Promise<number> {
  const t0 = performance.now();
  const results = await eslint.lintFiles(files);
  const elapsed = performance.now() - t0;
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal));
  if (fatal.length > 0) throw new Error(`parse errors in the bench's files: ${fatal[0].message}`);
  return elapsed;
}

export async function run(): Promise<void> {
  console.log(loadLine());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-eslint-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, dependencies: { next: '16.0.0' } }));
    const files: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const file = path.join(dir, 'app', 'api', `items${i}`, '[id]', 'route.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, routeSource(i));
      files.push(file);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- eslint-config-next is CommonJS
    const nextVitals = require('eslint-config-next/core-web-vitals') as Linter.Config[];
    const make = (withPlugin: boolean): ESLint => new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: withPlugin ? [...nextVitals, plugin.configs.recommended as Linter.Config] : nextVitals,
      cache: false,
    });
    const alone = make(false);
    const withPlugin = make(true);
    await timeLint(alone, files); // warm-up: module loading and JIT
    await timeLint(withPlugin, files);
    const ratios: number[] = [];
    const base: number[] = [];
    const added: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const a = await timeLint(alone, files);
      const b = await timeLint(withPlugin, files);
      base.push(a / FILES);
      added.push((b - a) / FILES);
      ratios.push((b - a) / a);
    }
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ok = verdict({
      what: `bff-routes/eslint added time per route file (${FILES} files, ${ROUNDS} rounds by turns)`,
      value: median(added),
      anchorName: 'ESLint with eslint-config-next alone, per file',
      anchor: median(base),
      ratio: median(ratios),
      target: { ratioAtMost: 1 },
    });
    if (!ok) throw new Error('the ESLint plugin costs more than eslint-config-next itself');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
