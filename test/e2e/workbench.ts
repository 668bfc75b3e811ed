// Helpers for e2e tests: the real code-server workbench in Chromium, with the packaged extension
// installed by test/e2e/run.ts. Each openWorkbench() gets its own browser and (by default) its own
// fresh copy of the fixture app.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { REPO } from '../host/hostPaths';
import { copyFixture } from '../support/nextDev';

export interface Workbench {
  page: Page;
  folder: string;
  close(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.BFF_E2E_SERVER;
  if (!url) throw new Error('BFF_E2E_SERVER is not set: run the e2e tests with `npm run test:e2e`, which starts the workbench server.');
  return url;
}

/** The workbenches open now: a failed test reports what each of them showed (see reportFailure). */
const openPages = new Set<Page>();

export async function openWorkbench(opts: { folder?: string; server?: string } = {}): Promise<Workbench> {
  const folder = opts.folder ?? copyFixture('next-app', 'e2e');
  const browser = await launchBrowser();
  const { page } = browser;
  openPages.add(page);
  await page.goto(`${opts.server ?? serverUrl()}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  // Our activity-bar entry appears once the installed extension's contributions are registered.
  await page.locator('.activitybar .action-item[aria-label^="BFF Routes"], .activitybar .action-item a[aria-label^="BFF Routes"]').first().waitFor({ timeout: 90_000 });
  return {
    page,
    folder,
    close: async () => {
      openPages.delete(page);
      await browser.close();
      if (!opts.folder) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    },
  };
}

/** Runs a command through the command palette (F1), as a user does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  // The focused row, not any row: the palette may reopen on the previous query's list (the row already there)
  // and filter a moment later; Enter before that runs the first command of the old list.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Quick Open (Ctrl+P) on a workspace file: types `query`, waits until the focused row is the file (its description
 * holds `folder`: the list first shows recently opened files, another route.ts say), and opens it.
 */
export async function quickOpen(page: Page, query: string, folder: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(query);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: folder }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Palette -> New Route Handler -> filters the pattern list by `filter`, picks it, waits for the path box. */
export async function startWithPattern(page: Page, filter: string, label: string): Promise<void> {
  await runCommand(page, 'BFF Routes: New Route Handler');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'JSON POST with validation' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.quick-input-widget input').fill(filter);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: `New Route Handler: ${label}` }).waitFor({ timeout: 15_000 });
}

/** JSON POST with validation, at `routePath` (the path box confirms its URL), up to the methods step. */
export async function jsonPostUpToMethods(page: Page, routePath: string): Promise<void> {
  await startWithPattern(page, 'JSON POST', 'JSON POST with validation');
  await page.locator('.quick-input-widget input').fill(routePath);
  await page.locator('.quick-input-message', { hasText: `Serves /${routePath}` }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'methods' }).waitFor({ timeout: 15_000 });
}

/** Saves a screenshot under test-results/screenshots and prints its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(REPO, 'test-results', 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  console.log(`      screenshot: ${path.relative(REPO, file)}`);
  return file;
}

/**
 * The same view in Light Modern and in Dark Modern, as `${name}-light.png` and `${name}-dark.png`: switched as a
 * user does, and taken once each webview in `frames` has applied the theme (VS Code marks a webview's body with
 * its kind). Ends in Dark Modern, the suites' default.
 */
export async function screenshotInThemes(page: Page, name: string, frames: Frame[] = []): Promise<void> {
  for (const [theme, suffix, kind] of [['Light Modern', 'light', 'vscode-light'], ['Dark Modern', 'dark', 'vscode-dark']] as const) {
    await setColorTheme(page, theme);
    for (const f of frames) await f.locator(`body.${kind}`).waitFor({ state: 'attached', timeout: 15_000 });
    await screenshot(page, `${name}-${suffix}`);
  }
}

/** The frame of a webview whose document contains `selector` (webviews are nested iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview frame contains ${selector} within ${timeoutMs} ms`);
}

/**
 * The box of an element once the layout around it has stopped moving: two readings 150 ms apart agree.
 * Editors re-render their lines (decorations, CodeLens zones) after they first show, and a box read during a
 * re-render is stale or null. Bounded: fails after `timeoutMs`.
 */
export async function settledBox(locator: Locator, timeoutMs = 15_000): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    await locator.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
    const box = await locator.boundingBox();
    const key = box ? JSON.stringify(box) : undefined;
    if (box && key === last) return box;
    last = key;
    if (Date.now() > deadline) throw new Error(`the element's box did not settle within ${timeoutMs} ms (last: ${key ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Clicks the BFF Routes activity-bar entry and returns the panel's webview frame once its route list shows. */
export async function openPanel(page: Page): Promise<Frame> {
  await page.locator('.activitybar .action-item a[aria-label^="BFF Routes"], .activitybar .action-item[aria-label^="BFF Routes"]').first().click();
  return webviewFrame(page, '[data-testid=routes]', 60_000);
}

/** Switches the colour theme through "Preferences: Color Theme", as a user does; resolves once the picker closed. */
export async function setColorTheme(page: Page, theme: string): Promise<void> {
  // Not runCommand: "Browse Color Themes in Marketplace" matches the title too, and this host is offline.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme', hasNotText: 'Marketplace' }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light' }).first().waitFor({ timeout: 15_000 });
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
  // The workbench marks its body with the theme's kind once applied.
  const kind = /high contrast/i.test(theme) ? (/light/i.test(theme) ? 'hc-light' : 'hc-black') : /light/i.test(theme) ? 'vs' : 'vs-dark';
  await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15_000 });
}

/**
 * What each open workbench shows when a test fails, printed into the test log (a CI run keeps only its log): the
 * focused element, the open menus, pickers and notifications, the status bar; and a screenshot beside the others.
 * Bounded: each read gives up after a few seconds, and a failure to read is itself reported, never thrown.
 */
export async function reportFailure(title: string): Promise<void> {
  const slug = title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
  let n = 0;
  for (const page of openPages) {
    n++;
    try {
      // A string: this project's TypeScript has no DOM library (as the other in-page reads in these tests).
      const seen = await page.evaluate(`(() => {
        const text = (sel) => Array.from(document.querySelectorAll(sel))
          .filter((e) => e.offsetParent !== null)
          .map((e) => e.innerText.replace(/\\s+/g, ' ').trim().slice(0, 400))
          .filter(Boolean);
        const a = document.activeElement;
        return {
          focused: a ? (a.tagName.toLowerCase() + (a.className ? '.' + String(a.className).split(/\\s+/).join('.') : '') + ' ' + (a.getAttribute('aria-label') || '')).trim() : 'none',
          menus: text('.action-widget, .context-view, .monaco-menu'),
          pickers: text('.quick-input-widget'),
          messages: text('.monaco-editor-overlaymessage, .notification-toast, .monaco-hover'),
          status: text('.statusbar-item').join(' | '),
        };
      })()`) as { focused: string; menus: string[]; pickers: string[]; messages: string[]; status: string };
      console.log(`      [failure ${n}] focused: ${seen.focused}`);
      for (const [k, v] of [['menus', seen.menus], ['pickers', seen.pickers], ['messages', seen.messages]] as const) {
        if (v.length) console.log(`      [failure ${n}] ${k}: ${v.join(' || ')}`);
      }
      console.log(`      [failure ${n}] status bar: ${seen.status}`);
      await withTimeout(screenshot(page, `failed-${slug}-${n}`), 10_000);
    } catch (e) {
      console.log(`      [failure ${n}] could not read the workbench: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}
