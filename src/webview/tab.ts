// The editor-tab host of the request UI (started by src/webview/main.ts): one request, the request on the left and
// its response on the right (stacked when the tab is narrow: media/webview.css). The same RequestSession
// as the sidebar; this file adds the dev-server line, the pin, and the state VS Code restores after a
// reload (getState here; the tab serializer in src/vscode/panel/tabs.ts gets the same object).
import type { AppView, HttpMethod, SettingsView, TabState, ToViewMessage } from '../protocol';
import { TabStateSchema } from '../protocol';
import { getState, onMessage, post, setState } from './api';
import { button, h, noticeArea, pinIcon, showNotice } from './dom';
import { devStatusText } from './format';
import { installKeys, RequestSession } from './session';
import { REQUEST_TABS, RESPONSE_TABS, type RequestTab, type ResponseTab } from './state';

/** Starts the editor-tab host in this document (data-host="tab"). */
export function startTab(): void {

  function restore(raw: unknown): TabState {
    const r = TabStateSchema.safeParse(raw);
    return r.success ? r.data : { v: 1, pinned: false };
  }

  let state = restore(getState());
  let apps: AppView[] = [];
  let settings: SettingsView | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;

  /** Keeps the state for a reload and tells the host (which names, reuses and restores tabs by it). */
  function persist(): void {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      setState(state);
      post({ type: 'tabState', state });
    }, 150);
  }

  const pinButton = (): HTMLElement => {
    const b = button(pinIcon(state.pinned), () => {
      state = { ...state, pinned: !state.pinned };
      persist();
      b.replaceWith(pinButton());
    }, {
      class: 'icon pin', title: state.pinned ? 'Pinned: this tab keeps its request (click to unpin)' : 'Pin: keep this request in this tab',
      attrs: { 'aria-pressed': String(state.pinned), 'aria-label': 'Pin this tab', 'data-testid': 'pin' },
    });
    return b;
  };

  const session = new RequestSession({
    apps: () => apps,
    settings: () => settings,
    requestTab: () => ((REQUEST_TABS as readonly string[]).includes(state.requestTab ?? '') ? state.requestTab as RequestTab : 'params'),
    setRequestTab: (tab) => { state = { ...state, requestTab: tab }; persist(); },
    responseTab: () => ((RESPONSE_TABS as readonly string[]).includes(state.responseTab ?? '') ? state.responseTab as ResponseTab : 'body'),
    setResponseTab: (tab) => { state = { ...state, responseTab: tab }; persist(); },
    storedDraft: (appRoot, route) => (state.draft && state.draft.appRoot === appRoot && state.draft.route === route ? state.draft : undefined),
    draftChanged: (draft) => { state = { ...state, draft: structuredClone(draft) }; persist(); },
    titleExtras: () => [pinButton()],
  });

  const root = document.getElementById('root') ?? document.body;
  const dev = h('div', { class: 'tab-dev', attrs: { 'data-testid': 'dev-status' } });
  const notices = noticeArea();
  root.append(dev, notices, h('div', { class: 'tab-layout' },
    h('div', { class: 'pane request-pane' }, session.env.bar, session.editorSlot, session.env.panel),
    h('div', { class: 'pane response-pane' },
      h('p', { class: 'hint placeholder' }, 'Send (Ctrl/Cmd+Enter): the response shows here.'),
      session.responseSlot)));

  function renderDev(): void {
    const app = apps.find((a) => a.root === state.draft?.appRoot);
    dev.replaceChildren();
    if (!app) return;
    dev.append(h('span', { class: `dev-status ${app.dev.state}` }, h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }), devStatusText(app.dev)));
    if (app.dev.state === 'notRunning') {
      const start = button('Start next dev', () => post({ type: 'startDev', appRoot: app.root }), { class: 'secondary', title: settings?.trusted ? 'Runs the app\'s dev script in a terminal' : 'Disabled in an untrusted workspace' });
      start.disabled = !settings?.trusted;
      dev.append(start);
    }
  }

  /** The route and method this tab is for, until its editor holds a draft. */
  let target: { appRoot: string; route: string; method?: HttpMethod } | undefined;

  /** Shows the tab's request: its draft, or a new one for its route and method; the state then holds the editor's draft. */
  function load(): void {
    const d = state.draft;
    session.open(d?.appRoot ?? target?.appRoot, d?.route ?? target?.route, d?.method ?? target?.method, d);
    if (session.editor) state = { ...state, draft: structuredClone(session.editor.draft) };
    persist();
    renderDev();
  }

  function handle(msg: ToViewMessage): void {
    if (session.handle(msg)) return;
    switch (msg.type) {
      case 'apps': {
        const first = !settings;
        apps = msg.apps;
        settings = msg.settings;
        if (first) load();
        else {
          session.appsChanged(state.draft?.appRoot, state.draft?.route);
          renderDev();
        }
        break;
      }
      case 'tabInit':
      case 'select': {
        // Its request when the webview (re)loads, or the host reusing this tab for its route and method,
        // with a whole request (history, saved) or none (the draft it has is kept).
        target = { appRoot: msg.appRoot, route: msg.route, ...(msg.method ? { method: msg.method } : {}) };
        const prior = state.draft;
        const same = prior && prior.appRoot === msg.appRoot && prior.route === msg.route;
        const draft = msg.draft ?? (same ? { ...prior, method: msg.method ?? prior.method } : undefined);
        state = { ...state, draft, ...(msg.type === 'tabInit' ? { pinned: msg.pinned } : {}) };
        if (settings) load();
        if (msg.type === 'tabInit') root.querySelector('.pin')?.replaceWith(pinButton());
        break;
      }
      case 'notice': showNotice(notices, msg.level, msg.text); break;
      default: break;
    }
  }

  onMessage(handle);
  installKeys(session);
  post({ type: 'ready' });
}
