// `npm run test:e2e`: packages the extension as a .vsix, installs it into a private code-server,
// then runs the mocha suites of test/e2e (*.e2e.test.js) in plain Node; they drive the real
// workbench in Chromium through test/e2e/workbench.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { startCodeServer, installVsix } from '../host/codeServer';
import { ensureHost, REPO, vscodeVersion } from '../host/hostPaths';
import { packageVsix } from '../host/vsix';
import { reportFailure } from './workbench';
import { EXTENSION_ID } from '../../src/ids';

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.e2e.test.js') ? [p] : [];
  }).sort();
}

async function main(): Promise<number> {
  const t0 = Date.now();
  ensureHost();
  const specs = files(path.join(REPO, 'out', 'test', 'e2e'));
  if (specs.length === 0) throw new Error('no compiled e2e tests (out/test/e2e/**/*.e2e.test.js): run `npm run compile` first.');
  const outDir = path.join(REPO, 'test-results');
  fs.mkdirSync(outDir, { recursive: true });
  const vsix = packageVsix(outDir);
  // Without the smoke-test driver: the workbench behaves as for a user (notification toasts show).
  const server = await startCodeServer({ smokeTestDriver: false });
  try {
    const installed = installVsix(server, vsix);
    const ours = installed.find((l) => l.toLowerCase().startsWith(`${EXTENSION_ID}@`));
    if (!ours) throw new Error(`the .vsix did not install: code-server lists ${installed.join(', ') || 'nothing'}`);
    console.log(`[e2e] installed ${ours} into code-server (VS Code ${vscodeVersion()}) at ${server.url}`);
    process.env.BFF_E2E_SERVER = server.url;
    process.env.BFF_E2E_VSIX = vsix; // for tests that need a server of their own (e.g. workspace trust on)
    const mocha = new Mocha({
      ui: 'bdd', timeout: 180_000, reporter: 'spec', color: false,
      rootHooks: {
        async afterEach(this: Mocha.Context) {
          if (this.currentTest?.state === 'failed') await reportFailure(this.currentTest.fullTitle());
        },
      },
    });
    if (process.env.BFF_TEST_GREP) mocha.grep(new RegExp(process.env.BFF_TEST_GREP));
    for (const f of specs) mocha.addFile(f);
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    console.log(`[e2e] ${failures === 0 ? 'passed' : `${failures} failure(s)`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return failures === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e: unknown) => {
    console.error('[e2e] harness error:', e);
    process.exit(2);
  });
}
