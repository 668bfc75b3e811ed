// A 10 MB JSON response in a request tab, in real Chromium: the webview bundle (dist/webview.js, as a tab: data-host="tab") with the
// stylesheet, fed the messages the host sends (the body formatted by the host's code, runner.ts toBodyView),
// while a PerformanceObserver records long tasks (> 50 ms) on the page's main thread.
// Target: the longest task while the response arrives and is drawn stays under 100 ms; the same for a search
// of the body. Collapsing every fold at once and jumping to the end is printed beside them.
// Anchor, measured in the same page: the whole formatted body put in one <pre> as text (what the sidebar did
// for bodies over 5,000 lines before the line viewer).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../host/browser';
import { REPO } from '../host/hostPaths';
import type { RequestDraft, ToViewMessage } from '../../src/protocol';
import { splitBody, toBodyView } from '../../src/vscode/panel/runner';
import { loadLine, verdict } from './verdict';

const TARGET_MS = 100;

/** About 10 MB of JSON: records with nested objects and arrays, like a list endpoint's answer. */
export function tenMegabytesOfJson(): string {
  const items: unknown[] = [];
  let size = 2;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const item = {
      id: i, name: `User ${i}`, email: `user${i}@example.test`, active: i % 3 !== 0,
      address: { street: `${i} Main Street`, city: 'Springfield', zip: String(10000 + (i % 89999)) },
      tags: ['alpha', 'beta', i % 2 ? 'gamma' : 'delta'], score: (i * 7919) % 1000 / 10,
    };
    const text = JSON.stringify(item);
    size += text.length + 1;
    items.push(item);
  }
  return JSON.stringify({ total: items.length, items });
}

/** The longest long task recorded from now until `work` has settled (the page idle afterwards). */
async function longestTask(page: Page, work: string): Promise<{ longest: number; count: number; wallMs: number }> {
  // Page code as source text: this file is compiled without the DOM lib.
  return page.evaluate(`(async () => {
    window.__long = [];
    const t0 = performance.now();
    await ${work};
    // Long-task entries arrive after their task: wait for two frames and an idle period.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await new Promise((r) => requestIdleCallback(() => r()));
    return { longest: Math.max(0, ...window.__long), count: window.__long.length, wallMs: performance.now() - t0 };
  })()`);
}

export async function run(): Promise<void> {
  console.log(loadLine());
  const tab = path.join(REPO, 'dist', 'webview.js');
  if (!fs.existsSync(tab)) throw new Error('dist/webview.js is missing: run `npm run build` first.');
  const raw = tenMegabytesOfJson();
  const bytes = new TextEncoder().encode(raw);
  const body = toBodyView({ body: bytes, contentType: 'application/json', bodyBytes: bytes.byteLength, truncated: false });
  if (body.kind !== 'json') throw new Error(`the host did not format the body as JSON (${body.kind})`);
  const lines = body.text.split('\n').length;
  console.log(`body: ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB of JSON, ${(body.text.length / 1024 / 1024).toFixed(1)} M characters and ${lines} lines once formatted by the host`);

  const appRoot = '/w/app';
  const draft: RequestDraft = { appRoot, route: '/api/items', method: 'GET', params: {}, query: [], headers: [], cookies: [], body: { kind: 'none' }, timeoutMs: 30_000, followRedirects: false };
  const setup: ToViewMessage[] = [
    {
      type: 'apps',
      apps: [{ root: appRoot, label: 'app', ownsTerminal: false, dev: { state: 'running', url: 'http://127.0.0.1:3000', source: 'lock' }, routes: [{ pattern: '/api/items', file: '/w/app/app/api/items/route.ts', router: 'app', methods: ['GET'], params: [] }] }],
      settings: { trusted: true, requestTimeoutMs: 30_000, followRedirects: false, allowNonLoopback: false, truncateBytes: 10 * 1024 * 1024 },
    },
    { type: 'tabInit', appRoot, route: '/api/items', method: 'GET', draft, pinned: false },
    { type: 'requestStarted', requestId: 'r1', url: 'http://127.0.0.1:3000/api/items', method: 'GET' },
    { type: 'responseHead', requestId: 'r1', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], ttfbMs: 12, streaming: false },
  ];
  // As the runner posts it: the text in parts, then the end.
  const split = splitBody(body);
  const parts: ToViewMessage[] = split.parts.map((text, index) => ({ type: 'responseBodyPart', requestId: 'r1', index, text }));
  const end: ToViewMessage = { type: 'responseEnd', requestId: 'r1', totalMs: 90, size: bytes.byteLength, truncated: false, body: split.body, bodyParts: parts.length, canSaveBody: true, redirects: [], chunks: 1, warnings: [] };

  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.setContent(`<!DOCTYPE html><html><head><style>${fs.readFileSync(path.join(REPO, 'media', 'webview.css'), 'utf8')}</style></head>
<body data-host="tab"><main id="root" data-host="tab"></main></body></html>`);
    await page.evaluate(`(() => {
      window.__long = [];
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    })()`);
    await page.addScriptTag({ path: tab });
    for (const m of setup) await page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
    await page.locator('[data-testid=url-preview]').waitFor();
    // The body reaches the page before the measurement (as VS Code holds it before posting it to the webview).
    await page.evaluate(`window.__parts = ${JSON.stringify(parts)}; window.__end = ${JSON.stringify(end)}`);

    const results: Array<{ what: string; value: number }> = [];
    const shown = await longestTask(page, `(async () => {
      // Each message is its own task, as when VS Code posts them to the webview.
      for (const m of [...window.__parts, window.__end]) {
        window.postMessage(m, '*');
        await new Promise((r) => setTimeout(r, 0));
      }
      while (!document.querySelector('[data-testid=body-lines] .line')) await new Promise((r) => setTimeout(r, 5));
    })()`);
    const drawn = await page.locator('[data-testid=body-lines] .line').count();
    if (drawn === 0 || drawn > 400) throw new Error(`the viewer drew ${drawn} lines (expected only those on screen)`);
    results.push({ what: `10 MB JSON response arriving (${parts.length} messages) and drawn in the tab (${drawn} of ${lines} lines drawn), longest task`, value: shown.longest });

    await page.locator('[data-testid=open-search]').click();
    const search = await longestTask(page, `(async () => {
      const input = document.querySelector('[data-testid=body-search]');
      input.value = 'springfield';
      input.dispatchEvent(new Event('input'));
    })()`);
    const count = await page.locator('[data-testid=search-count]').innerText();
    if (!/^1 of \d+/.test(count)) throw new Error(`search found nothing: "${count}"`);
    results.push({ what: `search "springfield" in the body (${count}), longest task`, value: search.longest });

    const fold = await longestTask(page, `(async () => {
      [...document.querySelectorAll('.body-toolbar button')].find((b) => b.textContent === 'Collapse all').click();
      [...document.querySelectorAll('.body-toolbar button')].find((b) => b.textContent === 'Expand all').click();
      const v = document.querySelector('[data-testid=body-lines]');
      v.scrollTop = v.scrollHeight;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    })()`);
    const lastLine = await page.locator('[data-testid=body-lines] .line').last().getAttribute('data-line');
    if (Number(lastLine) !== lines - 1) throw new Error(`scrolled to the end but the last line drawn is ${lastLine} of ${lines}`);
    // Printed, not held to the target: folding every one of ~100,000 objects at once is a rarer action.
    console.log(`measured collapse all, expand all, scroll to the last line: longest task ${fold.longest.toFixed(0)} ms (${fold.count} long tasks)`);
    // Last: the old view lays out 16 M characters at once (tens of seconds here).
    const anchor = await longestTask(page, `(async () => {
      const pre = document.createElement('pre');
      pre.className = 'body mono';
      pre.textContent = window.__parts.map((p) => p.text).join('') + '';
      document.body.append(pre);
      pre.getBoundingClientRect();
      await new Promise((r) => requestAnimationFrame(() => r()));
      pre.remove();
    })()`);
    console.log(`anchor   the formatted body as one <pre> (the old view): longest task ${anchor.longest.toFixed(0)} ms (${anchor.count} long tasks, ${anchor.wallMs.toFixed(0)} ms)`);

    const met = results.map((r) => verdict({ ...r, anchorName: 'one <pre>', anchor: anchor.longest, target: { valueBelow: TARGET_MS } }));
    if (met.includes(false)) throw new Error('a long-task target was missed');
  } finally {
    await browser.close();
  }
}
