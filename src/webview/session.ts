// One request and its response, as both hosts show them: the sidebar (src/webview/sidebar.ts) and an
// editor tab (src/webview/tab.ts) each hold a RequestSession and give it their slots and their memory
// of drafts. The session builds the request editor, sends, routes the host's response messages to the
// response they belong to, and draws it.
import type { AppView, HttpMethod, RequestDraft, RouteView, SettingsView, ToViewMessage } from '../protocol';
import { post } from './api';
import { BodyViewer } from './bodyView';
import { h } from './dom';
import { EnvSection } from './envView';
import { RequestEditor, type RequestEditorHost } from './requestView';
import { HandlerSection } from './shapeView';
import { renderResponse } from './responseView';
import {
  applyResponse, findRoute, isInFlight, keepResponse, newDraft, offeredMethods, reconcileDraft, responseKey, startResponse,
  type RequestTab, type ResponseModel, type ResponseTab,
} from './state';

export interface SessionHost {
  apps(): readonly AppView[];
  settings(): SettingsView | undefined;
  requestTab(): RequestTab;
  setRequestTab(tab: RequestTab): void;
  responseTab(): ResponseTab;
  setResponseTab(tab: ResponseTab): void;
  /** The draft this host remembers for a route (the sidebar: one per route; a tab: its own). */
  storedDraft(appRoot: string, route: string): RequestDraft | undefined;
  /** The editor's draft changed (persist it). */
  draftChanged(draft: RequestDraft): void;
  /** What the host adds to the request editor's title row (Open in Editor, the tab's pin). */
  titleExtras?(): Array<HTMLElement | null>;
}

export class RequestSession {
  readonly editorSlot = h('div', { class: 'editor-slot' });
  readonly responseSlot = h('div', { class: 'response-slot' });
  /** Environments, auth and cookies of the open request (envView.ts): each host places its bar and panel. */
  readonly env = new EnvSection(post, (r) => this.editor?.setResolved(r));
  /** Fill from handler, the body's errors against the handler's schema, Run all (shapeView.ts). */
  readonly handler = new HandlerSection(post, () => this.fillApplied());
  editor: RequestEditor | undefined;
  /** The last response of each route and method; the one of the open route and method is shown. */
  private responses: ResponseModel[] = [];
  /** The key of the response slot as last drawn. */
  private shownKey: string | undefined;
  private readonly viewers = new Map<string, BodyViewer>();
  private readonly filePicks = new Map<string, (file: { path: string; fileName: string; size: number }) => void>();

  constructor(private readonly host: SessionHost) {}

  /** Opens the editor on a route (a method to pick, or a whole draft to load), and its response. */
  open(appRoot: string | undefined, route: string | undefined, method?: HttpMethod, draft?: RequestDraft): void {
    this.build(appRoot, route, method, draft);
    this.renderResponse();
  }

  /** The route index changed: rebuild the editor only when its route appeared, vanished or changed shape. */
  appsChanged(appRoot: string | undefined, route: string | undefined): void {
    const before = this.editor?.route;
    const now = findRoute(this.host.apps(), appRoot, route);
    if (!this.editor || !before || !now || JSON.stringify(now) !== JSON.stringify(before)) {
      const draft = this.editor?.draft;
      if (draft) this.host.draftChanged(draft);
      this.open(appRoot, route, undefined, draft);
    } else this.editor.refresh();
  }

  baseUrl(appRoot: string | undefined): string | undefined {
    const app = this.host.apps().find((a) => a.root === appRoot) ?? this.host.apps()[0];
    return app?.dev.state === 'running' ? app.dev.url : undefined;
  }

  private build(appRoot: string | undefined, pattern: string | undefined, method?: HttpMethod, draft?: RequestDraft): void {
    this.editorSlot.replaceChildren();
    this.editor = undefined;
    const settings = this.host.settings();
    const app = this.host.apps().find((a) => a.root === appRoot);
    if (!app || !settings || !pattern) return;
    let route = findRoute(this.host.apps(), app.root, pattern);
    const deleted = !route;
    if (!route) {
      // The file is gone but its request stays open (nothing the user typed is lost).
      const prior = draft ?? this.host.storedDraft(app.root, pattern);
      if (!prior) return;
      route = { pattern, file: '(deleted)', router: 'app', methods: [prior.method], params: Object.keys(prior.params).map((name) => ({ name, kind: 'single' as const })) };
    }
    const stored = this.host.storedDraft(app.root, route.pattern);
    let d = draft ? structuredClone(draft) : stored ? structuredClone(stored) : newDraft(app.root, route, settings, method);
    d = deleted ? d : reconcileDraft(d, route);
    if (method && offeredMethods(route).includes(method)) d.method = method;
    this.editor = new RequestEditor(this.editorHost(route), route, d, deleted);
    this.editorSlot.append(this.editor.el, this.handler.el);
    post({ type: 'getSecrets', appRoot: app.root, route: route.pattern });
    this.env.setDraft(this.editor.draft);
    this.handler.setDraft(this.editor.draft);
  }

  private fillApplied(): void {
    if (!this.editor) return;
    this.editor.setResolved(undefined);
    this.editor.reload();
    this.host.draftChanged(this.editor.draft);
    this.env.draftChanged(this.editor.draft);
  }

  private editorHost(route: RouteView): RequestEditorHost {
    return {
      baseUrl: () => this.baseUrl(this.editor?.draft.appRoot),
      tab: () => this.host.requestTab(),
      setTab: (tab) => this.host.setRequestTab(tab),
      changed: () => {
        if (!this.editor) return;
        this.host.draftChanged(this.editor.draft);
        // Another method: its own response (or none) is shown.
        if (responseKey(this.editor.draft) !== this.shownKey) this.renderResponse();
        // The resolved line was for the draft before this edit: the editor's own preview until the next one.
        this.editor.setResolved(undefined);
        this.env.draftChanged(this.editor.draft);
        this.handler.draftChanged(this.editor.draft);
      },
      send: () => this.send(),
      cancel: () => {
        const r = this.shown();
        if (r && isInFlight(r)) post({ type: 'cancel', requestId: r.requestId });
      },
      inFlight: () => isInFlight(this.shown()),
      pickFile: (onPicked) => {
        const token = `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
        this.filePicks.set(token, onPicked);
        post({ type: 'pickFile', token });
      },
      exportAs: (format) => { if (this.editor) post({ type: 'export', format, request: this.editor.draft }); },
      saveRequest: () => { if (this.editor) post({ type: 'saveRequest', request: this.editor.draft }); },
      openRoute: () => { if (route.file !== '(deleted)') post({ type: 'openSource', file: route.file }); },
      titleExtras: () => this.host.titleExtras?.() ?? [],
      bodyExtras: () => this.handler.bodyErrorsEl,
    };
  }

  /** The response of the open route and method, if one was sent here. */
  shown(): ResponseModel | undefined {
    if (!this.editor) return undefined;
    const key = responseKey(this.editor.draft);
    return this.responses.find((r) => r.key === key);
  }

  send(): void {
    const editor = this.editor;
    if (!editor || isInFlight(this.shown())) return;
    if (!editor.checkBeforeSend()) return;
    const requestId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.responses = keepResponse(this.responses, startResponse(requestId, editor.draft.method, responseKey(editor.draft)));
    post({ type: 'send', requestId, request: editor.draft });
    this.renderResponse();
    editor.refresh();
  }

  /** Opens the search box of the shown body; false when no text body is shown. */
  openSearch(): boolean {
    const r = this.shown();
    const viewer = r ? this.viewers.get(r.requestId) : undefined;
    if (!viewer || !this.responseSlot.contains(viewer.el)) return false;
    viewer.openSearch();
    return true;
  }

  renderResponse(): void {
    this.shownKey = this.editor ? responseKey(this.editor.draft) : undefined;
    // Viewers of responses no longer kept go with them.
    for (const id of this.viewers.keys()) if (!this.responses.some((r) => r.requestId === id)) this.viewers.delete(id);
    const el = renderResponse(this.shown(), {
      tab: () => this.host.responseTab(),
      setTab: (tab) => { this.host.setResponseTab(tab); this.renderResponse(); },
      openSource: (file, line, column) => post({ type: 'openSource', file, ...(line ? { line } : {}), ...(column ? { column } : {}) }),
      saveBody: (requestId) => post({ type: 'saveBody', requestId }),
      bodyViewer: (model, text, json) => {
        let v = this.viewers.get(model.requestId);
        if (!v) {
          v = new BodyViewer(model.end?.bodyParts && model.bodyParts ? model.bodyParts : text, json, {
            copy: (value, what) => post({ type: 'copy', text: value, what }),
            ...(model.end?.canSaveBody ? { openInEditor: () => post({ type: 'openBody', requestId: model.requestId }) } : {}),
          });
          this.viewers.set(model.requestId, v);
        }
        return v;
      },
    });
    this.responseSlot.replaceChildren(el);
  }

  /** Handles the messages about the request and its response; false for the others. */
  handle(msg: ToViewMessage): boolean {
    switch (msg.type) {
      case 'secrets':
        if (this.editor && this.editor.draft.appRoot === msg.appRoot && this.editor.draft.route === msg.route) this.editor.fillSecrets(msg.values);
        return true;
      case 'filePicked': {
        const cb = this.filePicks.get(msg.token);
        this.filePicks.delete(msg.token);
        cb?.({ path: msg.path, fileName: msg.fileName, size: msg.size });
        return true;
      }
      case 'requestStarted': case 'responseHead': case 'responseChunks': case 'responseBodyPart': case 'responseEnd': case 'requestFailed': case 'serverError': case 'serverErrorMissing': {
        // A request the host started itself (re-send, command API) selected its route first: it belongs there.
        if (!this.responses.some((r) => r.requestId === msg.requestId)) {
          if (!this.editor || (msg.type !== 'requestStarted' && msg.type !== 'requestFailed')) return true;
          this.responses = keepResponse(this.responses, startResponse(msg.requestId, 'method' in msg ? msg.method : this.editor.draft.method, responseKey(this.editor.draft)));
        }
        this.responses = this.responses.map((r) => applyResponse(r, msg));
        if (this.shown()?.requestId !== msg.requestId || msg.type === 'responseBodyPart') return true;
        this.renderResponse();
        if (msg.type === 'requestStarted' || msg.type === 'responseEnd' || msg.type === 'requestFailed') this.editor?.refresh();
        if (msg.type === 'responseEnd') this.env.refreshCookies();
        return true;
      }
      case 'environments': case 'envPreview': case 'auth': case 'cookies':
        this.env.handle(msg);
        return true;
      default:
        return this.handler.handle(msg);
    }
  }
}

/**
 * The keys both hosts share: Ctrl/Cmd+Enter sends, Ctrl/Cmd+F searches the shown body (VS Code's own
 * find is not enabled for these webviews: it would search only the lines drawn). Errors go to the log.
 */
export function installKeys(session: RequestSession): void {
  window.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      session.send();
    } else if ((e.key === 'f' || e.key === 'F') && !e.shiftKey && session.openSearch()) {
      e.preventDefault();
    }
  });
  window.addEventListener('error', (e) => post({ type: 'reportError', message: String(e.error instanceof Error ? (e.error.stack ?? e.message) : e.message).slice(0, 8000) }));
}
