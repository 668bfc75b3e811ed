// What a new user met first in the request panel (issue #15), driven as a user does: the real workbench in
// Chromium with the packaged extension, the fixture app open and a real `next dev` on 127.0.0.1.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startNextDev, type NextDev } from '../support/nextDev';
import { MEASURE_CONTRAST, type ContrastFailure } from './contrast';
import { openPanel, openWorkbench, quickOpen, screenshot, screenshotInThemes, setColorTheme, settledBox, webviewFrame, type Workbench } from './workbench';

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
    // The theme is a user setting of the shared server: leave the default for the suites after this one.
    if (wb) await setColorTheme(wb.page, 'Dark Modern').catch(() => undefined);
    await dev?.stop();
    await wb?.close();
  });

  /** Drags the side bar's sash until the side bar is `width` px wide; resolves with the width reached. */
  async function sideBarWidth(width: number): Promise<number> {
    const part = wb.page.locator('.part.sidebar');
    const box = await settledBox(part);
    const y = box.y + box.height / 2;
    await wb.page.mouse.move(box.x + box.width, y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width + (width > box.width ? 20 : -20), y, { steps: 3 });
    await wb.page.mouse.move(box.x + width, y, { steps: 5 });
    await wb.page.mouse.up();
    return (await settledBox(part)).width;
  }

  async function pick(route: string): Promise<void> {
    const filter = panel.locator('[data-testid=route-filter]');
    if (await filter.inputValue()) await filter.fill('');
    await panel.locator(`li.route[data-route="${route}"]`).click();
    await panel.locator('.request-title', { hasText: route }).waitFor({ timeout: 10_000 });
  }

  const status = (): ReturnType<Frame['locator']> => panel.locator('[data-testid=status]');

  it('a response belongs to its request: another route or method shows its own response or none', async () => {
    await pick('/api/users/[id]');
    await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
    await panel.locator('input[data-param="id"]').fill('42');
    // The request as it will be sent follows what was typed (it once stayed on a stale draft).
    await panel.locator('[data-testid=url-preview][data-resolved=true]', { hasText: /\/api\/users\/42$/ }).waitFor({ timeout: 10_000 });
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
    await screenshotInThemes(wb.page, 'panel-response-per-route', [panel]);
  });

  it('the CodeLens says what it does ("Open request"): it opens the route and method in a request tab and sends nothing', async () => {
    const { page } = wb;
    const historyBefore = await panel.locator('ul.history li.history-entry').count();
    await quickOpen(page, 'api/users/[id]/route.ts', 'api/users/[id]');
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    const lens = editor.locator('.codelens-decoration a', { hasText: 'Open request: DELETE /api/users/[id]' }).first();
    // The lens moves the lines as it appears: click it once the layout has settled.
    await settledBox(lens, 60_000);
    assert.equal(await editor.locator('.codelens-decoration', { hasText: /^Send / }).count(), 0, 'no lens promises to send');
    await screenshotInThemes(page, 'codelens-open-request', [panel]);
    // Measured again after the theme switches (the picker came and went over the editor).
    const box = await settledBox(lens, 15_000);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // #12: the request opens in an editor tab of its own, titled with its method and route.
    await page.locator('.tabs-container .tab', { hasText: 'DELETE /api/users/[id]' }).waitFor({ timeout: 30_000 });
    const tab = await webviewFrame(page, 'main[data-host=tab] .request-title:has-text("/api/users/[id]")', 60_000);
    await tab.locator('select.method option:checked', { hasText: 'DELETE' }).waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await tab.locator('select.method').inputValue(), 'DELETE');
    assert.equal(await tab.locator('[data-testid=status]').count(), 0, 'nothing was sent: no response under DELETE');
    assert.equal(await panel.locator('ul.history li.history-entry').count(), historyBefore, 'no history entry was added');
  });

  it('history records only requests that left, with the URL they went to; the filter works from the keyboard', async () => {
    const entries = panel.locator('ul.history li.history-entry');
    await panel.locator('details.history-section > summary').click();
    const before = await entries.count();
    await pick('/api/users/[id]');
    await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
    await panel.locator('input[data-param="id"]').fill('');
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=failure]', { hasText: 'A path parameter is not valid' }).waitFor({ timeout: 30_000 });
    await panel.locator('input[data-param="id"]').fill('7');
    await panel.locator('button.send').click();
    await status().filter({ hasText: '200 OK' }).waitFor({ timeout: 60_000 });
    await entries.nth(before).waitFor({ timeout: 15_000 });
    assert.equal(await entries.count(), before + 1, 'the request refused before sending is not in the history');
    assert.match(await entries.first().locator('a').innerText(), new RegExp(`^GET ${dev.url.replace(/[.]/g, '\\.')}/api/users/7$`));
    await screenshotInThemes(wb.page, 'panel-history', [panel]);
    await panel.locator('details.history-section > summary').click();

    // Keyboard: Enter in the filter picks the only match; ↓ moves into the list, ↓ again to the next row, Enter picks.
    const filter = panel.locator('[data-testid=route-filter]');
    await filter.fill('boom');
    await filter.press('Enter');
    await panel.locator('.request-title', { hasText: '/api/boom' }).waitFor({ timeout: 5_000 });
    await filter.fill('api/e');
    await panel.locator('li.route').first().waitFor({ timeout: 5_000 });
    const rows = await panel.evaluate('Array.from(document.querySelectorAll("li.route")).map((e) => e.dataset.route)') as string[];
    assert.ok(rows.length >= 2, rows.join(' '));
    await filter.press('ArrowDown');
    await wb.page.keyboard.press('ArrowDown');
    // The keys went from the filter into the list: the second row has the focus; Enter there picks it, and the
    // focus stays on it when the list is drawn again.
    const focused = (): Promise<unknown> => panel.evaluate('document.activeElement && document.activeElement.dataset.route');
    assert.equal(await focused(), rows[1]);
    await wb.page.keyboard.press('Enter');
    await panel.locator('.request-title', { hasText: rows[1] }).waitFor({ timeout: 5_000 });
    assert.equal(await focused(), rows[1]);
    await filter.fill('');
  });

  for (const width of [220, 300]) {
    it(`in a ${width} px sidebar: URLs wrap between their parts, buttons stay beside the status, routes are not cut, notices go away`, async () => {
      const reached = await sideBarWidth(width);
      assert.ok(Math.abs(reached - width) <= 12, `side bar ${reached} px`);
      await pick('/api/users/[id]');
      await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
      await panel.locator('input[data-param="id"]').fill('12345');
      await panel.locator('section.request button.tab', { hasText: /^Query/ }).click();
      await panel.locator('section.request button.link', { hasText: '+ Add' }).click();
      await panel.locator('input[aria-label="name 1 name"]').fill('include');
      await panel.locator('input[aria-label="name 1 value"]').fill('profile');
      await panel.locator('[data-testid=url-preview]', { hasText: '/api/users/12345?include=profile' }).waitFor({ timeout: 5_000 });
      // Where the preview's lines break: only after / & = or a space, or before ? (never inside a word).
      const breaks = await panel.evaluate(`(() => {
        const el = document.querySelector('[data-testid=url-preview]');
        const chars = [];
        const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) for (let i = 0; i < n.textContent.length; i++) {
          const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
          const rect = r.getBoundingClientRect();
          if (rect.width > 0) chars.push({ c: n.textContent[i], top: Math.round(rect.top) });
        }
        const out = [];
        for (let i = 1; i < chars.length; i++) if (chars[i].top > chars[i - 1].top + 2) out.push(chars[i - 1].c + chars[i].c);
        return out;
      })()`) as string[];
      assert.ok(breaks.length >= 1, 'the URL is longer than one line here');
      for (const b of breaks) assert.ok(/^[/&= ]./.test(b) || /^.\?$/.test(b), `the URL breaks inside a word: …${b[0]}|${b[1]}… (${breaks.join(' ')})`);
      // The refresh button stays on the status's first line.
      const statusBox = await settledBox(panel.locator('[data-testid=dev-status]'));
      const refresh = await settledBox(panel.locator('.dev-actions button[title="Check the dev server again"]'));
      assert.ok(refresh.y < statusBox.y + 20, `↻ at y=${refresh.y}, status at y=${statusBox.y}`);
      // Every route pattern is shown whole, beside or above its badges (never under them).
      const cut = await panel.evaluate(`Array.from(document.querySelectorAll('li.route')).filter((li) => {
        const p = li.querySelector('.pattern'); const m = li.querySelector('.methods');
        if (p.scrollWidth > p.clientWidth + 1) return true;
        const a = p.getBoundingClientRect(), b = m.getBoundingClientRect();
        return a.right > b.left + 1 && a.bottom > b.top + 1 && b.bottom > a.top + 1;
      }).map((li) => li.dataset.route)`) as string[];
      assert.deepEqual(cut, []);
      // "Copied as cURL." twice: one notice, gone by itself.
      await panel.locator('button', { hasText: 'Copy as cURL' }).click();
      await panel.locator('[data-testid=notice]', { hasText: 'Copied as cURL' }).waitFor({ timeout: 15_000 });
      await panel.locator('button', { hasText: 'Copy as cURL' }).click();
      await panel.locator('[data-testid=notice]', { hasText: 'Copied as cURL' }).first().waitFor({ timeout: 15_000 });
      assert.equal(await panel.locator('[data-testid=notice]').count(), 1, 'the same notice does not pile up');
      await screenshotInThemes(wb.page, `panel-narrow-${width}`, [panel]);
      await panel.locator('[data-testid=notice]').waitFor({ state: 'detached', timeout: 20_000 });
      // The route list folds away and back.
      await panel.locator('[data-testid=routes-summary]').click();
      await panel.locator('[data-testid=routes]').waitFor({ state: 'hidden', timeout: 5_000 });
      await panel.locator('[data-testid=routes-summary]').click();
      await panel.locator('[data-testid=routes]').waitFor({ state: 'visible', timeout: 5_000 });
      await panel.locator('section.request button.tab', { hasText: /^Query/ }).click();
      await panel.locator('section.request .kv-row button[title="Remove row"]').click();
    });
  }

  for (const theme of ['Light Modern', 'Dark Modern', 'Light High Contrast', 'Dark High Contrast']) {
    it(`every text and badge meets WCAG AA in ${theme} (4.5:1 text, 3:1 large text and graphics)`, async () => {
      await sideBarWidth(420);
      await setColorTheme(wb.page, theme);
      const failures: Array<ContrastFailure & { state: string }> = [];
      const checked: number[] = [];
      const measure = async (state: string): Promise<void> => {
        const r = await panel.evaluate(MEASURE_CONTRAST) as { checked: number; failures: ContrastFailure[] };
        // Route rows, badges, editor, tabs, status line, body lines...: a measurement that found little is broken.
        assert.ok(r.checked >= 40, `${theme} ${state}: only ${r.checked} texts measured`);
        for (const f of r.failures) failures.push({ ...f, state });
        checked.push(r.checked);
      };
      // A 200 with a JSON body, the history and saved lists open, every method badge of the route list.
      await pick('/api/users/[id]');
      await panel.locator('section.request button.tab', { hasText: /^Params/ }).click();
      await panel.locator('input[data-param="id"]').fill('7');
      await panel.locator('button.send').click();
      await status().filter({ hasText: '200 OK' }).waitFor({ timeout: 60_000 });
      for (const d of ['details.history-section', 'details.saved-section']) {
        if (!(await panel.locator(`${d}[open]`).count())) await panel.locator(`${d} > summary`).click();
      }
      await panel.locator('button', { hasText: 'Copy as cURL' }).click();
      await panel.locator('[data-testid=notice]', { hasText: 'Copied as cURL' }).waitFor({ timeout: 15_000 });
      await measure('200');
      await screenshot(wb.page, `panel-theme-${theme.toLowerCase().replace(/\s+/g, '-')}`);
      // A 307 (not followed) and a 500 with its server error.
      await pick('/api/redirect');
      await panel.locator('button.send').click();
      await status().filter({ hasText: /^307/ }).waitFor({ timeout: 60_000 });
      await measure('307');
      await pick('/api/boom');
      await panel.locator('button.send').click();
      await status().filter({ hasText: /^500/ }).waitFor({ timeout: 60_000 });
      await panel.locator('[data-testid=server-error]').waitFor({ timeout: 30_000 });
      await measure('500');
      await screenshot(wb.page, `panel-theme-${theme.toLowerCase().replace(/\s+/g, '-')}-500`);
      console.log(`      ${theme}: ${checked.join(' + ')} texts and graphics measured`);
      assert.deepEqual(failures, [], `${theme}: ${failures.map((f) => `${f.state} ${f.what} "${f.text}" ${f.ratio} < ${f.need}`).join('\n')}`);
    });
  }
});
