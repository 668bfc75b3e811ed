// The executor alone (src/core/http/executor.ts), against a loopback server in a child process:
// 1) Overhead of executeRequest over a direct fetch of the same route (target: median difference <= 5 ms),
//    interleaved so both see the same machine load.
// 2) A 50 MB response streamed through the executor while the event loop's longest pause is recorded
//    (target <= 100 ms), against the same 50 MB read by a bare fetch.
// panel.bench.ts measures the same through the whole panel path.
import { performance } from 'node:perf_hooks';
import { executeRequest } from '../../src/core/http/executor';
import { longestPause, MB50, median, startHttpBenchServer, verdict } from './httpBenchServer';

export async function run(): Promise<void> {
  const server = await startHttpBenchServer();
  const base = server.url;
  try {
    const direct: number[] = [];
    const panel: number[] = [];
    for (let i = 0; i < 240; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/small`, { redirect: 'manual' });
      await res.arrayBuffer();
      const t1 = performance.now();
      const r = await executeRequest({ method: 'GET', url: `${base}/small` });
      const t2 = performance.now();
      if (!r.ok || r.status !== 200) throw new Error('executor request failed');
      if (i >= 40) {
        direct.push(t1 - t0);
        panel.push(t2 - t1);
      }
    }
    const md = median(direct);
    const mp = median(panel);
    console.log(`anchor   direct fetch, median of 200: ${md.toFixed(2)} ms`);
    console.log(`measured executeRequest, median of 200: ${mp.toFixed(2)} ms = ${(mp / md).toFixed(2)}x anchor, overhead ${(mp - md).toFixed(2)} ms   target <= 5 ms   ${verdict(mp - md <= 5)}`);

    const bare = await longestPause(async () => {
      const res = await fetch(`${base}/big`);
      let n = 0;
      for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) n += c.byteLength;
      return n;
    });
    const viaExecutor = await longestPause(() => executeRequest({ method: 'GET', url: `${base}/big`, timeoutMs: 0 }, { onChunk: () => undefined }));
    if (!viaExecutor.result.ok || viaExecutor.result.bodyBytes !== MB50) throw new Error('50 MB not received through the executor');
    const anchor = Math.max(bare.intervalMs, bare.histogramMs, 0.1);
    const worst = Math.max(viaExecutor.intervalMs, viaExecutor.histogramMs);
    console.log(`anchor   50 MB bare fetch: ${bare.ms.toFixed(0)} ms, longest pause ${bare.intervalMs.toFixed(1)} / ${bare.histogramMs.toFixed(1)} ms (interval / monitorEventLoopDelay)`);
    console.log(`measured 50 MB executeRequest (10 MB kept): ${viaExecutor.ms.toFixed(0)} ms, longest pause ${viaExecutor.intervalMs.toFixed(1)} / ${viaExecutor.histogramMs.toFixed(1)} ms = ${(worst / anchor).toFixed(2)}x anchor   target <= 100 ms   ${verdict(worst <= 100)}`);
  } finally {
    server.stop();
  }
}
