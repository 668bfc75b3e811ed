// The panel on an app with no route handler yet (issue #15 point 6): it says what to do and offers New Route
// Handler, which opens the pattern list; screenshots in Light and Dark Modern.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture } from '../support/nextDev';
import { openPanel, openWorkbench, screenshotInThemes, type Workbench } from './workbench';

describe('e2e: an app without route handlers', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let folder: string;

  before(async () => {
    folder = copyFixture('next-app', 'e2e-empty');
    for (const d of ['api', '(marketing)']) fs.rmSync(path.join(folder, 'app', d), { recursive: true, force: true });
    wb = await openWorkbench({ folder });
  });

  after(async () => {
    await wb?.close();
    if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('the empty route list says what to do, and its New Route Handler button opens the pattern list', async () => {
    const panel = await openPanel(wb.page);
    const empty = panel.locator('[data-testid=route-count]', { hasText: 'No route handlers in this app yet' });
    await empty.waitFor({ timeout: 60_000 });
    assert.match(await empty.innerText(), /Create one \(a route\.ts under app\/\) with New Route Handler…, then send requests to it from here\./);
    assert.equal(await panel.locator('li.route').count(), 0);
    // No request is open: no empty Auth or Cookies section (an empty <details> reads "Details").
    assert.equal(await panel.getByText('Details', { exact: true }).count(), 0);
    assert.equal(await panel.locator('[data-testid=auth-section]').isVisible(), false);
    await screenshotInThemes(wb.page, 'panel-empty-app', [panel]);
    await empty.locator('button', { hasText: 'New Route Handler…' }).click();
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'JSON POST with validation' }).first().waitFor({ timeout: 30_000 });
    await wb.page.keyboard.press('Escape');
  });
});
