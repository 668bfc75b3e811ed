// The request panel as a user drives it: the real workbench in Chromium with the packaged extension,
// the fixture app open and a real `next dev` on 127.0.0.1. The panel is a webview (nested iframes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { startNextDev, type NextDev } from '../support/nextDev';
import { openWorkbench, screenshot, webviewFrame, type Workbench } from './workbench';

describe('e2e: the request panel', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let dev: NextDev;
  let panel: Frame;

  before(async () => {
    wb = await openWorkbench();
    dev = await startNextDev(wb.folder, { probePath: '/api/hello' });
    await wb.page.locator('.activitybar .action-item a[aria-label^="BFF Routes"], .activitybar .action-item[aria-label^="BFF Routes"]').first().click();
    panel = await webviewFrame(wb.page, '[data-testid=routes]', 60_000);
    await widenSideBar();
  });

  /** Drags the side bar's sash to 560 px so the screenshots show the panel as a user sizes it. */
  async function widenSideBar(): Promise<void> {
    const sidebar = await wb.page.locator('.part.sidebar').boundingBox();
    if (!sidebar) return;
    const x = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await wb.page.mouse.move(x, y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(x + 120, y, { steps: 5 });
    await wb.page.mouse.move(sidebar.x + 560, y, { steps: 5 });
    await wb.page.mouse.up();
  }

  async function shot(name: string): Promise<void> {
    // The response section is rebuilt on each message; a scroll that raced a rebuild is tried once more.
    const response = panel.locator('[data-testid=response]');
    await response.scrollIntoViewIfNeeded().catch(() => response.scrollIntoViewIfNeeded());
    await screenshot(wb.page, name);
  }

  after(async () => {
    await dev?.stop();
    await wb?.close();
  });

  async function pick(route: string): Promise<void> {
    await panel.locator(`li.route[data-route="${route}"]`).click();
    await panel.locator('.request-title', { hasText: route }).waitFor({ timeout: 10_000 });
  }

  it('connects to the running next dev and lists the routes with their methods', async () => {
    await panel.locator('[data-testid=dev-status]', { hasText: `running at ${dev.url}` }).waitFor({ timeout: 60_000 });
    const users = panel.locator('li.route[data-route="/api/users/[id]"]');
    await users.waitFor({ timeout: 30_000 });
    assert.deepEqual(await users.locator('.method-badge').allInnerTexts(), ['GET', 'DELETE']);
    assert.equal(await panel.locator('li.route[data-route*="_private"]').count(), 0);
    // The filter narrows the list.
    await panel.locator('[data-testid=route-filter]').fill('users');
    assert.equal(await panel.locator('li.route').count(), 1);
    await panel.locator('[data-testid=route-filter]').fill('');
  });

  it('picks a dynamic route, fills its param with a live URL preview, sends, and sees 200 and the body', async () => {
    await pick('/api/users/[id]');
    await panel.locator('input[data-param="id"]').fill('42');
    await panel.locator('[data-testid=url-preview]', { hasText: `GET ${dev.url}/api/users/42` }).waitFor({ timeout: 5_000 });
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: '200 OK' }).waitFor({ timeout: 60_000 });
    const body = panel.locator('[data-testid=body]');
    await body.filter({ hasText: '"name": "User 42"' }).waitFor({ timeout: 10_000 });
    assert.equal(await body.getAttribute('data-kind'), 'json');
    assert.match(await panel.locator('[data-testid=status-line]').innerText(), /TTFB [\d.]+ m?s.*total [\d.]+ m?s/s);
    await shot('panel-dynamic-route-200');
  });

  it('marks a header value secret: the padlock closes (drawn, not an emoji) and the value is masked', async () => {
    await pick('/api/users/[id]');
    await panel.locator('section.request button.tab', { hasText: /^Headers/ }).click();
    await panel.locator('button.link', { hasText: '+ Add' }).click();
    const rows = panel.locator('.kv-row');
    const row = rows.last();
    await row.locator('input[aria-label$="name"]').fill('X-Trace-Note');
    const value = row.locator('input[aria-label$="value"]');
    await value.fill('s3cr3t');
    const toggle = row.locator('button.secret-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle.locator('svg').getAttribute('data-icon'), 'lock-open');
    assert.equal(await value.getAttribute('type'), 'text');
    await toggle.click();
    const closed = rows.last().locator('button.secret-toggle');
    await closed.locator('svg[data-icon="lock"]').waitFor({ timeout: 5_000 });
    assert.equal(await closed.getAttribute('aria-pressed'), 'true');
    assert.equal(await rows.last().locator('input[aria-label$="value"]').getAttribute('type'), 'password');
    const box = await closed.locator('svg').boundingBox();
    assert.ok(box && box.width >= 12 && box.height >= 12, `the padlock is drawn at its size (${JSON.stringify(box)})`);
    await screenshot(wb.page, 'panel-secret-header');
    await rows.last().locator('button[title="Remove row"]').click();
  });

  it('shows a JSON body that does not parse before sending, and sends nothing', async () => {
    await pick('/api/echo');
    await panel.locator('section.request button.tab', { hasText: /^Body/ }).click();
    await panel.locator('textarea.body-text').fill('{"message": }');
    await panel.locator('[data-testid=json-problem]', { hasText: /Invalid JSON at line 1, column \d+/ }).waitFor({ timeout: 5_000 });
    await panel.locator('textarea.body-text').press('Control+Enter');
    // Nothing was sent: /api/echo shows no response (a response belongs to its own route and method).
    await panel.locator('[data-testid=json-problem]').waitFor({ timeout: 5_000 });
    assert.equal(await panel.locator('[data-testid=status]').count(), 0);
    await panel.locator('textarea.body-text').fill('{"message": "hi"}');
    await panel.locator('textarea.body-text').press('Control+Enter');
    await panel.locator('[data-testid=body]', { hasText: '"received"' }).waitFor({ timeout: 60_000 });
  });

  it('a streaming route shows its chunks as they arrive, each with its time', async () => {
    await pick('/api/stream');
    await panel.locator('button.send').click();
    await panel.locator('section.response button.tab', { hasText: /^Chunks/ }).click();
    const rows = panel.locator('[data-testid=chunks] tr.chunk');
    await rows.nth(4).waitFor({ timeout: 60_000 });
    const texts = await rows.allInnerTexts();
    assert.equal(texts.length, 5);
    assert.match(texts[0], /chunk 1/);
    assert.match(texts[4], /chunk 5/);
    await shot('panel-streaming-chunks');
    await panel.locator('section.response button.tab', { hasText: /^Body/ }).click();
  });

  it('a handler that throws shows the server error with a link that opens the source line', async () => {
    await pick('/api/boom');
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: '500' }).waitFor({ timeout: 60_000 });
    const err = panel.locator('[data-testid=server-error]');
    await err.filter({ hasText: 'kaboom from the fixture' }).waitFor({ timeout: 30_000 });
    await shot('panel-server-error');
    await err.locator('[data-testid=open-source]').click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 15_000 });
    assert.ok(fs.existsSync(path.join(wb.folder, 'app', 'api', 'boom', 'route.ts')));
  });

  it('keeps the open request when its route file is deleted, says so, and sends nothing until the file is back', async () => {
    const file = path.join(wb.folder, 'app', 'api', 'hello', 'route.ts');
    const original = fs.readFileSync(file, 'utf8');
    await pick('/api/hello');
    await panel.locator('section.request button.tab', { hasText: /^Query/ }).click();
    await panel.locator('section.request button.link', { hasText: '+ Add' }).click();
    await panel.locator('input[aria-label="name 1 name"]').fill('keep');
    await panel.locator('input[aria-label="name 1 value"]').fill('me');
    await panel.locator('[data-testid=url-preview]', { hasText: `GET ${dev.url}/api/hello?keep=me` }).waitFor({ timeout: 5_000 });
    fs.rmSync(file);
    try {
      await panel.locator('.request-title .badge', { hasText: 'file deleted' }).waitFor({ timeout: 30_000 });
      assert.equal(await panel.locator('li.route[data-route="/api/hello"]').count(), 0, 'the route left the list');
      // What the user typed is still there.
      await panel.locator('[data-testid=url-preview]', { hasText: `GET ${dev.url}/api/hello?keep=me` }).waitFor({ timeout: 5_000 });
      await panel.locator('button.send').click();
      const failure = panel.locator('[data-testid=failure]');
      await failure.filter({ hasText: 'The route file was deleted' }).waitFor({ timeout: 15_000 });
      assert.match(await failure.innerText(), /Your request is kept/);
      await shot('panel-route-deleted');
    } finally {
      fs.writeFileSync(file, original);
    }
    await panel.locator('li.route[data-route="/api/hello"]').waitFor({ timeout: 30_000 });
    await panel.locator('.request-title .badge').waitFor({ state: 'detached', timeout: 30_000 });
    await panel.locator('[data-testid=url-preview]', { hasText: `GET ${dev.url}/api/hello?keep=me` }).waitFor({ timeout: 5_000 });
  });
  // Contrast in the four themes (every text and badge) is measured in firstUse.e2e.test.ts.
});
