// The request panel's controller: holds the model, routes host messages to it, and renders.
// The route list and the response are re-rendered from the model; the request editor is rebuilt
// only when another route or draft is loaded.
import type { AppView, HistoryEntry, HttpMethod, RequestDraft, RouteView, SavedRequest, SettingsView, ToViewMessage } from '../protocol';
import { getState, onMessage, post, setState } from './api';
import { button, h, input, select } from './dom';
import { devStatusText, formatMs } from './format';
import { EnvSection } from './envView';
import { RequestEditor } from './requestView';
import { renderResponse } from './responseView';
import {
  applyResponse, filterRoutes, findDraft, findRoute, isInFlight, keepResponse, newDraft, offeredMethods, reconcileDraft, rememberDraft,
  responseKey, restoreState, startResponse, type PersistedState, type ResponseModel,
} from './state';

/** Rows of the route list drawn at once; the filter narrows the rest. */
const MAX_ROUTE_ROWS = 300;

let state: PersistedState = restoreState(getState());
let apps: AppView[] = [];
let settings: SettingsView | undefined;
let history: HistoryEntry[] = [];
let saved: SavedRequest[] = [];
let editor: RequestEditor | undefined;
/** The last response of each route and method; the one of the open route and method is shown. */
let responses: ResponseModel[] = [];
/** The key of the response slot as last drawn. */
let shownKey: string | undefined;
const closedFolds = new Set<number>();
const filePicks = new Map<string, (file: { path: string; fileName: string; size: number }) => void>();
let persistTimer: ReturnType<typeof setTimeout> | undefined;

const root = document.getElementById('root') ?? document.body;
const header = h('header', { class: 'apps' });
const filterBox = input(state.filter, (v) => { state = { ...state, filter: v }; persist(); renderRoutes(); }, {
  placeholder: 'Filter routes', attrs: { 'aria-label': 'Filter routes (Enter picks the first match, ↓ moves into the list)', 'data-testid': 'route-filter' },
});
// Keyboard: Enter in the filter picks the only (or first) match; ↓/↑ move between the filter and the routes.
filterBox.addEventListener('keydown', (e) => {
  const rows = routeRows();
  if (e.key === 'Enter' && rows.length > 0) {
    e.preventDefault();
    rows[0].click();
  } else if (e.key === 'ArrowDown' && rows.length > 0) {
    e.preventDefault();
    rows[0].focus();
  }
});
const routeList = h('ul', { class: 'routes', attrs: { role: 'listbox', 'aria-label': 'Routes', 'data-testid': 'routes' } });
routeList.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
  const rows = routeRows();
  const i = rows.indexOf(document.activeElement as HTMLElement);
  if (i < 0) return;
  e.preventDefault();
  if (e.key === 'ArrowUp' && i === 0) filterBox.focus();
  else rows[e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))].focus();
});

function routeRows(): HTMLElement[] {
  return Array.from(routeList.querySelectorAll<HTMLElement>('li.route'));
}
const routeCount = h('div', { class: 'hint', attrs: { 'data-testid': 'route-count' } });
const routesTitle = h('span', null, 'Routes');
const editorSlot = h('div', { class: 'editor-slot' });
const responseSlot = h('div', { class: 'response-slot' });
const historyList = h('ul', { class: 'history' });
const savedList = h('ul', { class: 'saved' });
const notices = h('div', { class: 'notices', attrs: { role: 'status', 'aria-live': 'polite' } });
/** Environments, auth and cookies (envView.ts). */
const envSection = new EnvSection(post);

root.append(
  header,
  envSection.bar,
  notices,
  routeSection(),
  editorSlot,
  envSection.panel,
  responseSlot,
  h('details', { class: 'saved-section' }, h('summary', null, 'Saved requests for this route'), savedList),
  h('details', { class: 'history-section' }, h('summary', null, 'History'), historyList),
);

/** The route list, foldable (its summary counts the routes). */
function routeSection(): HTMLElement {
  const d = h('details', { class: 'route-section', attrs: { 'data-testid': 'route-section' } },
    h('summary', { attrs: { 'data-testid': 'routes-summary' } }, routesTitle), filterBox, routeCount, routeList);
  d.open = !state.routesClosed;
  d.addEventListener('toggle', () => { state = { ...state, routesClosed: !d.open }; persist(); });
  return d;
}

/** How long an info notice ("Copied as cURL.") stays; warnings and errors stay until dismissed. */
const INFO_NOTICE_MS = 5000;

function persist(): void {
  if (persistTimer) clearTimeout(persistTimer);
  persistTimer = setTimeout(() => setState(state), 250);
}

function currentApp(): AppView | undefined {
  return apps.find((a) => a.root === state.appRoot) ?? apps[0];
}

function baseUrl(): string | undefined {
  const dev = currentApp()?.dev;
  return dev?.state === 'running' ? dev.url : undefined;
}

// ---- header: app picker and dev server ----

function renderHeader(): void {
  header.replaceChildren();
  if (apps.length === 0) {
    header.append(h('p', { class: 'empty' }, settings ? 'No Next.js app found in this workspace. Open a folder with a next.config file or a package.json that depends on next.' : 'Loading…'));
    return;
  }
  const app = currentApp()!;
  if (apps.length > 1) {
    header.append(select(app.root, apps.map((a) => [a.root, a.label] as const), (v) => { state = { ...state, appRoot: v, route: undefined }; persist(); renderAll(); }, { class: 'app-select', attrs: { 'aria-label': 'Next.js app' } }));
  }
  const dev = app.dev;
  const status = h('div', { class: `dev-status ${dev.state}`, attrs: { 'data-testid': 'dev-status' } }, h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }), devStatusText(dev));
  const buttons = h('span', { class: 'dev-actions' });
  if (dev.state === 'notRunning') {
    const start = button('Start next dev', () => post({ type: 'startDev', appRoot: app.root }), { class: 'primary', title: settings?.trusted ? 'Runs the app\'s dev script in a terminal' : 'Disabled in an untrusted workspace' });
    start.disabled = !settings?.trusted;
    buttons.append(start);
  }
  if (app.ownsTerminal || dev.state === 'starting') buttons.append(button('Stop', () => post({ type: 'stopDev', appRoot: app.root }), { class: 'secondary' }));
  buttons.append(button('↻', () => post({ type: 'refreshDev', appRoot: app.root }), { class: 'icon', title: 'Check the dev server again' }));
  header.append(h('div', { class: 'dev-row' }, status, buttons));
}

// ---- route list ----

function renderRoutes(): void {
  // A route row that had the keyboard focus keeps it across the re-render.
  const focused = routeList.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.route : undefined;
  renderRouteRows();
  if (focused) routeRows().find((r) => r.dataset.route === focused)?.focus();
}

function renderRouteRows(): void {
  routeList.replaceChildren();
  const app = currentApp();
  if (!app) { routeCount.textContent = ''; return; }
  const routes = filterRoutes(app.routes, state.filter);
  routesTitle.textContent = routes.length === app.routes.length ? `Routes (${routes.length})` : `Routes (${routes.length} of ${app.routes.length})`;
  routeCount.replaceChildren();
  if (app.routes.length === 0) {
    routeCount.append('No route handlers in this app yet. Create one (a route.ts under app/) with ',
      button('New Route Handler…', () => post({ type: 'newRoute' }), { class: 'link' }), ', then send requests to it from here.');
  } else if (routes.length === 0) {
    routeCount.append(`No route matches "${state.filter}".`);
  }
  for (const r of routes.slice(0, MAX_ROUTE_ROWS)) {
    const selected = r.pattern === state.route && app.root === currentApp()?.root;
    const li = h('li', {
      class: `route${selected ? ' selected' : ''}`,
      attrs: { role: 'option', 'aria-selected': String(selected), tabindex: '0', 'data-route': r.pattern, title: r.file },
      on: {
        click: () => selectRoute(app.root, r.pattern),
        keydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectRoute(app.root, r.pattern); } },
      },
    }, h('span', { class: 'pattern' }, r.pattern), h('span', { class: 'methods' }, ...r.methods.map((m) => h('span', { class: `method-badge m-${m.toLowerCase()}` }, m))));
    routeList.append(li);
  }
  if (routes.length > MAX_ROUTE_ROWS) routeList.append(h('li', { class: 'hint' }, `${routes.length - MAX_ROUTE_ROWS} more: type in the filter to narrow the list.`));
}

function selectRoute(appRoot: string, pattern: string, method?: HttpMethod, draft?: RequestDraft): void {
  state = { ...state, appRoot, route: pattern };
  persist();
  openEditor(method, draft);
  renderRoutes();
  renderSaved();
}

// ---- request editor ----

function openEditor(method?: HttpMethod, draft?: RequestDraft): void {
  buildEditor(method, draft);
  renderResponseSlot();
}

function buildEditor(method?: HttpMethod, draft?: RequestDraft): void {
  editorSlot.replaceChildren();
  editor = undefined;
  const app = currentApp();
  if (!app || !settings || !state.route) return;
  let route = findRoute(apps, app.root, state.route);
  const deleted = !route;
  if (!route) {
    // The file is gone but its request stays open (nothing the user typed is lost).
    const prior = draft ?? findDraft(state, app.root, state.route);
    if (!prior) return;
    route = { pattern: state.route, file: '(deleted)', router: 'app', methods: [prior.method], params: Object.keys(prior.params).map((name) => ({ name, kind: 'single' as const })) };
  }
  let d = draft ? structuredClone(draft) : (editorDraftFor(app.root, route) ?? newDraft(app.root, route, settings, method));
  d = deleted ? d : reconcileDraft(d, route);
  if (method && offeredMethods(route).includes(method)) d.method = method;
  editor = new RequestEditor(editorHost(route), route, d, deleted);
  editorSlot.append(editor.el);
  post({ type: 'getSecrets', appRoot: app.root, route: route.pattern });
  envSection.setDraft(editor.draft);
}

/** The response of the open route and method, if one was sent in this view. */
function shownResponse(): ResponseModel | undefined {
  if (!editor) return undefined;
  const key = responseKey(editor.draft);
  return responses.find((r) => r.key === key);
}

function editorDraftFor(appRoot: string, route: RouteView): RequestDraft | undefined {
  const d = findDraft(state, appRoot, route.pattern);
  return d ? structuredClone(d) : undefined;
}

function editorHost(route: RouteView): ConstructorParameters<typeof RequestEditor>[0] {
  return {
    baseUrl,
    tab: () => state.requestTab,
    setTab: (tab) => { state = { ...state, requestTab: tab }; persist(); },
    changed: () => {
      if (!editor) return;
      state = rememberDraft(state, editor.draft);
      persist();
      // Another method: its own response (or none) is shown.
      if (responseKey(editor.draft) !== shownKey) renderResponseSlot();
      editor.refresh();
      envSection.draftChanged(editor.draft);
    },
    send,
    cancel: () => {
      const r = shownResponse();
      if (r && isInFlight(r)) post({ type: 'cancel', requestId: r.requestId });
    },
    inFlight: () => isInFlight(shownResponse()),
    pickFile: (onPicked) => {
      const token = `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      filePicks.set(token, onPicked);
      post({ type: 'pickFile', token });
    },
    exportAs: (format) => { if (editor) post({ type: 'export', format, request: editor.draft }); },
    saveRequest: () => { if (editor) post({ type: 'saveRequest', request: editor.draft }); },
    openRoute: () => { if (route.file !== '(deleted)') post({ type: 'openSource', file: route.file }); },
  };
}

function send(): void {
  if (!editor || isInFlight(shownResponse())) return;
  if (!editor.checkBeforeSend()) return;
  const requestId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  responses = keepResponse(responses, startResponse(requestId, editor.draft.method, responseKey(editor.draft)));
  post({ type: 'send', requestId, request: editor.draft });
  renderResponseSlot();
  editor.refresh();
}

function renderResponseSlot(): void {
  const key = editor ? responseKey(editor.draft) : undefined;
  if (key !== shownKey) closedFolds.clear();
  shownKey = key;
  const el = renderResponse(shownResponse(), {
    tab: () => state.responseTab,
    setTab: (tab) => { state = { ...state, responseTab: tab }; persist(); renderResponseSlot(); },
    openSource: (file, line, column) => post({ type: 'openSource', file, ...(line ? { line } : {}), ...(column ? { column } : {}) }),
    saveBody: (requestId) => post({ type: 'saveBody', requestId }),
  }, closedFolds);
  responseSlot.replaceChildren(el);
}

// ---- history and saved ----

function renderHistory(): void {
  historyList.replaceChildren();
  if (history.length === 0) { historyList.append(h('li', { class: 'hint' }, 'Requests you send appear here (the last 200 of this workspace).')); return; }
  for (const e of history) {
    // The URL it was sent to (entries recorded before this field: the route pattern).
    const label = `${e.request.method} ${e.url ?? e.request.route}`;
    const outcome = e.error ? e.error : e.status !== undefined ? `${e.status}${e.totalMs !== undefined ? ` · ${formatMs(e.totalMs)}` : ''}` : '';
    historyList.append(h('li', { class: 'history-entry' },
      h('a', { attrs: { href: '#', title: 'Load into the editor' }, on: { click: (ev) => { ev.preventDefault(); selectRoute(e.request.appRoot, e.request.route, undefined, e.request); } } }, label),
      h('span', { class: 'hint' }, ` ${outcome} · ${new Date(e.at).toLocaleTimeString()}`),
      button('↻', () => post({ type: 'resend', historyId: e.id }), { class: 'icon', title: 'Send again' }),
      button('×', () => post({ type: 'deleteHistory', historyId: e.id }), { class: 'icon', title: 'Delete from history' })));
  }
  historyList.append(h('li', null, button('Clear history', () => post({ type: 'clearHistory' }), { class: 'link' })));
}

function renderSaved(): void {
  savedList.replaceChildren();
  const mine = saved.filter((s) => s.request.appRoot === currentApp()?.root && s.request.route === state.route);
  if (mine.length === 0) { savedList.append(h('li', { class: 'hint' }, state.route ? 'None yet: "Save request…" keeps the current one here.' : 'Pick a route.')); return; }
  for (const s of mine) {
    savedList.append(h('li', null,
      h('a', { attrs: { href: '#' }, on: { click: (ev) => { ev.preventDefault(); selectRoute(s.request.appRoot, s.request.route, undefined, s.request); } } }, `${s.name} (${s.request.method})`),
      button('×', () => post({ type: 'deleteSaved', savedId: s.id }), { class: 'icon', title: 'Delete saved request' })));
  }
}

function notice(level: 'info' | 'warning' | 'error', text: string): void {
  // The same notice again replaces the earlier one instead of piling up.
  for (const old of Array.from(notices.children)) if (old.firstElementChild?.textContent === text) old.remove();
  const n = h('div', { class: `notice ${level}`, attrs: { 'data-testid': 'notice' } }, h('span', null, text), button('×', () => n.remove(), { class: 'icon', title: 'Dismiss' }));
  notices.append(n);
  if (level === 'info') setTimeout(() => n.remove(), INFO_NOTICE_MS);
  while (notices.childElementCount > 3) notices.firstElementChild?.remove();
}

function renderAll(): void {
  renderHeader();
  renderRoutes();
  openEditor();
  renderSaved();
}

// ---- messages ----

function handle(msg: ToViewMessage): void {
  switch (msg.type) {
    case 'apps': {
      const hadEditor = !!editor;
      const before = editor ? { root: editor.draft.appRoot, route: editor.route } : undefined;
      apps = msg.apps;
      settings = msg.settings;
      if (!apps.some((a) => a.root === state.appRoot)) state = { ...state, appRoot: apps[0]?.root };
      renderHeader();
      renderRoutes();
      const now = findRoute(apps, state.appRoot, state.route);
      // Rebuild the editor only when its route appeared, vanished or changed shape.
      if (!hadEditor || !before || !now || JSON.stringify(now) !== JSON.stringify(before.route)) {
        if (editor) state = rememberDraft(state, editor.draft);
        openEditor(undefined, editor?.draft);
      } else editor?.refresh();
      break;
    }
    case 'history': history = msg.entries; renderHistory(); break;
    case 'saved': saved = msg.entries; renderSaved(); break;
    case 'select': selectRoute(msg.appRoot, msg.route, msg.method, msg.draft); break;
    case 'secrets':
      if (editor && editor.draft.appRoot === msg.appRoot && editor.draft.route === msg.route) editor.fillSecrets(msg.values);
      break;
    case 'filePicked': {
      const cb = filePicks.get(msg.token);
      filePicks.delete(msg.token);
      cb?.({ path: msg.path, fileName: msg.fileName, size: msg.size });
      break;
    }
    case 'requestStarted':
    case 'responseHead': case 'responseChunks': case 'responseEnd': case 'requestFailed': case 'serverError': case 'serverErrorMissing': {
      // A request the host started itself (re-send, command API) selected its route first: it belongs there.
      if (!responses.some((r) => r.requestId === msg.requestId)) {
        if (!editor || (msg.type !== 'requestStarted' && msg.type !== 'requestFailed')) return;
        responses = keepResponse(responses, startResponse(msg.requestId, 'method' in msg ? msg.method : editor.draft.method, responseKey(editor.draft)));
      }
      responses = responses.map((r) => applyResponse(r, msg));
      if (shownResponse()?.requestId !== msg.requestId) return;
      renderResponseSlot();
      if (msg.type === 'requestStarted' || msg.type === 'responseEnd' || msg.type === 'requestFailed') editor?.refresh();
      if (msg.type === 'responseEnd') envSection.refreshCookies();
      break;
    }
    case 'notice': notice(msg.level, msg.text); break;
    case 'environments': case 'envPreview': case 'auth': case 'cookies': envSection.handle(msg); break;
  }
}

onMessage(handle);

window.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    send();
  }
});

window.addEventListener('error', (e) => post({ type: 'reportError', message: String(e.error instanceof Error ? (e.error.stack ?? e.message) : e.message).slice(0, 8000) }));

renderAll();
renderHistory();
post({ type: 'ready' });
