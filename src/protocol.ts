// Every message between the request panel's webview and the extension host, as zod schemas.
// Both bundles import this module; each receiving end runs `safeParse` and logs and drops a message
// that fails (a webview is another process: its messages are input, not trusted calls).
// Editor-free and DOM-free: the webview bundle, the extension and plain-Node unit tests import it.
// zod/mini: the same validation as classic zod at ~20 KB instead of ~450 KB in the webview bundle.
import * as z from 'zod/mini';
import type { JsonSchema } from './core/shape/types';

/** Bounds that keep one message from carrying an unbounded payload. */
export const Limits = {
  /** A typed request body (JSON, text, XML). */
  bodyChars: 10 * 1024 * 1024,
  /** A header, query or cookie value; a param value. */
  valueChars: 64 * 1024,
  nameChars: 1024,
  /** Rows of one query/header/cookie/form table. */
  rows: 200,
  pathChars: 4096,
  /** History entries kept per workspace. */
  historyEntries: 200,
} as const;

/** In the core's order (src/core/http/types.ts): the exported methods first, the automatic HEAD and OPTIONS last. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const HttpMethodSchema = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

const id = z.string().check(z.minLength(1)).check(z.maxLength(200));
const path = z.string().check(z.minLength(1)).check(z.maxLength(Limits.pathChars));
const name = z.string().check(z.maxLength(Limits.nameChars));
const value = z.string().check(z.maxLength(Limits.valueChars));

/** One row of a query, header, cookie or urlencoded table. `secret` rows never leave SecretStorage. */
export const KeyValueSchema = z.object({
  name,
  value,
  enabled: z.boolean(),
  secret: z.optional(z.boolean()),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

/** A multipart field: a text value, or a file picked through the host's open dialog (sent by path, read at send time). */
export const MultipartFieldSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), name, value, enabled: z.boolean() }),
  z.object({ kind: z.literal('file'), name, path: z.string().check(z.maxLength(Limits.pathChars)), filename: z.optional(name), size: z.optional(z.int().check(z.nonnegative())), enabled: z.boolean() }),
]);
export type MultipartField = z.infer<typeof MultipartFieldSchema>;

export const RequestBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string().check(z.maxLength(Limits.bodyChars)) }),
  /** Raw text; `contentType` is e.g. text/plain or application/xml. */
  z.object({ kind: z.literal('text'), text: z.string().check(z.maxLength(Limits.bodyChars)), contentType: name }),
  z.object({ kind: z.literal('urlencoded'), fields: z.array(KeyValueSchema).check(z.maxLength(Limits.rows)) }),
  z.object({ kind: z.literal('multipart'), fields: z.array(MultipartFieldSchema).check(z.maxLength(Limits.rows)) }),
]);
export type RequestBody = z.infer<typeof RequestBodySchema>;
export type BodyKind = RequestBody['kind'];

/**
 * What the user composed for one route: the panel sends it, history and saved requests store it
 * (with secret values blanked). Param values of catch-all segments are slash-separated segments.
 */
export const RequestDraftSchema = z.object({
  appRoot: path,
  /** The route's URL pattern, e.g. `/api/users/[id]`. */
  route: path,
  method: HttpMethodSchema,
  /** Keys counted before any is parsed: a 200,000-key record is refused at once, not parsed first. */
  params: z.pipe(
    z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && Object.keys(v).length <= Limits.rows, { error: `at most ${Limits.rows} params` }),
    z.record(name, value),
  ),
  query: z.array(KeyValueSchema).check(z.maxLength(Limits.rows)),
  headers: z.array(KeyValueSchema).check(z.maxLength(Limits.rows)),
  cookies: z.array(KeyValueSchema).check(z.maxLength(Limits.rows)),
  body: RequestBodySchema,
  timeoutMs: z.int().check(z.gte(100), z.lte(600_000)),
  followRedirects: z.boolean(),
});
export type RequestDraft = z.infer<typeof RequestDraftSchema>;

export const ParamKindSchema = z.enum(['single', 'catchAll', 'optionalCatchAll']);
export type ParamKind = z.infer<typeof ParamKindSchema>;

export const RouteViewSchema = z.object({
  pattern: path,
  /** Absolute path of the route file. */
  file: path,
  router: z.enum(['app', 'pages']),
  /** Methods the file exports (pages/api: every method). HEAD and OPTIONS are added by the view. */
  methods: z.array(HttpMethodSchema),
  params: z.array(z.object({ name, kind: ParamKindSchema })),
});
export type RouteView = z.infer<typeof RouteViewSchema>;

export const DevStatusSchema = z.discriminatedUnion('state', [
  /** `source`: where the URL came from, the app's dev lock or the `bffRoutes.baseUrl` setting. */
  z.object({ state: z.literal('running'), url: z.string().check(z.maxLength(2048)), source: z.enum(['lock', 'setting']), pid: z.optional(z.int()) }),
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('notRunning'), reason: z.optional(z.string().check(z.maxLength(2000))) }),
]);
export type DevStatus = z.infer<typeof DevStatusSchema>;

export const AppViewSchema = z.object({
  root: path,
  /** Short label: the app folder relative to its workspace folder. */
  label: z.string().check(z.maxLength(Limits.pathChars)),
  dev: DevStatusSchema,
  routes: z.array(RouteViewSchema).check(z.maxLength(50_000)),
  /** A terminal started by the panel runs this app's dev script (so "Stop" can end it). */
  ownsTerminal: z.boolean(),
});
export type AppView = z.infer<typeof AppViewSchema>;

export const HistoryEntrySchema = z.object({
  id,
  at: z.number(),
  request: RequestDraftSchema,
  /** The URL the request was sent to (params filled in, query added). */
  url: z.optional(z.string().check(z.maxLength(16_384))),
  status: z.optional(z.int()),
  totalMs: z.optional(z.number()),
  error: z.optional(z.string().check(z.maxLength(2000))),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const SavedRequestSchema = z.object({ id, name: z.string().check(z.minLength(1)).check(z.maxLength(200)), request: RequestDraftSchema });
export type SavedRequest = z.infer<typeof SavedRequestSchema>;

export const SettingsViewSchema = z.object({
  trusted: z.boolean(),
  requestTimeoutMs: z.int(),
  followRedirects: z.boolean(),
  allowNonLoopback: z.boolean(),
  /** Display cap: bodies at least this large are truncated in the view. */
  truncateBytes: z.int().check(z.positive()),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/** How the host prepared a response body for display (the webview renders, never decodes bytes). */
const note = z.optional(z.string().check(z.maxLength(2000)));
const bodyText = z.string().check(z.maxLength(32 * 1024 * 1024));
export const BodyViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty'), note }),
  /** Pretty-printed JSON, one value per line (the view finds the fold ranges itself: a 10 MB body has too many to send). */
  z.object({ kind: z.literal('json'), text: bodyText, note }),
  z.object({ kind: z.literal('xml'), text: bodyText, note }),
  z.object({ kind: z.literal('html'), text: bodyText, note }),
  z.object({ kind: z.literal('text'), text: bodyText, note }),
  z.object({ kind: z.literal('sse'), text: bodyText, events: z.array(z.object({ event: z.optional(z.string()), data: z.string(), id: z.optional(z.string()), retry: z.optional(z.number()) })).check(z.maxLength(100_000)), note }),
  z.object({ kind: z.literal('image'), mime: z.string().check(z.maxLength(200)), base64: bodyText, note }),
  z.object({ kind: z.literal('binary'), hexHead: z.string().check(z.maxLength(64 * 1024)), bytes: z.int().check(z.nonnegative()), note }),
]);
export type BodyView = z.infer<typeof BodyViewSchema>;

export const StackFrameSchema = z.object({
  fn: z.optional(z.string().check(z.maxLength(1000))),
  raw: z.string().check(z.maxLength(4000)),
  line: z.int().check(z.nonnegative()),
  column: z.int().check(z.nonnegative()),
  /** Absolute path of the workspace file the frame points into: the view links it. */
  file: z.optional(z.string().check(z.maxLength(Limits.pathChars))),
  internal: z.boolean(),
});
export type StackFrame = z.infer<typeof StackFrameSchema>;

/**
 * The failures a request can end with: the core executor's kinds (src/core/http/types.ts,
 * REQUEST_ERROR_KINDS) and the panel's own (`not-running`, `invalid-param`, `route-deleted`, `internal`).
 * Kept as a bounded string so a new core kind reaches the view (with a generic title) instead of
 * failing validation.
 */
export const RequestErrorKindSchema = z.string().check(z.minLength(1)).check(z.maxLength(60));
export type RequestErrorKind = z.infer<typeof RequestErrorKindSchema>;

const headersList = z.array(z.tuple([z.string(), z.string()])).check(z.maxLength(1000));

// ---- environments, auth and cookies (src/vscode/environments.ts, src/webview/envView.ts) ----

/**
 * An auth choice as the view edits it. Secret fields (token, password, key value) travel only toward the
 * host, which keeps them in SecretStorage; an empty secret with `keep` keeps the stored one.
 */
const secretText = z.string().check(z.maxLength(Limits.valueChars));
export const AuthEditSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inherit') }),
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: secretText, keep: z.optional(z.boolean()) }),
  z.object({ type: z.literal('basic'), username: value, password: secretText, keep: z.optional(z.boolean()) }),
  z.object({ type: z.literal('apikey'), name, value: secretText, in: z.enum(['header', 'query']), keep: z.optional(z.boolean()) }),
]);
export type AuthEdit = z.infer<typeof AuthEditSchema>;

/** An auth choice as the view sees it: no secret value, only whether one is stored. */
export const AuthViewSchema = z.object({
  type: z.enum(['inherit', 'none', 'bearer', 'basic', 'apikey']),
  username: z.optional(value),
  name: z.optional(name),
  in: z.optional(z.enum(['header', 'query'])),
  /** A token, password or key value is stored (shown as such, never sent to the view). */
  stored: z.boolean(),
});
export type AuthView = z.infer<typeof AuthViewSchema>;

export const CookieViewSchema = z.object({
  name, preview: z.string().check(z.maxLength(16)), domain: name, path, expires: z.string().check(z.maxLength(40)),
  httpOnly: z.boolean(), secure: z.boolean(), sameSite: z.optional(z.string().check(z.maxLength(20))),
});

const envName = z.string().check(z.minLength(1)).check(z.maxLength(200));
/**
 * What a request tab keeps with getState/setState, and what VS Code hands back to the tab serializer after
 * a reload (input read from disk: validated before use). Secret values are never in it.
 */
export const TabStateSchema = z.object({
  v: z.literal(1),
  draft: z.optional(RequestDraftSchema),
  /** A pinned tab keeps its request: opening its route and method again opens another tab. */
  pinned: z.boolean(),
  requestTab: z.optional(z.string().check(z.maxLength(40))),
  responseTab: z.optional(z.string().check(z.maxLength(40))),
});
export type TabState = z.infer<typeof TabStateSchema>;

// ---- the handler's shape (Fill from handler, body errors) and suite runs (src/vscode/panel/shapes.ts, suites.ts) ----

const shortText = z.string().check(z.maxLength(4000));
/** A JSON Schema as src/core/shape writes it (checked for being an object; the view only reads it). */
const jsonSchemaLike = z.custom<JsonSchema>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const FillInputSchema = z.object({ name, type: shortText, required: z.boolean(), multiple: z.boolean(), sample: value });

/** What "Fill from handler" puts in the request (src/core/shape/fill.ts FillView). */
export const FillViewSchema = z.object({
  body: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('json'), text: z.string().check(z.maxLength(Limits.bodyChars)), schema: jsonSchemaLike, from: shortText }),
    z.object({ kind: z.literal('text'), text: z.string().check(z.maxLength(Limits.bodyChars)) }),
    z.object({ kind: z.literal('form'), multipart: z.boolean(), fields: z.array(z.object({ name, type: z.enum(['string', 'file']), required: z.boolean(), value })).check(z.maxLength(Limits.rows)) }),
    z.object({ kind: z.literal('unknown'), reason: shortText }),
  ]),
  query: z.array(FillInputSchema).check(z.maxLength(Limits.rows)),
  headers: z.array(FillInputSchema).check(z.maxLength(Limits.rows)),
  statuses: z.array(z.union([z.int(), z.literal('default')])).check(z.maxLength(100)),
  notes: z.array(shortText).check(z.maxLength(50)),
});
export type FillView = z.infer<typeof FillViewSchema>;

export const SuiteScopeSchema = z.enum(['route', 'folder', 'app']);
export type SuiteScopeKind = z.infer<typeof SuiteScopeSchema>;

/** One request of a suite run (src/core/suite/run.ts RequestResult). */
export const SuiteResultSchema = z.object({
  file: path, name: shortText, method: z.string().check(z.maxLength(20)), url: z.string().check(z.maxLength(16_384)), line: z.int(),
  passed: z.boolean(), status: z.optional(z.int()), durationMs: z.optional(z.number()),
  assertions: z.array(z.object({ text: shortText, line: z.int(), passed: z.boolean(), message: z.optional(z.string().check(z.maxLength(64_000))) })).check(z.maxLength(500)),
  error: z.optional(z.string().check(z.maxLength(16_000))), bodyExcerpt: z.optional(z.string().check(z.maxLength(4000))),
});
export type SuiteResult = z.infer<typeof SuiteResultSchema>;

// ---- webview -> extension ----------------------------------------------------------------

export const ToHost = {
  ready: z.object({ type: z.literal('ready') }),
  send: z.object({ type: z.literal('send'), requestId: id, request: RequestDraftSchema }),
  cancel: z.object({ type: z.literal('cancel'), requestId: id }),
  startDev: z.object({ type: z.literal('startDev'), appRoot: path }),
  stopDev: z.object({ type: z.literal('stopDev'), appRoot: path }),
  refreshDev: z.object({ type: z.literal('refreshDev'), appRoot: path }),
  openSource: z.object({ type: z.literal('openSource'), file: path, line: z.optional(z.int().check(z.positive())), column: z.optional(z.int().check(z.positive())) }),
  export: z.object({ type: z.literal('export'), format: z.enum(['curl', 'fetch', 'http']), request: RequestDraftSchema }),
  saveBody: z.object({ type: z.literal('saveBody'), requestId: id }),
  resend: z.object({ type: z.literal('resend'), historyId: id }),
  deleteHistory: z.object({ type: z.literal('deleteHistory'), historyId: id }),
  clearHistory: z.object({ type: z.literal('clearHistory') }),
  /** Saves the request for its route; the host asks for a name. */
  saveRequest: z.object({ type: z.literal('saveRequest'), request: RequestDraftSchema }),
  deleteSaved: z.object({ type: z.literal('deleteSaved'), savedId: id }),
  pickFile: z.object({ type: z.literal('pickFile'), token: id }),
  /** Asks for the stored secret header values of a route (answered by `secrets`). */
  getSecrets: z.object({ type: z.literal('getSecrets'), appRoot: path, route: path }),
  /** Runs New Route Handler… (the empty route list offers it). */
  newRoute: z.object({ type: z.literal('newRoute') }),
  /** Environments: choose the active one (null: none). */
  selectEnvironment: z.object({ type: z.literal('selectEnvironment'), name: z.nullable(envName) }),
  /** The request as it would be sent in the active environment (answered by `envPreview`). */
  envPreview: z.object({ type: z.literal('envPreview'), request: RequestDraftSchema }),
  /** Auth of a route, or of the active environment. */
  setAuth: z.object({ type: z.literal('setAuth'), appRoot: path, route: path, scope: z.enum(['route', 'environment']), auth: AuthEditSchema }),
  /** Asks for the environments, the route's auth and the app's cookies (answered by environments, auth, cookies). */
  getEnvState: z.object({ type: z.literal('getEnvState'), appRoot: path, route: z.optional(path) }),
  /** Forgets the jar's cookies for the app's target in the active environment. */
  clearCookies: z.object({ type: z.literal('clearCookies'), appRoot: path }),
  /** Opens a route's request in an editor tab (one per route and method); `draft` loads a whole request. */
  openTab: z.object({ type: z.literal('openTab'), appRoot: path, route: path, method: z.optional(HttpMethodSchema), draft: z.optional(RequestDraftSchema) }),
  /** A request tab's state changed (its draft, its pin): the host names and reuses tabs by it. */
  tabState: z.object({ type: z.literal('tabState'), state: TabStateSchema }),
  /** Opens a kept response body in a read-only editor with the language of its content type. */
  openBody: z.object({ type: z.literal('openBody'), requestId: id }),
  /** Copies a value or a JSON path of the body to the clipboard. */
  copy: z.object({ type: z.literal('copy'), text: z.string().check(z.maxLength(Limits.bodyChars)), what: z.enum(['value', 'path']) }),
  /** An error inside the webview, for the log. */
  reportError: z.object({ type: z.literal('reportError'), message: z.string().check(z.maxLength(8000)) }),
  /** Asks for the handler's shape of a route and method (answered by `shape`). */
  getShape: z.object({ type: z.literal('getShape'), appRoot: path, route: path, method: HttpMethodSchema }),
  /** Runs the app's saved suite (.http files under .bff-routes) for a route, its folder or the whole app. */
  runSuite: z.object({ type: z.literal('runSuite'), runId: id, appRoot: path, scope: SuiteScopeSchema, route: path }),
} as const;

export const ToHostMessageSchema = z.discriminatedUnion('type', [
  ToHost.ready, ToHost.send, ToHost.cancel, ToHost.startDev, ToHost.stopDev, ToHost.refreshDev, ToHost.openSource,
  ToHost.export, ToHost.saveBody, ToHost.resend, ToHost.deleteHistory, ToHost.clearHistory, ToHost.saveRequest,
  ToHost.deleteSaved, ToHost.pickFile, ToHost.getSecrets, ToHost.newRoute, ToHost.reportError,
  ToHost.selectEnvironment, ToHost.envPreview, ToHost.setAuth, ToHost.getEnvState, ToHost.clearCookies,
  ToHost.openTab, ToHost.tabState, ToHost.openBody, ToHost.copy, ToHost.getShape, ToHost.runSuite,
]);
export type ToHostMessage = z.infer<typeof ToHostMessageSchema>;

// ---- extension -> webview ----------------------------------------------------------------

export const ToView = {
  /** The whole route index; sent on ready and (debounced) whenever routes or dev status change. */
  apps: z.object({ type: z.literal('apps'), apps: z.array(AppViewSchema).check(z.maxLength(200)), settings: SettingsViewSchema }),
  history: z.object({ type: z.literal('history'), entries: z.array(HistoryEntrySchema).check(z.maxLength(Limits.historyEntries)) }),
  saved: z.object({ type: z.literal('saved'), entries: z.array(SavedRequestSchema).check(z.maxLength(5000)) }),
  /** Select a route and method (CodeLens, "open for active editor"); `draft` loads a whole request (re-send). */
  select: z.object({ type: z.literal('select'), appRoot: path, route: path, method: z.optional(HttpMethodSchema), draft: z.optional(RequestDraftSchema) }),
  secrets: z.object({ type: z.literal('secrets'), appRoot: path, route: path, values: z.record(name, value) }),
  filePicked: z.object({ type: z.literal('filePicked'), token: id, path, fileName: name, size: z.int().check(z.nonnegative()) }),
  /** A request left the host (its URL after building). */
  requestStarted: z.object({ type: z.literal('requestStarted'), requestId: id, url: z.string().check(z.maxLength(16_384)), method: HttpMethodSchema, warning: z.optional(z.string().check(z.maxLength(2000))) }),
  responseHead: z.object({
    type: z.literal('responseHead'), requestId: id, status: z.int(), statusText: z.string().check(z.maxLength(1000)),
    headers: headersList, ttfbMs: z.number().check(z.nonnegative()), streaming: z.boolean(),
  }),
  /** Pieces of a streamed body as they arrived (batched by the host), text decoded as UTF-8 ('' for binary). */
  responseChunks: z.object({
    type: z.literal('responseChunks'), requestId: id,
    chunks: z.array(z.object({ index: z.int().check(z.nonnegative()), atMs: z.number().check(z.nonnegative()), bytes: z.int().check(z.nonnegative()), text: z.string().check(z.maxLength(64 * 1024)) })).check(z.maxLength(1000)),
  }),
  /** A piece of a long text body, in order, before its `responseEnd` (whose body text is then empty). */
  responseBodyPart: z.object({ type: z.literal('responseBodyPart'), requestId: id, index: z.int().check(z.nonnegative()), text: z.string().check(z.maxLength(1024 * 1024)) }),
  responseEnd: z.object({
    type: z.literal('responseEnd'), requestId: id, totalMs: z.number().check(z.nonnegative()), size: z.int().check(z.nonnegative()),
    /** The body text came in this many `responseBodyPart` messages. */
    bodyParts: z.optional(z.int().check(z.positive())),
    /** Only the head of the body is shown (the executor's cap, or the view's display cap). */
    truncated: z.boolean(), body: BodyViewSchema, canSaveBody: z.boolean(),
    /** A 3xx that was not followed: where it points. */
    redirectTo: z.optional(z.string().check(z.maxLength(16_384))),
    redirects: z.array(z.object({ status: z.int(), url: z.string().check(z.maxLength(16_384)), location: z.string().check(z.maxLength(16_384)) })).check(z.maxLength(50)),
    chunks: z.int().check(z.nonnegative()),
    warnings: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(20)),
  }),
  requestFailed: z.object({ type: z.literal('requestFailed'), requestId: id, kind: RequestErrorKindSchema, message: z.string().check(z.maxLength(8000)), atMs: z.optional(z.number().check(z.nonnegative())) }),
  /** The server-side error behind a 5xx: from the output of a next dev the panel started, the dev server's MCP endpoint, or its log. */
  serverError: z.object({
    type: z.literal('serverError'), requestId: id, source: z.enum(['mcp', 'log', 'output']), name: z.optional(z.string().check(z.maxLength(200))),
    message: z.string().check(z.maxLength(16_000)), frames: z.array(StackFrameSchema).check(z.maxLength(100)),
    /** `how`: from a stack frame, or by searching the message in the route file (no stack available). */
    location: z.optional(z.object({ file: path, line: z.int().check(z.positive()), column: z.int().check(z.nonnegative()), how: z.optional(z.enum(['stack', 'message'])) })),
  }),
  /** No server-side error was found for a 5xx: why (MCP off, log missing...). */
  serverErrorMissing: z.object({ type: z.literal('serverErrorMissing'), requestId: id, notes: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(20)) }),
  /** The environments of the workspace and the active one; problems of the env files as `file:line:col: message`. */
  environments: z.object({
    type: z.literal('environments'), names: z.array(envName).check(z.maxLength(200)), active: z.nullable(envName),
    problems: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(20)), file: z.optional(path),
  }),
  /** The request as it would be sent: its URL and auth rows, secrets as {{name}} or masked; or why it cannot be. */
  envPreview: z.object({
    type: z.literal('envPreview'), appRoot: path, route: path, url: z.optional(z.string().check(z.maxLength(16_384))),
    auth: z.array(z.tuple([name, value])).check(z.maxLength(4)), error: z.optional(z.string().check(z.maxLength(2000))),
  }),
  /** The auth of a route and of the active environment (secret values never included). */
  auth: z.object({ type: z.literal('auth'), appRoot: path, route: path, own: AuthViewSchema, environment: z.nullable(AuthViewSchema) }),
  /** The jar's cookies for an app's target origin in the active environment. */
  cookies: z.object({ type: z.literal('cookies'), appRoot: path, origin: z.string().check(z.maxLength(2048)), cookies: z.array(CookieViewSchema).check(z.maxLength(500)) }),
  notice: z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), text: z.string().check(z.maxLength(8000)) }),
  /** A request tab's request and pin, sent each time its webview (re)loads. */
  tabInit: z.object({ type: z.literal('tabInit'), appRoot: path, route: path, method: z.optional(HttpMethodSchema), draft: z.optional(RequestDraftSchema), pinned: z.boolean() }),
  /** The handler's shape of a route and method, or why it is not known. */
  shape: z.object({ type: z.literal('shape'), appRoot: path, route: path, method: HttpMethodSchema, fill: z.optional(FillViewSchema), summary: z.optional(z.string().check(z.maxLength(8000))), reason: z.optional(shortText) }),
  /** A suite run's results so far (all of them each time), `done` at the end; `error` when it could not run. */
  suiteResults: z.object({
    type: z.literal('suiteResults'), runId: id, done: z.boolean(), files: z.array(path).check(z.maxLength(1000)),
    results: z.array(SuiteResultSchema).check(z.maxLength(5000)), error: z.optional(shortText), baseUrl: z.optional(z.string().check(z.maxLength(2048))),
  }),
} as const;

export const ToViewMessageSchema = z.discriminatedUnion('type', [
  ToView.apps, ToView.history, ToView.saved, ToView.select, ToView.secrets, ToView.filePicked, ToView.requestStarted,
  ToView.responseHead, ToView.responseChunks, ToView.responseBodyPart, ToView.responseEnd, ToView.requestFailed, ToView.serverError, ToView.serverErrorMissing, ToView.notice,
  ToView.environments, ToView.envPreview, ToView.auth, ToView.cookies, ToView.tabInit, ToView.shape, ToView.suiteResults,
]);
export type ToViewMessage = z.infer<typeof ToViewMessageSchema>;

export type ToHostOf<T extends ToHostMessage['type']> = Extract<ToHostMessage, { type: T }>;
export type ToViewOf<T extends ToViewMessage['type']> = Extract<ToViewMessage, { type: T }>;

/** Parses an incoming message; on failure returns a short human description of what was wrong. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, data: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, message: r.data };
  const type = data && typeof data === 'object' && 'type' in data ? String((data as { type: unknown }).type).slice(0, 60) : '(no type)';
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`).join('; ');
  return { ok: false, error: `invalid message ${type}: ${issues}` };
}

/** Replaces the values of secret rows by '' (history, saved requests and exports never hold them). */
export function withoutSecrets(draft: RequestDraft): RequestDraft {
  const blank = (rows: KeyValue[], table: 'headers' | 'cookies' | 'query'): KeyValue[] =>
    rows.map((r) => (isSecretRow(r, table) ? { ...r, value: '' } : r));
  return { ...draft, headers: blank(draft.headers, 'headers'), cookies: blank(draft.cookies, 'cookies'), query: blank(draft.query, 'query') };
}

/** A URL as history keeps it: the values of secret query rows masked (history never holds secrets). */
export function withoutSecretQuery(url: string, draft: Pick<RequestDraft, 'query'>): string {
  const secret = draft.query.filter((r) => r.enabled && r.name !== '' && isSecretRow(r, 'query')).map((r) => r.name);
  if (secret.length === 0) return url;
  try {
    const u = new URL(url);
    for (const name of secret) if (u.searchParams.has(name)) u.searchParams.set(name, '***');
    return u.toString();
  } catch {
    return url.split('?')[0];
  }
}

/** Header names whose values are secret whether or not the user marked them. */
export const ALWAYS_SECRET_HEADERS: readonly string[] = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key'];

export function isSecretRow(row: KeyValue, table: 'headers' | 'cookies' | 'query'): boolean {
  if (row.secret) return true;
  if (table === 'cookies') return true;
  return table === 'headers' && ALWAYS_SECRET_HEADERS.includes(row.name.trim().toLowerCase());
}

/** Key of one secret row within a route's stored secret values (the `secrets` message uses it too). */
export function secretRowKey(table: 'headers' | 'cookies' | 'query', name: string): string {
  return `${table}:${name.trim().toLowerCase()}`;
}
