// The handler's part of the request editor as a user drives it (#14 item 2): the real workbench in Chromium with the
// packaged extension, the fixture app and a real `next dev` on 127.0.0.1. "Fill from handler" in a request tab and
// in the sidebar, the filled order sent and answered 201; a wrong body shows each error at its line before sending
// (screenshots in Light and Dark Modern); "Run all" of the app's saved suite shows pass/fail with a failure's diff.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { startNextDev, type NextDev } from '../support/nextDev';
import { openPanel, openWorkbench, screenshot, setColorTheme, webviewFrame, type Workbench } from './workbench';

describe('e2e: Fill from handler, body errors at their lines, Run all', function () {
  this.timeout(600_000);
  let wb: Workbench;
  let dev: NextDev;
  let sidebar: Frame;
  let tab: Frame;

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

  it('a route\'s tooltip in the sidebar shows what each method takes and answers, read from its handler', async () => {
    const row = sidebar.locator('li.route[data-route="/api/orders"]');
    await row.hover();
    // Asked for on the first hover; the answer is written into the row's title.
    const summarised = sidebar.locator('li.route[data-route="/api/orders"][title*="Answers: 201 Created, 400 Bad Request"]');
    await summarised.waitFor({ state: 'attached', timeout: 60_000 });
    const title = await row.getAttribute('title') ?? '';
    assert.match(title, /^POST \/api\/orders\n\nJSON body \(CreateOrder, zod\):\n- email: string \(email\)\n- customerId: string \(uuid\)\n- items: array\n/);
    assert.match(title, /app\/api\/orders\/route\.ts\nDouble-click \(or Alt\+Enter\) opens it in an editor tab$/);
    assert.doesNotMatch(title, /\*\*|`/, 'plain text, not Markdown');
  });

  it('sidebar quick send: Fill from handler puts the sample order in the body', async () => {
    await sidebar.locator('li.route[data-route="/api/orders"]').click();
    await sidebar.locator('[data-testid=shape-summary]', { hasText: 'JSON body from CreateOrder (zod) · answers 201, 400' }).waitFor({ timeout: 60_000 });
    await sidebar.locator('button.fill').click();
    await sidebar.locator('button.tab[data-tab=body]').click();
    assert.match(await sidebar.locator('textarea.body-text').inputValue(), /"email": "ada@example.com"/);
  });

  it('in a tab: Fill from handler, then Send answers 201; a wrong body shows each error at its line, and can still be sent', async () => {
    await sidebar.locator('li.route[data-route="/api/orders"]').dblclick();
    tab = await webviewFrame(wb.page, 'main[data-host=tab] .request-title:has-text("/api/orders")', 60_000);
    await tab.locator('[data-testid=shape-summary]', { hasText: 'CreateOrder (zod)' }).waitFor({ timeout: 60_000 });
    await tab.locator('button.fill').click();
    await tab.locator('button.tab[data-tab=body]').click();
    const body = tab.locator('textarea.body-text');
    const filled = JSON.parse(await body.inputValue()) as Record<string, unknown>;
    assert.equal(filled.email, 'ada@example.com');
    assert.equal(await tab.locator('[data-testid=body-errors] li').count(), 0, 'the sample passes the schema');
    await tab.locator('button.send').click();
    await tab.locator('[data-testid=status]', { hasText: '201 Created' }).waitFor({ timeout: 120_000 });
    await tab.locator('[data-testid=body]', { hasText: '"email": "ada@example.com"' }).waitFor({ timeout: 10_000 });

    // Typing a wrong body: each error at its line, before sending.
    const wrong = { ...filled, email: 'not-an-email', items: [{ sku: 'A', quantity: 0, unitPrice: 5 }] };
    await body.fill(JSON.stringify(wrong, null, 2));
    const emailError = tab.locator('[data-testid=body-errors] li[data-line="2"]', { hasText: '$.email' });
    await emailError.waitFor({ timeout: 10_000 });
    const lines = (await body.inputValue()).split('\n');
    const skuLine = lines.findIndex((l) => l.includes('"sku"')) + 1;
    const qtyLine = lines.findIndex((l) => l.includes('"quantity"')) + 1;
    await tab.locator(`[data-testid=body-errors] li[data-line="${skuLine}"]`, { hasText: '$.items[0].sku' }).waitFor({ timeout: 10_000 });
    await tab.locator(`[data-testid=body-errors] li[data-line="${qtyLine}"]`, { hasText: '$.items[0].quantity' }).waitFor({ timeout: 10_000 });
    // A click selects the line in the body.
    await emailError.click();
    assert.equal(await body.evaluate((t) => { const ta = t as unknown as { value: string; selectionStart: number; selectionEnd: number }; return ta.value.slice(ta.selectionStart, ta.selectionEnd); }), lines[1]);
    for (const [theme, name, kind] of [['Light Modern', 'light', 'vscode-light'], ['Dark Modern', 'dark', 'vscode-dark']] as const) {
      await setColorTheme(wb.page, theme);
      await tab.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
      await screenshot(wb.page, `handler-fill-errors-${name}`);
    }
    // Sending stays possible: the handler answers its own 400.
    await tab.locator('button.send').click();
    await tab.locator('[data-testid=status]', { hasText: '400' }).waitFor({ timeout: 60_000 });
  });

  it('Run all: the app\'s saved suite, pass and fail per request, the failed expectation\'s diff', async () => {
    const dir = path.join(wb.folder, '.bff-routes');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'search.http'), [
      '### search', '# @name found', 'GET /api/search?q=shoes', '', '?? status == 200', '?? body results == [{"id":"1","title":"Result for boots"}]', '',
      '### the capture feeds this one', 'GET /api/search?q={{found.q}}', '', '?? body q == shoes', '',
      '### hello', 'GET /api/hello', '', '?? status == 200', '',
    ].join('\n'));
    await tab.locator('select[aria-label="Run all for"]').selectOption('app');
    await tab.locator('button.run-all').click();
    await tab.locator('[data-testid=suite-summary]', { hasText: '3 requests, 2 passed, 1 failed' }).waitFor({ timeout: 120_000 });
    const failed = tab.locator('.suite-list li.fail');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), /found[\s\S]*200[\s\S]*search\.http:3[\s\S]*\?\? body results ==[\s\S]*- {5}"title": "Result for boots"\n\s*\+ {5}"title": "Result for shoes"/);
    assert.equal(await tab.locator('.suite-list li.pass').count(), 2);
    await tab.locator('[data-testid=suite-results]').scrollIntoViewIfNeeded();
    for (const [theme, name, kind] of [['Light Modern', 'light', 'vscode-light'], ['Dark Modern', 'dark', 'vscode-dark']] as const) {
      await setColorTheme(wb.page, theme);
      await tab.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
      await screenshot(wb.page, `handler-run-all-${name}`);
    }
  });
});
