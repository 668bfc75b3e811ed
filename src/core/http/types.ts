// The request panel's core data: what the UI asks for (RequestSpec, validated with zod because it
// arrives from the webview) and what the core answers (plain data, never a thrown error).
// No vscode import: the extension host glue, the CLI and the tests all use these.
import * as z from 'zod';
import { HTTP_METHODS, type HttpMethod } from './methods';

export { HTTP_METHODS, type HttpMethod } from './methods';
export const HttpMethodSchema = z.enum(HTTP_METHODS);

/** A header, query parameter, cookie or form field row. Disabled rows are kept but not sent. */
export const KeyValueSchema = z.object({
  name: z.string(),
  value: z.string(),
  enabled: z.boolean().optional(),
  /** The user marked the value secret: never written to history, settings or exports. */
  secret: z.boolean().optional(),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

export const MultipartFieldSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), name: z.string(), value: z.string(), enabled: z.boolean().optional() }),
  z.object({
    kind: z.literal('file'),
    name: z.string(),
    /** Absolute path of the file to upload; read (streamed) only when the request is sent. */
    path: z.string(),
    /** Defaults to the file's base name. */
    filename: z.string().optional(),
    /** Defaults to a type guessed from the extension, else application/octet-stream. */
    contentType: z.string().optional(),
    enabled: z.boolean().optional(),
  }),
]);
export type MultipartField = z.infer<typeof MultipartFieldSchema>;

export const RequestBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Validated before sending (see validateBody); sent as application/json unless a Content-Type header says otherwise. */
  z.object({ kind: z.literal('json'), text: z.string() }),
  /** Raw text or XML; `contentType` defaults to text/plain;charset=utf-8 unless a Content-Type header is set. */
  z.object({ kind: z.literal('text'), text: z.string(), contentType: z.string().optional() }),
  z.object({ kind: z.literal('urlencoded'), fields: z.array(KeyValueSchema) }),
  z.object({ kind: z.literal('multipart'), fields: z.array(MultipartFieldSchema) }),
]);
export type RequestBody = z.infer<typeof RequestBodySchema>;

/** One request as the executor runs it. `url` is absolute (built with buildUrl from a route pattern). */
export const RequestSpecSchema = z.object({
  method: HttpMethodSchema,
  url: z.string(),
  headers: z.array(KeyValueSchema).default([]),
  /** Sent as one `Cookie` header (merged after any Cookie header row). */
  cookies: z.array(KeyValueSchema).default([]),
  body: RequestBodySchema.default({ kind: 'none' }),
  /** Whole-request timeout in ms; 0 = none. Default 30 000. */
  timeoutMs: z.number().int().min(0).max(3_600_000).optional(),
  /** Follow 3xx redirects (each hop recorded). Default false: the redirect itself is shown. */
  followRedirects: z.boolean().optional(),
});
export type RequestSpec = z.infer<typeof RequestSpecSchema>;
/** A spec as callers may write it (defaults not yet applied). */
export type RequestSpecInput = z.input<typeof RequestSpecSchema>;

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Bodies at or above this size are truncated in memory (the view shows the head with a note). */
export const DEFAULT_BODY_CAP_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 20;

/** Where requests may go. Loopback is always allowed; anything else only when configured. */
export interface NetworkPolicy {
  /** `bffRoutes.allowNonLoopback` (or the like): allow hosts other than 127.0.0.1 / ::1 / localhost. */
  allowNonLoopback: boolean;
}

/** How a name becomes addresses (./loopback): the system resolver unless a test answers with addresses it controls. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface ExecuteOptions {
  policy?: NetworkPolicy;
  /** Resolves host names (localhost) for the checked lookup; the system resolver unless a test answers instead. */
  resolve?: Resolver;
  /** In-memory cap for the body kept for display. Default DEFAULT_BODY_CAP_BYTES. */
  bodyCapBytes?: number;
  /**
   * When set, a body that exceeds the cap is also written whole to a fresh file in this folder
   * (the glue passes the extension's storage folder) so the user can "save the whole".
   */
  spillDir?: string;
  /** Keep at most this many chunk timing records (the rest are counted). Default 10 000. */
  maxChunkRecords?: number;
  /** A cookie jar (./cookies.ts): asked for each hop's cookies, given each hop's Set-Cookie. */
  cookies?: CookieHooks;
}

/** How the executor uses a cookie jar, hop by hop (a followed redirect gets the cookies of its own URL). */
export interface CookieHooks {
  /** The Cookie header value the jar holds for `url`; a cookie the request sets itself wins over the jar's. */
  header(url: string): string | undefined;
  store(url: string, setCookies: readonly string[]): void;
}

export interface ResponseHead {
  status: number;
  statusText: string;
  /** In arrival order; repeated headers (set-cookie) stay separate entries. */
  headers: Array<[name: string, value: string]>;
  /** The URL this response came from (after followed redirects). */
  url: string;
  /** ms from the start of the request until the response head arrived. */
  ttfbMs: number;
}

export interface ExecuteHooks {
  signal?: AbortSignal;
  /** The final response's head (after followed redirects), before its body. */
  onHead?(head: ResponseHead): void;
  /** Each body chunk as it arrives; `tMs` from the start of the request. Do not keep `bytes` beyond the call. */
  onChunk?(bytes: Uint8Array, tMs: number): void;
}

export interface RedirectHop {
  status: number;
  url: string;
  location: string;
}

export interface ChunkRecord {
  tMs: number;
  bytes: number;
}

export interface ResponseSummary extends ResponseHead {
  ok: true;
  method: HttpMethod;
  contentType?: string;
  /** ms from the start until the body ended. */
  totalMs: number;
  /** Total body bytes received (not only those kept). */
  bodyBytes: number;
  /** The kept head of the body (all of it unless `truncated`). */
  body: Uint8Array;
  truncated: boolean;
  /** The whole body on disk, when it was truncated and a spillDir was given. */
  spillFile?: string;
  chunks: ChunkRecord[];
  /** Chunks received beyond maxChunkRecords (not listed). */
  chunksDropped: number;
  /** Redirects that were followed, in order (empty when not following). */
  redirects: RedirectHop[];
  /** A 3xx that was not followed: where it points (resolved against the request URL). */
  redirectTo?: string;
  /** Things the user should know that did not stop the request (non-loopback host allowed by configuration...). */
  warnings: string[];
}

export const REQUEST_ERROR_KINDS = [
  'invalid-request',
  'invalid-url',
  'invalid-header',
  'non-loopback',
  'invalid-body',
  'file-unreadable',
  'refused',
  'dns',
  'reset',
  'timeout',
  'cancelled',
  'too-many-redirects',
  'network',
] as const;
export type RequestErrorKind = (typeof REQUEST_ERROR_KINDS)[number];

export interface RequestFailure {
  ok: false;
  kind: RequestErrorKind;
  /** A sentence for the user: what happened and, where useful, what to do. */
  message: string;
  /** Low-level cause (error code / message) for the log. */
  detail?: string;
  /** What was received before the failure (a reset mid-body, a timeout while streaming). */
  partial?: Omit<ResponseSummary, 'ok'>;
  /** Position of a JSON body error. */
  position?: TextPosition;
  warnings: string[];
}

export type RequestResult = ResponseSummary | RequestFailure;

/** 1-based line and column plus the 0-based offset, for a parse error. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

/** Result of checking a body before sending. */
export type BodyCheck = { ok: true } | { ok: false; message: string; position?: TextPosition; reason?: string };

// ---- Route patterns and URL building ----

export type ParamKind = 'single' | 'catchAll' | 'optionalCatchAll';

export interface RouteParam {
  name: string;
  kind: ParamKind;
}

/** Path parameter values: a string for `[id]`, a list for `[...slug]` / `[[...slug]]`. */
export type ParamValues = Record<string, string | readonly string[] | undefined>;

export type BuiltUrl = { ok: true; url: string; path: string } | { ok: false; error: string; param?: string };

// ---- Dev server ----

export const DevLockSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  hostname: z.string().optional(),
  appUrl: z.string(),
  startedAt: z.number().optional(),
});
export type DevLock = z.infer<typeof DevLockSchema>;

export type DevServerStatus =
  | {
      state: 'running';
      source: 'lock';
      /** Where to send requests: appUrl with `localhost` replaced by 127.0.0.1 when that answers. */
      url: string;
      lock: DevLock;
      lockFile: string;
    }
  | { state: 'running'; source: 'config'; url: string }
  | {
      state: 'not-running';
      /** For the view: "not running", "stale lock (pid 123 is gone)", "http://... does not answer". */
      reason: string;
      /** A lock file exists but is stale. */
      staleLock?: { lockFile: string; lock?: DevLock; why: string };
      /** The configured base URL, when one is set (requests may still be tried against it). */
      configuredUrl?: string;
    };

// ---- Server-side errors of a 5xx ----

export interface StackFrame {
  /** Function name as printed, if any. */
  fn?: string;
  /** File as printed in the stack (path, file:// URL or a bundler URL). */
  raw: string;
  line: number;
  column: number;
  /** Absolute path of the workspace file this frame points into, when it exists inside the app. */
  file?: string;
  /** A frame in node_modules, node: internals or Next's runtime. */
  internal: boolean;
}

export interface ServerError {
  message: string;
  /** Error class when printed (TypeError...). */
  name?: string;
  stack?: string;
  frames: StackFrame[];
  /**
   * Where the UI links (1-based line and column). `how`: 'stack' = the first workspace frame of the
   * stack; 'message' = the thrown message found in the requested route file (the dev log carries no stack).
   */
  location?: { file: string; line: number; column: number; how: 'stack' | 'message' };
  /** As next dev writes it (time since the dev server started, `00:01:02.345`). */
  timestamp?: string;
  /** 'output' = parsed from next dev's terminal output (parseDevOutput). */
  source: 'mcp' | 'log' | 'output';
}

export interface ServerErrorReport {
  /** Which source had errors; 'none' when neither had any. */
  source: 'mcp' | 'log' | 'both' | 'none';
  errors: ServerError[];
  /** Why a source was not used (MCP disabled, log missing...), for the log. */
  notes: string[];
}

// ---- Response presentation ----

export interface FoldRange {
  /** 0-based line of the opening bracket, and of the closing one. */
  startLine: number;
  endLine: number;
}

export type FormattedBody =
  | { kind: 'empty'; note?: string }
  | { kind: 'json'; text: string; folds: FoldRange[]; note?: string }
  | { kind: 'xml'; text: string; note?: string }
  | { kind: 'html'; text: string; note?: string }
  | { kind: 'text'; text: string; note?: string }
  | { kind: 'sse'; events: SseEvent[]; text: string; note?: string }
  | { kind: 'image'; mime: string; base64: string; note?: string }
  | { kind: 'binary'; hexHead: string; bytes: number; note?: string };

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

// ---- Export ----

export interface ExportOptions {
  /** Header names (any case) whose values are secret in addition to the defaults (Authorization, Cookie...). */
  secretHeaders?: readonly string[];
  /** When the URL starts with this base, it is written as a variable (`{{baseUrl}}` in .http files). */
  baseUrl?: string;
  /**
   * .http only: a secret header whose value is made only of `{{variables}}` (and a scheme word such as
   * Bearer) is written as is: REST Client and httpYac fill it from the same env files, no secret is in it.
   */
  keepTemplates?: boolean;
}

export interface HttpFileEntry {
  /** Shown as `# @name` / `###` title; a route pattern and method by default. */
  name?: string;
  spec: RequestSpecInput;
}

// ---- Routes ----

export interface RouteInfo {
  /** URL pattern as Next.js writes it: `/api/users/[id]` (groups removed). */
  pattern: string;
  /** Absolute path of the route file. */
  file: string;
  router: 'app' | 'pages';
  /** Methods the file exports (App Router), or all methods for a Pages API handler. */
  methods: HttpMethod[];
  /** Methods the panel offers: the exported ones plus HEAD and OPTIONS (answered automatically by Next). */
  offeredMethods: HttpMethod[];
  params: RouteParam[];
}
