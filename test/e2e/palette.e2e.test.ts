import * as assert from 'node:assert/strict';
import { openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('e2e: the installed extension in the real workbench', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('lists "BFF Routes: Show Log" in the command palette and runs it', async () => {
    const { page } = wb;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>BFF Routes');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'BFF Routes: Show Log' }).first();
    await row.waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    await runCommand(page, 'BFF Routes: Show Log');
    // The Output panel shows our log channel, with the activation line the extension wrote.
    const output = page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: 'activating bff-routes.bff-routes' }).first().waitFor({ timeout: 30_000 });
    const text = (await output.first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /activating bff-routes\.bff-routes 0\.1\.0 in VS Code 1\.1\d\d/);
    await screenshot(page, 'palette-show-log');
  });
});
