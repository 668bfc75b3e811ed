// Shared by the request benchmarks (not a benchmark itself): a loopback HTTP server in a child process
// (its writes never count as the measured process's pauses), the median, and the longest event-loop pause.
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export const MB50 = 50 * 1024 * 1024;

// `/api/big...`: 50 MB in 64 KB writes (text/plain when the URL says `text`, else octet-stream); anything else a small JSON.
const SERVER = `
const http = require('node:http');
const TEXT = Buffer.from(('x'.repeat(1023) + '\\n').repeat(64));
const BIN = Buffer.alloc(64 * 1024, 7);
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/big') || req.url === '/big') {
    const text = req.url.includes('text');
    res.writeHead(200, { 'content-type': text ? 'text/plain; charset=utf-8' : 'application/octet-stream', 'content-length': String(${MB50}) });
    let left = 800;
    const write = () => { while (left > 0) { left--; if (!res.write(text ? TEXT : BIN)) return void res.once('drain', write); } res.end(); };
    write();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"id":"42","name":"User 42"}');
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export async function startHttpBenchServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

/** The longest event-loop pause while `work` runs, by two clocks: a 10 ms interval and monitorEventLoopDelay. */
export async function longestPause<T>(work: () => Promise<T>): Promise<{ result: T; intervalMs: number; histogramMs: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 10);
    last = now;
  }, 10);
  h.enable();
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, intervalMs: max, histogramMs: h.max / 1e6, ms: performance.now() - t0 };
  } finally {
    h.disable();
    clearInterval(timer);
  }
}
