// Debian's Chromium driven by playwright-core, with a fresh profile per launch.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './hostPaths';

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright refuses --user-data-dir in args: a persistent context on a fresh folder instead.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The browser-console text of a message from the remote extension host (`['%c INFO', css, fmt, ...args]`). */
export function consoleArgsToText(args: unknown[]): unknown[] {
  return typeof args[0] === 'string' && args[0].startsWith('%c') ? args.slice(2) : args;
}
