// The npm package's manifest (npm/package.json) agrees with the extension's: one version, one Node floor,
// and its `bin` and `files` name the bundles esbuild.js writes there.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
interface Manifest {
  name: string;
  version: string;
  license: string;
  repository: unknown;
  engines: { node: string };
  bin?: Record<string, string>;
  files?: string[];
  dependencies?: unknown;
}
const read = (p: string): Manifest => JSON.parse(fs.readFileSync(path.join(REPO, p), 'utf8')) as Manifest;

describe('npm/package.json (the bff-routes CLI on npm)', () => {
  const root = read('package.json');
  const npm = read('npm/package.json');

  it('has the extension\'s name, version, licence, repository and Node floor', () => {
    assert.equal(npm.name, root.name);
    assert.equal(npm.version, root.version);
    assert.equal(npm.license, root.license);
    assert.deepEqual(npm.repository, root.repository);
    assert.equal(npm.engines.node, root.engines.node);
  });

  it('its bin is in its files allowlist, which holds bundles only (no dependencies to install)', () => {
    assert.deepEqual(npm.bin, { 'bff-routes': 'dist/cli.js' });
    const files = npm.files ?? [];
    for (const target of Object.values(npm.bin ?? {})) assert.ok(files.includes(target));
    assert.ok(files.every((f) => /^(README\.md|LICENSE|dist\/[\w.-]+\.js)$/.test(f)), `files: ${files.join(', ')}`);
    assert.equal(npm.dependencies, undefined);
  });
});
