// Robustness and worst-case time: 10,000 seeded mutated/random route files through every rule.
// Zero throws (and zero internal rule errors) expected; prints max and p99 ms per file (target < 50 ms).
import { analyzeSource } from '../../src/core/analysis/index';
import { fuzzInput } from '../unit/analysis/fuzzCorpus';

export async function run(): Promise<void> {
  const files = ['/b/app/api/x/route.ts', '/b/app/api/x/route.js', '/b/proxy.ts', '/b/pages/api/x.ts'];
  const times: number[] = [];
  let throws = 0;
  let internal = 0;
  let chars = 0;
  for (let i = 0; i < 10_000; i++) {
    const text = fuzzInput(i);
    chars += text.length;
    const t = process.hrtime.bigint();
    try {
      analyzeSource({ file: files[i % files.length], text }, { onInternalError: () => internal++ });
    } catch {
      throws++;
    }
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p99 = times[Math.floor(times.length * 0.99)];
  const max = times[times.length - 1];
  console.log(`fuzz: 10000 inputs (${(chars / 10_000).toFixed(0)} chars on average): ${throws} throws, ${internal} internal rule errors`);
  console.log(`per file: median ${times[5000].toFixed(3)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms (target < 50 ms)`);
  if (throws > 0 || internal > 0) throw new Error(`fuzz: ${throws} throws, ${internal} internal errors`);
}
