// Every link to the project's repository (rule documentation in diagnostics, SARIF and settings; the npm
// package; the README) names the `repository` of package.json, the one vsce also resolves README images against.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS, RULES_DOCS_BASE, docsUrlOf } from '../../src/core/analysis/types';

const REPO = path.resolve(__dirname, '..', '..', '..');
const text = (p: string): string => fs.readFileSync(path.join(REPO, p), 'utf8');
const repository = (JSON.parse(text('package.json')) as { repository: { url: string } }).repository.url;

describe('links to the repository', () => {
  it('rule documentation links are README sections of package.json\'s repository', () => {
    assert.equal(RULES_DOCS_BASE, `${repository}#`);
    const readme = text('README.md');
    for (const id of RULE_IDS) {
      assert.equal(docsUrlOf(id), `${repository}#${id}`);
      assert.match(readme, new RegExp(`^### ${id}$`, 'm'), `README has a section for ${id}`);
    }
  });

  it('package.json, npm/package.json, the README and the CHANGELOG link to no other GitHub repository', () => {
    const own = repository.replace(/^https:\/\/github\.com\//, '');
    for (const file of ['package.json', 'npm/package.json', 'npm/README.md', 'README.md', 'CHANGELOG.md']) {
      for (const m of text(file).matchAll(/https:\/\/github\.com\/([\w.-]+\/[\w.-]+)/g)) {
        const target = m[1].replace(/\.git$/, '');
        if (['github/codeql-action', 'actions/checkout'].includes(target)) continue;
        assert.equal(target, own, `${file}: ${m[0]}`);
      }
    }
  });
});
