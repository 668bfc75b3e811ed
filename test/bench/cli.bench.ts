// `bff-routes lint` on 5,000 route files, spawned as a process on dist/cli.js as CI runs it.
// Target: under 10 s on this 2-core machine. Anchors measured in the same run: the bare cost of
// reading and parsing the same files with TypeScript in-process (the floor any analysis pays), and
// the start-up of the CLI process alone (`--version`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';

const FILES = Number(process.env.BFF_BENCH_CLI_FILES ?? 5000);
const BUDGET_MS = 10_000;
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Route files like real ones (30–40 lines, a few handlers), a quarter of them with a finding. */
function routeSource(i: number): string {
  const variants = [
    `import { NextResponse, type NextRequest } from 'next/server';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const q = request.nextUrl.searchParams.get('q') ?? '';
  const res = await fetch(\`https://api.example.com/items/\${id}?q=\${encodeURIComponent(q)}\`, { cache: 'no-store' });
  if (!res.ok) return NextResponse.json({ error: 'Upstream failed' }, { status: 502 });
  const data: unknown = await res.json();
  return NextResponse.json({ id, data });
}

export async function DELETE(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await fetch(\`https://api.example.com/items/\${id}\`, { method: 'DELETE' });
  return new Response(null, { status: 204 });
}
`,
    `export async function POST(request: Request) {
  try {
    const body = (await request.json()) as { name?: unknown };
    if (typeof body.name !== 'string') {
      return Response.json({ error: 'name is required' }, { status: 400 });
    }
    const saved = await save(body.name);
    return Response.json(saved, { status: 201 });
  } catch (err) {
    console.error(err);
    return Response.json({ error: 'Unexpected error' }, { status: 500 });
  }
}

async function save(name: string): Promise<{ id: number; name: string }> {
  return { id: ${i}, name };
}
`,
    `export async function POST(request: Request) {
  const payload = await request.json();
  const raw = await request.text();
  return Response.json({ payload, length: raw.length });
}

export async function GET() {
  return new Response('route ${i}', { headers: { 'content-type': 'text/plain' } });
}
`,
    `export async function POST(request: Request) {
  try {
    await request.formData();
    return new Response(null, { status: 204 });
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : 'Unexpected error';
    return new Response(message, { status: 500 });
  }
}
`,
  ];
  return variants[i % 4 === 3 ? (i % 8 === 3 ? 2 : 3) : i % 2];
}

function makeApp(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-bench-cli-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, dependencies: { next: '16.4.6' } }));
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(root, 'app', 'api', `group${i % 50}`, `r${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'route.ts'), routeSource(i));
  }
  return root;
}

function listRoutes(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('route.ts')).map((f) => path.join(dir, f));
}

function readAndParse(files: string[]): number {
  let statements = 0;
  for (const f of files) {
    const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    statements += sf.statements.length;
  }
  return statements;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function run(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run bench does)`);
  const root = makeApp();
  try {
    const files = listRoutes(root);
    if (files.length !== FILES) throw new Error(`expected ${FILES} route files, found ${files.length}`);

    const startup = time(() => spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }));
    if (startup.value.status !== 0) throw new Error(`cli --version failed: ${startup.value.stderr}`);
    const parse = time(() => readAndParse(files));

    const runs: number[] = [];
    let findings = 0;
    let linted = 0;
    for (let r = 0; r < 2; r++) {
      const lint = time(() => spawnSync(process.execPath, [CLI, 'lint', root, '--format', 'json'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }));
      const p = lint.value;
      if (p.status !== 1) throw new Error(`lint exited ${p.status} (expected 1: the files hold errors): ${p.stderr.slice(0, 2000)}`);
      const out = JSON.parse(p.stdout) as { summary: { files: number; problems: number } };
      linted = out.summary.files;
      findings = out.summary.problems;
      runs.push(lint.ms);
    }
    if (linted !== FILES) throw new Error(`the CLI linted ${linted} files, expected ${FILES}`);
    const best = Math.min(...runs);
    const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    console.log(`files: ${FILES} route files (${findings} findings), node ${process.version}, ${os.cpus().length} cores`);
    console.log(`anchor  cli start-up (--version):            ${fmt(startup.ms)}`);
    console.log(`anchor  read + TypeScript parse, in-process: ${fmt(parse.ms)}  (${Math.round(FILES / (parse.ms / 1000))} files/s)`);
    console.log(`measure bff-routes lint (process, json):      ${fmt(best)}  (runs: ${runs.map(fmt).join(', ')}; ${Math.round(FILES / (best / 1000))} files/s)`);
    console.log(`ratio   lint / 10 s budget:                   ${(best / BUDGET_MS).toFixed(2)}x  ${best < BUDGET_MS ? 'within budget' : 'OVER BUDGET'}`);
    console.log(`ratio   lint / (start-up + read+parse):       ${(best / (startup.ms + parse.ms)).toFixed(2)}x`);
    if (best >= BUDGET_MS) throw new Error(`linting ${FILES} files took ${fmt(best)}, over the ${fmt(BUDGET_MS)} budget`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
