// The cookie jar as a user meets it in Chromium, against a real `next dev` on 127.0.0.1: the protected route
// answers 401, the login route sets an HttpOnly session cookie, the panel lists it, the protected route then
// answers 200 with it; Clear cookies signs out again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { copyFixture, startNextDev, type NextDev } from '../support/nextDev';
import { openPanel, openWorkbench, screenshotInThemes, type Workbench } from './workbench';

describe('e2e: the cookie jar (sign in, then a protected route)', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let folder: string;
  let dev: NextDev;
  let panel: Frame;

  before(async () => {
    folder = copyFixture('next-app', 'e2e-cookies');
    wb = await openWorkbench({ folder });
    dev = await startNextDev(folder, { probePath: '/api/hello' });
    panel = await openPanel(wb.page);
    await panel.locator('[data-testid=dev-status]', { hasText: `running at ${dev.url}` }).waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await dev?.stop();
    await wb?.close();
    if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  async function send(route: string, status: RegExp): Promise<void> {
    await panel.locator(`li.route[data-route="${route}"]`).click();
    await panel.locator('.request-title', { hasText: route }).waitFor({ timeout: 10_000 });
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: status }).waitFor({ timeout: 60_000 });
  }

  it('the login route\'s HttpOnly session cookie is kept, listed and sent: the protected route answers 200, then 401 once cleared', async () => {
    await send('/api/session/me', /^401/);
    await send('/api/session/login', /^200/);
    const cookies = panel.locator('[data-testid=cookie-section]');
    await cookies.locator('summary', { hasText: `Cookies (1) for ${dev.url}` }).waitFor({ timeout: 15_000 });
    await send('/api/session/me', /^200/);
    await panel.locator('[data-testid=body]', { hasText: '"user": "ada"' }).waitFor({ timeout: 15_000 });
    if (!(await cookies.evaluate((d) => (d as unknown as { open: boolean }).open))) await cookies.locator('summary').click();
    const row = cookies.locator('[data-testid=cookie-table] tbody tr', { hasText: 'session' });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /HttpOnly/);
    await cookies.scrollIntoViewIfNeeded();
    await screenshotInThemes(wb.page, 'cookies-signed-in', [panel]);

    await cookies.locator('[data-testid=clear-cookies]').click();
    await cookies.locator('summary', { hasText: 'Cookies (0)' }).waitFor({ timeout: 15_000 });
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: /^401/ }).waitFor({ timeout: 60_000 });
  });
});
