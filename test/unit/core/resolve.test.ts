import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createModuleHost } from '../../../src/core/project/resolve';
import { pathsCandidates, readConfig } from '../../../src/core/project/tsconfig';
import { exportsTargets, pnpmWorkspaceGlobs, splitPackageSpecifier } from '../../../src/core/project/workspaces';
import { tempTrees } from '../../support/tempTree';

function hostFor(root: string, appRoot = root, readOpen?: (f: string) => string | undefined) {
  return createModuleHost({ workspaceRoot: root, appRoot, readOpen });
}

const allowAll = { allowed: () => true, packageDirs: (d: string) => [d] };

describe('core/project/resolve: the ModuleHost', () => {
  const tree = tempTrees('bff-resolve-');
  it('resolves relative paths with TypeScript extension order, index files and .js specifiers naming .ts', () => {
    const root = tree({
      'app/api/a/route.ts': '',
      'lib/errors.ts': 'export const a = 1;',
      'lib/errors.js': 'exports.a = 1;',
      'lib/view.tsx': '',
      'lib/plain.js': '',
      'lib/mod.mjs': '',
      'lib/com.cjs': '',
      'lib/jsx.jsx': '',
      'lib/http/index.ts': '',
      'lib/esm.ts': '',
    });
    const host = hostFor(root);
    const from = path.join(root, 'app/api/a/route.ts');
    assert.equal(host.resolve(from, '../../../lib/errors'), path.join(root, 'lib/errors.ts'));
    assert.equal(host.resolve(from, '../../../lib/view'), path.join(root, 'lib/view.tsx'));
    assert.equal(host.resolve(from, '../../../lib/plain'), path.join(root, 'lib/plain.js'));
    assert.equal(host.resolve(from, '../../../lib/mod'), path.join(root, 'lib/mod.mjs'));
    assert.equal(host.resolve(from, '../../../lib/com.cjs'), path.join(root, 'lib/com.cjs'));
    assert.equal(host.resolve(from, '../../../lib/jsx'), path.join(root, 'lib/jsx.jsx'));
    assert.equal(host.resolve(from, '../../../lib/http'), path.join(root, 'lib/http/index.ts'));
    assert.equal(host.resolve(from, '../../../lib/esm.js'), path.join(root, 'lib/esm.ts'), 'a .js specifier names the .ts beside it');
    assert.equal(host.resolve(from, '../../../lib/errors.js'), path.join(root, 'lib/errors.ts'), 'TypeScript source first');
  });

  it('never returns a declaration file, a missing file, a node_modules package or a built-in', () => {
    const root = tree({
      'route.ts': '',
      'types.d.ts': 'export declare const a: number;',
      'node_modules/zod/package.json': '{"name":"zod","main":"index.js"}',
      'node_modules/zod/index.js': '',
    });
    const host = hostFor(root);
    const from = path.join(root, 'route.ts');
    assert.equal(host.resolve(from, './types'), undefined);
    assert.equal(host.resolve(from, './nope'), undefined);
    assert.equal(host.resolve(from, 'zod'), undefined);
    assert.equal(host.resolve(from, 'node:fs'), undefined);
    assert.equal(host.resolve(from, ''), undefined);
    assert.equal(host.resolve(from, './a\0b'), undefined);
  });

  it('follows tsconfig paths (longest prefix first, several substitutions) and baseUrl', () => {
    const root = tree({
      'tsconfig.json': `{
        // comments and trailing commas, as tsconfig allows
        "compilerOptions": {
          "baseUrl": ".",
          "paths": { "@/*": ["./src/*"], "@/lib/special/*": ["./special/*", "./fallback/*"], "exact": ["./src/exact.ts"], },
        },
      }`,
      'src/app/api/r/route.ts': '',
      'src/lib/http.ts': '',
      'fallback/x.ts': '',
      'src/exact.ts': '',
      'shared/util.ts': '',
    });
    const host = hostFor(root);
    const from = path.join(root, 'src/app/api/r/route.ts');
    assert.equal(host.resolve(from, '@/lib/http'), path.join(root, 'src/lib/http.ts'));
    assert.equal(host.resolve(from, '@/lib/special/x'), path.join(root, 'fallback/x.ts'), 'second substitution of the longer pattern');
    assert.equal(host.resolve(from, 'exact'), path.join(root, 'src/exact.ts'));
    assert.equal(host.resolve(from, 'shared/util'), path.join(root, 'shared/util.ts'), 'baseUrl');
  });

  it('reads paths relative to the config declaring them, through extends (relative, array, package, ${configDir})', () => {
    const root = tree({
      'tsconfig.base.json': '{ "compilerOptions": { "paths": { "@base/*": ["./base-src/*"] } } }',
      'node_modules/@tsconfig/next/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
      'node_modules/@tsconfig/shared/package.json': '{ "name": "@tsconfig/shared", "tsconfig": "conf.json" }',
      'node_modules/@tsconfig/shared/conf.json': '{ "compilerOptions": { "paths": { "~/*": ["${configDir}/src/*"] } } }',
      'apps/web/tsconfig.json': '{ "extends": ["@tsconfig/next/tsconfig.json", "../../tsconfig.base.json"] }',
      'apps/web/app/route.ts': '',
      'base-src/h.ts': '',
      'apps/other/tsconfig.json': '{ "extends": "@tsconfig/shared" }',
      'apps/other/src/x.ts': '',
      'apps/other/route.ts': '',
    });
    const host = hostFor(root);
    assert.equal(host.resolve(path.join(root, 'apps/web/app/route.ts'), '@base/h'), path.join(root, 'base-src/h.ts'));
    assert.equal(host.resolve(path.join(root, 'apps/other/route.ts'), '~/x'), path.join(root, 'apps/other/src/x.ts'));
  });

  it('uses jsconfig.json when there is no tsconfig.json', () => {
    const root = tree({ 'jsconfig.json': '{"compilerOptions":{"paths":{"@/*":["./*"]}}}', 'app/route.js': '', 'lib/a.js': '' });
    assert.equal(hostFor(root).resolve(path.join(root, 'app/route.js'), '@/lib/a'), path.join(root, 'lib/a.js'));
  });

  it('stops an extends cycle and still resolves with what it read', () => {
    const root = tree({
      'tsconfig.json': '{ "extends": "./a.json", "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
      'a.json': '{ "extends": "./b.json" }',
      'b.json': '{ "extends": "./a.json", "compilerOptions": { "baseUrl": "." } }',
      'self.json': '{ "extends": "./self.json" }',
      'route.ts': '',
      'src/x.ts': '',
      'y.ts': '',
    });
    const host = hostFor(root);
    assert.equal(host.resolve(path.join(root, 'route.ts'), '@/x'), path.join(root, 'src/x.ts'));
    assert.equal(host.resolve(path.join(root, 'route.ts'), 'y'), path.join(root, 'y.ts'), 'baseUrl from inside the cycle');
    assert.deepEqual(readConfig(path.join(root, 'self.json'), allowAll).paths, undefined);
  });

  it('resolves nothing through a paths entry pointing outside the workspace, and never reads there', () => {
    const outside = tree({ 'secret.ts': 'export const secret = 1;', 'base.json': '{"compilerOptions":{"paths":{"@x/*":["./*"]}}}' });
    const root = tree({
      'tsconfig.json': JSON.stringify({
        extends: path.join(outside, 'base.json'),
        compilerOptions: { paths: { '@out/*': [`${outside}/*`, `${'../'.repeat(20)}*`] } },
      }),
      'route.ts': '',
    });
    const host = hostFor(root);
    const from = path.join(root, 'route.ts');
    assert.equal(host.resolve(from, '@out/secret'), undefined);
    assert.equal(host.resolve(from, '@x/secret'), undefined, 'the extended config outside the workspace is not read');
    assert.equal(host.resolve(from, path.join(outside, 'secret')), undefined, 'an absolute specifier outside');
    assert.equal(host.read(path.join(outside, 'secret.ts')), undefined);
  });

  it('resolves nothing through a symlink leading outside the workspace', () => {
    const outside = tree({ 'secret.ts': 'export const secret = 1;' });
    const root = tree({ 'route.ts': '', 'lib/ok.ts': '' });
    fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'lib/secret.ts'));
    fs.symlinkSync(outside, path.join(root, 'lib/out'));
    const host = hostFor(root);
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/secret'), undefined);
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/out/secret'), undefined);
    assert.equal(host.read(path.join(root, 'lib/secret.ts')), undefined);
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/ok'), path.join(root, 'lib/ok.ts'));
  });

  it('survives a symlink loop under lib/ (a directory loop and a file loop)', () => {
    const root = tree({ 'route.ts': '', 'lib/real.ts': 'export const a = 1;' });
    fs.symlinkSync(path.join(root, 'lib'), path.join(root, 'lib/again'));
    fs.symlinkSync(path.join(root, 'lib/b.ts'), path.join(root, 'lib/a.ts'));
    fs.symlinkSync(path.join(root, 'lib/a.ts'), path.join(root, 'lib/b.ts'));
    const host = hostFor(root);
    const from = path.join(root, 'route.ts');
    assert.equal(host.resolve(from, './lib/a'), undefined);
    assert.equal(host.read(path.join(root, 'lib/a.ts')), undefined);
    // A directory loop is a finite path each time: it resolves to the same real file, inside the workspace.
    assert.equal(host.resolve(from, './lib/again/again/again/real'), path.join(root, 'lib/again/again/again/real.ts'));
    assert.equal(host.read(path.join(root, 'lib/again/real.ts')), 'export const a = 1;');
  });

  it('reads through the bounded reader: a 5 MB helper, a FIFO and a directory read as undefined', () => {
    const root = tree({ 'route.ts': '', 'lib/dir.ts': null });
    fs.writeFileSync(path.join(root, 'lib/big.ts'), `export const x = '${'a'.repeat(5 * 1024 * 1024)}';`);
    execFileSync('mkfifo', [path.join(root, 'lib/pipe.ts')]);
    const host = hostFor(root);
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/pipe'), undefined, 'a FIFO is not a module');
    assert.equal(host.read(path.join(root, 'lib/pipe.ts')), undefined, 'nor read (the read would block)');
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/big'), path.join(root, 'lib/big.ts'));
    assert.equal(host.read(path.join(root, 'lib/big.ts')), undefined);
    assert.equal(host.read(path.join(root, 'lib/dir.ts')), undefined);
    assert.equal(host.resolve(path.join(root, 'route.ts'), './lib/dir'), undefined, 'a directory named like a file is not a module');
    assert.equal(host.read(path.join(root, 'missing.ts')), undefined);
  });

  it('prefers an open document over the disk, inside the workspace only', () => {
    const outside = tree({ 'x.ts': 'disk' });
    const root = tree({ 'lib/a.ts': 'disk' });
    const host = hostFor(root, root, (f) => (f.endsWith('a.ts') || f.endsWith('x.ts') ? 'unsaved' : undefined));
    assert.equal(host.read(path.join(root, 'lib/a.ts')), 'unsaved');
    assert.equal(host.read(path.join(outside, 'x.ts')), undefined);
  });

  it('follows npm workspaces to source through exports (conditions in order, subpaths, patterns) and main', () => {
    const root = tree({
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': '{"name":"web","dependencies":{"next":"16"}}',
      'apps/web/app/api/r/route.ts': '',
      'packages/lib/package.json': JSON.stringify({
        name: '@acme/lib',
        exports: {
          '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.cjs' },
          './errors': './src/errors.ts',
          './http/*': { import: './src/http/*.ts' },
          './package.json': './package.json',
        },
      }),
      'packages/lib/src/index.ts': '',
      'packages/lib/src/errors.ts': '',
      'packages/lib/src/http/json.ts': '',
      'packages/old/package.json': '{"name":"old","main":"lib/main.js"}',
      'packages/old/lib/main.js': '',
      'packages/old/sub/x.ts': '',
      'node_modules/@acme/lib': null,
    });
    const host = hostFor(path.join(root, 'apps/web'), path.join(root, 'apps/web'));
    const from = path.join(root, 'apps/web/app/api/r/route.ts');
    assert.equal(host.resolve(from, '@acme/lib'), path.join(root, 'packages/lib/src/index.ts'), 'dist/index.d.ts → src/index.ts');
    assert.equal(host.resolve(from, '@acme/lib/errors'), path.join(root, 'packages/lib/src/errors.ts'));
    assert.equal(host.resolve(from, '@acme/lib/http/json'), path.join(root, 'packages/lib/src/http/json.ts'));
    assert.equal(host.resolve(from, '@acme/lib/internal'), undefined, 'a subpath exports does not name');
    assert.equal(host.resolve(from, 'old'), path.join(root, 'packages/old/lib/main.js'));
    assert.equal(host.resolve(from, 'old/sub/x'), path.join(root, 'packages/old/sub/x.ts'));
    // The workspace folder is apps/web: the package above it may be read, the monorepo's other files not.
    assert.equal(host.read(path.join(root, 'packages/lib/src/errors.ts')), '');
    assert.equal(host.read(path.join(root, 'package.json')), undefined);
  });

  it('follows pnpm-workspace.yaml packages, exclusions included', () => {
    const root = tree({
      'pnpm-workspace.yaml': "packages:\n  # the apps\n  - 'apps/*'\n  - \"packages/**\"\n  - '!packages/skip'\n",
      'apps/web/app/route.ts': '',
      'packages/a/package.json': '{"name":"a","exports":"./index.ts"}',
      'packages/a/index.ts': '',
      'packages/nested/b/package.json': '{"name":"b","module":"./src/b.ts"}',
      'packages/nested/b/src/b.ts': '',
      'packages/skip/package.json': '{"name":"skip","main":"index.ts"}',
      'packages/skip/index.ts': '',
    });
    const host = hostFor(root, path.join(root, 'apps/web'));
    const from = path.join(root, 'apps/web/app/route.ts');
    assert.equal(host.resolve(from, 'a'), path.join(root, 'packages/a/index.ts'));
    assert.equal(host.resolve(from, 'b'), path.join(root, 'packages/nested/b/src/b.ts'));
    assert.equal(host.resolve(from, 'skip'), undefined);
  });

  it('drops cached configs and resolutions when told a file changed', () => {
    const root = tree({ 'tsconfig.json': '{"compilerOptions":{"paths":{"@/*":["./a/*"]}}}', 'route.ts': '', 'a/x.ts': '', 'b/x.ts': '' });
    const host = hostFor(root);
    const from = path.join(root, 'route.ts');
    assert.equal(host.resolve(from, '@/x'), path.join(root, 'a/x.ts'));
    assert.equal(host.resolve(from, './new'), undefined);
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{"compilerOptions":{"paths":{"@/*":["./b/*"]}}}');
    fs.writeFileSync(path.join(root, 'new.ts'), '');
    assert.equal(host.resolve(from, '@/x'), path.join(root, 'a/x.ts'), 'cached until told');
    assert.ok(host.isConfigFile(path.join(root, 'tsconfig.json')));
    assert.ok(!host.isConfigFile(path.join(root, 'a/x.ts')));
    host.invalidate(path.join(root, 'new.ts'), 'created');
    assert.equal(host.resolve(from, './new'), path.join(root, 'new.ts'));
    assert.equal(host.resolve(from, '@/x'), path.join(root, 'a/x.ts'), 'a source file does not drop the configs');
    host.invalidate(path.join(root, 'tsconfig.json'), 'changed');
    assert.equal(host.resolve(from, '@/x'), path.join(root, 'b/x.ts'));
  });

  it('re-reads a changed module unless told the files are a snapshot (one lint run)', () => {
    const root = tree({ 'lib/a.ts': 'one' });
    const file = path.join(root, 'lib/a.ts');
    const live = hostFor(root);
    const snapshot = createModuleHost({ workspaceRoot: root, appRoot: root, snapshot: true });
    assert.equal(live.read(file), 'one');
    assert.equal(snapshot.read(file), 'one');
    fs.writeFileSync(file, 'two, longer');
    assert.equal(live.read(file), 'two, longer', 'a stat shows the change');
    assert.equal(snapshot.read(file), 'one');
  });

  it('resolves a bare specifier alike in every folder under one config, and by its own config in a nested project', () => {
    const root = tree({
      'tsconfig.json': '{"compilerOptions":{"paths":{"@/*":["./a/*"]}}}',
      'a/x.ts': '', 'b/x.ts': '', 'r1/route.ts': '', 'r2/deep/route.ts': '',
      'nested/tsconfig.json': '{"compilerOptions":{"paths":{"@/*":["../b/*"]}}}', 'nested/r3/route.ts': '',
    });
    const host = createModuleHost({ workspaceRoot: root, appRoot: root, snapshot: true });
    assert.equal(host.resolve(path.join(root, 'r1/route.ts'), '@/x'), path.join(root, 'a/x.ts'));
    assert.equal(host.resolve(path.join(root, 'r2/deep/route.ts'), '@/x'), path.join(root, 'a/x.ts'));
    assert.equal(host.resolve(path.join(root, 'nested/r3/route.ts'), '@/x'), path.join(root, 'b/x.ts'), 'the nested config wins');
    assert.equal(host.resolve(path.join(root, 'r1/route.ts'), '@/x'), path.join(root, 'a/x.ts'), 'the first folder keeps its own');
    assert.equal(host.resolve(path.join(path.dirname(root), 'elsewhere.ts'), '@/x'), undefined, 'no config is looked for outside the workspace');
  });

  it('never throws on hostile input', () => {
    const root = tree({ 'tsconfig.json': '{ "compilerOptions": { "paths": 7, "baseUrl": [] }, "extends": {} ', 'route.ts': '' });
    const host = hostFor(root);
    for (const spec of ['@/x', '..', '.', '/', '*', '@', '@/', '\\\\server\\share', 'a'.repeat(10000), '../'.repeat(200)]) {
      assert.doesNotThrow(() => host.resolve(path.join(root, 'route.ts'), spec));
    }
    assert.equal(hostFor('/nonexistent-root').resolve('/nonexistent-root/a.ts', './b'), undefined);
  });
});

describe('core/project: config and manifest pieces', () => {
  it('orders paths patterns as TypeScript does', () => {
    const config = { file: '/p/tsconfig.json', sources: [], pathsBase: '/p', paths: [
      { pattern: '*', targets: ['./types/*'] },
      { pattern: '@/*', targets: ['./src/*'] },
      { pattern: '@/lib/*', targets: ['./lib/*'] },
      { pattern: 'a*b*', targets: ['./never/*'] },
    ] };
    assert.deepEqual(pathsCandidates(config, '@/lib/x'), ['/p/lib/x']);
    assert.deepEqual(pathsCandidates(config, '@/x'), ['/p/src/x']);
    assert.deepEqual(pathsCandidates(config, 'zod'), ['/p/types/zod']);
  });

  it('reads exports maps', () => {
    assert.deepEqual(exportsTargets('./index.js', '.'), ['./index.js']);
    assert.deepEqual(exportsTargets({ import: './a.mjs', require: './a.cjs', browser: './b.js' }, '.'), ['./a.mjs', './a.cjs']);
    assert.deepEqual(exportsTargets({ './*': './src/*.ts', './x/*': './x/*.ts' }, './x/y'), ['./x/y.ts']);
    assert.deepEqual(exportsTargets({ '.': [{ types: './t.d.ts' }, './i.js'] }, '.'), ['./t.d.ts', './i.js']);
    assert.deepEqual(exportsTargets({ '.': './i.js' }, './other'), []);
    assert.equal(exportsTargets(undefined, '.'), undefined);
  });

  it('splits package specifiers and reads pnpm globs', () => {
    assert.deepEqual(splitPackageSpecifier('@a/b/c/d'), ['@a/b', './c/d']);
    assert.deepEqual(splitPackageSpecifier('pkg'), ['pkg', '.']);
    assert.equal(splitPackageSpecifier('@a'), undefined);
    assert.deepEqual(pnpmWorkspaceGlobs("packages: ['a/*', \"b\"]\n"), ['a/*', 'b']);
    assert.deepEqual(pnpmWorkspaceGlobs('catalog:\n  x: 1\npackages:\n- apps/*   # comment\n- libs/*\nonlyBuilt: []\n'), ['apps/*', 'libs/*']);
  });
});
