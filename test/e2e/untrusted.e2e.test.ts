import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVsix, startCodeServer, type CodeServer } from '../host/codeServer';
import { copyFixture } from '../support/nextDev';
import { jsonPostUpToMethods, openWorkbench, screenshot, webviewFrame, type Workbench } from './workbench';

// Workspace trust is off in the other suites. Here it is on, as for a user who opens a cloned repository:
// the folder opens in Restricted Mode, and nothing of the repository may run: not the app's dev script,
// not the package manager (yarnPath, .pnpmfile.cjs and install scripts are repository code).
describe('e2e: an untrusted workspace (Restricted Mode)', () => {
  let server: CodeServer;
  let wb: Workbench | undefined;
  let folder: string;
  let record: string;
  before(async () => {
    const vsix = process.env.BFF_E2E_VSIX;
    if (!vsix || !fs.existsSync(vsix)) throw new Error('BFF_E2E_VSIX is not set: run the e2e tests with `npm run test:e2e`.');
    // The app uses pnpm (lockfile) and has no zod. Terminals find a fake `pnpm` first on PATH (a user
    // setting: Restricted Mode ignores the workspace's terminal settings) that records any run.
    folder = copyFixture('next-app', 'e2e-untrusted');
    fs.writeFileSync(path.join(folder, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    const bin = path.join(path.dirname(folder), 'fake-bin');
    record = path.join(path.dirname(folder), 'pnpm-invocation.txt');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'pnpm'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" '#end' > '${record}'\n`, { mode: 0o755 });
    server = await startCodeServer({
      smokeTestDriver: false,
      workspaceTrust: true,
      settings: { 'terminal.integrated.env.linux': { PATH: `${bin}:\${env:PATH}` } },
    });
    installVsix(server, vsix);
    wb = await openWorkbench({ server: server.url, folder });
    // VS Code says the folder is in Restricted Mode
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  });
  after(async () => {
    try {
      await wb?.close();
      await server?.stop();
    } finally {
      if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });

  it('offers no way to start next dev, and the extension refuses a start the panel sends anyway', async () => {
    const { page } = wb!;
    // the palette does not offer "Start next dev" (its enablement is isWorkspaceTrusted) …
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>BFF Routes');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'BFF Routes: Show Log' }).first().waitFor({ timeout: 15_000 });
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(!rows.some((r) => r.includes('Start next dev')), `palette rows: ${rows.join(' | ')}`);
    await page.keyboard.press('Escape');

    // … in the panel the Start button is disabled and says why …
    await page.locator('.activitybar .action-item a[aria-label^="BFF Routes"], .activitybar .action-item[aria-label^="BFF Routes"]').first().click();
    const frame = await webviewFrame(page, 'button:has-text("Start next dev")', 60_000);
    const start = frame.locator('button:has-text("Start next dev")').first();
    assert.equal(await start.isDisabled(), true);
    assert.equal(await start.getAttribute('title'), 'Disabled in an untrusted workspace');
    await screenshot(page, 'untrusted-restricted-mode');

    // … and a start request that reaches the extension anyway (the button enabled by hand) is refused there.
    await start.evaluate((b) => b.removeAttribute('disabled'));
    await start.click();
    await frame.locator('.notice', { hasText: 'Starting next dev is disabled in an untrusted workspace.' }).first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.part.panel', { hasText: 'next dev:' }).count(), 0, 'no dev terminal');
    assert.equal(fs.existsSync(path.join(folder, '.next', 'dev', 'lock')), false, 'no next dev was started');
  });

  it('New Route Handler: "Add zod" says it is disabled, and picking it runs no package manager and creates nothing', async () => {
    const { page } = wb!;
    await jsonPostUpToMethods(page, 'api/e2e/untrusted-zod');
    await page.keyboard.press('Enter'); // the default: POST
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'validation' }).waitFor({ timeout: 15_000 });
    const addZod = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add zod and use a schema' }).first();
    await addZod.waitFor();
    assert.match(await addZod.innerText(), /disabled in Restricted Mode \(it would run `pnpm add zod`\)/);
    await screenshot(page, 'untrusted-add-zod-choice');
    await page.locator('.quick-input-widget input').fill('Add zod');
    await page.keyboard.press('Enter');

    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Add zod is disabled in an untrusted workspace' }).first();
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /`pnpm add zod` can run code from the repository \(yarnPath, \.pnpmfile\.cjs, install scripts\)/);
    await screenshot(page, 'untrusted-add-zod-refused');
    // The refusal comes before the terminal would be created: none was, and the fake pnpm never ran.
    assert.equal(await page.locator('.part.panel', { hasText: 'BFF Routes: add zod' }).count(), 0, 'no "add zod" terminal');
    assert.equal(fs.existsSync(record), false, 'the package manager did not run');
    assert.equal(fs.existsSync(path.join(folder, 'app', 'api', 'e2e', 'untrusted-zod')), false, 'no route created');
  });
});
