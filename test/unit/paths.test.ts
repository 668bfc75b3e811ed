import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isBelow, isWithin, relativeWithin, type PathApi } from '../../src/core/paths';
import { appForFile, type NextApp } from '../../src/core/project/nextApps';
import { apiRouteOfFile, routeOfFile } from '../../src/core/routes/segments';

interface Case {
  folder: string;
  p: string;
  /** relativeWithin's answer: '' for the folder itself, undefined for outside. */
  rel: string | undefined;
  why: string;
}

function check(api: PathApi, cases: readonly Case[]): void {
  for (const c of cases) {
    it(`${c.why}: ${JSON.stringify(c.p)} in ${JSON.stringify(c.folder)}`, () => {
      assert.equal(relativeWithin(c.folder, c.p, api), c.rel, 'relativeWithin');
      assert.equal(isWithin(c.folder, c.p, api), c.rel !== undefined, 'isWithin');
      assert.equal(isBelow(c.folder, c.p, api), c.rel !== undefined && c.rel !== '', 'isBelow');
    });
  }
}

describe('core/paths', () => {
  describe('POSIX (path.posix)', () => {
    check(path.posix, [
      { folder: '/a/b', p: '/a/b', rel: '', why: 'equal' },
      { folder: '/a/b', p: '/a/b/c', rel: 'c', why: 'child' },
      { folder: '/a/b', p: '/a/b/c/d.ts', rel: 'c/d.ts', why: 'grandchild' },
      { folder: '/a/b', p: '/a/bc', rel: undefined, why: 'sibling sharing a name prefix' },
      { folder: '/a/b', p: '/a/bc/d.ts', rel: undefined, why: 'file in a sibling sharing a name prefix' },
      { folder: '/a/b', p: '/a', rel: undefined, why: 'parent' },
      { folder: '/a/b', p: '/x/y', rel: undefined, why: 'unrelated' },
      { folder: '/a/b', p: '/a/b/..foo', rel: '..foo', why: "a folder named '..foo' is a child" },
      { folder: '/a/b', p: '/a/b/..foo/route.ts', rel: '..foo/route.ts', why: "a file under '..foo'" },
      { folder: '/a/b', p: '/a/b/...', rel: '...', why: "a name of three dots is a child" },
      { folder: '/a/b', p: '/a/b/../c', rel: undefined, why: "a '..' segment that leaves the folder" },
      { folder: '/a/b', p: '/a/b/c/../d', rel: 'd', why: "a '..' segment that stays inside" },
      { folder: '/a/b/', p: '/a/b/c/', rel: 'c', why: 'trailing slashes' },
      { folder: '/a/b/', p: '/a/b', rel: '', why: 'equal but for a trailing slash' },
      { folder: '/a/./b', p: '/a/b/./c', rel: 'c', why: "'.' segments" },
      { folder: '/a//b', p: '/a/b//c', rel: 'c', why: 'doubled slashes' },
      { folder: '/', p: '/etc/hosts', rel: 'etc/hosts', why: 'the root folder' },
      { folder: '/a/b', p: '/A/B/c', rel: undefined, why: 'POSIX paths are case-sensitive' },
      { folder: '/a/b', p: '/a/b/x\\..\\..\\y', rel: 'x\\..\\..\\y', why: 'a backslash is part of a POSIX name' },
    ]);
  });

  describe('Windows (path.win32)', () => {
    check(path.win32, [
      { folder: 'C:\\a\\b', p: 'C:\\a\\b', rel: '', why: 'equal' },
      { folder: 'C:\\a\\b', p: 'C:\\a\\b\\c', rel: 'c', why: 'child' },
      { folder: 'C:\\a\\b', p: 'C:\\a\\b\\c\\d.ts', rel: 'c\\d.ts', why: 'grandchild' },
      { folder: 'C:\\a\\b', p: 'C:\\a\\bc', rel: undefined, why: 'sibling sharing a name prefix' },
      { folder: 'C:\\a\\b', p: 'C:\\a', rel: undefined, why: 'parent' },
      { folder: 'C:\\a\\b', p: 'C:\\a\\b\\..foo\\x.ts', rel: '..foo\\x.ts', why: "a folder named '..foo' is a child" },
      { folder: 'C:\\a\\b', p: 'C:\\a\\b\\..\\c', rel: undefined, why: "a '..' segment that leaves the folder" },
      { folder: 'C:\\a\\b\\', p: 'C:\\a\\b\\c\\', rel: 'c', why: 'trailing backslashes' },
      { folder: 'C:\\a\\.\\b', p: 'C:\\a\\b\\.\\c', rel: 'c', why: "'.' segments" },
      { folder: 'C:\\a\\b', p: 'C:/a/b/c', rel: 'c', why: 'forward slashes' },
      { folder: 'C:\\a\\b', p: 'c:\\a\\b\\c', rel: 'c', why: 'drive letter in another case (child)' },
      { folder: 'c:\\a\\b', p: 'C:\\a\\b', rel: '', why: 'drive letter in another case (equal)' },
      { folder: 'C:\\a\\b', p: 'C:\\A\\B\\c', rel: 'c', why: 'Windows paths are case-insensitive' },
      { folder: 'C:\\a\\b', p: 'D:\\a\\b\\c', rel: undefined, why: 'another drive' },
      { folder: 'C:\\', p: 'C:\\x\\y', rel: 'x\\y', why: 'a drive root' },
      { folder: 'C:\\', p: 'D:\\x', rel: undefined, why: 'another drive than the root folder' },
      { folder: '\\\\srv\\share\\a', p: '\\\\srv\\share\\a\\b', rel: 'b', why: 'UNC child' },
      { folder: '\\\\srv\\share\\a', p: '\\\\srv\\other\\a\\b', rel: undefined, why: 'another UNC share' },
      { folder: '\\\\srv\\share\\a', p: 'C:\\a\\b', rel: undefined, why: 'UNC folder, drive path' },
    ]);
  });

  it("uses the platform's path module by default", () => {
    const folder = path.resolve('some', 'folder');
    assert.equal(relativeWithin(folder, path.join(folder, 'x', 'y.ts')), path.join('x', 'y.ts'));
    assert.equal(isWithin(folder, folder), true);
    assert.equal(isBelow(folder, folder), false);
    assert.equal(isWithin(folder, `${folder}x`), false);
  });

  // Callers that used to stop at a first segment merely starting with '..' (now through the helper).
  describe('callers', () => {
    const root = path.resolve('w', 'shop');
    const app = (r: string): NextApp => ({ root: r, typescript: true, distDir: '.next' });

    it("appForFile: a file under a '..cache' folder belongs to the app; a sibling sharing the prefix does not", () => {
      const apps = [app(root)];
      assert.equal(appForFile(apps, path.join(root, '..cache', 'x.ts'))?.root, root);
      assert.equal(appForFile(apps, root)?.root, root);
      assert.equal(appForFile(apps, `${root}2${path.sep}x.ts`), undefined);
      assert.equal(appForFile(apps, path.join(root, '..', 'x.ts')), undefined);
    });

    it("routeOfFile / apiRouteOfFile: a '..v2' folder is a route segment, the folder itself and its parent are not routes", () => {
      const appDir = path.join(root, 'app');
      assert.equal(routeOfFile(appDir, path.join(appDir, '..v2', 'route.ts'))?.urlPattern, '/..v2');
      assert.equal(routeOfFile(appDir, appDir), undefined);
      assert.equal(routeOfFile(appDir, path.join(root, 'route.ts')), undefined);
      assert.equal(routeOfFile(appDir, `${appDir}x${path.sep}route.ts`), undefined);
      const pagesDir = path.join(root, 'pages');
      assert.equal(apiRouteOfFile(pagesDir, path.join(pagesDir, 'api', '..v2', 'users.ts'))?.urlPattern, '/api/..v2/users');
      assert.equal(apiRouteOfFile(pagesDir, path.join(pagesDir, 'apix', 'users.ts')), undefined);
    });
  });
});
