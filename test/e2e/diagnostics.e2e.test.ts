// Route diagnostics as a user sees them: the workspace opens with a bad route file nobody has opened,
// the Problems panel lists it (start-up scan), clicking the entry opens the file with the squiggle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture } from '../support/nextDev';
import { openWorkbench, quickOpen, runCommand, screenshot, setColorTheme, settledBox, type Workbench } from './workbench';
import { DOUBLE_BODY_READ_ROUTE } from '../support/routeSamples';

const BAD_ROUTE = DOUBLE_BODY_READ_ROUTE;
const TWO_LOWER = ['export async function get() {', "  return new Response('a');", '}', 'export async function post() {', "  return new Response('b');", '}', ''].join('\n');

describe('e2e: route diagnostics', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let folder: string;

  before(async () => {
    folder = copyFixture('next-app', 'e2e-diagnostics');
    fs.mkdirSync(path.join(folder, 'app', 'api', 'double-read'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'app', 'api', 'double-read', 'route.ts'), BAD_ROUTE);
    fs.mkdirSync(path.join(folder, 'app', 'api', 'fix-all'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'app', 'api', 'fix-all', 'route.ts'), TWO_LOWER);
    wb = await openWorkbench({ folder });
  });

  after(async () => {
    await wb?.close();
    if (folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('lists the never-opened file in Problems, and shows the squiggle when the entry is opened', async () => {
    const { page } = wb;
    await runCommand(page, 'Problems: Focus on Problems View');
    const problems = page.locator('.markers-panel');
    await problems.waitFor({ state: 'visible', timeout: 30_000 });
    // The start-up scan publishes the diagnostic without any editor open.
    const row = problems.locator('.monaco-list-row', { hasText: 'double-body-read' }).first();
    await row.waitFor({ timeout: 90_000 });
    const fileRow = problems.locator('.monaco-list-row', { hasText: 'app/api/double-read' }).first();
    assert.match((await fileRow.innerText()).replace(/\s+/g, ' '), /route\.ts ?app\/api\/double-read/);
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /already consumed/, text);
    assert.match(text, /\[Ln 3, Col 23\]/, text);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'route.ts' }).count(), 0, 'no editor was open');

    await row.dblclick();
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'visible', timeout: 30_000 });
    // The "Open request: POST" CodeLens arrives after the editor opens and pushes every line down; a squiggle measured
    // before it is no longer under the mouse (the cause of a CI failure). Hover once the layout has settled.
    await editor.locator('.codelens-decoration', { hasText: 'Open request: POST /api/double-read' }).first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    // Deselect, then hover the squiggle: the hover names the rule, like ESLint's.
    await page.keyboard.press('End');
    const hover = page.locator('.monaco-hover', { hasText: 'double-body-read' }).first();
    // A late layout change (a lens, the breadcrumbs) moves the line from under a still mouse and the hover never
    // comes: measure the settled squiggle again and hover anew, a bounded number of times.
    for (let attempt = 1; ; attempt++) {
      const box = await settledBox(squiggle);
      assert.ok(box.width > 20, 'the squiggle spans the second read');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 40, { steps: 2 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      const shown = await hover.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error('no hover over the squiggle after 3 settled attempts');
    }
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(hoverText, /already consumed/, hoverText);
    // The hover fades in: let its animation finish so the screenshot shows it as a user reads it.
    await hover.evaluate('(el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished))');
    await screenshot(page, 'diagnostics-squiggle-and-problems');
  });

  it('"Fix all BFF Routes problems" in the Source Action menu fixes every lowercase export at once (light and dark)', async () => {
    const { page } = wb;
    await quickOpen(page, 'fix-all/route.ts', 'fix-all');
    // (the first test's route.ts is open too: wait for this file's breadcrumbs)
    await page.locator('.breadcrumbs-control', { hasText: 'fix-all' }).first().waitFor({ timeout: 30_000 });
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    const lines = async (): Promise<string> => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    // Both lowercase exports are flagged before the menu is asked for.
    await editor.locator('.squiggly-error, .squiggly-warning').nth(1).waitFor({ state: 'attached', timeout: 60_000 });
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Fix all BFF Routes problems' }).first();
    // A diagnostics change on the file while the menu's providers are still answering (TypeScript's first semantic
    // diagnostics once its project has loaded, late on a loaded CI machine) makes VS Code re-trigger its code actions
    // automatically, which replaces the pending request: the menu never opens (the cause of a red CI). A user asks
    // again; so does the test, a bounded number of times, once the first request has been replaced.
    const openSourceActions = async (): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        await editor.locator('.view-lines').click();
        await runCommand(page, 'Source Action');
        if (await item.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) return;
        if (attempt === 3) throw new Error('the Source Action menu with "Fix all BFF Routes problems" did not open in 3 attempts');
        console.log(`      (the Source Action menu did not open on attempt ${attempt}: asked again)`);
        await page.keyboard.press('Escape');
      }
    };
    for (const [theme, name] of [['Light Modern', 'light'], ['Dark Modern', 'dark']] as const) {
      await setColorTheme(page, theme);
      await openSourceActions();
      await screenshot(page, `diagnostics-fix-all-${name}`);
      if (name === 'light') {
        await page.keyboard.press('Escape');
        await item.waitFor({ state: 'hidden', timeout: 15_000 });
      }
    }
    // Ours is the first source action, and the menu opens on it: Enter applies it.
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Fix all BFF Routes problems' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    // One action renamed both handlers; the squiggles go with them.
    await editor.locator('.view-line', { hasText: /\bGET\(\)/ }).waitFor({ timeout: 30_000 });
    await editor.locator('.view-line', { hasText: /\bPOST\(\)/ }).waitFor({ timeout: 30_000 });
    assert.match(await lines(), /export async function GET\(\) \{[\s\S]*export async function POST\(\) \{/);
    await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'detached', timeout: 60_000 });
  });
});
