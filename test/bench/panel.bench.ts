// The request panel's whole path in the extension host, measured against its anchors in the same run:
//   webview `send` message (zod-validated as the host receives it) -> runDraft (URL building, body check,
//   executor, chunk batching, body formatting, the 5xx lookup) -> every view message structured-cloned
//   and zod-validated as the webview receives it.
// 1) Overhead of a panel request over a direct fetch of the same route (target: median difference <= 5 ms),
//    interleaved so both see the same machine load.
// 1b) The same with an environment (src/vscode/environments.ts): `{{variables}}` in the URL and a header
//    resolved, Bearer auth from a private variable, the cookie jar asked and fed on each request
//    (target: median difference <= 5 ms over the direct fetch, interleaved the same way).
// 2) 50 MB through the panel path with chunk posting (text and binary), while monitorEventLoopDelay and a
//    10 ms interval record the longest event-loop pause (target <= 100 ms); anchor: the same 50 MB read
//    by a bare fetch.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NextApp } from '../../src/core/project/nextApps';
import { parseMessage, ToHostMessageSchema, ToViewMessageSchema, type RequestDraft, type ToViewMessage } from '../../src/protocol';
import { CookieJars } from '../../src/core/http/cookies';
import { mergeEnvFiles, parseEnvFile } from '../../src/core/http/envFile';
import { prepareDraft } from '../../src/core/http/prepare';
import { runDraft, type RunContext } from '../../src/vscode/panel/runner';
import { longestPause, MB50, median, startHttpBenchServer, verdict } from './httpBenchServer';

/** Like the view: every message crosses as a structured clone and is validated on arrival. */
function viewSink(counter: { messages: number; invalid: number }): (m: ToViewMessage) => void {
  return (m) => {
    counter.messages++;
    if (!parseMessage(ToViewMessageSchema, structuredClone(m)).ok) counter.invalid++;
  };
}

export async function run(): Promise<void> {
  const server = await startHttpBenchServer();
  const base = server.url;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-panel-bench-'));
  const app: NextApp = { root: tmp, typescript: true, distDir: '.next', appDir: path.join(tmp, 'app') };
  const routeFile = path.join(tmp, 'app', 'api', 'users', '[id]', 'route.ts');
  fs.mkdirSync(path.dirname(routeFile), { recursive: true });
  fs.writeFileSync(routeFile, 'export function GET() {}\n');
  const spillDir = path.join(tmp, 'bodies');
  fs.mkdirSync(spillDir);
  const draft = (route: string, params: Record<string, string>, query: RequestDraft['query'] = []): RequestDraft => ({
    appRoot: tmp, route, method: 'GET', params, query, headers: [{ name: 'Accept', value: 'application/json', enabled: true }], cookies: [],
    body: { kind: 'none' }, timeoutMs: 600_000, followRedirects: false,
  });
  /** One request as the panel runs it: the webview's message validated, run, view messages validated. */
  const panelRequest = async (d: RequestDraft, counter: { messages: number; invalid: number }, env?: RunContext['env']): Promise<number | undefined> => {
    const incoming = parseMessage(ToHostMessageSchema, structuredClone({ type: 'send', requestId: 'bench-1', request: d }));
    if (!incoming.ok || incoming.message.type !== 'send') throw new Error('the send message did not validate');
    const { result } = await runDraft(incoming.message.requestId, incoming.message.request, {
      app, baseUrl: base, routeFile, allowNonLoopback: false, bodyCapBytes: 10 * 1024 * 1024, spillDir, signal: new AbortController().signal,
      ...(env ? { env } : {}),
    }, viewSink(counter));
    return result.status;
  };
  try {
    const small = draft('/api/users/[id]', { id: '42' });
    const direct: number[] = [];
    const panel: number[] = [];
    const counter = { messages: 0, invalid: 0 };
    for (let i = 0; i < 240; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/users/42`, { redirect: 'manual', headers: { accept: 'application/json' } });
      await res.arrayBuffer();
      const t1 = performance.now();
      const status = await panelRequest(small, counter);
      const t2 = performance.now();
      if (status !== 200) throw new Error(`panel request answered ${status}`);
      if (i >= 40) {
        direct.push(t1 - t0);
        panel.push(t2 - t1);
      }
    }
    if (counter.invalid) throw new Error(`${counter.invalid} view messages failed validation`);
    const md = median(direct);
    const mp = median(panel);
    console.log(`anchor   direct fetch of /api/users/42, median of 200:           ${md.toFixed(2)} ms`);
    console.log(`measured panel path (send msg -> runDraft -> ${counter.messages / 240} view msgs), median: ${mp.toFixed(2)} ms = ${(mp / md).toFixed(2)}x anchor`);
    console.log(`         overhead ${(mp - md).toFixed(2)} ms   target <= 5 ms   ${verdict(mp - md <= 5)}`);

    // 1b) with an environment, auth and the cookie jar
    const envs = mergeEnvFiles(
      parseEnvFile(JSON.stringify({ $shared: { accept: 'application/json' }, local: { baseUrl: base, userId: '42' } }), 'http-client.env.json'),
      parseEnvFile(JSON.stringify({ local: { token: 's3cret' } }), 'http-client.private.env.json'),
    );
    const jars = new CookieJars();
    jars.store('local', base, ['session=abc; Path=/; HttpOnly']);
    const env: NonNullable<RunContext['env']> = {
      name: 'local', baseUrl: '{{baseUrl}}', scope: { environment: 'local', variables: envs.variables('local')! }, auth: { type: 'bearer', token: '{{token}}' },
      cookies: { header: (u) => jars.header('local', u), store: (u, c) => void jars.store('local', u, c) },
    };
    const templated = { ...draft('/api/users/[id]', { id: '{{userId}}' }), headers: [{ name: 'Accept', value: '{{accept}}', enabled: true }] };
    const directEnv: number[] = [];
    const panelEnv: number[] = [];
    for (let i = 0; i < 240; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/users/42`, { redirect: 'manual', headers: { accept: 'application/json', authorization: 'Bearer s3cret', cookie: 'session=abc' } });
      await res.arrayBuffer();
      const t1 = performance.now();
      const status = await panelRequest(templated, counter, env);
      const t2 = performance.now();
      if (status !== 200) throw new Error(`panel request with an environment answered ${status}`);
      if (i >= 40) {
        directEnv.push(t1 - t0);
        panelEnv.push(t2 - t1);
      }
    }
    const mde = median(directEnv);
    const mpe = median(panelEnv);
    console.log(`anchor   direct fetch with Authorization and Cookie, median of 200: ${mde.toFixed(2)} ms`);
    console.log(`measured panel path with an environment ({{variables}}, Bearer {{token}}, cookie jar), median: ${mpe.toFixed(2)} ms = ${(mpe / mde).toFixed(2)}x anchor`);
    console.log(`         overhead ${(mpe - mde).toFixed(2)} ms   target <= 5 ms   ${verdict(mpe - mde <= 5)}`);
    // What the environment adds by itself, without the network: resolve the draft, add auth, ask and feed the jar.
    const n = 5000;
    const te0 = performance.now();
    for (let i = 0; i < n; i++) {
      const p = prepareDraft(templated, env.scope, env.baseUrl!, env.auth);
      if (!p.ok) throw new Error(p.message);
      env.cookies!.header(`${base}/api/users/42`);
      env.cookies!.store(`${base}/api/users/42`, []);
    }
    const perRequest = (performance.now() - te0) / n;
    console.log(`measured environment work per request (variables, auth, jar), mean of ${n}: ${(perRequest * 1000).toFixed(1)} µs = ${(perRequest / mde).toFixed(4)}x the direct fetch   target <= 5 ms   ${verdict(perRequest <= 5)}`);

    const bare = await longestPause(async () => {
      const res = await fetch(`${base}/api/big-text`);
      let n = 0;
      for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) n += c.byteLength;
      return n;
    });
    if (bare.result !== MB50) throw new Error('the anchor did not read 50 MB');
    console.log(`anchor   50 MB bare fetch: ${bare.ms.toFixed(0)} ms, longest pause ${bare.intervalMs.toFixed(1)} ms (interval) / ${bare.histogramMs.toFixed(1)} ms (monitorEventLoopDelay)`);
    for (const kind of ['text', 'bin'] as const) {
      const c = { messages: 0, invalid: 0 };
      const big = await longestPause(() => panelRequest(draft('/api/big', {}, [{ name: 'kind', value: kind, enabled: true }]), c));
      if (big.result !== 200 || c.invalid) throw new Error(`50 MB ${kind} through the panel: status ${big.result}, ${c.invalid} invalid messages`);
      const worst = Math.max(big.intervalMs, big.histogramMs);
      console.log(`measured 50 MB ${kind === 'text' ? 'text/plain  ' : 'octet-stream'} through the panel (${c.messages} view msgs, 10 MB kept, whole spilled): ${big.ms.toFixed(0)} ms, longest pause ${big.intervalMs.toFixed(1)} / ${big.histogramMs.toFixed(1)} ms = ${(worst / Math.max(bare.intervalMs, bare.histogramMs, 0.1)).toFixed(2)}x anchor   target <= 100 ms   ${verdict(worst <= 100)}`);
    }
  } finally {
    server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
