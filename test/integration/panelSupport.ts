// Helpers of the request panel's integration suites (not a suite itself).
import type { BffRoutesApi } from '../../src/extension';
import type { DevStatus } from '../../src/protocol';
import type { NextDev } from '../support/nextDev';

/** Asks the panel for the dev status until `want` holds; bounded (each call is a real lock read + probe). */
export async function devStatusUntil(api: BffRoutesApi, want: (s: DevStatus) => boolean, tries = 100): Promise<DevStatus> {
  let s = await api.requests.devServer();
  for (let i = 0; i < tries && !want(s); i++) {
    await new Promise((r) => setTimeout(r, 200));
    s = await api.requests.devServer();
  }
  return s;
}

/**
 * Stops a next dev a suite started and waits until the panel sees it gone, so the next suite does not
 * find the panel still pointing at a port nothing listens on (each suite restores what it changed).
 */
export async function stopDev(api: BffRoutesApi, dev: NextDev | undefined): Promise<void> {
  if (!dev) return;
  await dev.stop();
  const s = await devStatusUntil(api, (st) => st.state !== 'running' || st.url !== dev.url);
  if (s.state === 'running' && s.url === dev.url) throw new Error(`the panel still sees next dev at ${dev.url} after it stopped`);
}

export function methodsOf(api: BffRoutesApi, pattern: string): string[] | undefined {
  return api.requests.listRoutes().find((r) => r.pattern === pattern)?.methods;
}

/** Waits for route index changes until `done` holds (each wait ends on the index's own event). */
export async function routesUntil(api: BffRoutesApi, done: () => boolean, maxEvents = 20): Promise<void> {
  for (let i = 0; i < maxEvents && !done(); i++) {
    await Promise.race([api.requests.routesChanged(), new Promise((r) => setTimeout(r, 5000))]);
  }
}
