// The sidebar host of the request UI (started by src/webview/main.ts): app and dev server, the route list, a quick request (the shared
// RequestSession), saved requests and history; src/webview/tab.ts is the editor tab's. A route opens in an editor tab by double-click, its
// context menu (package.json `webview/context`) or "Open in Editor".
import type { AppView, HistoryEntry, HttpMethod, RequestDraft, SavedRequest, SettingsView, ToViewMessage } from '../protocol';
import { getState, onMessage, post, setState } from './api';
import { button, h, input, noticeArea, select, showNotice } from './dom';
import { devStatusText, formatMs } from './format';
import { installKeys, RequestSession } from './session';
import { filterRoutes, findDraft, rememberDraft, restoreState, type PersistedState } from './state';

/** Starts the sidebar host in this document (dist/webview.js runs it when the body says data-host="sidebar"). */
export function startSidebar(): void {

  /** Rows of the route list drawn at once; the filter narrows the rest. */
  const MAX_ROUTE_ROWS = 300;

  let state: PersistedState = restoreState(getState());
  let apps: AppView[] = [];
  let settings: SettingsView | undefined;
  let history: HistoryEntry[] = [];
  let saved: SavedRequest[] = [];
  /** Route tooltips: each method's inputs and statuses, asked for when its row is first hovered or focused. */
  const summaries = new Map<string, Map<string, string>>();
  const summaryKey = (appRoot: string, route: string): string => `${appRoot}\n${route}`;
  const session = new RequestSession({
    apps: () => apps,
    settings: () => settings,
    requestTab: () => state.requestTab,
    setRequestTab: (tab) => { state = { ...state, requestTab: tab }; persist(); },
    responseTab: () => state.responseTab,
    setResponseTab: (tab) => { state = { ...state, responseTab: tab }; persist(); },
    storedDraft: (appRoot, route) => findDraft(state, appRoot, route),
    draftChanged: (draft) => { state = rememberDraft(state, draft); persist(); },
    titleExtras: () => [button('Open in Editor', () => { if (session.editor) openTab(session.editor.draft); }, {
      class: 'secondary open-tab', title: 'Open this request in an editor tab, with the response beside it',
      attrs: { 'data-testid': 'open-in-editor' },
    })],
  });
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

  /** What the route rows were drawn from (see renderRouteRows). */
  let drawnRoutes: string | undefined;

  function routeRows(): HTMLElement[] {
    return Array.from(routeList.querySelectorAll<HTMLElement>('li.route'));
  }
  const routeCount = h('div', { class: 'hint', attrs: { 'data-testid': 'route-count' } });
  const routesTitle = h('span', null, 'Routes');
  const historyList = h('ul', { class: 'history' });
  const savedList = h('ul', { class: 'saved' });
  const notices = noticeArea();

  root.append(
    header,
    session.env.bar,
    notices,
    routeSection(),
    session.editorSlot,
    session.env.panel,
    session.responseSlot,
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

  function persist(): void {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = setTimeout(() => setState(state), 250);
  }

  function currentApp(): AppView | undefined {
    return apps.find((a) => a.root === state.appRoot) ?? apps[0];
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
    const app = currentApp();
    const routes = app ? filterRoutes(app.routes, state.filter) : [];
    // The same rows as drawn: only the selection moves. A row keeps its element across a click, so the
    // second click of a double-click (and a screen reader's focus) lands on the row the first one hit.
    const key = app ? JSON.stringify([app.root, state.filter, app.routes.length, routes.length, routes.slice(0, MAX_ROUTE_ROWS)]) : '';
    if (app && key === drawnRoutes) {
      for (const li of routeRows()) {
        const selected = li.dataset.route === state.route;
        li.classList.toggle('selected', selected);
        li.setAttribute('aria-selected', String(selected));
      }
      return;
    }
    drawnRoutes = key;
    routeList.replaceChildren();
    if (!app) { routeCount.textContent = ''; return; }
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
        attrs: {
          role: 'option', 'aria-selected': String(selected), tabindex: '0', 'data-route': r.pattern,
          title: routeTitle(app.root, r.pattern, r.file),
          // The route's context menu: "Open Request in Editor" (package.json webview/context).
          'data-vscode-context': JSON.stringify({ webviewSection: 'route', appRoot: app.root, route: r.pattern, preventDefaultContextMenuItems: true }),
        },
        on: {
          mouseenter: () => askSummaries(app.root, r.pattern, r.methods),
          focus: () => askSummaries(app.root, r.pattern, r.methods),
          click: () => selectRoute(app.root, r.pattern),
          dblclick: () => post({ type: 'openTab', appRoot: app.root, route: r.pattern }),
          keydown: (e) => {
            if (e.key === 'Enter' && e.altKey) { e.preventDefault(); post({ type: 'openTab', appRoot: app.root, route: r.pattern }); }
            else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectRoute(app.root, r.pattern); }
          },
        },
      }, h('span', { class: 'pattern' }, r.pattern), h('span', { class: 'methods' }, ...r.methods.map((m) => h('span', { class: `method-badge m-${m.toLowerCase()}` }, m))));
      routeList.append(li);
    }
    if (routes.length > MAX_ROUTE_ROWS) routeList.append(h('li', { class: 'hint' }, `${routes.length - MAX_ROUTE_ROWS} more: type in the filter to narrow the list.`));
  }

  function routeTitle(appRoot: string, pattern: string, file: string): string {
    const known = [...(summaries.get(summaryKey(appRoot, pattern))?.values() ?? [])];
    return [...known, `${file}\nDouble-click (or Alt+Enter) opens it in an editor tab`].join('\n\n');
  }

  function askSummaries(appRoot: string, pattern: string, methods: readonly HttpMethod[]): void {
    const key = summaryKey(appRoot, pattern);
    if (summaries.has(key)) return;
    summaries.set(key, new Map());
    for (const method of methods) post({ type: 'getShape', appRoot, route: pattern, method });
  }

  /** A handler's summary arrived: the row's tooltip shows it (methods in the route's order). */
  function summaryArrived(msg: Extract<ToViewMessage, { type: 'shape' }>): void {
    const got = summaries.get(summaryKey(msg.appRoot, msg.route));
    const route = apps.find((a) => a.root === msg.appRoot)?.routes.find((r) => r.pattern === msg.route);
    if (!got || !route) return;
    got.set(msg.method, msg.summary ?? `${msg.method}: ${msg.reason ?? 'shape not known'}`);
    const ordered = new Map(route.methods.filter((m) => got.has(m)).map((m) => [m, got.get(m)!] as const));
    summaries.set(summaryKey(msg.appRoot, msg.route), ordered);
    const row = Array.from(routeList.querySelectorAll<HTMLElement>('li.route')).find((li) => li.dataset.route === msg.route);
    if (row && msg.appRoot === currentApp()?.root) row.title = routeTitle(msg.appRoot, msg.route, route.file);
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
    session.open(currentApp()?.root, state.route, method, draft);
  }

  /** Opens the request in an editor tab (the sidebar keeps its own copy). */
  function openTab(draft: RequestDraft): void {
    post({ type: 'openTab', appRoot: draft.appRoot, route: draft.route, method: draft.method, draft });
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
        button('↗', () => openTab(e.request), { class: 'icon', title: 'Open in an editor tab', attrs: { 'aria-label': `Open ${label} in an editor tab` } }),
        button('↻', () => post({ type: 'resend', historyId: e.id }), { class: 'icon', title: 'Send again', attrs: { 'aria-label': `Send ${label} again` } }),
        button('×', () => post({ type: 'deleteHistory', historyId: e.id }), { class: 'icon', title: 'Delete from history', attrs: { 'aria-label': `Delete ${label} from history` } })));
    }
    historyList.append(h('li', null, button('Clear history', () => post({ type: 'clearHistory' }), { class: 'link' })));
  }

  function renderSaved(): void {
    savedList.replaceChildren();
    const mine = saved.filter((s) => s.request.appRoot === currentApp()?.root && s.request.route === state.route);
    if (mine.length === 0) { savedList.append(h('li', { class: 'hint' }, state.route ? 'None yet: "Save request…" keeps the current one here.' : 'Pick a route.')); return; }
    for (const s of mine) {
      savedList.append(h('li', null,
        h('a', { attrs: { href: '#', title: 'Load into the request above' }, on: { click: (ev) => { ev.preventDefault(); selectRoute(s.request.appRoot, s.request.route, undefined, s.request); } } }, `${s.name} (${s.request.method})`),
        button('↗', () => openTab(s.request), { class: 'icon', title: 'Open in an editor tab', attrs: { 'aria-label': `Open ${s.name} in an editor tab` } }),
        button('×', () => post({ type: 'deleteSaved', savedId: s.id }), { class: 'icon', title: 'Delete saved request', attrs: { 'aria-label': `Delete saved request ${s.name}` } })));
    }
  }

  function renderAll(): void {
    renderHeader();
    renderRoutes();
    openEditor();
    renderSaved();
  }

  // ---- messages ----

  function handle(msg: ToViewMessage): void {
    if (msg.type === 'shape') summaryArrived(msg);
    if (session.handle(msg)) return;
    switch (msg.type) {
      case 'apps':
        apps = msg.apps;
        // A route file may have changed: its summary is asked for again on the next hover.
        summaries.clear();
        settings = msg.settings;
        if (!apps.some((a) => a.root === state.appRoot)) state = { ...state, appRoot: apps[0]?.root };
        renderHeader();
        renderRoutes();
        session.appsChanged(currentApp()?.root, state.route);
        break;
      case 'history': history = msg.entries; renderHistory(); break;
      case 'saved': saved = msg.entries; renderSaved(); break;
      case 'select': selectRoute(msg.appRoot, msg.route, msg.method, msg.draft); break;
      case 'notice': showNotice(notices, msg.level, msg.text); break;
      default: break;
    }
  }

  onMessage(handle);
  installKeys(session);
  renderAll();
  renderHistory();
  post({ type: 'ready' });
}
