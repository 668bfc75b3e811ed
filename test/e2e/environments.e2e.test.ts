// Environments as a user meets them in Chromium: a workspace that already holds http-client.env.json when it is
// opened (the status bar item must show without any file changing: the env files are looked up again once the apps
// are found); the status-bar item switches between two environments and the panel's environment picker follows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { copyFixture } from '../support/nextDev';
import { openPanel, openWorkbench, screenshot, type Workbench } from './workbench';

describe('e2e: environments (status bar and panel)', () => {
  let wb: Workbench;
  let folder: string;
  let panel: Frame;

  before(async () => {
    folder = copyFixture('next-app', 'e2e-env');
    // Nothing listens on these loopback ports: switching needs no server.
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({
      local: { baseUrl: 'http://127.0.0.1:4311', userId: '42' },
      staging: { baseUrl: 'http://localhost:4312', userId: '7' },
    }, null, 2));
    wb = await openWorkbench({ folder });
  });
  after(async () => wb?.close());

  it('the status bar switches between two environments; the panel\'s environment picker follows', async () => {
    const { page } = wb;
    panel = await openPanel(page);
    await panel.locator('li.route[data-route="/api/users/[id]"]').click();
    await panel.locator('.request-title', { hasText: '/api/users/[id]' }).waitFor({ timeout: 15_000 });

    let current = 'No environment';
    for (const [env, base] of [['local', 'http://127.0.0.1:4311'], ['staging', 'http://localhost:4312']] as const) {
      const item = page.locator('.statusbar-item a', { hasText: current }).first();
      await item.waitFor({ timeout: 30_000 });
      await item.click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(env);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.statusbar-item a', { hasText: env }).first().waitFor({ timeout: 15_000 });
      current = env;
      await panel.locator('[data-testid=env-select] option:checked', { hasText: env }).waitFor({ state: 'attached', timeout: 15_000 });
      assert.equal(await panel.locator('[data-testid=env-select]').inputValue(), env);
    }
    await screenshot(page, 'environments-staging');
  });
});
