// Loads the analysis engine (and with it the 3.5 MB TypeScript parser) the first time a feature needs it,
// never inside `activate`: requiring TypeScript costs about 200 ms in an extension host every extension shares.
import type * as Engine from '../engine';

export type { Engine };

let loaded: typeof Engine | undefined;
let loadMs: number | undefined;

/** The engine, loaded now if no feature has needed it yet. */
export function engine(): typeof Engine {
  if (!loaded) {
    const t0 = performance.now();
    // In the bundle this is dist/engine.js (see esbuild.js); under tsc it is out/src/engine.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('../engine') as typeof Engine;
    loadMs = performance.now() - t0;
  }
  return loaded;
}

/**
 * The engine on a later turn of the event loop. Start-up work that runs from `activate` (the first route
 * discovery) awaits this, so the parser loads after `activate` has returned, not inside it.
 */
export function engineSoon(): Promise<typeof Engine> {
  return new Promise((resolve, reject) => setImmediate(() => {
    try {
      resolve(engine());
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  }));
}

/** How long loading the engine took (ms), or undefined while it is not loaded. */
export function engineLoadMs(): number | undefined {
  return loadMs;
}
