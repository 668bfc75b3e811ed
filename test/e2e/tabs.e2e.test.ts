// Request tabs as a user drives them: the real workbench in Chromium with the packaged extension, the fixture
// app and a real `next dev` on 127.0.0.1. A route double-clicked in the sidebar opens in an editor tab, the
// request is sent with Ctrl+Enter and its response shows beside it (screenshots in light, dark and high
// contrast, contrast measured), a 10 MB JSON body is searched, and the tab comes back after a window reload.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startNextDev, type NextDev } from '../support/nextDev';
import { FIND_NAMELESS, type NamelessControl } from './a11y';
import { MEASURE_CONTRAST, type ContrastFailure } from './contrast';
import { openPanel, openWorkbench, screenshot, setColorTheme, webviewFrame, type Workbench } from './workbench';

describe('e2e: request tabs', function () {
  this.timeout(600_000);
  let wb: Workbench;
  let dev: NextDev;
  let sidebar: Frame;

  before(async () => {
    wb = await openWorkbench();
    dev = await startNextDev(wb.folder, { probePath: '/api/hello' });
    sidebar = await openPanel(wb.page);
    await sidebar.locator('[data-testid=dev-status]', { hasText: `running at ${dev.url}` }).waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await dev?.stop();
    await wb?.close();
  });

  /** The webview frame of the tab whose request title shows `route`. */
  async function tabFrame(route: string): Promise<Frame> {
    return webviewFrame(wb.page, `main[data-host=tab] .request-title:has-text("${route}")`, 60_000);
  }

  it('a route double-clicked in the sidebar opens in a tab; Ctrl+Enter sends; the response shows beside the request', async () => {
    await sidebar.locator('li.route[data-route="/api/users/[id]"]').dblclick();
    await wb.page.locator('.tabs-container .tab', { hasText: 'GET /api/users/[id]' }).waitFor({ timeout: 30_000 });
    const tab = await tabFrame('/api/users/[id]');
    const param = tab.locator('input[data-param="id"]');
    await param.fill('42');
    await tab.locator('[data-testid=url-preview]', { hasText: `GET ${dev.url}/api/users/42` }).waitFor({ timeout: 10_000 });
    await param.press('Control+Enter');
    await tab.locator('[data-testid=status]', { hasText: '200 OK' }).waitFor({ timeout: 90_000 });
    await tab.locator('[data-testid=body]', { hasText: '"name": "User 42"' }).waitFor({ timeout: 10_000 });
    assert.match(await tab.locator('[data-testid=timing]').innerText(), /Waiting \(TTFB\)\s+[\d.]+ m?s[\s\S]*Download[\s\S]*Body\s+\d+ B/);
    // Beside: the response pane starts right of the request pane (the tab is wide).
    const req = await tab.locator('.request-pane').boundingBox();
    const res = await tab.locator('.response-pane').boundingBox();
    assert.ok(req && res && res.x >= req.x + req.width - 1 && Math.abs(res.y - req.y) < 5, `side by side: ${JSON.stringify({ req, res })}`);
    // One tab per route and method: a second double-click shows the same tab. The tab is already the active
    // one, so that proves nothing; the host's reveal moves the focus from the sidebar to the tab, and until it
    // has, a quick input opened next (the theme picker below) would be closed by that focus change.
    await sidebar.locator('li.route[data-route="/api/users/[id]"]').dblclick();
    // The webview's CSP forbids the eval behind waitForFunction: wait on the window's focus event (bounded).
    const focused = await tab.evaluate(`document.hasFocus() || new Promise((resolve) => {
      window.addEventListener('focus', () => resolve(true), { once: true });
      setTimeout(() => resolve(document.hasFocus()), 15000);
    })`);
    assert.equal(focused, true, 'the second double-click revealed the tab and moved the focus to it');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'GET /api/users/[id]' }).waitFor({ timeout: 15_000 });
    assert.equal(await wb.page.locator('.tabs-container .tab', { hasText: 'GET /api/users/[id]' }).count(), 1);

    for (const [theme, name, kind] of [['Light Modern', 'light', 'vscode-light'], ['Dark Modern', 'dark', 'vscode-dark'], ['Dark High Contrast', 'high-contrast', 'vscode-high-contrast']] as const) {
      await setColorTheme(wb.page, theme);
      await tab.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
      const { checked, failures } = await tab.evaluate(MEASURE_CONTRAST) as { checked: number; failures: ContrastFailure[] };
      assert.ok(checked > 20, `measured ${checked} texts`);
      assert.deepEqual(failures, [], `${theme}: texts under WCAG AA contrast`);
      await screenshot(wb.page, `tab-request-response-${name}`);
    }
    await setColorTheme(wb.page, 'Dark Modern');
    // Every control of the tab (request, response, body viewer) and of the sidebar has an accessible name.
    for (const [where, frame] of [['tab', tab], ['sidebar', sidebar]] as const) {
      const { checked, nameless } = await frame.evaluate(FIND_NAMELESS) as { checked: number; nameless: NamelessControl[] };
      assert.ok(checked >= 20, `${where}: only ${checked} controls found`);
      assert.deepEqual(nameless, [], `${where}: controls without an accessible name`);
      console.log(`      ${where}: ${checked} controls, each with an accessible name`);
    }
    // Focus order follows reading order: Tab walks the request pane top to bottom, left to right in a row.
    assert.equal(await tab.evaluate('document.querySelectorAll("[tabindex]:not([tabindex=\\"0\\"]):not([tabindex=\\"-1\\"])").length'), 0, 'no positive tabindex');
    await tab.locator('.request-pane .request-title a').first().focus();
    const order: Array<{ x: number; y: number; name: string }> = [];
    for (let i = 0; i < 60; i++) {
      const at = await tab.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || !el.closest('.request-pane')) return undefined;
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.left), y: Math.round(r.top), name: (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 30) };
      })()`) as { x: number; y: number; name: string } | undefined;
      if (!at) break;
      order.push(at);
      await wb.page.keyboard.press('Tab');
    }
    assert.ok(order.length >= 8, `Tab reached ${order.length} controls of the request pane: ${order.map((o) => o.name).join(' → ')}`);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      const sameRow = Math.abs(b.y - a.y) < 8;
      assert.ok(sameRow ? b.x > a.x : b.y > a.y, `focus went back from "${a.name}" (${a.x},${a.y}) to "${b.name}" (${b.x},${b.y}): ${order.map((o) => o.name).join(' → ')}`);
    }
    console.log(`      Tab order in the request pane: ${order.map((o) => o.name).join(' → ')}`);
  });

  it('a 10 MB JSON body: drawn without a long freeze, searched with Ctrl+F (highlights, next, previous), a value\'s path copied', async () => {
    await sidebar.locator('li.route[data-route="/api/items"]').dblclick();
    const tab = await tabFrame('/api/items');
    // Long tasks of the tab's main thread while the response arrives and is drawn (printed: the target lives in the bench).
    await tab.evaluate(`window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' })`);
    await tab.locator('button.send').click();
    await tab.locator('[data-testid=status]', { hasText: '200 OK' }).waitFor({ timeout: 180_000 });
    // The host reads 10 MB and re-indents it before the end arrives: on two busy cores that takes a while.
    await tab.locator('[data-testid=timing]').waitFor({ timeout: 300_000 });
    const viewport = tab.locator('[data-testid=body-lines]');
    await viewport.locator('.line').first().waitFor({ timeout: 60_000 });
    assert.equal(await tab.locator('[data-testid=body]').getAttribute('data-kind'), 'json', 'the whole body is JSON (under the 10 MB cap)');
    const drawn = await viewport.locator('.line').count();
    const long = await tab.evaluate('Math.max(0, ...window.__long)') as number;
    console.log(`      [e2e] 10 MB JSON in the tab: ${drawn} lines drawn; longest main-thread task ${long.toFixed(0)} ms`);
    assert.ok(drawn > 20 && drawn < 400, `only the lines on screen are drawn (${drawn})`);

    await viewport.click();
    await viewport.press('Control+f');
    const search = tab.locator('[data-testid=body-search]');
    await search.waitFor({ state: 'visible', timeout: 10_000 });
    await search.fill('shelbyville');
    const count = tab.locator('[data-testid=search-count]');
    await count.filter({ hasText: /^1 of \d+$/ }).waitFor({ timeout: 30_000 });
    const total = Number(/of (\d+)/.exec(await count.innerText())![1]);
    assert.ok(total >= 10, `matches: ${total}`);
    await tab.locator('mark.current', { hasText: /^Shelbyville$/ }).waitFor({ timeout: 10_000 });
    await search.press('Enter');
    await count.filter({ hasText: `2 of ${total}` }).waitFor({ timeout: 10_000 });
    await search.press('Shift+Enter');
    await count.filter({ hasText: `1 of ${total}` }).waitFor({ timeout: 10_000 });
    await screenshot(wb.page, 'tab-search-large-body');

    // The line of the current match: its JSON path, copied.
    await tab.locator('.line:has(mark.current)').click();
    await tab.locator('[data-testid=json-path]', { hasText: /^\$\.items\[\d+\]\.address\.city$/ }).waitFor({ timeout: 10_000 });
    await tab.locator('[data-testid=copy-path]').click();
    await tab.locator('[data-testid=notice]', { hasText: /Copied the path \$\.items\[\d+\]\.address\.city/ }).waitFor({ timeout: 10_000 });
  });

  it('after a window reload the tabs come back (the serializer) with their drafts', async () => {
    await wb.page.reload({ waitUntil: 'domcontentloaded' });
    const title = wb.page.locator('.tabs-container .tab', { hasText: 'GET /api/users/[id]' });
    await title.waitFor({ timeout: 90_000 });
    await title.click();
    const tab = await tabFrame('/api/users/[id]');
    await tab.locator('input[data-param="id"]').waitFor({ timeout: 30_000 });
    assert.equal(await tab.locator('input[data-param="id"]').inputValue(), '42');
  });
});
