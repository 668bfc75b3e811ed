// The webview's model: what it persists with getState/setState (small, serializable, no secrets)
// and the pure transitions the view applies. No DOM here: unit-tested in plain Node.
import {
  HTTP_METHODS, withoutSecrets,
  type AppView, type FillView, type HttpMethod, type RequestDraft, type RouteView, type SettingsView, type ToViewOf,
} from '../protocol';

export const REQUEST_TABS = ['params', 'query', 'headers', 'cookies', 'body', 'options'] as const;
export type RequestTab = (typeof REQUEST_TABS)[number];
export const RESPONSE_TABS = ['body', 'headers', 'chunks'] as const;
export type ResponseTab = (typeof RESPONSE_TABS)[number];

/** Drafts kept across reloads (most recently used first). */
export const MAX_DRAFTS = 50;

/** What survives the view being hidden or VS Code restarting. Secret values are never in it. */
export interface PersistedState {
  v: 1;
  appRoot?: string;
  route?: string;
  filter: string;
  /** The route list is folded away. */
  routesClosed?: boolean;
  requestTab: RequestTab;
  responseTab: ResponseTab;
  drafts: Array<[key: string, draft: RequestDraft]>;
}

export function initialState(): PersistedState {
  return { v: 1, filter: '', requestTab: 'params', responseTab: 'body', drafts: [] };
}

/** Accepts what getState returned, whatever it is; anything unrecognised falls back to defaults. */
export function restoreState(raw: unknown): PersistedState {
  const s = initialState();
  if (!raw || typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1) return s;
  const r = raw as Partial<PersistedState>;
  if (typeof r.appRoot === 'string') s.appRoot = r.appRoot;
  if (typeof r.route === 'string') s.route = r.route;
  if (typeof r.filter === 'string') s.filter = r.filter.slice(0, 500);
  if (r.routesClosed === true) s.routesClosed = true;
  if ((REQUEST_TABS as readonly string[]).includes(r.requestTab as string)) s.requestTab = r.requestTab!;
  if ((RESPONSE_TABS as readonly string[]).includes(r.responseTab as string)) s.responseTab = r.responseTab!;
  if (Array.isArray(r.drafts)) {
    s.drafts = r.drafts
      .filter((d): d is [string, RequestDraft] => Array.isArray(d) && typeof d[0] === 'string' && !!d[1] && typeof d[1] === 'object')
      .slice(0, MAX_DRAFTS);
  }
  return s;
}

export function draftKey(appRoot: string, route: string): string {
  return `${appRoot}\n${route}`;
}

/** Stores a draft (secrets blanked) as the most recent one, keeping at most MAX_DRAFTS. */
export function rememberDraft(state: PersistedState, draft: RequestDraft): PersistedState {
  const key = draftKey(draft.appRoot, draft.route);
  const rest = state.drafts.filter(([k]) => k !== key);
  return { ...state, drafts: [[key, withoutSecrets(draft)] as [string, RequestDraft], ...rest].slice(0, MAX_DRAFTS) };
}

export function findDraft(state: PersistedState, appRoot: string, route: string): RequestDraft | undefined {
  const key = draftKey(appRoot, route);
  return state.drafts.find(([k]) => k === key)?.[1];
}

/** The methods the panel offers for a route: the exported ones, plus HEAD and OPTIONS, in a stable order. */
export function offeredMethods(route: Pick<RouteView, 'methods'>): HttpMethod[] {
  const set = new Set<HttpMethod>([...route.methods, 'HEAD', 'OPTIONS']);
  return HTTP_METHODS.filter((m) => set.has(m));
}

/** The method a new draft starts with: GET if exported, else the first exported one. */
export function defaultMethod(route: Pick<RouteView, 'methods'>): HttpMethod {
  if (route.methods.includes('GET')) return 'GET';
  return offeredMethods(route).find((m) => route.methods.includes(m)) ?? 'GET';
}

export function newDraft(appRoot: string, route: RouteView, settings: Pick<SettingsView, 'requestTimeoutMs' | 'followRedirects'>, method?: HttpMethod): RequestDraft {
  const m = method ?? defaultMethod(route);
  return {
    appRoot,
    route: route.pattern,
    method: m,
    params: Object.fromEntries(route.params.map((p) => [p.name, ''])),
    query: [],
    headers: [],
    cookies: [],
    body: m === 'POST' || m === 'PUT' || m === 'PATCH' ? { kind: 'json', text: '{\n  \n}' } : { kind: 'none' },
    timeoutMs: Math.min(600_000, Math.max(100, settings.requestTimeoutMs)),
    followRedirects: settings.followRedirects,
  };
}

/**
 * A stored draft brought up to date with the route as it is now: params the route no longer has are
 * dropped, new ones added empty, and a method the file stopped exporting replaced.
 */
export function reconcileDraft(draft: RequestDraft, route: RouteView): RequestDraft {
  const params = Object.fromEntries(route.params.map((p) => [p.name, draft.params[p.name] ?? '']));
  const method = offeredMethods(route).includes(draft.method) ? draft.method : defaultMethod(route);
  return { ...draft, route: route.pattern, params, method };
}

/** Routes whose pattern (or file) contains every word of the filter, case-insensitively. */
export function filterRoutes(routes: readonly RouteView[], filter: string): RouteView[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...routes];
  return routes.filter((r) => {
    const hay = `${r.pattern} ${r.methods.join(' ')}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function findRoute(apps: readonly AppView[], appRoot: string | undefined, route: string | undefined): RouteView | undefined {
  if (!appRoot || !route) return undefined;
  return apps.find((a) => a.root === appRoot)?.routes.find((r) => r.pattern === route);
}

// ---- the response being shown ----------------------------------------------------------------

export interface ChunkRow {
  index: number;
  atMs: number;
  bytes: number;
  text: string;
}

/** Chunk rows kept for display; older ones are counted, not kept. */
export const MAX_CHUNK_ROWS = 500;
/** Characters of streamed text kept for the live body. */
export const MAX_STREAM_CHARS = 1024 * 1024;

export interface ResponseModel {
  requestId: string;
  /** The route and method it answers (responseKey): it is shown only under them. */
  key: string;
  method: HttpMethod;
  url?: string;
  warning?: string;
  head?: Omit<ToViewOf<'responseHead'>, 'type' | 'requestId'>;
  chunks: ChunkRow[];
  chunksDropped: number;
  streamText: string;
  streamTextCut: boolean;
  end?: Omit<ToViewOf<'responseEnd'>, 'type' | 'requestId'>;
  failed?: { kind: ToViewOf<'requestFailed'>['kind']; message: string };
  serverError?: Omit<ToViewOf<'serverError'>, 'type' | 'requestId'>;
  serverErrorNotes?: string[];
  /** A long body text in the parts it came in (responseBodyPart); `end.body.text` is then empty. */
  bodyParts?: string[];
}

export function startResponse(requestId: string, method: HttpMethod, key = ''): ResponseModel {
  return { requestId, key, method, chunks: [], chunksDropped: 0, streamText: '', streamTextCut: false };
}

/** A response belongs to its request: the app, route and method it was sent for. */
export function responseKey(draft: Pick<RequestDraft, 'appRoot' | 'route' | 'method'>): string {
  return `${draftKey(draft.appRoot, draft.route)}\n${draft.method}`;
}

/** Responses kept in the view: the last one of each route and method. */
export const MAX_RESPONSES = 30;

/**
 * Keeps `model` as the response of its route and method (replacing the previous one there), newest first;
 * beyond MAX_RESPONSES the oldest finished ones go (a request in flight is never dropped).
 */
export function keepResponse(list: readonly ResponseModel[], model: ResponseModel): ResponseModel[] {
  const out = [model, ...list.filter((r) => r.key !== model.key && r.requestId !== model.requestId)];
  while (out.length > MAX_RESPONSES) {
    const i = out.map((r) => !isInFlight(r)).lastIndexOf(true);
    if (i <= 0) break;
    out.splice(i, 1);
  }
  return out;
}

export type ResponseMessage = ToViewOf<'requestStarted' | 'responseHead' | 'responseChunks' | 'responseBodyPart' | 'responseEnd' | 'requestFailed' | 'serverError' | 'serverErrorMissing'>;

/** Applies one response message; messages of another request leave the model unchanged. */
export function applyResponse(model: ResponseModel, msg: ResponseMessage): ResponseModel {
  if (msg.requestId !== model.requestId) return model;
  switch (msg.type) {
    case 'requestStarted':
      return { ...model, url: msg.url, ...(msg.warning ? { warning: msg.warning } : {}) };
    case 'responseHead': {
      const { type: _t, requestId: _r, ...head } = msg;
      return { ...model, head };
    }
    case 'responseChunks': {
      const chunks = [...model.chunks, ...msg.chunks.map((c) => ({ index: c.index, atMs: c.atMs, bytes: c.bytes, text: c.text }))];
      const dropped = Math.max(0, chunks.length - MAX_CHUNK_ROWS);
      let streamText = model.streamText;
      let cut = model.streamTextCut;
      for (const c of msg.chunks) {
        const room = MAX_STREAM_CHARS - streamText.length;
        if (c.text.length > room) cut = true;
        if (room > 0) streamText += c.text.slice(0, room);
      }
      return { ...model, chunks: dropped ? chunks.slice(dropped) : chunks, chunksDropped: model.chunksDropped + dropped, streamText, streamTextCut: cut };
    }
    case 'responseBodyPart':
      return { ...model, bodyParts: [...(model.bodyParts ?? []), msg.text] };
    case 'responseEnd': {
      // The parts stay apart: the view joins them in a task of its own (one join of 16 M characters is a long task).
      const { type: _t, requestId: _r, ...end } = msg;
      return { ...model, end };
    }
    case 'requestFailed':
      return { ...model, failed: { kind: msg.kind, message: msg.message } };
    case 'serverError': {
      const { type: _t, requestId: _r, ...err } = msg;
      return { ...model, serverError: err };
    }
    case 'serverErrorMissing':
      return { ...model, serverErrorNotes: msg.notes };
  }
}

export function isInFlight(model: ResponseModel | undefined): boolean {
  return !!model && !model.end && !model.failed;
}

/** Puts the handler's sample into the draft: body (JSON or form fields) and its query parameters (required ones on). */
export function applyFill(draft: RequestDraft, fill: FillView): void {
  const b = fill.body;
  if (b.kind === 'json') draft.body = { kind: 'json', text: b.text };
  else if (b.kind === 'text') draft.body = { kind: 'text', text: b.text, contentType: 'text/plain;charset=utf-8' };
  else if (b.kind === 'form' && b.multipart) {
    draft.body = { kind: 'multipart', fields: b.fields.map((f) => (f.type === 'file' ? { kind: 'file' as const, name: f.name, path: '', enabled: f.required } : { kind: 'text' as const, name: f.name, value: f.value, enabled: true })) };
  } else if (b.kind === 'form') draft.body = { kind: 'urlencoded', fields: b.fields.map((f) => ({ name: f.name, value: f.value, enabled: true })) };
  for (const q of fill.query) {
    const row = draft.query.find((r) => r.name === q.name);
    if (row) {
      if (row.value === '') row.value = q.sample;
      if (q.required) row.enabled = true;
    } else draft.query.push({ name: q.name, value: q.sample, enabled: q.required });
  }
}
