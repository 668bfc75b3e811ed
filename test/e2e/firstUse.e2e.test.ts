// What a new user met first in the request panel (issue #15), driven as a user does: the real workbench in
// Chromium with the packaged extension, the fixture app open and a real `next dev` on 127.0.0.1.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startNextDev, type NextDev } from '../support/nextDev';
import { openPanel, openWorkbench, screenshot, settledBox, type Workbench } from './workbench';

describe('e2e: first use of the request panel', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let dev: NextDev;
  let panel: Frame;

  before(async () => {
    wb = await openWorkbench();
    dev = await startNextDev(wb.folder, { probePath: '/api/hello' });
    panel = await openPanel(wb.page);
    await panel.locator('[data-testid=dev-status]', { hasText: `running at ${dev.url}` }).waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await dev?.stop();
    await wb?.close();
  });

  async function pick(route: string): Promise<void> {
    await panel.locator(`li.route[data-route="${route}"]`).click();
    await panel.locator('.request-title', { hasText: route }).waitFor({ timeout: 10_000 });
  }

  const status = (): ReturnType<Frame['locator']> => panel.locator('[data-testid=status]');

  it('a response belongs to its request: another route or method shows its own response or none', async () => {
    await pick('/api/users/[id]');
    await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
    await panel.locator('input[data-param="id"]').fill('42');
    await panel.locator('button.send').click();
    await status().filter({ hasText: '200 OK' }).waitFor({ timeout: 60_000 });

    // Another method of the same route: nothing was sent with it, so no response shows.
    await panel.locator('select.method').selectOption('DELETE');
    await status().waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await panel.locator('[data-testid=response] .status-line').count(), 0);
    // Back to GET: its own response again.
    await panel.locator('select.method').selectOption('GET');
    await status().filter({ hasText: '200 OK' }).waitFor({ timeout: 5_000 });

    // Another route: none, then its own after sending.
    await pick('/api/redirect');
    await status().waitFor({ state: 'detached', timeout: 5_000 });
    await panel.locator('button.send').click();
    await status().filter({ hasText: /^307/ }).waitFor({ timeout: 60_000 });
    await pick('/api/users/[id]');
    await status().filter({ hasText: '200 OK' }).waitFor({ timeout: 5_000 });
    assert.match(await panel.locator('.sent-url').innerText(), /GET http:\/\/127\.0\.0\.1:\d+\/api\/users\/42$/);
  });

  it('the CodeLens says what it does ("Open request"): it opens the panel on the route and method and sends nothing', async () => {
    const { page } = wb;
    const historyBefore = await panel.locator('ul.history li.history-entry').count();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('api/users/[id]/route.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'route.ts' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    const lens = editor.locator('.codelens-decoration a', { hasText: 'Open request: DELETE /api/users/[id]' }).first();
    // The lens moves the lines as it appears: click it once the layout has settled.
    const box = await settledBox(lens);
    assert.equal(await editor.locator('.codelens-decoration', { hasText: /^Send / }).count(), 0, 'no lens promises to send');
    await screenshot(page, 'codelens-open-request');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await panel.locator('.request-title', { hasText: '/api/users/[id]' }).waitFor({ timeout: 15_000 });
    await panel.waitForFunction('document.querySelector("select.method")?.value === "DELETE"', undefined, { timeout: 10_000 });
    assert.equal(await panel.locator('select.method').inputValue(), 'DELETE');
    assert.equal(await status().count(), 0, 'nothing was sent: no response under DELETE');
    assert.equal(await panel.locator('ul.history li.history-entry').count(), historyBefore, 'no history entry was added');
  });
});
