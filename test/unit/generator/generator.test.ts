import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appFacts, defaultBoundary, existingEntries, planRoute, projectChain, writePlanSync, type GenerateRequest, type Plan } from '../../../src/core/generator';
import { describeNextApp, type NextApp } from '../../../src/core/project/nextApps';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

let tmp: string;

/** A minimal Next.js app on disk: package.json (next version), tsconfig unless js, the given files. */
function makeApp(name: string, opts: { next?: string; js?: boolean; deps?: Record<string, string>; files?: Record<string, string>; dirs?: string[] } = {}): NextApp {
  const root = path.join(tmp, name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, dependencies: { next: opts.next ?? '16.4.6', ...opts.deps } }));
  if (!opts.js) fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
  for (const d of opts.dirs ?? ['app']) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const [file, text] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const app = describeNextApp(root);
  assert.ok(app, `${root} is an app`);
  return app;
}

function plan(app: NextApp, pattern: string, routePath: string, extra: Partial<GenerateRequest> = {}): Plan {
  return planRoute({ app, pattern, routePath, ...extra });
}

function refusal(p: Plan): { code: string; message: string; existingFile?: string } {
  assert.equal(p.files.length, 0, 'nothing planned');
  assert.equal(p.refusals.length, 1);
  return p.refusals[0];
}

function runCli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build before the unit tests`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-gen-'));
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generator: where files go', () => {
  it('app/<path>/route.ts, TypeScript by tsconfig, opening selection inside the content', () => {
    const app = makeApp('where-ts');
    const p = plan(app, 'json-post', 'api/users/[id]/notes');
    assert.deepEqual(p.refusals, []);
    assert.equal(p.files[0].path, path.join(app.root, 'app', 'api', 'users', '[id]', 'notes', 'route.ts'));
    assert.equal(p.urlPattern, '/api/users/[id]/notes');
    const sel = p.files[0].selection!;
    assert.ok(sel.start > 0 && sel.end > sel.start && sel.end <= p.files[0].content.length);
  });

  it('JavaScript when there is no tsconfig.json, or when asked', () => {
    const js = makeApp('where-js', { js: true });
    assert.ok(plan(js, 'text-get', 'api/hello').files[0].path.endsWith(path.join('api', 'hello', 'route.js')));
    const ts = makeApp('where-ts2');
    assert.ok(plan(ts, 'text-get', 'api/hello', { language: 'js' }).files[0].path.endsWith('route.js'));
  });

  it('src/app when the app uses the src layout; groups stay on disk and leave the URL', () => {
    const app = makeApp('where-src', { dirs: ['src/app'] });
    const p = plan(app, 'text-get', '(shop)/api/cart');
    assert.equal(p.files[0].path, path.join(app.root, 'src', 'app', '(shop)', 'api', 'cart', 'route.ts'));
    assert.equal(p.urlPattern, '/api/cart');
  });

  it('pages/api/<path>.ts and pages/api/index.ts for the Pages Router', () => {
    const app = makeApp('where-pages', { dirs: ['pages/api'] });
    assert.equal(plan(app, 'pages-api', 'api/users/[id]').files[0].path, path.join(app.root, 'pages', 'api', 'users', '[id].ts'));
    assert.equal(plan(app, 'pages-api', 'api').files[0].path, path.join(app.root, 'pages', 'api', 'index.ts'));
  });

  it('proxy.ts at the root (src/ with the src layout) for Next.js 16, middleware.ts before', () => {
    const a16 = makeApp('proxy16');
    const p = plan(a16, 'proxy-file', 'api');
    assert.equal(p.files[0].path, path.join(a16.root, 'proxy.ts'));
    assert.match(p.files[0].content, /export function proxy\(/);
    assert.match(p.files[0].content, /matcher: \['\/api\/:path\*'\]/);
    const src = makeApp('proxy-src', { dirs: ['src/app'] });
    assert.equal(plan(src, 'proxy-file', '').files[0].path, path.join(src.root, 'src', 'proxy.ts'));
    const a15 = makeApp('proxy15', { next: '^15.3.0' });
    const m = plan(a15, 'proxy-file', '/api/');
    assert.equal(m.files[0].path, path.join(a15.root, 'middleware.ts'));
    assert.match(m.files[0].content, /export function middleware\(/);
  });
});

describe('generator: versions and validation choices', () => {
  it('RouteContext from Next.js 15.5, Promise params before', () => {
    const v155 = makeApp('v155', { next: '15.5.0' });
    assert.match(plan(v155, 'dynamic', 'api/items/[id]').files[0].content, /context: RouteContext<'\/api\/items\/\[id\]'>/);
    const v154 = makeApp('v154', { next: '~15.4.2' });
    assert.match(plan(v154, 'dynamic', 'api/items/[id]').files[0].content, /context: \{ params: Promise<\{ id: string \}> \}/);
  });

  it('zod when the app depends on it (zod 3 API for zod 3), a type guard otherwise, with a note', () => {
    const z4 = makeApp('zod4', { deps: { zod: '^4.1.0' } });
    assert.match(plan(z4, 'json-post', 'api/items').files[0].content, /z\.flattenError/);
    const z3 = makeApp('zod3', { deps: { zod: '^3.23.8' } });
    assert.match(plan(z3, 'json-post', 'api/items').files[0].content, /parsed\.error\.flatten\(\)/);
    const none = makeApp('nozod');
    const p = plan(none, 'json-post', 'api/items');
    assert.doesNotMatch(p.files[0].content, /zod/);
    assert.match(p.files[0].content, /function isInput\(value: unknown\): value is Input/);
    assert.match(p.notes.join(' '), /type guard because this app does not depend on zod/);
    const forced = plan(none, 'json-post', 'api/items', { validation: 'zod' });
    assert.match(forced.files[0].content, /from 'zod'/);
    assert.match(forced.notes.join(' '), /npm install zod/);
  });

  it('the index of existing routes, when given, is used instead of walking the disk (live validation keeps one per run)', () => {
    const app = makeApp('given-index');
    const file = path.join(app.appDir!, 'api', 'users', '[id]', 'route.ts');
    const existing = [{ kind: 'route' as const, file, url: [{ kind: 'static' as const, name: 'api' }, { kind: 'static' as const, name: 'users' }, { kind: 'dynamic' as const, name: 'id' }] }];
    assert.deepEqual(plan(app, 'dynamic', 'api/users/[userId]').refusals, [], 'nothing on disk');
    assert.match(refusal(plan(app, 'dynamic', 'api/users/[userId]', { existing })).message, /two names/);
    assert.deepEqual(existingEntries({ appDir: app.appDir }), []);
  });

  it('detects the package manager for the "add zod" command', () => {
    const app = makeApp('pnpm-app', { files: { 'pnpm-lock.yaml': '' } });
    assert.equal(appFacts(app).packageManager, 'pnpm');
    assert.match(plan(app, 'json-post', 'api/x', { validation: 'zod' }).notes.join(' '), /pnpm add zod/);
  });

  it('methods: the chosen ones, canonical order; refuses methods the pattern cannot export', () => {
    const app = makeApp('methods');
    const p = plan(app, 'dynamic', 'api/items/[id]', { methods: ['delete', 'GET'] });
    assert.deepEqual(p.context?.methods, ['GET', 'DELETE']);
    assert.match(refusal(plan(app, 'json-post', 'api/x', { methods: ['GET'] })).message, /supports POST, PUT, PATCH; GET is not one of them/);
    assert.match(refusal(plan(app, 'text-get', 'api/x', { methods: ['POST'] })).message, /always exports GET/);
  });
});

describe('generator: zod is found in the app or the root of its install, never above the boundary', () => {
  /** Writes package.json (and extra files) into tmp/<dir>; returns the folder. */
  function pkgAt(dir: string, pkg: Record<string, unknown>, files: Record<string, string> = {}): string {
    const root = path.join(tmp, dir);
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(pkg));
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), text);
    }
    return root;
  }
  const zodOf = (app: NextApp, boundary?: string) => appFacts(app, boundary === undefined ? {} : { boundary }).zodMajor;

  it("the app's own package.json", () => {
    const app = makeApp('zod-own', { deps: { zod: '^4.0.0' } });
    assert.equal(zodOf(app, app.root), 4);
  });

  it('a parent package.json that is not the root of an install and lies above the boundary does not count', () => {
    pkgAt('zod-above', { name: 'unrelated', dependencies: { zod: '^4.0.0' } });
    const app = makeApp(path.join('zod-above', 'web'));
    assert.equal(zodOf(app, app.root), undefined, 'boundary = the app (the workspace folder is the app)');
    assert.equal(zodOf(app), undefined, 'no git root: the default boundary is the app root');
  });

  it('a monorepo root (workspaces field) inside the boundary counts; outside it does not', () => {
    const mono = pkgAt('zod-mono', { private: true, workspaces: ['apps/*'], devDependencies: { zod: '^3.23.0' } });
    const app = makeApp(path.join('zod-mono', 'apps', 'web'));
    assert.deepEqual(projectChain(app.root, mono), [app.root, path.join(mono, 'apps'), mono]);
    assert.equal(zodOf(app, mono), 3);
    assert.equal(zodOf(app, app.root), undefined);
    assert.equal(zodOf(app, path.join(tmp, 'somewhere-else')), undefined, 'a boundary that does not hold the app: only the app');
  });

  it('a pnpm-workspace.yaml root and a lockfile root count', () => {
    const pnpm = pkgAt('zod-pnpm', { dependencies: { zod: '4.1.5' } }, { 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n" });
    assert.equal(zodOf(makeApp(path.join('zod-pnpm', 'apps', 'web')), pnpm), 4);
    const lock = pkgAt('zod-lock', { dependencies: { zod: '^3.0.0' } }, { 'yarn.lock': '' });
    assert.equal(zodOf(makeApp(path.join('zod-lock', 'site')), lock), 3);
  });

  it('the search stops at the first root of an install: a package.json above it does not count', () => {
    const outer = pkgAt('zod-outer', { dependencies: { zod: '^4.0.0' } });
    pkgAt(path.join('zod-outer', 'mono'), { workspaces: ['apps/*'] });
    const app = makeApp(path.join('zod-outer', 'mono', 'apps', 'web'));
    assert.equal(zodOf(app, outer), undefined);
    const own = makeApp(path.join('zod-outer', 'standalone'), { files: { 'package-lock.json': '{}' } });
    assert.deepEqual(projectChain(own.root, outer), [own.root], 'an app with its own lockfile is its own root');
    assert.equal(zodOf(own, outer), undefined);
  });

  it('the installed version wins over the declared range; installed but undeclared does not count', () => {
    const mono = pkgAt('zod-installed', { workspaces: ['apps/*'], dependencies: { zod: '^3.0.0' } }, { 'node_modules/zod/package.json': '{"version":"4.1.12"}' });
    assert.equal(zodOf(makeApp(path.join('zod-installed', 'apps', 'web')), mono), 4);
    const undeclared = makeApp('zod-transitive', { files: { 'node_modules/zod/package.json': '{"version":"4.1.12"}' } });
    assert.equal(zodOf(undeclared, undeclared.root), undefined);
  });

  it('the default boundary (the CLI) is the nearest git root, else the app root', () => {
    const repo = pkgAt('zod-git', { workspaces: ['apps/*'], dependencies: { zod: '^4.0.0' } }, { '.git/HEAD': 'ref: refs/heads/main\n' });
    const app = makeApp(path.join('zod-git', 'apps', 'web'));
    assert.equal(defaultBoundary(app.root), repo);
    assert.equal(zodOf(app), 4);
    const lone = makeApp('zod-nogit');
    assert.equal(defaultBoundary(lone.root), lone.root);
  });

  it("this repository's own case: a fixture copy opened as the workspace folder has no zod, though the repository root declares it", () => {
    const copies = path.join(REPO, '.test-workspaces');
    fs.mkdirSync(copies, { recursive: true });
    const dir = fs.mkdtempSync(path.join(copies, 'unit-zod-'));
    try {
      fs.cpSync(path.join(REPO, 'test', 'fixtures', 'next-app'), dir, { recursive: true });
      const app = describeNextApp(dir)!;
      assert.equal(zodOf(app, dir), undefined, 'boundary = the workspace folder');
      const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      assert.ok(rootPkg.dependencies?.zod, 'the repository root declares zod');
      assert.equal(zodOf(app, REPO), parseInt(JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'zod', 'package.json'), 'utf8')).version, 10), 'boundary = the repository: its lockfile root declares zod');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generator: refusals (nothing planned, a clear message)', () => {
  const badPaths: Array<[string, RegExp]> = [
    ['', /Enter a route path/],
    ['api/../../etc', /must stay inside the app directory/],
    ['/api/hello', /not an absolute path/],
    ['C:\\work\\api', /not \\|not an absolute path/],
    ['api\\hello', /not \\/],
    ['api/hello world', /cannot contain spaces/],
    ['api/what?', /contains '\?'/],
    ['api/[...slug]/more', /must be the last folder/],
    ['api/[id]/x/[id]', /'id' is used twice/],
  ];
  for (const [input, re] of badPaths) {
    it(`bad path ${JSON.stringify(input)}`, () => {
      const app = makeApp(`bad-${Buffer.from(input).toString('hex').slice(0, 20) || 'empty'}`);
      const r = refusal(plan(app, 'text-get', input));
      assert.equal(r.code, 'invalid-path');
      assert.match(r.message, re);
    });
  }

  it('unknown pattern', () => {
    assert.match(refusal(plan(makeApp('unknown'), 'graphql', 'api/x')).message, /Unknown pattern 'graphql'/);
  });

  it('an existing route file: never overwritten, points at it', () => {
    const app = makeApp('exists', { files: { 'app/api/hello/route.js': 'export function GET() {}' } });
    const r = refusal(plan(app, 'text-get', 'api/hello'));
    assert.equal(r.code, 'exists');
    assert.equal(r.existingFile, path.join(app.root, 'app', 'api', 'hello', 'route.js'));
  });

  it('a page in the same folder', () => {
    const app = makeApp('page', { files: { 'app/dashboard/page.tsx': 'export default function P() { return null }' } });
    const r = refusal(plan(app, 'text-get', 'dashboard'));
    assert.equal(r.code, 'page-conflict');
    assert.match(r.message, /page and a route handler cannot share a URL/);
  });

  it('the same URL served from another route group, or by a page elsewhere', () => {
    const app = makeApp('same-url', {
      files: { 'app/(a)/api/x/route.ts': '', 'app/(b)/about/page.tsx': '' },
    });
    assert.match(refusal(plan(app, 'text-get', '(c)/api/x')).message, /\/api\/x is already served by app\/\(a\)\/api\/x\/route\.ts/);
    assert.equal(refusal(plan(app, 'text-get', 'about')).code, 'page-conflict');
  });

  it('two names for one dynamic level, [[...a]] beside [...a], an optional catch-all beside its parent route', () => {
    const app = makeApp('levels', {
      files: {
        'app/api/users/[id]/route.ts': '',
        'app/api/docs/[...slug]/route.ts': '',
        'app/api/files/route.ts': '',
      },
    });
    assert.match(refusal(plan(app, 'dynamic', 'api/users/[userId]')).message, /one dynamic level cannot have two names \('id' already used/);
    assert.match(refusal(plan(app, 'dynamic', 'api/users/[userId]/posts')).message, /two names/);
    assert.match(refusal(plan(app, 'dynamic', 'api/docs/[[...slug]]')).message, /required and an optional catch-all/);
    assert.match(refusal(plan(app, 'dynamic', 'api/files/[[...path]]')).message, /optional catch-all also matches its parent URL \/api\/files/);
    assert.deepEqual(plan(app, 'dynamic', 'api/users/[id]/posts').refusals, []);
  });

  it('pages/api and app routes cannot serve one URL', () => {
    const app = makeApp('routers', { dirs: ['app', 'pages/api'], files: { 'pages/api/hello.ts': '' } });
    assert.match(refusal(plan(app, 'text-get', 'api/hello')).message, /already served by pages\/api\/hello\.ts/);
  });

  it('the pattern needs a param / a final catch-all / .well-known / a fixed URL', () => {
    const app = makeApp('needs');
    assert.match(refusal(plan(app, 'dynamic', 'api/items')).message, /needs a dynamic segment/);
    assert.match(refusal(plan(app, 'proxy-catch-all', 'api/backend')).message, /must end with a catch-all/);
    assert.match(refusal(plan(app, 'well-known', 'security.json')).message, /\.well-known\/<name>/);
    assert.match(refusal(plan(app, 'file', 'api/files/[name]')).message, /serves one fixed URL/);
  });

  it('proxy.ts beside middleware.ts (Next.js 16 hangs), and the other way round', () => {
    const app = makeApp('mw', { files: { 'middleware.ts': 'export function middleware() {}' } });
    const r = refusal(plan(app, 'proxy-file', 'api'));
    assert.equal(r.code, 'proxy-conflict');
    assert.match(r.message, /hangs every request when both middleware and proxy files are present/);
    const old = makeApp('mw15', { next: '15.2.0', files: { 'src/proxy.js': '' }, dirs: ['src/app'] });
    assert.equal(refusal(plan(old, 'proxy-file', 'api')).code, 'proxy-conflict');
  });

  it('Pages Router paths: under api/, no groups', () => {
    const app = makeApp('pages-bad', { dirs: ['pages'] });
    assert.match(refusal(plan(app, 'pages-api', 'hello')).message, /start the path with api\//);
    assert.match(refusal(plan(app, 'pages-api', '(g)/api/hello')).message, /no route groups/);
  });

  it('no app/ directory for an App Router pattern', () => {
    const app = makeApp('no-app-dir', { dirs: ['pages'] });
    assert.equal(refusal(plan(app, 'text-get', 'api/x')).code, 'no-app-dir');
  });

  it('a file where a folder must go', () => {
    const app = makeApp('blocked', { files: { 'app/api/data': 'not a folder' } });
    assert.match(refusal(plan(app, 'text-get', 'api/data/x')).message, /app\/api\/data is a file/);
  });

  it('outside every workspace folder, including through a symlinked folder', () => {
    const app = makeApp('outside');
    assert.equal(refusal(plan(app, 'text-get', 'api/x', { workspaceFolders: [path.join(tmp, 'elsewhere')] })).code, 'outside-workspace');
    assert.deepEqual(plan(app, 'text-get', 'api/x', { workspaceFolders: [app.root] }).refusals, []);
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-out-'));
    try {
      fs.symlinkSync(target, path.join(app.appDir!, 'linked'));
      // The app root is the first boundary (the CLI has no workspace folders): the link is named.
      const r = refusal(plan(app, 'text-get', 'linked/api', { workspaceFolders: [app.root] }));
      assert.equal(r.code, 'outside-app');
      assert.equal(r.message, `app/linked is a symbolic link to ${fs.realpathSync(target)}, outside the app folder ${fs.realpathSync(app.root)}; nothing was written (a route is only created inside its app).`);
      assert.deepEqual(fs.readdirSync(target), []);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});

describe('generator: the app root is the boundary (symbolic links resolved)', () => {
  let outside: string;
  beforeEach(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-escape-'));
  });
  afterEach(() => {
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const everythingOutside = () => fs.readdirSync(outside, { recursive: true }).map(String).sort();

  it('a folder on the way linked outside the app: refused for app routes, pages/api and proxy files alike', () => {
    const app = makeApp('escape-kinds', { dirs: ['app/api', 'pages/api', 'src'] });
    fs.symlinkSync(outside, path.join(app.root, 'app', 'api', 'ext'));
    fs.symlinkSync(outside, path.join(app.root, 'pages', 'api', 'ext'));
    for (const [pattern, routePath] of [['text-get', 'api/ext/foo'], ['text-get', 'api/ext'], ['dynamic', 'api/ext/deep/[id]'], ['pages-api', 'api/ext/foo']]) {
      const r = refusal(plan(app, pattern, routePath));
      assert.equal(r.code, 'outside-app', `${pattern} ${routePath}`);
      assert.match(r.message, new RegExp(`^(app|pages)/api/ext is a symbolic link to ${fs.realpathSync(outside)}, outside the app folder`));
    }
    assert.deepEqual(everythingOutside(), []);
    // src/ (with src/app; proxy.ts goes there) linked outside
    fs.mkdirSync(path.join(outside, 'src', 'app'), { recursive: true });
    const app2 = makeApp('escape-src', { dirs: [] });
    fs.symlinkSync(path.join(outside, 'src'), path.join(app2.root, 'src'));
    const src = describeNextApp(app2.root)!;
    assert.equal(src.srcDir, path.join(app2.root, 'src'));
    assert.equal(refusal(plan(src, 'proxy-file', 'api')).code, 'outside-app');
    assert.equal(refusal(plan(src, 'text-get', 'api/x')).code, 'outside-app');
    assert.deepEqual(everythingOutside(), ['src', path.join('src', 'app')]);
  });

  it('a dangling folder link, and the app folder itself linked outside: refused, the target is not created', () => {
    const app = makeApp('escape-dangling', { dirs: ['app/api'] });
    fs.symlinkSync(path.join(outside, 'missing'), path.join(app.root, 'app', 'api', 'gone'));
    const r = refusal(plan(app, 'text-get', 'api/gone/x'));
    assert.equal(r.code, 'outside-app');
    assert.match(r.message, /^app\/api\/gone is a symbolic link to a missing target \(.*missing\), which would be created outside the app/);

    const app2 = makeApp('escape-appdir', { dirs: [] });
    fs.mkdirSync(path.join(outside, 'app'));
    fs.symlinkSync(path.join(outside, 'app'), path.join(app2.root, 'app'));
    const linked = describeNextApp(app2.root)!;
    assert.equal(refusal(plan(linked, 'text-get', 'api/x')).code, 'outside-app');
    assert.deepEqual(everythingOutside(), ['app']);
  });

  it('a link that stays inside the app is followed (the boundary is the resolved app root)', () => {
    const app = makeApp('inside-link', { dirs: ['app/api', 'shared'] });
    fs.symlinkSync(path.join(app.root, 'shared'), path.join(app.root, 'app', 'api', 'alias'));
    const p = plan(app, 'text-get', 'api/alias/ok');
    assert.deepEqual(p.refusals, []);
    assert.deepEqual(writePlanSync(p).written, [p.files[0].path]);
    assert.ok(fs.existsSync(path.join(app.root, 'shared', 'ok', 'route.ts')));
    // An app reached through a symlinked path of its own (a linked checkout) is inside itself.
    const viaLink = path.join(outside, 'checkout');
    fs.symlinkSync(app.root, viaLink);
    const linkedApp = describeNextApp(viaLink)!;
    const q = plan(linkedApp, 'text-get', 'api/through-link');
    assert.deepEqual(q.refusals, []);
  });

  it('a route.ts that is a dangling symbolic link: refused while planning, never written through', () => {
    const app = makeApp('dangling-route', { dirs: ['app/api/hook'] });
    const target = path.join(outside, 'planted.ts');
    fs.symlinkSync(target, path.join(app.root, 'app', 'api', 'hook', 'route.ts'));
    const r = refusal(plan(app, 'text-get', 'api/hook'));
    assert.equal(r.code, 'blocked');
    assert.equal(r.message, `app/api/hook/route.ts is already there as a symbolic link to ${target}; it is neither overwritten nor written through.`);
    assert.equal(fs.existsSync(target), false);
  });

  it('writing re-checks: a folder swapped for a link, or a dangling link planted, after planning is not written through', () => {
    const app = makeApp('race', { dirs: ['app/api'] });
    const p = plan(app, 'text-get', 'api/swap/x');
    assert.deepEqual(p.refusals, []);
    fs.symlinkSync(outside, path.join(app.root, 'app', 'api', 'swap'));
    const w = writePlanSync(p);
    assert.deepEqual(w.written, []);
    assert.match(w.error ?? '', /app\/api\/swap is a symbolic link to .*, outside the app folder .*\. Nothing was written\.$/);

    const q = plan(app, 'text-get', 'api/planted');
    assert.deepEqual(q.refusals, []);
    fs.mkdirSync(path.join(app.root, 'app', 'api', 'planted'));
    const target = path.join(outside, 'planted.ts');
    fs.symlinkSync(target, q.files[0].path);
    const w2 = writePlanSync(q);
    assert.deepEqual(w2.written, []);
    assert.match(w2.error ?? '', new RegExp(`already exists as a symbolic link to ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(not overwritten, not written through\\)`));
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(everythingOutside(), []);
  });
});

describe('generator: writing', () => {
  it('creates folders and the file; never overwrites a file that appeared since planning', () => {
    const app = makeApp('write');
    const p = plan(app, 'text-get', 'api/new/deep');
    assert.deepEqual(writePlanSync(p), { written: [p.files[0].path] });
    assert.equal(fs.readFileSync(p.files[0].path, 'utf8'), p.files[0].content);
    fs.writeFileSync(p.files[0].path, 'mine');
    const again = writePlanSync(p);
    assert.match(again.error ?? '', /already exists \(not overwritten\)/);
    assert.equal(fs.readFileSync(p.files[0].path, 'utf8'), 'mine');
  });

  it('explains a read-only file system', () => {
    const app = makeApp('readonly');
    const p = plan(app, 'text-get', 'api/ro');
    const erofs = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    const r = writePlanSync(p, { mkdirSync: () => undefined, writeFileSync: () => { throw erofs; } } as never);
    assert.deepEqual(r.written, []);
    assert.match(r.error ?? '', /the file system is read-only or not writable here/);
  });
});

describe('bff-routes new (the CLI as a process, dist/cli.js)', function () {
  this.timeout(60000);

  it('--list prints every pattern; --help the usage', () => {
    const r = runCli(tmp, 'new', '--list');
    assert.equal(r.status, 0);
    for (const id of ['text-get', 'json-post', 'proxy-catch-all', 'proxy-file', 'pages-api']) assert.match(r.stdout, new RegExp(`^  ${id} `, 'm'));
    assert.match(runCli(tmp, 'new', '--help').stdout, /Usage: bff-routes new <pattern> <route-path>/);
  });

  it('creates the file (exit 0), then refuses to overwrite it (exit 1, content unchanged)', () => {
    const app = makeApp('cli-create');
    const r = runCli(app.root, 'new', 'dynamic', 'api/items/[id]', '-m', 'GET,DELETE');
    assert.equal(r.status, 0, r.stderr);
    const file = path.join(app.root, 'app', 'api', 'items', '[id]', 'route.ts');
    assert.match(r.stdout, /created app\/api\/items\/\[id\]\/route\.ts \(serves \/api\/items\/\[id\]\)/);
    const before = fs.readFileSync(file, 'utf8');
    assert.match(before, /export async function DELETE/);
    const again = runCli(app.root, 'new', 'text-get', 'api/items/[id]');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists; it is not overwritten/);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('--app picks the app from elsewhere; --js writes JavaScript; --dry-run writes nothing', () => {
    const app = makeApp('cli-app');
    const r = runCli(tmp, 'new', 'text-get', 'api/js', '--app', 'cli-app', '--js');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(app.root, 'app', 'api', 'js', 'route.js')));
    const dry = runCli(app.root, 'new', 'rss', 'rss.xml', '--dry-run');
    assert.equal(dry.status, 0);
    assert.match(dry.stdout, /application\/rss\+xml/);
    assert.ok(!fs.existsSync(path.join(app.root, 'app', 'rss.xml')));
  });

  it('every bad input of the issue: exit 1 with the same message as the editor, nothing written', () => {
    const app = makeApp('cli-bad', { files: { 'middleware.ts': '', 'app/api/users/[id]/route.ts': '' } });
    const cases: Array<[string[], RegExp]> = [
      [['text-get', ''], /Enter a route path/],
      [['text-get', 'api/../x'], /must stay inside the app directory/],
      [['text-get', '/abs/path'], /not an absolute path/],
      [['text-get', 'api\\x'], /not \\/],
      [['text-get', 'api/a b'], /cannot contain spaces/],
      [['text-get', 'api/a#b'], /contains '#'/],
      [['dynamic', 'api/[...a]/b'], /must be the last folder/],
      [['dynamic', 'api/[a]/[a]'], /used twice/],
      [['dynamic', 'api/users/[uid]'], /two names/],
      [['proxy-file', 'api'], /both middleware and proxy/],
      [['text-get', 'api/CON'], /'CON' is a device name Windows reserves/],
      [['text-get', 'api/aux.'], /'aux\.' is a device name Windows reserves/],
      [['text-get', 'api/nul.txt'], /device name Windows reserves/],
      [['text-get', 'api/v1.'], /ends with '\.', which Windows drops/],
    ];
    const before = fs.readdirSync(app.root, { recursive: true }).length;
    for (const [args, re] of cases) {
      const r = runCli(app.root, 'new', ...args);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      const editor = planRoute({ app, pattern: args[0], routePath: args[1] }).refusals[0].message;
      assert.ok(r.stderr.includes(editor), `${args.join(' ')}: CLI and editor say the same`);
    }
    assert.equal(fs.readdirSync(app.root, { recursive: true }).length, before);
  });

  it('no Next.js app: exit 1 with a clear message; usage errors: exit 2', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const r = runCli(empty, 'new', 'text-get', 'api/x');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No Next.js app found/);
    assert.equal(runCli(empty, 'new', 'text-get').status, 2);
    assert.match(runCli(empty, 'new', 'nope', 'api/x').stderr, /unknown pattern 'nope'/);
    assert.equal(runCli(empty, 'new', 'text-get', 'api/x', '--js', '--ts').status, 2);
    const notApp = runCli(empty, 'new', 'text-get', 'api/x', '--app', '.');
    assert.equal(notApp.status, 1);
    assert.match(notApp.stderr, /is not a Next.js app/);
  });

  it('a folder symlinked outside the project: exit 1, the link named, nothing created outside', () => {
    const app = makeApp('cli-escape', { dirs: ['app/api'] });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-cli-escape-'));
    try {
      fs.symlinkSync(outside, path.join(app.root, 'app', 'api', 'ext'));
      const r = runCli(app.root, 'new', 'text-get', 'api/ext/foo');
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `bff-routes new: app/api/ext is a symbolic link to ${fs.realpathSync(outside)}, outside the app folder ${fs.realpathSync(app.root)}; nothing was written (a route is only created inside its app).\n`);
      // --dry-run refuses the same way (it prints what would be written)
      assert.equal(runCli(app.root, 'new', 'text-get', 'api/ext/foo', '--dry-run').status, 1);
      // a route.ts planted as a dangling link: refused, its target not created
      fs.mkdirSync(path.join(app.root, 'app', 'api', 'hook'));
      fs.symlinkSync(path.join(outside, 'planted.ts'), path.join(app.root, 'app', 'api', 'hook', 'route.ts'));
      const hook = runCli(app.root, 'new', 'text-get', 'api/hook');
      assert.equal(hook.status, 1);
      assert.match(hook.stderr, /app\/api\/hook\/route\.ts is already there as a symbolic link to .*planted\.ts; it is neither overwritten nor written through/);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing created outside the app');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('several apps under the folder: asks for --app', () => {
    const mono = path.join(tmp, 'mono');
    fs.mkdirSync(mono);
    const saved = tmp;
    tmp = mono;
    try {
      makeApp('web');
      makeApp('admin');
    } finally {
      tmp = saved;
    }
    const r = runCli(mono, 'new', 'text-get', 'api/x');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Several Next.js apps[\s\S]*--app (web|admin)/);
  });
});
