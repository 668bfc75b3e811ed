// The request executor: one exchange per hop through ./transport (node:http with an AbortController for
// Cancel and the timeout), every connection made through ./loopback's checked lookup (the address checked is
// the address connected to), redirects shown (or followed hop by hop, each hop checked the same way), the body
// streamed chunk by chunk with timings, a capped head kept in memory and the whole optionally
// spilled to a file. Never rejects: every failure is a RequestFailure with a sentence for the user.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toFetchBody, validateBody } from './body';
import {
  DEFAULT_BODY_CAP_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_REDIRECTS,
  RequestSpecSchema,
  type ChunkRecord,
  type ExecuteHooks,
  type ExecuteOptions,
  type HttpMethod,
  type RedirectHop,
  type RequestErrorKind,
  type RequestFailure,
  type RequestResult,
  type RequestSpec,
  type RequestSpecInput,
  type ResponseSummary,
} from './types';
import { isSecretHeader } from './export';
import { checkHost, NON_LOOPBACK_CODE } from './loopback';
import { send, type Sent } from './transport';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function fail(kind: RequestErrorKind, message: string, extra: Partial<RequestFailure> = {}): RequestFailure {
  return { ok: false, kind, message, warnings: [], ...extra };
}

/** The URL is allowed, or a failure; pushes a warning when a non-loopback host is allowed by configuration. */
export function checkTarget(url: URL, options: ExecuteOptions, warnings: string[]): RequestFailure | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('invalid-url', `Only http:// and https:// URLs can be sent (got ${url.protocol}).`);
  }
  const host = checkHost(url, options.policy);
  if (!host.ok) return fail('non-loopback', host.message);
  if (host.warning && !warnings.includes(host.warning)) warnings.push(host.warning);
  return undefined;
}

/**
 * The headers a followed redirect keeps when it leaves the origin: Authorization, Cookie and
 * Proxy-Authorization are dropped (as browsers and undici do), and so is every header the user marked
 * secret or that carries a key (X-Api-Key and the other names export.ts keeps out of exports).
 */
function crossOriginHeaders(headers: Headers, spec: RequestSpec): Headers {
  const marked = new Set(spec.headers.filter((h) => h.secret === true).map((h) => h.name.trim().toLowerCase()));
  const kept = new Headers();
  headers.forEach((v, k) => {
    if (!marked.has(k) && !isSecretHeader(k)) kept.append(k, v);
  });
  return kept;
}

function buildHeaders(spec: RequestSpec): Headers | string {
  const headers = new Headers();
  try {
    for (const h of spec.headers) {
      if (h.enabled === false || h.name.trim() === '') continue;
      headers.append(h.name.trim(), h.value);
    }
    const cookies = spec.cookies.filter((c) => c.enabled !== false && c.name !== '').map((c) => `${c.name}=${c.value}`);
    if (cookies.length > 0) {
      const existing = headers.get('cookie');
      headers.set('cookie', [existing, ...cookies].filter(Boolean).join('; '));
    }
  } catch (err) {
    return (err as Error).message;
  }
  return headers;
}

/** The jar's cookies before the request's own; a name the request sets itself is not sent twice. */
function withJarCookies(headers: Headers, jar: string | undefined): void {
  if (!jar) return;
  const own = headers.get('cookie');
  const names = new Set((own ?? '').split(';').map((c) => c.split('=')[0].trim()).filter(Boolean));
  const kept = jar.split('; ').filter((c) => !names.has(c.split('=')[0].trim()));
  if (kept.length > 0) headers.set('cookie', [...kept, own].filter(Boolean).join('; '));
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCause(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof Error) parts.push(`${e.name}: ${e.message}${(e as { code?: string }).code ? ` (${(e as { code?: string }).code})` : ''}`);
    else parts.push(String(e));
    e = e && typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.join(' <- ');
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

type Abort = { why?: 'timeout' | 'cancelled' };

function classify(err: unknown, url: URL, abort: Abort, timeoutMs: number, midBody: boolean, received: number): RequestFailure {
  const detail = describeCause(err);
  if (abort.why === 'timeout') {
    return fail('timeout', midBody
      ? `Timed out after ${seconds(timeoutMs)} while the body was still arriving (${received} bytes received). Raise the timeout to wait longer.`
      : `No response from ${url.host} within ${seconds(timeoutMs)} (timeout). The handler may be stuck or still compiling; raise the timeout to wait longer.`, { detail });
  }
  if (abort.why === 'cancelled') return fail('cancelled', midBody ? `Cancelled after ${received} bytes of the body.` : 'Cancelled.', { detail });
  const code = errorCode(err);
  if (code === NON_LOOPBACK_CODE) return fail('non-loopback', causeMessage(err), { detail });
  if (code === 'ECONNREFUSED') {
    return fail('refused', `Connection refused by ${url.host}: nothing listens there. Is next dev running? Start it from the panel or check bffRoutes.baseUrl.`, { detail });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('dns', `The host name ${url.hostname} does not resolve.`, { detail });
  if (midBody || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return fail('reset', midBody
      ? `The server closed the connection in the middle of the body (after ${received} bytes). The handler probably threw while streaming; see the server error below or the next dev terminal.`
      : `The server closed the connection before answering (${code ?? 'reset'}).`, { detail });
  }
  return fail('network', `The request failed: ${causeMessage(err)}`, { detail });
}

function causeMessage(err: unknown): string {
  return err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
}

interface Sink {
  kept: Uint8Array[];
  keptBytes: number;
  total: number;
  truncated: boolean;
  spill?: fs.promises.FileHandle;
  spillFile?: string;
  chunks: ChunkRecord[];
  dropped: number;
}

async function spillOpen(dir: string): Promise<{ handle: fs.promises.FileHandle; file: string } | undefined> {
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    const file = path.join(dir, `response-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.bin`);
    return { handle: await fs.promises.open(file, 'wx'), file };
  } catch {
    return undefined;
  }
}

async function sinkChunk(sink: Sink, bytes: Uint8Array, cap: number, options: ExecuteOptions, warnings: string[]): Promise<void> {
  sink.total += bytes.byteLength;
  if (!sink.truncated) {
    const room = cap - sink.keptBytes;
    if (bytes.byteLength <= room) {
      sink.kept.push(bytes);
      sink.keptBytes += bytes.byteLength;
      return;
    }
    if (room > 0) {
      sink.kept.push(bytes.subarray(0, room));
      sink.keptBytes += room;
    }
    sink.truncated = true;
    if (options.spillDir) {
      const opened = await spillOpen(options.spillDir);
      if (opened) {
        sink.spill = opened.handle;
        sink.spillFile = opened.file;
        for (const k of sink.kept) await opened.handle.write(k);
        const rest = bytes.subarray(room > 0 ? room : 0);
        await opened.handle.write(rest);
      } else {
        warnings.push(`Could not create a file in ${options.spillDir} to keep the whole body; only its first ${cap} bytes are kept.`);
      }
    }
    return;
  }
  if (sink.spill) await sink.spill.write(bytes);
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/**
 * Sends one request. The spec is validated (it may come from the webview); the body is checked
 * before anything is sent. `hooks.onChunk` sees each body chunk as it arrives.
 */
export async function executeRequest(input: RequestSpecInput, hooks: ExecuteHooks = {}, options: ExecuteOptions = {}): Promise<RequestResult> {
  const parsed = RequestSpecSchema.safeParse(input);
  if (!parsed.success) {
    return fail('invalid-request', `The request is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`);
  }
  const spec = parsed.data;
  const warnings: string[] = [];
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return fail('invalid-url', `"${spec.url}" is not a valid URL.`);
  }
  const target = checkTarget(url, options, warnings);
  if (target) return target;
  const check = validateBody(spec.body, spec.method);
  if (!check.ok) return fail('invalid-body', check.message, check.position ? { position: check.position } : {});
  const headersOrError = buildHeaders(spec);
  if (typeof headersOrError === 'string') return fail('invalid-header', `A header is invalid: ${headersOrError}`);
  let headers = headersOrError;

  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = Math.max(0, options.bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES);
  const maxChunkRecords = options.maxChunkRecords ?? 10_000;
  const controller = new AbortController();
  const abort: Abort = {};
  const onCancel = (): void => {
    abort.why ??= 'cancelled';
    controller.abort();
  };
  if (hooks.signal?.aborted) return fail('cancelled', 'Cancelled.');
  hooks.signal?.addEventListener('abort', onCancel, { once: true });
  const timer = timeoutMs > 0 ? setTimeout(() => {
    abort.why ??= 'timeout';
    controller.abort();
  }, timeoutMs) : undefined;

  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  let method: HttpMethod = spec.method;
  let sendBody = true;
  const redirects: RedirectHop[] = [];
  const sink: Sink = { kept: [], keptBytes: 0, total: 0, truncated: false, chunks: [], dropped: 0 };
  let head: Omit<ResponseSummary, 'ok' | 'totalMs' | 'bodyBytes' | 'body' | 'truncated' | 'chunks' | 'chunksDropped' | 'warnings'> | undefined;

  try {
    let res: Sent;
    for (let hop = 0; ; hop++) {
      let fetchBody: Awaited<ReturnType<typeof toFetchBody>> = {};
      if (sendBody) {
        try {
          fetchBody = await toFetchBody(spec.body);
        } catch (err) {
          return fail('file-unreadable', (err as Error).message, { warnings });
        }
      }
      const h = new Headers(headers);
      if (fetchBody.body === undefined) h.delete('content-type');
      else if (fetchBody.body instanceof FormData) {
        if (h.has('content-type')) {
          h.delete('content-type');
          const w = 'The Content-Type header was not sent: a multipart body needs the boundary fetch generates.';
          if (!warnings.includes(w)) warnings.push(w);
        }
      } else if (!h.has('content-type') && fetchBody.contentType) h.set('content-type', fetchBody.contentType);
      withJarCookies(h, options.cookies?.header(url.href));
      try {
        res = await send(url, { method, headers: h, body: fetchBody.body, signal: controller.signal, policy: options.policy, resolve: options.resolve });
        options.cookies?.store(url.href, res.headers.getSetCookie());
      } catch (err) {
        const failure = classify(err, url, abort, timeoutMs, false, 0);
        if (hop > 0 && failure.kind === 'non-loopback') failure.message = `The redirect to ${url.href} was not followed: ${failure.message}`;
        return { ...failure, warnings };
      }
      const location = res.headers.get('location');
      if (!REDIRECT_STATUSES.has(res.status) || location === null) break;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        warnings.push(`The redirect's Location "${location}" is not a valid URL.`);
        break;
      }
      if (!spec.followRedirects) {
        head = { ...headOf(res, url, elapsed()), method, redirects, redirectTo: next.href };
        break;
      }
      res.cancel();
      redirects.push({ status: res.status, url: url.href, location: next.href });
      if (hop + 1 >= MAX_REDIRECTS) {
        return fail('too-many-redirects', `Stopped after ${MAX_REDIRECTS} redirects (last to ${next.href}); the route probably redirects in a loop.`, { warnings });
      }
      const refused = checkTarget(next, options, warnings);
      if (refused) {
        return { ...refused, message: `The redirect to ${next.href} was not followed: ${refused.message}`, warnings };
      }
      if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
        method = 'GET';
        sendBody = false;
      }
      if (next.origin !== url.origin) headers = crossOriginHeaders(headers, spec);
      url = next;
    }

    head ??= { ...headOf(res, url, elapsed()), method, redirects };
    const contentType = res.headers.get('content-type') ?? undefined;
    if (contentType !== undefined) head.contentType = contentType;
    hooks.onHead?.({ status: head.status, statusText: head.statusText, headers: head.headers, url: head.url, ttfbMs: head.ttfbMs });

    const finish = (): Omit<ResponseSummary, 'ok'> => {
      const s: Omit<ResponseSummary, 'ok'> = {
        ...head!,
        totalMs: elapsed(),
        bodyBytes: sink.total,
        body: concat(sink.kept, sink.keptBytes),
        truncated: sink.truncated,
        chunks: sink.chunks,
        chunksDropped: sink.dropped,
        warnings,
      };
      if (sink.spillFile) s.spillFile = sink.spillFile;
      return s;
    };

    {
      try {
        for await (const value of res.body) {
          const t = elapsed();
          if (sink.chunks.length < maxChunkRecords) sink.chunks.push({ tMs: t, bytes: value.byteLength });
          else sink.dropped++;
          hooks.onChunk?.(value, t);
          await sinkChunk(sink, value, cap, options, warnings);
        }
      } catch (err) {
        const failure = classify(err, url, abort, timeoutMs, true, sink.total);
        return { ...failure, partial: finish(), warnings };
      } finally {
        res.cancel();
      }
    }
    return { ok: true, ...finish() };
  } finally {
    if (timer) clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', onCancel);
    await sink.spill?.close().catch(() => undefined);
  }
}

function headOf(res: Sent, url: URL, ttfbMs: number): { status: number; statusText: string; headers: Array<[string, string]>; url: string; ttfbMs: number } {
  const headers: Array<[string, string]> = [];
  res.headers.forEach((v, k) => {
    if (k === 'set-cookie') return;
    headers.push([k, v]);
  });
  for (const c of res.headers.getSetCookie()) headers.push(['set-cookie', c]);
  return { status: res.status, statusText: res.statusText, headers, url: url.href, ttfbMs };
}
