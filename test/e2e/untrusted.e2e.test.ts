import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVsix, startCodeServer, type CodeServer } from '../host/codeServer';
import { openWorkbench, screenshot, webviewFrame, type Workbench } from './workbench';

// Workspace trust is off in the other suites. Here it is on, as for a user who opens a cloned repository:
// the folder opens in Restricted Mode, and the panel must not run the app's dev script.
describe('e2e: an untrusted workspace (Restricted Mode)', () => {
  let server: CodeServer;
  let wb: Workbench | undefined;
  before(async () => {
    const vsix = process.env.BFF_E2E_VSIX;
    if (!vsix || !fs.existsSync(vsix)) throw new Error('BFF_E2E_VSIX is not set: run the e2e tests with `npm run test:e2e`.');
    server = await startCodeServer({ smokeTestDriver: false, workspaceTrust: true });
    installVsix(server, vsix);
    wb = await openWorkbench({ server: server.url });
  });
  after(async () => {
    await wb?.close();
    await server?.stop();
  });

  it('offers no way to start next dev, and starts none', async () => {
    const { page, folder } = wb!;
    // VS Code says the folder is in Restricted Mode
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });

    // the palette does not offer "Start next dev" (its enablement is isWorkspaceTrusted) …
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>BFF Routes');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'BFF Routes: Show Log' }).first().waitFor({ timeout: 15_000 });
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(!rows.some((r) => r.includes('Start next dev')), `palette rows: ${rows.join(' | ')}`);
    await page.keyboard.press('Escape');

    // … and in the panel the Start button is disabled and says why
    await page.locator('.activitybar .action-item a[aria-label^="BFF Routes"], .activitybar .action-item[aria-label^="BFF Routes"]').first().click();
    const frame = await webviewFrame(page, 'button:has-text("Start next dev")', 60_000);
    const start = frame.locator('button:has-text("Start next dev")').first();
    assert.equal(await start.isDisabled(), true);
    assert.equal(await start.getAttribute('title'), 'Disabled in an untrusted workspace');
    await start.click({ force: true }).catch(() => undefined);
    await page.waitForTimeout(1500);
    assert.equal(fs.existsSync(path.join(folder, '.next', 'dev', 'lock')), false, 'no next dev was started');
    await screenshot(page, 'untrusted-restricted-mode');
  });
});
