// Environments as a user meets them in Chromium: a workspace that already holds http-client.env.json when it is
// opened (the status bar item must show without any file changing: the env files are looked up again once the apps
// are found); the status-bar item switches between two environments and the panel's environment picker follows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { copyFixture } from '../support/nextDev';
import { until } from '../support/processes';
import { openPanel, openWorkbench, screenshot, screenshotInThemes, type Workbench } from './workbench';

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

  it('the request as it will be sent resolves the active environment\'s {{variables}}; an undefined one is named and nothing is sent', async () => {
    const { page } = wb;
    await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
    const id = panel.locator('input[data-param="id"]');
    await id.fill('{{userId}}');
    // staging: its baseUrl and its userId (local's would be 127.0.0.1:4311 and 42).
    // Before the host answers, the line shows the variable as typed (never percent-encoded).
    await panel.locator('[data-testid=url-preview]', { hasText: '{{userId}}' }).or(panel.locator('[data-testid=url-preview][data-resolved=true]')).first().waitFor({ timeout: 15_000 });
    await panel.locator('[data-testid=url-preview][data-resolved=true]', { hasText: /^GET http:\/\/localhost:4312\/api\/users\/7$/ }).waitFor({ timeout: 15_000 });
    await screenshotInThemes(page, 'environments-preview', [panel]);

    const history = panel.locator('ul.history li.history-entry');
    const before = await history.count();
    await id.fill('{{nope}}');
    const problem = '{{nope}} is not defined in the environment "staging". Nothing was sent.';
    await panel.locator('[data-testid=url-problem]', { hasText: problem }).waitFor({ timeout: 15_000 });
    await panel.locator('[data-testid=url-preview][data-resolved=false]').waitFor({ timeout: 15_000 });
    // Said once (the host's check covers the editor's own).
    assert.equal(await panel.getByText('is not defined in the environment', { exact: false }).count(), 1);
    await panel.locator('button.send').click();
    // Refused before leaving: the variable's message, not a connection error (nothing listens on 4312).
    await panel.locator('[data-testid=failure]', { hasText: '{{nope}} is not defined' }).waitFor({ timeout: 15_000 });
    assert.doesNotMatch(await panel.locator('[data-testid=failure]').innerText(), /refused|ECONN/i);
    assert.equal(await history.count(), before, 'a request refused before sending is not in the history');
  });
});

describe('e2e: the private env file and .gitignore', () => {
  let wb: Workbench;
  let folder: string;

  before(async () => {
    folder = copyFixture('next-app', 'e2e-env-private');
    fs.writeFileSync(path.join(folder, 'http-client.env.json'), JSON.stringify({ local: { baseUrl: 'http://127.0.0.1:4311' } }, null, 2));
    fs.writeFileSync(path.join(folder, 'http-client.private.env.json'), JSON.stringify({ local: { token: 's3cret' } }, null, 2));
    // No newline at the end: the line added must not run into the last one.
    fs.writeFileSync(path.join(folder, '.gitignore'), 'node_modules\n.next');
    wb = await openWorkbench({ folder });
  });
  after(async () => wb?.close());

  it('offers to ignore http-client.private.env.json when .gitignore does not, and appends it once', async () => {
    const { page } = wb;
    const toast = page.locator('.notification-toast', { hasText: 'http-client.private.env.json holds secrets' });
    await toast.waitFor({ timeout: 60_000 });
    await screenshot(page, 'environments-gitignore-offer');
    await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Add to .gitignore' }).first().click();
    await page.locator('.notification-toast', { hasText: 'Added http-client.private.env.json to .gitignore.' }).waitFor({ timeout: 30_000 });
    const file = path.join(folder, '.gitignore');
    assert.ok(await until(() => fs.readFileSync(file, 'utf8').includes('private'), 5000), 'the line reached the file');
    assert.equal(fs.readFileSync(file, 'utf8'), 'node_modules\n.next\nhttp-client.private.env.json\n');
  });
});
