// `npm run test:electron`: the same integration suite in VS Code desktop, downloaded by
// @vscode/test-electron — for machines that can reach update.code.visualstudio.com. (Where it
// cannot, `npm run test:integration` runs the suite in code-server's VS Code instead.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyFixture } from '../support/nextDev';
import { REPO } from './hostPaths';

async function main(): Promise<void> {
  const folder = copyFixture('next-app', 'electron');
  const extensionTestsEnv: Record<string, string> = { BFF_PLAIN_OUTPUT: '1' };
  if (process.env.BFF_TEST_GREP) extensionTestsEnv.BFF_TEST_GREP = process.env.BFF_TEST_GREP;
  try {
    await runTests({
      version: process.env.BFF_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [folder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv,
    });
  } finally {
    fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('[electron] failed to run the tests:', e);
  process.exit(1);
});
