// Cold discovery of a synthetic app with 5,000 route files (target < 1 s), printed against anchors measured on
// the same tree in the same run: a bare recursive readdir that only lists the files, and listing plus reading
// every file (what no discovery can avoid).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeNextApp } from '../../src/core/project/nextApps';
import { discoverRoutes } from '../../src/core/routes/discovery';
import { loadLine, verdict } from './verdict';

const ROUTES = 5000;

function makeApp(root: string): void {
  fs.writeFileSync(path.join(root, 'package.json'), '{"dependencies":{"next":"16.4.6"}}');
  for (let i = 0; i < ROUTES; i++) {
    // 50 sections x 100 resources, a third dynamic, some grouped: a realistic mix of segment kinds
    const section = `s${i % 50}`;
    const group = i % 7 === 0 ? '(admin)/' : '';
    const leaf = i % 3 === 0 ? `r${i}/[id]` : `r${i}`;
    const dir = path.join(root, 'app', group + 'api', section, leaf);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'route.ts'),
      `import { NextResponse } from 'next/server';\n\nexport async function GET(request: Request) {\n  return NextResponse.json({ route: ${i} });\n}\n\nexport async function POST(request: Request) {\n  const body = await request.json();\n  return NextResponse.json(body, { status: 201 });\n}\n`,
    );
  }
}

function readdirAll(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readdirAll(p, out);
    else out.push(p);
  }
}

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-bench-disc-'));
  try {
    makeApp(root);
    const app = describeNextApp(root);
    if (!app) throw new Error('synthetic app not recognised');
    // Anchors first (they warm the OS cache for all; "cold" here means a fresh process-level run: no parse
    // cache, no previous discovery).
    const a0 = performance.now();
    const files: string[] = [];
    readdirAll(path.join(root, 'app'), files);
    const listMs = performance.now() - a0;
    const r0 = performance.now();
    let bytes = 0;
    for (const f of files) bytes += fs.readFileSync(f, 'utf8').length;
    const readMs = listMs + performance.now() - r0;
    const t0 = performance.now();
    const routes = await discoverRoutes(app);
    const coldMs = performance.now() - t0;
    const t1 = performance.now();
    await discoverRoutes(app);
    const warmMs = performance.now() - t1;
    if (routes.length !== ROUTES) throw new Error(`expected ${ROUTES} routes, found ${routes.length}`);
    if (routes.some((r) => r.methods.join() !== 'GET,POST')) throw new Error('methods not read from every file');
    console.log(loadLine());
    console.log(`routes discovered: ${routes.length} (the anchors listed ${files.length} files, ${(bytes / 1024).toFixed(0)} KB)`);
    verdict({ what: 'cold discoverRoutes (list + read + export names)', value: coldMs, anchorName: 'recursive readdir, list only', anchor: listMs, target: { valueBelow: 1000 } });
    console.log(`info  list + readFileSync of every file (the I/O floor): ${readMs.toFixed(1)} ms; discovery is ${(coldMs / readMs).toFixed(2)}x that`);
    console.log(`info  second discoverRoutes: ${warmMs.toFixed(1)} ms = ${(warmMs / listMs).toFixed(2)}x the list-only anchor`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
