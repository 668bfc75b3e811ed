// route-page-conflict and middleware-and-proxy: positives and look-alikes, each finding asserted by its exact file
// and span, and each related location by its file and span. The ESLint plugin runs the same case lists, written
// to disk, under RuleTester (test/unit/eslint/ruleTester.test.ts). Texts are handed to analyzeProjectFiles (readText), as
// the editor does with unsaved documents; the last test reads them from disk (the default).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeProjectFiles, type AnalyzeOptions, type Finding } from '../../../src/core/analysis/index';

const ROUTE = "import { NextResponse } from 'next/server'\n\nexport async function GET(request: Request) {\n  return NextResponse.json({ ok: true })\n}\n";
const ROUTE_GET_LINE = 'export async function GET(request: Request) {';
const ROUTE_CONST = "export const dynamic = 'force-dynamic'\nexport const POST = async (request: Request) => Response.json(await request.json())\n";
const ROUTE_CONST_LINE = 'export const POST = async (request: Request) => Response.json(await request.json())';
const PAGE = "import Link from 'next/link'\n\nexport default function Page() {\n  return <Link href=\"/\">home</Link>\n}\n";
const PAGE_LINE = 'export default function Page() {';
const PAGES_API = "import type { NextApiRequest, NextApiResponse } from 'next'\nexport default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.json({})\n}\n";
const PAGES_API_LINE = 'export default function handler(req: NextApiRequest, res: NextApiResponse) {';
const MIDDLEWARE = "import { NextResponse, type NextRequest } from 'next/server'\n\nexport function middleware(request: NextRequest) {\n  return NextResponse.next()\n}\n";
const MIDDLEWARE_LINE = 'export function middleware(request: NextRequest) {';
const PROXY = "import { NextResponse, type NextRequest } from 'next/server'\n\nexport function proxy(request: NextRequest) {\n  return NextResponse.next()\n}\nexport const config = { matcher: ['/api/:path*'] }\n";
const PROXY_LINE = 'export function proxy(request: NextRequest) {';

export interface Expected {
  file: string;
  span: string;
  related: Array<{ file: string; span: string }>;
}

export interface Case {
  name: string;
  files: Record<string, string>;
  options?: AnalyzeOptions;
  expect: Expected[];
}

function check(rule: 'route-page-conflict' | 'middleware-and-proxy', c: Case): void {
  const read = (file: string): string | undefined => c.files[file];
  const others = rule === 'route-page-conflict' ? 'middleware-and-proxy' : 'route-page-conflict';
  const found = analyzeProjectFiles(Object.keys(c.files), { ...c.options, rules: { ...c.options?.rules, [others]: 'off' } }, read);
  const at = (file: string, span: string): { start: number; end: number } => {
    const text = c.files[file];
    if (span === '') return { start: 0, end: 0 };
    const start = text.indexOf(span);
    assert.ok(start >= 0, `test data: '${span}' not in ${file}`);
    return { start, end: start + span.length };
  };
  const got = found.map((f: Finding) => ({ rule: f.ruleId, file: f.file, span: f.span, related: f.related.map((r) => ({ file: r.file, span: r.span })) }));
  const want = c.expect.map((e) => ({ rule, file: e.file, span: at(e.file, e.span), related: e.related.map((r) => ({ file: r.file, span: at(r.file, r.span) })) }));
  assert.deepEqual(got, want);
}

const P = ['/p'];

export const CONFLICTS: Case[] = [
  { name: 'route and page in one folder', files: { '/p/app/a/route.ts': ROUTE, '/p/app/a/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/a/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/a/page.tsx', span: PAGE_LINE }] }] },
  { name: 'across route groups', files: { '/p/app/(api)/b/route.ts': ROUTE_CONST, '/p/app/(site)/b/page.jsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/(api)/b/route.ts', span: ROUTE_CONST_LINE, related: [{ file: '/p/app/(site)/b/page.jsx', span: PAGE_LINE }] }] },
  { name: 'in src/app', files: { '/p/src/app/c/route.js': ROUTE, '/p/src/app/c/page.js': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/src/app/c/route.js', span: ROUTE_GET_LINE, related: [{ file: '/p/src/app/c/page.js', span: PAGE_LINE }] }] },
  { name: 'at the root URL', files: { '/p/app/route.ts': ROUTE, '/p/app/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/page.tsx', span: PAGE_LINE }] }] },
  { name: 'under a dynamic segment', files: { '/p/app/users/[id]/route.ts': ROUTE, '/p/app/users/[id]/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/users/[id]/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/users/[id]/page.tsx', span: PAGE_LINE }] }] },
  { name: 'under a catch-all segment', files: { '/p/app/docs/[...slug]/route.ts': ROUTE, '/p/app/docs/[...slug]/page.mdx': '# Docs\n' }, options: { appRoots: P }, expect: [{ file: '/p/app/docs/[...slug]/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/docs/[...slug]/page.mdx', span: '# Docs' }] }] },
  // next dev 16 (measured): "Conflicting route and page at /slota: route at /slota/route and page at /@modal/slota/page"
  { name: 'a page in a parallel @slot at the same URL', files: { '/p/app/slota/route.ts': ROUTE, '/p/app/@modal/slota/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/slota/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/@modal/slota/page.tsx', span: PAGE_LINE }] }] },
  // next dev 16 (measured): "Conflicting page and route at /slotb: page at /slotb/page and route at /@side/slotb/route"
  { name: 'a route in a parallel @slot at the same URL', files: { '/p/app/@side/slotb/route.ts': ROUTE, '/p/app/slotb/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/@side/slotb/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/app/slotb/page.tsx', span: PAGE_LINE }] }] },
  { name: 'a Pages Router API file at the same URL', files: { '/p/app/api/c/route.ts': ROUTE, '/p/pages/api/c.ts': PAGES_API }, options: { appRoots: P }, expect: [{ file: '/p/app/api/c/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/pages/api/c.ts', span: PAGES_API_LINE }] }] },
  { name: 'a Pages Router index page', files: { '/p/app/blog/route.ts': ROUTE, '/p/pages/blog/index.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/blog/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/pages/blog/index.tsx', span: PAGE_LINE }] }] },
  { name: 'src/pages against src/app', files: { '/p/src/app/d/route.ts': ROUTE, '/p/src/pages/d.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/src/app/d/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/p/src/pages/d.tsx', span: PAGE_LINE }] }] },
  {
    name: 'a monorepo with a conflict in each app',
    files: { '/m/apps/web/app/x/route.ts': ROUTE, '/m/apps/web/app/x/page.tsx': PAGE, '/m/apps/admin/app/y/route.ts': ROUTE_CONST, '/m/apps/admin/app/y/page.tsx': PAGE },
    options: { appRoots: ['/m/apps/web', '/m/apps/admin'] },
    expect: [
      { file: '/m/apps/web/app/x/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/m/apps/web/app/x/page.tsx', span: PAGE_LINE }] },
      { file: '/m/apps/admin/app/y/route.ts', span: ROUTE_CONST_LINE, related: [{ file: '/m/apps/admin/app/y/page.tsx', span: PAGE_LINE }] },
    ],
  },
  { name: 'a route with no method export yet: its first line of code', files: { '/p/app/e/route.ts': "\n// to do\nexport const runtime = 'edge'\n", '/p/app/e/page.tsx': PAGE }, options: { appRoots: P }, expect: [{ file: '/p/app/e/route.ts', span: '// to do', related: [{ file: '/p/app/e/page.tsx', span: PAGE_LINE }] }] },
  { name: 'without app roots (paths alone)', files: { '/w/app/f/route.ts': ROUTE, '/w/app/f/page.tsx': PAGE }, expect: [{ file: '/w/app/f/route.ts', span: ROUTE_GET_LINE, related: [{ file: '/w/app/f/page.tsx', span: PAGE_LINE }] }] },
];

export const NOT_CONFLICTS: Case[] = [
  { name: 'page.tsx in a sibling folder', files: { '/p/app/a/route.ts': ROUTE, '/p/app/b/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'both in a private _folder', files: { '/p/app/_private/route.ts': ROUTE, '/p/app/_private/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'a route in a @slot at another URL', files: { '/p/app/@side/x/route.ts': ROUTE, '/p/app/y/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'the route one level deeper (/x/api)', files: { '/p/app/x/api/route.ts': ROUTE, '/p/app/x/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'the same URL in two apps of a monorepo', files: { '/m/apps/web/app/x/route.ts': ROUTE, '/m/apps/admin/app/x/page.tsx': PAGE }, options: { appRoots: ['/m/apps/web', '/m/apps/admin'] }, expect: [] },
  { name: 'pages/_app next to the root route', files: { '/p/app/route.ts': ROUTE, '/p/pages/_app.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'a layout, not a page', files: { '/p/app/g/route.ts': ROUTE, '/p/app/g/layout.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'page.module.css and page.test.tsx', files: { '/p/app/h/route.ts': ROUTE, '/p/app/h/page.module.css': '.a {}\n', '/p/app/h/page.test.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'route.test.ts next to a page', files: { '/p/app/i/route.test.ts': ROUTE, '/p/app/i/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'a declaration file in pages/api', files: { '/p/app/api/users/route.ts': ROUTE, '/p/pages/api/users.d.ts': 'export {}\n' }, options: { appRoots: P }, expect: [] },
  { name: 'route.ts outside the app folder', files: { '/p/lib/a/route.ts': ROUTE, '/p/app/a/page.tsx': PAGE }, options: { appRoots: P }, expect: [] },
  { name: 'the rule turned off', files: { '/p/app/a/route.ts': ROUTE, '/p/app/a/page.tsx': PAGE }, options: { appRoots: P, rules: { 'route-page-conflict': 'off' } }, expect: [] },
];

export const BOTH: Case[] = [
  { name: 'both at the root', files: { '/p/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'both in src/', files: { '/p/src/middleware.ts': MIDDLEWARE, '/p/src/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/src/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/p/src/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'middleware in src/, proxy at the root', files: { '/p/src/middleware.js': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/src/middleware.js', span: MIDDLEWARE_LINE, related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'middleware at the root, proxy in src/', files: { '/p/middleware.ts': MIDDLEWARE, '/p/src/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/p/src/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'a default-exported middleware', files: { '/p/middleware.ts': 'export default function middleware() {\n  return undefined\n}\n', '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: 'export default function middleware() {', related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'middleware as a const arrow', files: { '/p/middleware.ts': "import type { NextRequest } from 'next/server'\nexport const middleware = (request: NextRequest) => undefined\n", '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: 'export const middleware = (request: NextRequest) => undefined', related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'middleware through an export list, proxy as default', files: { '/p/middleware.ts': 'function run() {\n  return undefined\n}\nexport { run as middleware }\n', '/p/proxy.ts': 'export default function handle() {\n  return undefined\n}\n' }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: 'export { run as middleware }', related: [{ file: '/p/proxy.ts', span: 'export default function handle() {' }] }] },
  { name: '.mjs and .js', files: { '/p/middleware.mjs': MIDDLEWARE.replace(', type NextRequest', '').replace(': NextRequest', ''), '/p/proxy.js': PROXY.replace(', type NextRequest', '').replace(': NextRequest', '') }, options: { appRoots: P }, expect: [{ file: '/p/middleware.mjs', span: 'export function middleware(request) {', related: [{ file: '/p/proxy.js', span: 'export function proxy(request) {' }] }] },
  { name: 'without app roots (paths alone)', files: { '/x/middleware.ts': MIDDLEWARE, '/x/proxy.ts': PROXY }, expect: [{ file: '/x/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/x/proxy.ts', span: PROXY_LINE }] }] },
  {
    name: 'a monorepo: only the app that has both',
    files: { '/m/apps/web/middleware.ts': MIDDLEWARE, '/m/apps/web/proxy.ts': PROXY, '/m/apps/admin/proxy.ts': PROXY },
    options: { appRoots: ['/m/apps/web', '/m/apps/admin'] },
    expect: [{ file: '/m/apps/web/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/m/apps/web/proxy.ts', span: PROXY_LINE }] }],
  },
  {
    name: 'a monorepo where two apps have both',
    files: { '/m/apps/web/middleware.ts': MIDDLEWARE, '/m/apps/web/proxy.ts': PROXY, '/m/apps/admin/src/middleware.ts': MIDDLEWARE, '/m/apps/admin/proxy.ts': PROXY },
    options: { appRoots: ['/m/apps/web', '/m/apps/admin'] },
    expect: [
      { file: '/m/apps/web/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/m/apps/web/proxy.ts', span: PROXY_LINE }] },
      { file: '/m/apps/admin/src/middleware.ts', span: MIDDLEWARE_LINE, related: [{ file: '/m/apps/admin/proxy.ts', span: PROXY_LINE }] },
    ],
  },
  { name: 'an empty middleware file: zero-length at the start', files: { '/p/middleware.ts': '', '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.ts', span: '', related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
  { name: 'a middleware with no export yet: its first line of code', files: { '/p/middleware.tsx': '\n\n  // moved to proxy.ts\n', '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [{ file: '/p/middleware.tsx', span: '// moved to proxy.ts', related: [{ file: '/p/proxy.ts', span: PROXY_LINE }] }] },
];

export const NOT_BOTH: Case[] = [
  { name: 'proxy alone', files: { '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'middleware alone', files: { '/p/middleware.ts': MIDDLEWARE }, options: { appRoots: P }, expect: [] },
  { name: 'before Next 16 (no proxy convention)', files: { '/p/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P, nextMajor: 15 }, expect: [] },
  { name: 'middleware.ts in a nested non-app folder', files: { '/p/lib/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'a middleware folder', files: { '/p/middleware/index.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'proxy.test.ts', files: { '/p/middleware.ts': MIDDLEWARE, '/p/proxy.test.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'one file in each app of a monorepo', files: { '/m/apps/a/middleware.ts': MIDDLEWARE, '/m/apps/b/proxy.ts': PROXY }, options: { appRoots: ['/m/apps/a', '/m/apps/b'] }, expect: [] },
  { name: 'middleware.ts inside the app folder', files: { '/p/app/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'middleware.ts in pages/', files: { '/p/pages/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'middleware.d.ts', files: { '/p/middleware.d.ts': 'export declare function middleware(): void\n', '/p/proxy.ts': PROXY }, options: { appRoots: P }, expect: [] },
  { name: 'in node_modules', files: { '/w/node_modules/pkg/middleware.ts': MIDDLEWARE, '/w/node_modules/pkg/proxy.ts': PROXY.replace('', '') }, expect: [] },
  { name: 'the rule turned off', files: { '/p/middleware.ts': MIDDLEWARE, '/p/proxy.ts': PROXY }, options: { appRoots: P, rules: { 'middleware-and-proxy': 'off' } }, expect: [] },
];

describe('project rule route-page-conflict', () => {
  for (const c of CONFLICTS) it(`flags: ${c.name}`, () => check('route-page-conflict', c));
  for (const c of NOT_CONFLICTS) it(`does not flag: ${c.name}`, () => check('route-page-conflict', c));
});

describe('project rule middleware-and-proxy', () => {
  for (const c of BOTH) it(`flags: ${c.name}`, () => check('middleware-and-proxy', c));
  for (const c of NOT_BOTH) it(`does not flag: ${c.name}`, () => check('middleware-and-proxy', c));
});

describe('project findings read their files from disk by default', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-project-'));
    for (const [rel, text] of Object.entries({ 'app/a/route.ts': ROUTE, 'app/a/page.tsx': PAGE, 'middleware.ts': MIDDLEWARE, 'proxy.ts': PROXY })) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('places both findings on their declarations, and a missing file at offset 0', () => {
    const f = (rel: string): string => path.join(dir, rel);
    const found = analyzeProjectFiles([f('app/a/route.ts'), f('app/a/page.tsx'), f('middleware.ts'), f('proxy.ts')], { appRoots: [dir] });
    const slice = (file: string, s: { start: number; end: number }): string => fs.readFileSync(file, 'utf8').slice(s.start, s.end);
    assert.deepEqual(found.map((x) => [x.ruleId, slice(x.file, x.span), slice(x.related[0].file!, x.related[0].span)]), [
      ['route-page-conflict', ROUTE_GET_LINE, PAGE_LINE],
      ['middleware-and-proxy', MIDDLEWARE_LINE, PROXY_LINE],
    ]);
    const gone = analyzeProjectFiles([f('app/b/route.ts'), f('app/b/page.tsx')], { appRoots: [dir] });
    assert.deepEqual(gone.map((x) => [x.span, x.related[0].span]), [[{ start: 0, end: 0 }, { start: 0, end: 0 }]]);
  });
});
