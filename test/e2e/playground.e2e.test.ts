// `npm start` as a new user meets it: the playground process (test/host/playground.ts) with its own VS Code,
// opened in Chromium at the URL it prints. The user starts next dev from the panel, sends /api/boom and sees
// the 500 with its whole stack, each frame a link, on the first try. Then Ctrl+C (SIGINT to the playground's
// process group, as a terminal sends it): every process of the tree, the panel's next dev included, ends and
// its port is free.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { launchBrowser, type Browser } from '../host/browser';
import { REPO } from '../host/hostPaths';
import { copyFixture } from '../support/nextDev';
import { alive, groupOf, portFree, processTree } from '../support/processes';
import { openPanel, screenshot, setColorTheme } from './workbench';

describe('e2e: the playground (npm start) as a new user opens it', function () {
  this.timeout(420_000);
  let app: string;
  let playground: ChildProcess;
  let output = '';
  let browser: Browser | undefined;
  let exited: Promise<number | null>;

  before(async () => {
    app = copyFixture('next-app', 'playground');
    playground = spawn(process.execPath, [path.join(REPO, 'out', 'test', 'host', 'playground.js')], {
      cwd: REPO,
      // its own process group, as `npm start` in a terminal: Ctrl+C signals the group
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BFF_PLAYGROUND_DIR: app },
    });
    exited = new Promise((resolve) => playground.once('exit', (code) => resolve(code)));
    playground.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    playground.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  });

  after(async () => {
    await browser?.close();
    // If a step failed before Ctrl+C was sent: stop the playground the way a user does.
    if (playground?.pid && alive(playground.pid)) {
      process.kill(-playground.pid, 'SIGINT');
      await exited;
    }
    if (app) fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  async function printedUrl(): Promise<string> {
    const until = Date.now() + 240_000;
    for (;;) {
      const m = /Open this URL in a browser:\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output);
      if (m) return m[1];
      if (playground.exitCode !== null) throw new Error(`the playground exited:\n${output}`);
      if (Date.now() > until) throw new Error(`the playground printed no URL within 240 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('shows a 500 with its full linked stack on the first try, and Ctrl+C leaves no process and a free port', async () => {
    const url = await printedUrl();
    assert.doesNotMatch(output, /next dev for/, 'the playground no longer starts next dev itself');
    browser = await launchBrowser();
    const page = browser.page;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    const panel: Frame = await openPanel(page);

    // The first try: Start next dev, pick /api/boom, Send.
    await panel.locator('[data-testid=dev-status]', { hasText: 'not running' }).waitFor({ timeout: 30_000 });
    await panel.locator('.dev-actions button', { hasText: 'Start next dev' }).click();
    await panel.locator('[data-testid=dev-status]', { hasText: /running at http:\/\/127\.0\.0\.1:\d+/ }).waitFor({ timeout: 180_000 });
    await panel.locator('li.route[data-route="/api/boom"]').click();
    await panel.locator('button.send').click();
    await panel.locator('[data-testid=status]', { hasText: '500' }).waitFor({ timeout: 120_000 });
    const err = panel.locator('[data-testid=server-error]');
    await err.filter({ hasText: 'kaboom from the fixture' }).waitFor({ timeout: 30_000 });
    assert.match(await err.locator('[data-testid=server-error-source]').innerText(), /output of the next dev the panel started/);
    assert.deepEqual(await err.locator('ol.frames li.own a').allInnerTexts(), ['explode (api/boom/route.ts:3:9)', 'GET (api/boom/route.ts:7:3)']);
    // The README's screenshots, in both themes (the workbench opens in the host's default theme, a light one).
    await setColorTheme(page, 'Dark Modern');
    await panel.locator('[data-testid=response]').scrollIntoViewIfNeeded();
    await screenshot(page, 'playground-500-stack-dark');
    await setColorTheme(page, 'Light Modern');
    await panel.locator('[data-testid=response]').scrollIntoViewIfNeeded();
    await screenshot(page, 'playground-500-stack-light');

    // What runs now: the playground's tree (code-server, its extension host, the panel's next dev below it).
    const lock = JSON.parse(fs.readFileSync(path.join(app, '.next', 'dev', 'lock'), 'utf8')) as { pid: number; port: number };
    const tree = processTree(playground.pid!);
    const devGroup = groupOf(lock.pid);
    assert.ok(tree.some((p) => p.pid === lock.pid), `the panel's next-server (${lock.pid}) runs below the playground`);
    assert.ok(devGroup.length >= 2, `next dev's group: ${JSON.stringify(devGroup)}`);
    assert.equal(await portFree(lock.port), false, `next dev listens on ${lock.port}`);
    const everything = new Map([...tree, ...devGroup].map((p) => [p.pid, p.cmd]));

    // Ctrl+C.
    process.kill(-playground.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 60_000))]);
    assert.equal(code, 0, `the playground ended by itself after Ctrl+C:\n${output}`);
    assert.match(output, /\[playground\] stopped/);
    assert.doesNotMatch(output, /outlived VS Code/, 'the next dev ended with the extension host (its guard), not by the playground\'s fallback');
    const leftDev = devGroup.filter((p) => alive(p.pid));
    assert.deepEqual(leftDev, [], `next dev processes left when the playground ended: ${JSON.stringify(leftDev)}`);
    // The dev server's guard (src/core/http/devGuard.ts) exits once it sees the group gone (it polls every 100 ms).
    const until = Date.now() + 3000;
    let survivors = [...everything].filter(([pid]) => alive(pid));
    while (survivors.length && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      survivors = survivors.filter(([pid]) => alive(pid));
    }
    assert.deepEqual(survivors.map(([pid, cmd]) => [pid, cmd.slice(0, 200)]), [], 'processes left after Ctrl+C');
    assert.equal(await portFree(lock.port), true, `port ${lock.port} is free`);
    assert.ok(!fs.existsSync(path.join(app, '.next', 'dev', 'lock')), 'next dev removed its lock (it ended by SIGTERM, not SIGKILL)');
  });
});
