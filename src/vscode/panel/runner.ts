// Runs one request of the panel: draft -> URL and spec (src/core/http), the executor with its hooks
// turned into view messages (chunks batched), the body formatted for display, the server-side error
// of a 5xx, history and secret storage. Never throws: every failure becomes a `requestFailed`.
import { validateBody } from '../../core/http/body';
import { executeRequest } from '../../core/http/executor';
import { formatBody, parseContentType } from '../../core/http/format';
import type { DevOutput } from '../../core/http/devOutput';
import { devLogOffset, fetchServerErrors, locateMessage } from '../../core/http/serverErrors';
import type { RequestBody as CoreBody, RequestFailure, RequestSpecInput, ResponseHead, ResponseSummary, ServerError } from '../../core/http/types';
import { checkHost } from '../../core/http/loopback';
import { buildUrl } from '../../core/http/url';
import { displayUrl, prepareDraft, type RequestEnvironment } from '../../core/http/prepare';
import type { NextApp } from '../../core/project/nextApps';
import type { BodyView, RequestDraft, ToViewMessage } from '../../protocol';

/**
 * Characters of a formatted body sent to the view; the rest is behind "Save whole body…" and "Open in
 * editor". The view draws only the lines on screen, so a 10 MB JSON body (about 14 M characters once
 * re-indented, twice that for a deeply nested one) is shown whole (test/bench/bodyView.bench.ts: the longest task of the tab drawing it).
 */
export const DISPLAY_TEXT_MAX = 32 * 1024 * 1024;
/** Characters of one streamed chunk shown in the chunk table. */
const CHUNK_TEXT_MAX = 4096;
/** Streamed chunks are sent to the view at most this often. */
const CHUNK_FLUSH_MS = 50;

export type Sink = (message: ToViewMessage) => void;

/** What the command API (`bffRoutes.sendRequest`) returns: plain data, JSON-serializable. */
export interface SendResult {
  requestId: string;
  ok: boolean;
  url?: string;
  status?: number;
  statusText?: string;
  headers?: Array<[string, string]>;
  /** The kept body decoded as UTF-8 (the whole body unless `truncated`). */
  body?: string;
  bodyBytes?: number;
  truncated?: boolean;
  ttfbMs?: number;
  totalMs?: number;
  chunks?: number;
  redirectTo?: string;
  error?: { kind: string; message: string };
  serverError?: {
    name?: string;
    message: string;
    /** Where it came from: next dev's terminal output (a server the panel started), its MCP endpoint, or its log. */
    source: ServerError['source'];
    /** How the location was found: a stack frame, or the message searched in the route file. */
    how?: 'stack' | 'message';
    file?: string;
    line?: number;
    column?: number;
    frames: number;
  };
  warnings: string[];
}

export interface RunContext {
  app: NextApp;
  /** The dev server origin, when one was found. */
  baseUrl: string | undefined;
  /** The route file (undefined when it was deleted). */
  routeFile: string | undefined;
  allowNonLoopback: boolean;
  bodyCapBytes: number;
  spillDir?: string;
  signal: AbortSignal;
  /** The output of a next dev the panel started: a 5xx's error is read from it with its whole stack. */
  devOutput?: DevOutput;
  /** How long to wait for next dev to print a 5xx's error. Default 3 000 ms. */
  outputWaitMs?: number;
  /** The active environment (src/vscode/environments.ts): variables, auth, cookie jar, a baseUrl that wins. */
  env?: RequestEnvironment;
}

export function toCoreBody(body: RequestDraft['body']): CoreBody {
  switch (body.kind) {
    case 'none': return { kind: 'none' };
    case 'json': return { kind: 'json', text: body.text };
    case 'text': return { kind: 'text', text: body.text, contentType: body.contentType };
    case 'urlencoded': return { kind: 'urlencoded', fields: body.fields };
    case 'multipart':
      return {
        kind: 'multipart',
        fields: body.fields.map((f) => (f.kind === 'text'
          ? { kind: 'text' as const, name: f.name, value: f.value, enabled: f.enabled }
          : { kind: 'file' as const, name: f.name, path: f.path, ...(f.filename ? { filename: f.filename } : {}), enabled: f.enabled })),
      };
  }
}

/** The executor's spec for a draft, or why it cannot be built. */
export function draftToSpec(draft: RequestDraft, baseUrl: string): { ok: true; spec: RequestSpecInput } | { ok: false; kind: string; message: string } {
  const built = buildUrl(baseUrl, draft.route, draft.params, draft.query);
  if (!built.ok) return { ok: false, kind: built.param ? 'invalid-param' : 'invalid-url', message: built.error };
  if (draft.body.kind === 'multipart') {
    const missing = draft.body.fields.find((f) => f.enabled && f.kind === 'file' && f.path === '');
    if (missing) return { ok: false, kind: 'invalid-body', message: `Choose a file for the multipart field "${missing.name || '(unnamed)'}", or disable the field.` };
  }
  return {
    ok: true,
    spec: {
      method: draft.method,
      url: built.url,
      headers: draft.headers,
      cookies: draft.cookies,
      body: toCoreBody(draft.body),
      timeoutMs: draft.timeoutMs,
      followRedirects: draft.followRedirects,
    },
  };
}

function isTextual(contentType: string | undefined): boolean {
  const { mime } = parseContentType(contentType);
  return !mime || mime.startsWith('text/') || /json|xml|javascript|event-stream|x-www-form-urlencoded|ndjson/.test(mime);
}

function headerOf(head: ResponseHead, name: string): string | undefined {
  return head.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** The formatted body as the view receives it: long text cut to DISPLAY_TEXT_MAX with a note. */
export function toBodyView(summary: Pick<ResponseSummary, 'body' | 'contentType' | 'bodyBytes' | 'truncated'>): BodyView {
  const f = formatBody(summary.body, summary.contentType, { totalBytes: summary.bodyBytes, truncated: summary.truncated });
  const cut = (text: string, note: string | undefined): { text: string; note?: string } => {
    if (text.length <= DISPLAY_TEXT_MAX) return note ? { text, note } : { text };
    const shown = `Showing the first ${Math.round(DISPLAY_TEXT_MAX / 1024 / 1024)} MB of the formatted body.`;
    return { text: text.slice(0, DISPLAY_TEXT_MAX), note: note ? `${note} ${shown}` : shown };
  };
  switch (f.kind) {
    case 'empty': return f.note ? { kind: 'empty', note: f.note } : { kind: 'empty' };
    case 'json': return { kind: 'json', ...cut(f.text, f.note) };
    case 'xml': case 'html': case 'text': return { kind: f.kind, ...cut(f.text, f.note) };
    case 'sse': {
      const c = cut(f.text, f.note);
      return { kind: 'sse', ...c, events: f.events.slice(0, 100_000) };
    }
    case 'image': return f.base64.length <= 20 * 1024 * 1024 ? { kind: 'image', mime: f.mime, base64: f.base64, ...(f.note ? { note: f.note } : {}) } : { kind: 'binary', hexHead: '', bytes: summary.bodyBytes, note: 'Image too large to show.' };
    case 'binary': return { kind: 'binary', hexHead: f.hexHead, bytes: f.bytes, ...(f.note ? { note: f.note } : {}) };
  }
}

/** Characters of a body text per message: a webview decodes each message in one task, so a 16 M-character body goes in pieces. */
export const BODY_PART_CHARS = 512 * 1024;

/** A long text body as parts sent before `responseEnd` (whose body text is then empty); short bodies go whole. */
export function splitBody(body: BodyView): { body: BodyView; parts: string[] } {
  if (body.kind !== 'json' && body.kind !== 'xml' && body.kind !== 'html' && body.kind !== 'text') return { body, parts: [] };
  if (body.text.length <= BODY_PART_CHARS) return { body, parts: [] };
  const parts: string[] = [];
  for (let i = 0; i < body.text.length; i += BODY_PART_CHARS) parts.push(body.text.slice(i, i + BODY_PART_CHARS));
  return { body: { ...body, text: '' }, parts };
}

/** Runs a validated draft; posts view messages to `sink`; resolves with the summary (never rejects). */
export async function runDraft(requestId: string, draft: RequestDraft, ctx: RunContext, sink: Sink): Promise<{ result: SendResult; summary?: ResponseSummary }> {
  const fail = (kind: string, message: string, extra: Partial<SendResult> = {}): { result: SendResult } => {
    sink({ type: 'requestFailed', requestId, kind, message });
    return { result: { requestId, ok: false, error: { kind, message }, warnings: [], ...extra } };
  };
  if (!ctx.routeFile) return fail('route-deleted', `The route file of ${draft.route} was deleted. Your request is kept: recreate the file, or pick another route.`);
  // ---- environment hook: the environment's baseUrl wins; {{variables}} resolved and auth added, or nothing is sent.
  const env = ctx.env;
  if (env?.problem) return fail('environment', env.problem);
  const base = env?.baseUrl ?? ctx.baseUrl;
  if (!base) {
    return fail('not-running', 'next dev is not running for this app. Click "Start next dev", run it in a terminal, or set bffRoutes.baseUrl to the server\'s URL.');
  }
  let sendBase = base;
  let shownUrl: string | undefined;
  if (env) {
    const prepared = prepareDraft(draft, env.scope, base, env.auth);
    if (!prepared.ok) return fail('variable', prepared.message);
    draft = prepared.draft;
    sendBase = prepared.baseUrl;
    // A URL holding a secret (an API key in the query, a private variable) is shown and kept as {{name}}.
    const display = displayUrl(prepared.displayBaseUrl, prepared.display);
    if (prepared.secret && display.ok) shownUrl = display.url;
  }
  // ---- end of the environment hook
  const built = draftToSpec(draft, sendBase);
  if (!built.ok) return fail(built.kind, built.message);
  const spec = built.spec;
  const url = shownUrl ?? spec.url;
  const sentUrl = spec.url;
  const check = validateBody(toCoreBody(draft.body), draft.method);
  if (!check.ok) {
    const where = check.position ? ` (line ${check.position.line}, column ${check.position.column})` : '';
    return fail('invalid-body', `${check.message}${where}`, { url });
  }
  const policy = { allowNonLoopback: ctx.allowNonLoopback };
  const host = checkHost(new URL(sentUrl), policy);
  if (!host.ok) return fail('non-loopback', env?.baseUrl !== undefined ? `The environment "${env.name ?? ''}" sends to ${new URL(sentUrl).host}: ${host.message}` : host.message, { url });
  const { warning } = host;
  sink({ type: 'requestStarted', requestId, url, method: draft.method, ...(warning ? { warning } : {}) });

  const logOffset = safe(() => devLogOffset(ctx.app), 0);
  const outputMark = ctx.devOutput?.mark();
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let pending: Array<{ index: number; atMs: number; bytes: number; text: string }> = [];
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (pending.length) {
      sink({ type: 'responseChunks', requestId, chunks: pending.slice(0, 1000) });
      pending = pending.slice(1000);
    }
  };
  const result = await executeRequest(spec, {
    signal: ctx.signal,
    onHead: (head) => {
      const ct = headerOf(head, 'content-type');
      decoder = isTextual(ct) ? new TextDecoder('utf-8', { fatal: false }) : undefined;
      const streaming = /event-stream/i.test(ct ?? '') || headerOf(head, 'content-length') === undefined;
      sink({ type: 'responseHead', requestId, status: head.status, statusText: head.statusText, headers: head.headers.slice(0, 1000), ttfbMs: head.ttfbMs, streaming });
    },
    onChunk: (bytes, tMs) => {
      const text = decoder ? decoder.decode(bytes, { stream: true }) : '';
      pending.push({ index: index++, atMs: tMs, bytes: bytes.byteLength, text: text.length > CHUNK_TEXT_MAX ? `${text.slice(0, CHUNK_TEXT_MAX)}…` : text });
      if (pending.length >= 1000) flush();
      else timer ??= setTimeout(flush, CHUNK_FLUSH_MS);
    },
  }, {
    policy,
    ...(env?.cookies ? { cookies: env.cookies } : {}),
    bodyCapBytes: ctx.bodyCapBytes,
    ...(ctx.spillDir ? { spillDir: ctx.spillDir } : {}),
  });
  flush();

  if (!result.ok) return finishFailure(requestId, result, url, sink);

  const formatted = toBodyView(result);
  const cutForDisplay = 'text' in formatted && formatted.text.length >= DISPLAY_TEXT_MAX;
  const { body, parts } = splitBody(formatted);
  for (const [i, text] of parts.entries()) sink({ type: 'responseBodyPart', requestId, index: i, text });
  sink({
    type: 'responseEnd', requestId, totalMs: result.totalMs, size: result.bodyBytes, truncated: result.truncated || cutForDisplay, body,
    ...(parts.length ? { bodyParts: parts.length } : {}),
    canSaveBody: result.bodyBytes > 0,
    ...(result.redirectTo ? { redirectTo: result.redirectTo } : {}),
    redirects: result.redirects.slice(0, 50),
    chunks: result.chunks.length + result.chunksDropped,
    warnings: result.warnings.slice(0, 20),
  });
  const out: SendResult = {
    requestId, ok: true, url, status: result.status, statusText: result.statusText, headers: result.headers,
    body: new TextDecoder().decode(result.body), bodyBytes: result.bodyBytes, truncated: result.truncated,
    ttfbMs: result.ttfbMs, totalMs: result.totalMs, chunks: result.chunks.length + result.chunksDropped,
    ...(result.redirectTo ? { redirectTo: result.redirectTo } : {}),
    warnings: result.warnings,
  };
  if (result.status >= 500) {
    const se = await serverErrorOf(requestId, ctx, logOffset, outputMark, sink);
    if (se) out.serverError = se;
  }
  return { result: out, summary: result };
}

function finishFailure(requestId: string, failure: RequestFailure, url: string, sink: Sink): { result: SendResult } {
  sink({ type: 'requestFailed', requestId, kind: failure.kind, message: failure.message });
  return { result: { requestId, ok: false, url, error: { kind: failure.kind, message: failure.message }, warnings: failure.warnings, ...(failure.partial ? { status: failure.partial.status, bodyBytes: failure.partial.bodyBytes } : {}) } };
}

/**
 * The error behind a 5xx: from the output of a next dev the panel started (its whole stack), else from
 * the dev server's MCP endpoint or log (first line only for route handlers: the location is then found
 * by searching the message in the route file).
 */
async function serverErrorOf(requestId: string, ctx: RunContext, logOffset: number, outputMark: number | undefined, sink: Sink): Promise<SendResult['serverError']> {
  try {
    const notes: string[] = [];
    let err: ServerError | undefined;
    if (ctx.devOutput && outputMark !== undefined) {
      err = await ctx.devOutput.waitForError(outputMark, ctx.app.root, { timeoutMs: ctx.outputWaitMs ?? 3000, signal: ctx.signal });
      if (!err) notes.push('next dev printed no error for this request.');
    }
    if (!err) {
      const report = await fetchServerErrors({ url: ctx.baseUrl!, app: ctx.app, logOffset, policy: { allowNonLoopback: ctx.allowNonLoopback }, ...(ctx.routeFile ? { routeFile: ctx.routeFile } : {}), signal: ctx.signal });
      err = report.errors[report.errors.length - 1];
      notes.push(...report.notes);
    }
    if (!err) {
      sink({ type: 'serverErrorMissing', requestId, notes: notes.slice(0, 20) });
      return undefined;
    }
    if (!err.location && ctx.routeFile) {
      const loc = locateMessage(ctx.routeFile, err.message);
      if (loc) err.location = loc;
    }
    sink({
      type: 'serverError', requestId, source: err.source, message: err.message.slice(0, 16_000),
      ...(err.name ? { name: err.name } : {}),
      frames: err.frames.slice(0, 100).map((f) => ({ raw: f.raw.slice(0, 4000), line: f.line, column: f.column, internal: f.internal, ...(f.fn ? { fn: f.fn.slice(0, 1000) } : {}), ...(f.file ? { file: f.file } : {}) })),
      ...(err.location ? { location: { file: err.location.file, line: Math.max(1, err.location.line), column: err.location.column, how: err.location.how } } : {}),
    });
    return {
      message: err.message, source: err.source, frames: err.frames.length,
      ...(err.name ? { name: err.name } : {}),
      ...(err.location ? { file: err.location.file, line: err.location.line, column: err.location.column, how: err.location.how } : {}),
    };
  } catch (e) {
    sink({ type: 'serverErrorMissing', requestId, notes: [`looking up the server error failed: ${e instanceof Error ? e.message : String(e)}`] });
    return undefined;
  }
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
