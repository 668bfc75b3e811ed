// "Start next dev" clicked in the panel of the real workbench (Chromium, packaged extension): the dev
// script runs in a terminal, the panel connects by itself, a handler that throws shows its stack read
// from that server's output (with the source said in the UI and frames linking to route.ts), Stop ends it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { openWorkbench, screenshot, webviewFrame, type Workbench } from './workbench';

describe('e2e: Start next dev from the request panel', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let panel: Frame;

  before(async () => {
    wb = await openWorkbench();
    await wb.page.locator('.activitybar .action-item a[aria-label^="BFF Routes"], .activitybar .action-item[aria-label^="BFF Routes"]').first().click();
    panel = await webviewFrame(wb.page, '[data-testid=routes]', 60_000);
  });

  after(async () => {
    // Stop it if a step above failed while it ran (the button exists only then).
    const stop = panel?.locator('.dev-actions button', { hasText: 'Stop' });
    if (stop && (await stop.count().catch(() => 0))) {
      await stop.click();
      await panel.locator('[data-testid=dev-status]', { hasText: 'not running' }).waitFor({ timeout: 30_000 }).catch(() => undefined);
    }
    await wb?.close();
  });

  it('Start -> running -> a 500 shows the stack from the server output with linked frames -> Stop -> not running', async () => {
    await panel.locator('[data-testid=dev-status]', { hasText: 'not running' }).waitFor({ timeout: 30_000 });
    await panel.locator('.dev-actions button', { hasText: 'Start next dev' }).click();
    // The dev script's terminal opens in the workbench.
    await wb.page.locator('.terminal-tabs-entry, .single-terminal-tab, .terminal-tab', { hasText: 'next dev' }).first().waitFor({ timeout: 30_000 });
    await panel.locator('[data-testid=dev-status]', { hasText: /running at http:\/\/127\.0\.0\.1:\d+/ }).waitFor({ timeout: 180_000 });
    assert.equal(await panel.locator('.dev-actions button', { hasText: 'Stop' }).count(), 1, 'Stop is offered for the server the panel started');

    await panel.locator('li.route[data-route="/api/boom"]').click();
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: '500' }).waitFor({ timeout: 120_000 });
    const err = panel.locator('[data-testid=server-error]');
    await err.filter({ hasText: 'kaboom from the fixture' }).waitFor({ timeout: 30_000 });
    assert.match(await err.locator('[data-testid=server-error-source]').innerText(), /output of the next dev the panel started/);
    const own = err.locator('ol.frames li.own a');
    assert.deepEqual(await own.allInnerTexts(), ['explode (api/boom/route.ts:3:9)', 'GET (api/boom/route.ts:7:3)']);
    await panel.locator('[data-testid=response]').scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'panel-started-dev-server-error-stack');
    await own.nth(1).click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 15_000 });

    await panel.locator('.dev-actions button', { hasText: 'Stop' }).click();
    await panel.locator('[data-testid=dev-status]', { hasText: 'not running' }).waitFor({ timeout: 60_000 });
    // Its worker unlocks on exit; one killed before (next dev's own 100 ms limit, see core/http/devProcess.ts) leaves it.
    const lock = path.join(wb.folder, '.next', 'dev', 'lock');
    const left = fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : undefined;
    assert.equal(left, undefined, 'next dev removed its lock');
  });
});
