import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { appForFile, describeNextApp, findNextApps, majorOf } from '../../../src/core/project/nextApps';
import { tempTrees } from '../../support/tempTree';

describe('core/project/nextApps', () => {
  const tree = tempTrees('bff-apps-');
  it('reads the major of version ranges', () => {
    assert.equal(majorOf('^16.1.0'), 16);
    assert.equal(majorOf('~15.2'), 15);
    assert.equal(majorOf('16'), 16);
    assert.equal(majorOf('>=14.0.0'), 14);
    assert.equal(majorOf('canary'), undefined);
    assert.equal(majorOf(undefined), undefined);
  });

  it('describes an app with app/ at the root, TypeScript, and its Next major', () => {
    const dir = tree({ 'package.json': '{"dependencies":{"next":"^16.0.1"}}', 'tsconfig.json': '{}', 'app/page.tsx': '' });
    const app = describeNextApp(dir);
    assert.ok(app);
    assert.equal(app.appDir, path.join(dir, 'app'));
    assert.equal(app.typescript, true);
    assert.equal(app.nextMajor, 16);
    assert.equal(app.distDir, '.next');
  });

  it('uses src/app when there is no app/ and reads distDir from next.config', () => {
    const dir = tree({ 'next.config.mjs': "export default { distDir: 'build-out' }", 'src/app/page.jsx': '', 'src/pages/api/a.js': '' });
    const app = describeNextApp(dir);
    assert.ok(app);
    assert.equal(app.appDir, path.join(dir, 'src', 'app'));
    assert.equal(app.pagesApiDir, path.join(dir, 'src', 'pages', 'api'));
    assert.equal(app.typescript, false);
    assert.equal(app.distDir, 'build-out');
  });

  it('is not fooled by a package.json without next', () => {
    const dir = tree({ 'package.json': '{"dependencies":{"express":"4"}}', 'app/route.ts': '' });
    assert.equal(describeNextApp(dir), undefined);
  });

  it('finds every app of a monorepo, skipping node_modules', () => {
    const dir = tree({
      'package.json': '{"private":true}',
      'apps/web/package.json': '{"dependencies":{"next":"15.0.0"}}',
      'apps/web/app/page.tsx': '',
      'apps/admin/next.config.js': 'module.exports = {}',
      'node_modules/x/package.json': '{"dependencies":{"next":"16"}}',
    });
    const apps = findNextApps([dir]).map((a) => path.relative(dir, a.root)).sort();
    assert.deepEqual(apps, [path.join('apps', 'admin'), path.join('apps', 'web')]);
    const all = findNextApps([dir]);
    assert.equal(appForFile(all, path.join(dir, 'apps', 'web', 'app', 'api', 'route.ts'))?.root, path.join(dir, 'apps', 'web'));
    assert.equal(appForFile(all, path.join(dir, 'README.md')), undefined);
  });

  it('finds the repository fixture app', () => {
    const fixture = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'next-app');
    const [app] = findNextApps([fixture]);
    assert.ok(app);
    assert.equal(app.nextMajor, 16);
    assert.equal(app.appDir, path.join(fixture, 'app'));
  });
});
