// The server-side error behind a 5xx. Two sources, both read:
// - the dev server's MCP endpoint (`/_next/mcp`, streamable HTTP JSON-RPC: initialize, then tools/call
//   `get_errors`). Next 16 answers it with config errors, and with runtime/build errors only while a
//   browser tab of the app is open ("No browser sessions connected" otherwise);
// - `<distDir>/dev/logs/next-development.log`, JSON lines appended (debounced ~100 ms) by next dev. A
//   route handler's throw appears there as `⨯ TypeError: message` WITHOUT its stack.
// So a log error without frames is located by finding the thrown message in the requested route file;
// the location says how it was found. Stacks (MCP, or next dev's terminal output) are parsed into frames
// mapped to workspace files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { openRegularSync, readTextSync } from '../fileRead';
import { isBelow, isFile } from '../paths';
import type { NextApp } from '../project/nextApps';
import { devLogPath } from './devServer';
import { parseSse } from './format';
import { checkHost } from './loopback';
import { send } from './transport';
import type { NetworkPolicy, ServerError, ServerErrorReport, StackFrame } from './types';

// ---- stacks ----

const FRAME_RE = /^\s*at\s+(?:(?:async\s+)?(.*?)\s+\((.+?):(\d+):(\d+)\)|(?:async\s+)?(.+?):(\d+):(\d+))\s*$/;

/**
 * The workspace file a stack location names, or undefined. Understands absolute paths, file:// URLs,
 * paths relative to the app (what next dev prints), webpack-internal:///(rsc)/./x and Turbopack's
 * `[project]/<path from the Turbopack root>/x` (the root may be above the app: leading segments are
 * dropped until the rest exists inside the app).
 */
export function resolveFrameFile(raw: string, appRoot: string): string | undefined {
  let p = raw.trim();
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
    } catch {
      return undefined;
    }
  }
  p = p.replace(/^webpack-internal:\/\/\/(\([^)]*\)\/)?/, '').replace(/^webpack:\/\/[^/]*\//, '').replace(/^\[project\]\//, '').replace(/\s*\[[^\]]*\]\s*\([^)]*\)$/, '');
  if (/^(node:|internal\/|<anonymous>|native)/.test(p)) return undefined;
  if (/(^|[\\/])node_modules[\\/]/.test(p)) return undefined;
  if (path.isAbsolute(p)) return isBelow(appRoot, p) && isFile(p) ? path.normalize(p) : undefined;
  const parts = p.replace(/^\.\//, '').split(/[\\/]/).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const candidate = path.join(appRoot, ...parts.slice(i));
    if (isBelow(appRoot, candidate) && isFile(candidate)) return candidate;
  }
  return undefined;
}

function isInternal(raw: string): boolean {
  return /node_modules|^node:|^internal\/|next[\\/]dist|<anonymous>|^native/.test(raw);
}

/** Frames of a V8 stack (`at fn (file:line:col)` / `at file:line:col`), with workspace files resolved under `appRoot`. */
export function parseStack(stack: string, appRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split(/\r?\n/)) {
    const m = FRAME_RE.exec(line);
    if (!m) continue;
    const raw = m[2] ?? m[5];
    const frame: StackFrame = { raw, line: Number(m[3] ?? m[6]), column: Number(m[4] ?? m[7]), internal: isInternal(raw) };
    if (m[1]) frame.fn = m[1];
    const file = frame.internal ? undefined : resolveFrameFile(raw, appRoot);
    if (file) frame.file = file;
    frames.push(frame);
  }
  return frames;
}

function firstLocation(frames: StackFrame[]): ServerError['location'] {
  const f = frames.find((fr) => fr.file && !fr.internal);
  return f?.file ? { file: f.file, line: f.line, column: f.column, how: 'stack' } : undefined;
}

/** `TypeError: message` -> name and message; other text -> message only. */
function splitHeadline(text: string): { name?: string; message: string } {
  const s = text.replace(/^\s*⨯\s*/, '').trim();
  const m = /^([A-Z][A-Za-z]*(?:Error|Exception))(?:\s*\[[^\]]*\])?:\s*([\s\S]*)$/.exec(s);
  return m ? { name: m[1], message: m[2] } : { message: s };
}

/**
 * Errors printed by next dev on its terminal: a `⨯ Name: message` line followed by `at ...` lines
 * (and a code frame, ignored). For glue that captures next dev's output.
 */
export function parseDevOutput(output: string, appRoot: string): ServerError[] {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
  const errors: ServerError[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*⨯ /.test(lines[i])) continue;
    const head = splitHeadline(lines[i]);
    const stackLines: string[] = [];
    let j = i + 1;
    while (j < lines.length && FRAME_RE.test(lines[j])) stackLines.push(lines[j++]);
    const frames = parseStack(stackLines.join('\n'), appRoot);
    const e: ServerError = { ...head, frames, source: 'output' };
    if (stackLines.length) e.stack = [lines[i].replace(/^\s*⨯\s*/, ''), ...stackLines].join('\n');
    const loc = firstLocation(frames);
    if (loc) e.location = loc;
    errors.push(e);
    i = j - 1;
  }
  return errors;
}

// ---- the dev log ----

const LogLineSchema = z.object({ timestamp: z.string().optional(), source: z.string().optional(), level: z.string(), message: z.string() });
export type DevLogEntry = z.infer<typeof LogLineSchema>;

/** JSON lines of next-development.log; lines that do not parse are skipped. */
export function parseDevLog(text: string): DevLogEntry[] {
  const out: DevLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = LogLineSchema.safeParse(JSON.parse(line));
      if (r.success) out.push(r.data);
    } catch {
      // a partially written last line
    }
  }
  return out;
}

/** The log's current size: pass it as `logOffset` to read only what a request adds. */
export function devLogOffset(app: Pick<NextApp, 'root' | 'distDir'>): number {
  try {
    return fs.statSync(devLogPath(app)).size;
  } catch {
    return 0;
  }
}

function readLogFrom(file: string, offset: number): string | undefined {
  const opened = openRegularSync(file);
  if ('ok' in opened) return undefined;
  const { fd, size } = opened;
  try {
    const from = size < offset ? 0 : offset; // next dev empties the log when it restarts
    const len = Math.min(size - from, 4 * 1024 * 1024);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, from);
    return buf.toString('utf8');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function logErrorToServerError(entry: DevLogEntry, appRoot: string): ServerError {
  const [first, ...rest] = entry.message.split('\n');
  const head = splitHeadline(first);
  const frames = parseStack(rest.join('\n'), appRoot);
  const e: ServerError = { ...head, frames, source: 'log' };
  if (rest.some((l) => FRAME_RE.test(l))) e.stack = entry.message.replace(/^\s*⨯\s*/, '');
  if (entry.timestamp) e.timestamp = entry.timestamp;
  const loc = firstLocation(frames);
  if (loc) e.location = loc;
  return e;
}

/**
 * Where `message` is thrown in `file`: the string literal holding it (`throw new Error('message')`).
 * Used when an error has no stack. Undefined when the text is not found exactly once.
 */
export function locateMessage(file: string, message: string): ServerError['location'] {
  const needle = message.trim();
  if (needle.length < 3) return undefined;
  const text = readTextSync(file);
  if (text === undefined) return undefined;
  const at = text.indexOf(needle);
  if (at < 0 || text.indexOf(needle, at + 1) >= 0) return undefined;
  // Point at the start of the statement line holding the literal.
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const before = text.slice(0, lineStart);
  const line = before.split('\n').length;
  const indent = /^\s*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  return { file, line, column: indent + 1, how: 'message' };
}

// ---- MCP ----

const JsonRpcResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.number(), z.string(), z.null()]).optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.number(), message: z.string() }).optional(),
});

const ToolResultSchema = z.object({ content: z.array(z.object({ type: z.string(), text: z.string().optional() })) });

const McpFrameSchema = z.object({ file: z.string(), methodName: z.string().optional(), line: z.number().nullable().optional(), column: z.number().nullable().optional() });
const GetErrorsSchema = z.object({
  error: z.string().optional(),
  configErrors: z.array(z.object({ name: z.string().optional(), message: z.string(), stack: z.string().nullable().optional() })).optional(),
  sessionErrors: z
    .array(
      z.object({
        url: z.string().optional(),
        buildError: z.string().nullable().optional(),
        runtimeErrors: z.array(z.object({ type: z.string().optional(), errorName: z.string().optional(), message: z.string(), stack: z.array(McpFrameSchema).optional() })).optional(),
      }),
    )
    .optional(),
});
export type GetErrorsResult = z.infer<typeof GetErrorsSchema>;

async function mcpCall(endpoint: string, body: object, session: string | undefined, signal: AbortSignal, policy: NetworkPolicy | undefined): Promise<{ result: unknown; session?: string }> {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
  if (session) headers.set('mcp-session-id', session);
  const res = await send(new URL(endpoint), { method: 'POST', headers, body: JSON.stringify(body), signal, policy });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`${endpoint} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  const payloads = (res.headers.get('content-type') ?? '').includes('text/event-stream') ? parseSse(text.endsWith('\n\n') ? text : `${text}\n\n`).map((e) => e.data) : [text];
  for (const p of payloads) {
    let json: unknown;
    try {
      json = JSON.parse(p);
    } catch {
      continue;
    }
    const r = JsonRpcResponseSchema.safeParse(json);
    if (!r.success) continue;
    if (r.data.error) throw new Error(`MCP error ${r.data.error.code}: ${r.data.error.message}`);
    const sid = res.headers.get('mcp-session-id') ?? session;
    return sid ? { result: r.data.result, session: sid } : { result: r.data.result };
  }
  throw new Error(`${endpoint} gave no JSON-RPC answer`);
}

/**
 * Calls the dev server's MCP tool `get_errors` and returns its parsed JSON payload. Rejects with a reason.
 * Connects only where a request may go (./loopback), through the same checked lookup.
 */
export async function mcpGetErrors(baseUrl: string, signal: AbortSignal, policy?: NetworkPolicy): Promise<GetErrorsResult> {
  const endpoint = `${baseUrl.replace(/\/+$/, '')}/_next/mcp`;
  const host = checkHost(new URL(endpoint), policy);
  if (!host.ok) throw new Error(host.message);
  return getErrors(endpoint, signal, policy);
}

async function getErrors(endpoint: string, signal: AbortSignal, policy: NetworkPolicy | undefined): Promise<GetErrorsResult> {
  const init = await mcpCall(
    endpoint,
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'bff-routes', version: '1' } } },
    undefined,
    signal,
    policy,
  );
  const call = await mcpCall(endpoint, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_errors', arguments: {} } }, init.session, signal, policy);
  const tool = ToolResultSchema.safeParse(call.result);
  if (!tool.success) throw new Error('get_errors returned an unexpected result');
  const text = tool.data.content.find((c) => c.type === 'text')?.text ?? '';
  const parsed = GetErrorsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('get_errors returned an unexpected payload');
  return parsed.data;
}

/** Turns a get_errors payload into ServerErrors (config errors, runtime errors with frames, build errors). */
export function errorsFromMcp(payload: GetErrorsResult, appRoot: string): ServerError[] {
  const out: ServerError[] = [];
  for (const c of payload.configErrors ?? []) {
    const frames = c.stack ? parseStack(c.stack, appRoot) : [];
    const e: ServerError = { name: c.name ?? 'Error', message: c.message, frames, source: 'mcp' };
    if (c.stack) e.stack = c.stack;
    const loc = firstLocation(frames);
    if (loc) e.location = loc;
    out.push(e);
  }
  for (const s of payload.sessionErrors ?? []) {
    if (s.buildError) out.push({ name: 'Build error', message: s.buildError, frames: [], source: 'mcp' });
    for (const r of s.runtimeErrors ?? []) {
      const frames: StackFrame[] = (r.stack ?? []).map((f) => {
        const fr: StackFrame = { raw: f.file, line: f.line ?? 0, column: f.column ?? 0, internal: isInternal(f.file) };
        if (f.methodName && f.methodName !== '<anonymous>') fr.fn = f.methodName;
        const file = fr.internal ? undefined : resolveFrameFile(f.file, appRoot);
        if (file) fr.file = file;
        return fr;
      });
      const e: ServerError = { name: r.errorName ?? 'Error', message: r.message, frames, source: 'mcp' };
      const loc = firstLocation(frames);
      if (loc) e.location = loc;
      out.push(e);
    }
  }
  return out;
}

export interface FetchServerErrorsOptions {
  /** The dev server's origin, e.g. http://127.0.0.1:3000. */
  url: string;
  app: Pick<NextApp, 'root' | 'distDir'>;
  /** devLogOffset(app) taken just before the request was sent: only later log lines are read. */
  logOffset?: number;
  /** The requested route's file: where an error without a stack is looked for. */
  routeFile?: string;
  /** How long to wait for next dev to flush its log (it debounces by 100 ms). Default 1 500 ms. */
  logWaitMs?: number;
  /** MCP timeout. Default 3 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Where the MCP call may connect (`bffRoutes.allowNonLoopback`); loopback and localhost only by default. */
  policy?: NetworkPolicy;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** Never rejects: a source that fails adds a note. */
export async function fetchServerErrors(options: FetchServerErrorsOptions): Promise<ServerErrorReport> {
  const notes: string[] = [];
  const errors: ServerError[] = [];
  const root = options.app.root;
  let fromMcp = false;
  let fromLog = false;

  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), options.timeoutMs ?? 3000);
  const onAbort = (): void => ctrl.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const payload = await mcpGetErrors(options.url, ctrl.signal, options.policy);
    if (payload.error) notes.push(`MCP get_errors: ${payload.error}`);
    const mcpErrors = errorsFromMcp(payload, root);
    if (mcpErrors.length > 0) fromMcp = true;
    errors.push(...mcpErrors);
  } catch (err) {
    notes.push(`MCP get_errors unavailable: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }

  const logFile = devLogPath(options.app);
  const offset = options.logOffset ?? 0;
  const deadline = Date.now() + (options.logWaitMs ?? 1500);
  let entries: DevLogEntry[] = [];
  // Bounded wait: next dev appends the error ~100 ms after the response.
  for (;;) {
    const text = readLogFrom(logFile, offset);
    if (text === undefined) {
      notes.push(`${path.relative(root, logFile)} not found (next dev writes it only while its MCP server is enabled).`);
      break;
    }
    entries = parseDevLog(text).filter((e) => e.level === 'ERROR');
    if (entries.length > 0 || Date.now() >= deadline || options.signal?.aborted) break;
    await sleep(50, options.signal);
  }
  for (const entry of entries) {
    const e = logErrorToServerError(entry, root);
    if (!e.location && options.routeFile) {
      const loc = locateMessage(options.routeFile, e.message);
      if (loc) e.location = loc;
    }
    errors.push(e);
    fromLog = true;
  }
  if (!fromMcp && !fromLog) notes.push('No server error was recorded for this request.');
  return { source: fromMcp && fromLog ? 'both' : fromMcp ? 'mcp' : fromLog ? 'log' : 'none', errors, notes };
}
