import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeNextApp } from '../../../src/core/project/nextApps';
import { discoverRoutes, routeOfAppFile } from '../../../src/core/routes/discovery';

function write(root: string, rel: string, text: string): void {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
}

describe('routes/discovery', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-disc-'));
    write(root, 'package.json', '{"dependencies":{"next":"16.0.0"}}');
    write(root, 'app/api/users/[id]/route.ts', 'export async function GET() {}\nexport const DELETE = async () => new Response(null);\nexport function get() {}\n');
    write(root, 'app/(shop)/api/cart/route.js', 'async function handler() {}\nexport { handler as POST, handler as PUT };\n');
    write(root, 'app/api/docs/[...slug]/route.ts', 'export function GET() {}');
    write(root, 'app/api/files/[[...path]]/route.tsx', 'export function GET() {}');
    write(root, 'app/_private/api/secret/route.ts', 'export function GET() {}');
    write(root, 'app/feed/(..)photo/route.ts', 'export function GET() {}');
    write(root, 'app/api/notroute/handler.ts', 'export function GET() {}');
    write(root, 'app/api/broken/route.ts', 'export function GET( {');
    write(root, 'app/api/types/route.d.ts', 'export declare function GET(): void;');
    write(root, 'pages/api/legacy/[id].ts', 'export default function handler() {}');
    write(root, 'pages/api/index.js', 'export default function handler() {}');
    write(root, 'pages/about.tsx', 'export default function About() {}');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists app and pages API routes with their URL pattern, params and the methods really exported', async () => {
    const app = describeNextApp(root)!;
    const routes = await discoverRoutes(app);
    const brief = routes.map((r) => [r.pattern, r.router, r.methods.join(','), r.params.map((p) => `${p.name}:${p.kind}`).join(','), path.relative(root, r.file)]);
    assert.deepEqual(brief, [
      ['/api', 'pages', 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS', '', path.join('pages', 'api', 'index.js')],
      ['/api/broken', 'app', 'GET', '', path.join('app', 'api', 'broken', 'route.ts')],
      ['/api/cart', 'app', 'POST,PUT', '', path.join('app', '(shop)', 'api', 'cart', 'route.js')],
      ['/api/docs/[...slug]', 'app', 'GET', 'slug:catchAll', path.join('app', 'api', 'docs', '[...slug]', 'route.ts')],
      ['/api/files/[[...path]]', 'app', 'GET', 'path:optionalCatchAll', path.join('app', 'api', 'files', '[[...path]]', 'route.tsx')],
      ['/api/legacy/[id]', 'pages', 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS', 'id:single', path.join('pages', 'api', 'legacy', '[id].ts')],
      ['/api/users/[id]', 'app', 'GET,DELETE', 'id:single', path.join('app', 'api', 'users', '[id]', 'route.ts')],
    ]);
    const users = routes.find((r) => r.pattern === '/api/users/[id]')!;
    assert.deepEqual(users.offeredMethods, ['GET', 'DELETE', 'HEAD', 'OPTIONS']);
  });

  it('re-reads one file with the editor text, and says undefined for a non-route file', () => {
    const app = describeNextApp(root)!;
    const file = path.join(root, 'app/api/users/[id]/route.ts');
    const r = routeOfAppFile(app, file, 'export function PATCH() {}');
    assert.deepEqual(r?.methods, ['PATCH']);
    assert.equal(routeOfAppFile(app, path.join(root, 'app/api/notroute/handler.ts')), undefined);
    assert.equal(routeOfAppFile(app, path.join(root, 'app/_private/api/secret/route.ts')), undefined);
  });

  it('uses readText (unsaved editor text) during discovery and skips unreadable folders without throwing', async () => {
    const app = describeNextApp(root)!;
    const routes = await discoverRoutes(app, { readText: (f) => (f.endsWith(path.join('docs', '[...slug]', 'route.ts')) ? 'export function POST() {}' : undefined) });
    assert.deepEqual(routes.find((r) => r.pattern === '/api/docs/[...slug]')?.methods, ['POST']);
    assert.deepEqual(await discoverRoutes({ root: path.join(root, 'missing'), appDir: path.join(root, 'missing', 'app'), typescript: true, distDir: '.next' }), []);
  });
});
