import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { copyFixture } from '../support/nextDev';
import { mountReadOnly, type ReadOnlyMount } from '../support/readOnlyMount';
import { jsonPostUpToMethods, openWorkbench, runCommand, screenshot, startWithPattern, type Workbench } from './workbench';

/** Bounded wait for a file another process writes (the fake package manager run by the terminal). */
async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      if (text.endsWith('\n#end\n')) return text;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${file} was not written within ${timeoutMs} ms: the terminal did not run the install command`);
}

/** Right-clicks a folder of the explorer and returns the labels of the context menu (then closes it). */
async function explorerMenu(page: Page, folderName: string): Promise<string[]> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${folderName}"]`).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  const labels = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  return labels;
}

describe('e2e: New Route Handler from the command palette', () => {
  let wb: Workbench;
  let folder: string;
  let record: string;
  let ro: ReadOnlyMount | undefined;
  before(async () => {
    // A fixture copy that uses pnpm (lockfile) and has no zod; its terminals find a fake `pnpm` first
    // on PATH, which records its arguments and folder instead of installing anything.
    folder = copyFixture('next-app', 'e2e-new-route');
    fs.writeFileSync(path.join(folder, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    const bin = path.join(path.dirname(folder), 'fake-bin');
    record = path.join(path.dirname(folder), 'pnpm-invocation.txt');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'pnpm'), `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" '#end' > '${record}'\n`, { mode: 0o755 });
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'terminal.integrated.env.linux': { PATH: `${bin}:\${env:PATH}` } }, null, 2));
    wb = await openWorkbench({ folder });
  });
  after(async () => {
    try {
      ro?.unmount();
      await wb?.close();
    } finally {
      fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });

  it('palette -> pick a pattern -> type a path (live URL preview) -> the new route.ts opens', async () => {
    const { page } = wb;
    await runCommand(page, 'BFF Routes: New Route Handler');

    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'JSON POST with validation' }).first().waitFor({ timeout: 30_000 });
    await input.fill('Text GET');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'A public GET endpoint answering plain text' }).first().waitFor();
    await page.keyboard.press('Enter');

    // The route path box: pre-filled with the pattern's default path, validated as the user types.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: Text GET' }).waitFor({ timeout: 15_000 });
    await input.fill('api/e2e/a b');
    await page.locator('.quick-input-message', { hasText: 'cannot contain spaces' }).waitFor({ timeout: 15_000 });
    await input.fill('api/e2e/hello');
    await page.locator('.quick-input-message', { hasText: 'Serves /api/e2e/hello' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'new-route-preview');
    await page.keyboard.press('Enter');

    const file = path.join(folder, 'app', 'api', 'e2e', 'hello', 'route.ts');
    await page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Hello from /api/e2e/hello' }).first().waitFor({ timeout: 30_000 });
    // The first thing to edit is selected: the response text (25 characters) on line 2.
    await screenshot(page, 'new-route-opened');
    const status = await page.locator('.statusbar').innerText();
    assert.match(status, /Ln 2, Col (24|49) \(25 selected\)/, status);
    assert.ok(fs.existsSync(file), `${file} was written`);
    assert.match(fs.readFileSync(file, 'utf8'), /export function GET\(\)/);
    await screenshot(page, 'new-route-opened');
  });

  it('an app without zod: "Add zod" runs the app\'s package manager in a terminal, the route uses zod', async () => {
    const { page } = wb;
    const input = page.locator('.quick-input-widget input');
    await jsonPostUpToMethods(page, 'api/e2e/zodless');
    await page.keyboard.press('Enter'); // the default: POST

    // The validation choice names the exact command, for this app's package manager (pnpm-lock.yaml).
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'validation' }).waitFor({ timeout: 15_000 });
    const addZod = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Add zod and use a schema' }).first();
    await addZod.waitFor();
    assert.match(await addZod.innerText(), /runs `pnpm add zod` in a terminal/);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Use a hand-written type guard' }).first().waitFor();
    await screenshot(page, 'new-route-add-zod-choice');
    await input.fill('Add zod');
    await page.keyboard.press('Enter');

    // The terminal, named for what it does, ran `pnpm add zod` in the app's folder.
    await page.locator('.part.panel', { hasText: 'BFF Routes: add zod' }).first().waitFor({ timeout: 30_000 });
    const ran = (await waitForFile(record, 60_000)).split('\n');
    assert.deepEqual(ran.slice(0, 4), [folder, 'add', 'zod', '#end']);

    // The route validates with zod (4: what the install adds), no hand-written guard.
    const file = path.join(folder, 'app', 'api', 'e2e', 'zodless', 'route.ts');
    await page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 30_000 });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /import \{ z \} from 'zod';/);
    assert.match(text, /z\.flattenError/);
    assert.doesNotMatch(text, /function isInput/);
    await screenshot(page, 'new-route-add-zod-terminal');

    // Leave nothing running: kill it, and see it go.
    await runCommand(page, 'Terminal: Kill All Terminals');
    await page.locator('.part.panel', { hasText: 'BFF Routes: add zod' }).first().waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('a page created in the folder while the methods are picked: nothing is written, and "Open Existing File" opens the page', async () => {
    const { page } = wb;
    const input = page.locator('.quick-input-widget input');
    await jsonPostUpToMethods(page, 'api/e2e/clash');

    // Someone adds a page at that URL before the route is written.
    const dir = path.join(folder, 'app', 'api', 'e2e', 'clash');
    fs.mkdirSync(dir, { recursive: true });
    const pageFile = path.join(dir, 'page.tsx');
    fs.writeFileSync(pageFile, 'export default function Clash() {\n  return <p>clash page</p>\n}\n');
    await page.keyboard.press('Enter'); // the default: POST
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'validation' }).waitFor({ timeout: 15_000 });
    await input.fill('hand-written');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Use a hand-written type guard' }).first().waitFor();
    await page.keyboard.press('Enter');

    // Refused with the reason, and a button to the file in the way.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'cannot share a URL' }).first();
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /app\/api\/e2e\/clash\/page\.tsx is in the same folder/);
    const open = toast.locator('.monaco-button', { hasText: 'Open Existing File' });
    await open.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(300); // (the toast slides in: let the screenshot show it whole)
    await screenshot(page, 'new-route-page-conflict');
    await open.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'page.tsx' }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'clash page' }).first().waitFor({ timeout: 30_000 });
    assert.equal(fs.existsSync(path.join(dir, 'route.ts')), false, 'no route.ts next to the page');
    assert.equal(fs.readFileSync(pageFile, 'utf8'), 'export default function Clash() {\n  return <p>clash page</p>\n}\n', 'the page is untouched');
    await runCommand(page, 'View: Close All Editors');
  });

  it('a read-only folder: the path box says so while typing, and Enter creates nothing', async () => {
    const { page } = wb;
    const dir = path.join(folder, 'app', 'api', 'e2e-ro');
    fs.mkdirSync(dir, { recursive: true });
    ro = mountReadOnly(dir); // fails with the reason when not root / mount refused
    const input = page.locator('.quick-input-widget input');
    await startWithPattern(page, 'Text GET', 'Text GET');
    await input.fill('api/e2e-ro/status');
    await page.locator('.quick-input-message', { hasText: 'app/api/e2e-ro is on a read-only file system, so app/api/e2e-ro/status/route.ts cannot be created.' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'new-route-read-only');
    await page.keyboard.press('Enter'); // an error blocks accepting: the box stays
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: Text GET' }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing written');
    ro.unmount();
    ro = undefined;
  });

  it('the explorer context menu offers New Route Handler on folders only while the workspace holds a Next.js app', async () => {
    const { page } = wb;
    // "Show Explorer" toggles the side bar when the explorer already shows: only run it when hidden.
    if (!(await page.locator('.explorer-folders-view').isVisible())) await runCommand(page, 'View: Show Explorer');
    let labels: string[] = [];
    // Polls the menu (bounded): the key follows activation and file changes within a few seconds.
    const menuUntil = async (want: boolean): Promise<string[]> => {
      const until = Date.now() + 60_000;
      for (;;) {
        labels = await explorerMenu(page, 'app');
        if (labels.includes('New Route Handler…') === want || Date.now() > until) return labels;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500);
      }
    };
    // The extension activates on the workspace's next.config and then sets the key.
    labels = await menuUntil(true);
    assert.ok(labels.includes('New Route Handler…'), labels.join(' | '));
    await screenshot(page, 'new-route-explorer-menu');
    await page.locator('.context-view .monaco-menu .action-label', { hasText: 'New Route Handler…' }).click();
    // Clicking it starts the command on app/: its first step, the pattern pick, shows.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: pattern' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');

    // No Next.js app any more (no next.config, no package.json): the entry goes away.
    const moved: Array<[string, string]> = [['package.json', 'package.json.off'], ['next.config.mjs', 'next.config.mjs.off']];
    for (const [a, b] of moved) fs.renameSync(path.join(folder, a), path.join(folder, b));
    try {
      labels = await menuUntil(false);
      await page.keyboard.press('Escape');
      assert.ok(!labels.includes('New Route Handler…'), `still offered without an app: ${labels.join(' | ')}`);
      assert.ok(labels.length > 3, `the explorer menu itself showed: ${labels.join(' | ')}`);
    } finally {
      for (const [a, b] of moved) fs.renameSync(path.join(folder, b), path.join(folder, a));
    }
    labels = await menuUntil(true);
    await page.keyboard.press('Escape');
    assert.ok(labels.includes('New Route Handler…'), `offered again once the app is back: ${labels.join(' | ')}`);
  });

  it('a workspace with two Next.js apps: asks which app, then creates the route in the one picked', async () => {
    const { page } = wb;
    // A second app nested in the workspace (a monorepo layout): package.json with next, tsconfig, app/.
    const admin = path.join(folder, 'admin-app');
    fs.mkdirSync(path.join(admin, 'app'), { recursive: true });
    fs.writeFileSync(path.join(admin, 'package.json'), JSON.stringify({ name: 'admin', dependencies: { next: '16.4.6' } }));
    fs.writeFileSync(path.join(admin, 'tsconfig.json'), '{}');

    // The extension learns of the new app from its file watcher, whose event can lag on a loaded machine: until
    // then the command sees one app and opens on the pattern. Run it again then, as a user would (bounded).
    const whichApp = page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: which Next.js app?' });
    const patternStep = page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: pattern' });
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'BFF Routes: New Route Handler');
      await whichApp.or(patternStep).first().waitFor({ timeout: 30_000 });
      if (await whichApp.isVisible()) break;
      assert.ok(attempt < 10, 'the second app was not seen within 10 runs of the command');
      await page.keyboard.press('Escape');
      await patternStep.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.waitForTimeout(1_000);
    }
    for (const name of ['next-app', 'admin-app']) await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.match(rows.find((r) => r.includes('next-app')) ?? '', /workspace folder[\s\S]*App Router: app\/ · Next\.js 16 · TypeScript/, rows.join(' | '));
    assert.ok(!rows.some((r) => r.includes(folder)), `no absolute path in the pick: ${rows.join(' | ')}`);
    await screenshot(page, 'new-route-pick-app');
    const input = page.locator('.quick-input-widget input');
    await input.fill('admin-app');
    await page.keyboard.press('Enter');

    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: pattern' }).waitFor({ timeout: 15_000 });
    await input.fill('Text GET');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Text GET' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'New Route Handler: Text GET' }).waitFor({ timeout: 15_000 });
    await input.fill('api/admin/ping');
    // The preview names the file relative to the picked app.
    await page.locator('.quick-input-message', { hasText: 'Serves /api/admin/ping  →  app/api/admin/ping/route.ts' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');

    await page.locator('.tabs-container .tab.active', { hasText: 'route.ts' }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Hello from /api/admin/ping' }).first().waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(admin, 'app', 'api', 'admin', 'ping', 'route.ts')), 'created in the picked app');
    assert.ok(!fs.existsSync(path.join(folder, 'app', 'api', 'admin')), 'nothing created in the other app');
  });
});
