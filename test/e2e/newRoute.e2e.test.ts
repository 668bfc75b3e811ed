import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('e2e: New Route Handler from the command palette', () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it('palette -> pick a pattern -> type a path (live URL preview) -> the new route.ts opens', async () => {
    const { page, folder } = wb;
    await runCommand(page, 'BFF Routes: New Route Handler');

    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'JSON POST with validation' }).first().waitFor({ timeout: 30_000 });
    await input.fill('Text GET');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'A public GET endpoint answering plain text' }).first().waitFor();
    await page.keyboard.press('Enter');

    // The route path box: pre-filled with the pattern's default path, validated as the user types.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: Text GET' }).waitFor({ timeout: 15_000 });
    await input.fill('api/e2e/a b');
    await page.locator('.quick-input-message', { hasText: 'cannot contain spaces' }).waitFor({ timeout: 15_000 });
    await input.fill('api/e2e/hello');
    await page.locator('.quick-input-message', { hasText: 'Serves /api/e2e/hello' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'new-route-preview');
    await page.keyboard.press('Enter');

    const file = path.join(folder, 'app', 'api', 'e2e', 'hello', 'route.ts');
    await page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Hello from /api/e2e/hello' }).first().waitFor({ timeout: 30_000 });
    // The first thing to edit is selected: the response text (25 characters) on line 2.
    await screenshot(page, 'new-route-opened');
    const status = await page.locator('.statusbar').innerText();
    assert.match(status, /Ln 2, Col (24|49) \(25 selected\)/, status);
    assert.ok(fs.existsSync(file), `${file} was written`);
    assert.match(fs.readFileSync(file, 'utf8'), /export function GET\(\)/);
    await screenshot(page, 'new-route-opened');
  });
});
