// 1) Overhead of executeRequest over a direct fetch of the same route on a local server (target:
//    median difference <= 5 ms), interleaved so both see the same machine load.
// 2) A 50 MB response streamed through the executor while a 10 ms interval timer records the
//    event loop's longest pause (target <= 100 ms), against the same 50 MB read by a bare fetch.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { executeRequest } from '../../src/core/http/executor';

const SERVER = `
const http = require('node:http');
const CHUNK = Buffer.alloc(64 * 1024, 'x');
const server = http.createServer((req, res) => {
  if (req.url === '/big') {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(50 * 1024 * 1024) });
    let left = 800;
    const write = () => { while (left > 0) { left--; if (!res.write(CHUNK)) return void res.once('drain', write); } res.end(); };
    write();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function longestPause<T>(work: () => Promise<T>): Promise<{ result: T; maxPauseMs: number; ms: number }> {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 10);
    last = now;
  }, 10);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, maxPauseMs: max, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  // The server runs in a child process so its own writes never count as the executor's pauses.
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const base = `http://127.0.0.1:${port}`;
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
      if (!r.ok || r.status !== 200) throw new Error('panel request failed');
      if (i >= 40) {
        direct.push(t1 - t0);
        panel.push(t2 - t1);
      }
    }
    const md = median(direct);
    const mp = median(panel);
    console.log(`anchor  direct fetch, median of 200: ${md.toFixed(2)} ms`);
    console.log(`panel   executeRequest, median of 200: ${mp.toFixed(2)} ms  = ${(mp / md).toFixed(2)}x anchor, overhead ${(mp - md).toFixed(2)} ms (target <= 5 ms: ${mp - md <= 5 ? 'met' : 'NOT MET'})`);

    const bare = await longestPause(async () => {
      const res = await fetch(`${base}/big`);
      let n = 0;
      for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) n += c.byteLength;
      return n;
    });
    const viaPanel = await longestPause(() => executeRequest({ method: 'GET', url: `${base}/big`, timeoutMs: 0 }, { onChunk: () => undefined }));
    if (!viaPanel.result.ok || viaPanel.result.bodyBytes !== 50 * 1024 * 1024) throw new Error('50 MB not received through the executor');
    console.log(`anchor  50 MB bare fetch: ${bare.ms.toFixed(0)} ms, longest event-loop pause ${bare.maxPauseMs.toFixed(1)} ms`);
    console.log(`panel   50 MB executeRequest (10 MB kept): ${viaPanel.ms.toFixed(0)} ms, longest pause ${viaPanel.maxPauseMs.toFixed(1)} ms = ${(viaPanel.maxPauseMs / Math.max(bare.maxPauseMs, 0.1)).toFixed(2)}x anchor (target <= 100 ms: ${viaPanel.maxPauseMs <= 100 ? 'met' : 'NOT MET'})`);
  } finally {
    child.removeAllListeners('exit');
    child.kill();
  }
}
