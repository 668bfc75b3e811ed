// Runs every benchmark in this folder (compiled `*.bench.js`), one after the other, in one process.
// A benchmark module exports `run(): Promise<void>` and prints its own lines, each a measurement
// next to its anchor measured in the same run, as a ratio. `BFF_BENCH=<regex>` selects by file name.
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const filter = process.env.BFF_BENCH ? new RegExp(process.env.BFF_BENCH) : undefined;
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js') && (!filter || filter.test(f))).sort();
  if (files.length === 0) throw new Error(`no benchmark matched in ${__dirname}`);
  let failed = 0;
  for (const f of files) {
    console.log(`\n=== ${f.replace(/\.bench\.js$/, '')} ===`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found at run time
    const mod = require(path.join(__dirname, f)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`${f} exports no run()`);
    try {
      await mod.run();
    } catch (e) {
      failed++;
      console.error(`benchmark ${f} failed:`, e);
    }
  }
  if (failed > 0) process.exit(1);
}

void main();
