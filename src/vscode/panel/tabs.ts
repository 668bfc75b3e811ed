// Request tabs: a route's request in an editor tab (a WebviewPanel titled `GET /api/users/[id]`), the same
// request UI as the sidebar (dist/webview.js as data-host="tab", over src/webview/session.ts) and the same host-side handling
// (RequestPanel). One tab per app, route and method is reused; a pinned one keeps its request. After a
// reload VS Code hands each tab's state (TabStateSchema) back to `deserializeWebviewPanel`.
import * as vscode from 'vscode';
import { WebviewPanels } from '../../ids';
import { TabStateSchema, withoutSecrets, type HttpMethod, type RequestDraft, type TabState, type ToHostMessage, type ToViewMessage } from '../../protocol';
import type { Log } from '../log';
import { configureWebview, WebviewChannel } from '../requestsView';

export interface OpenTabArgs {
  appRoot: string;
  route: string;
  method?: HttpMethod;
  /** A whole request to load (history, saved, the sidebar's draft). */
  draft?: RequestDraft;
}

/** A tab as the API lists it (for tests and other extensions). */
export interface TabInfo {
  title: string;
  appRoot: string;
  route: string;
  method: HttpMethod | undefined;
  pinned: boolean;
  /** The draft the tab last reported (secret values blanked). */
  draft: RequestDraft | undefined;
  /** The state the tab keeps for a reload, as it last reported it. */
  state: TabState | undefined;
  active: boolean;
}

export class RequestTab {
  readonly channel: WebviewChannel;
  appRoot: string;
  route: string;
  method: HttpMethod | undefined;
  pinned = false;
  state: TabState | undefined;
  private pendingDraft: RequestDraft | undefined;

  constructor(readonly panel: vscode.WebviewPanel, args: OpenTabArgs, log: Log, onMessage: (m: ToHostMessage, tab: RequestTab) => void) {
    this.appRoot = args.appRoot;
    this.route = args.route;
    this.method = args.draft?.method ?? args.method;
    this.pendingDraft = args.draft;
    this.channel = new WebviewChannel(panel.webview, log, (m) => onMessage(m, this));
    this.updateTitle();
  }

  get title(): string {
    return `${this.method ?? 'Request'} ${this.route}`;
  }

  matches(appRoot: string, route: string, method: HttpMethod | undefined): boolean {
    return this.appRoot === appRoot && this.route === route && (method === undefined || this.method === method);
  }

  /** What the webview is told each time it (re)loads: its request and its pin. */
  init(): ToViewMessage {
    const draft = this.pendingDraft ?? this.state?.draft;
    return { type: 'tabInit', appRoot: this.appRoot, route: this.route, ...(this.method ? { method: this.method } : {}), ...(draft ? { draft: withoutSecrets(draft) } : {}), pinned: this.pinned };
  }

  /** Loads another request of the same route and method (the tab is reused). */
  load(args: OpenTabArgs): void {
    this.pendingDraft = args.draft;
    if (args.method) this.method = args.method;
    this.channel.post({ type: 'select', appRoot: args.appRoot, route: args.route, ...(this.method ? { method: this.method } : {}), ...(args.draft ? { draft: withoutSecrets(args.draft) } : {}) });
  }

  /** The webview reported its state: the draft names the tab (the user may switch its method). */
  report(state: TabState): void {
    this.state = state;
    this.pinned = state.pinned;
    this.pendingDraft = undefined;
    if (state.draft) {
      this.appRoot = state.draft.appRoot;
      this.route = state.draft.route;
      this.method = state.draft.method;
    }
    this.updateTitle();
  }

  private updateTitle(): void {
    if (this.panel.title !== this.title) this.panel.title = this.title;
  }

  info(): TabInfo {
    return { title: this.panel.title, appRoot: this.appRoot, route: this.route, method: this.method, pinned: this.pinned, draft: this.state?.draft, state: this.state, active: this.panel.active };
  }
}

export class RequestTabs implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly tabs = new Set<RequestTab>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a tab opens, closes, or reports its state. */
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    /** Handles a tab's message (RequestPanel.handle); `ready` and `tabState` are answered here first. */
    private readonly onMessage: (m: ToHostMessage, tab: RequestTab) => void,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(WebviewPanels.requestTab, this);
  }

  list(): TabInfo[] {
    return [...this.tabs].map((t) => t.info());
  }

  all(): RequestTab[] {
    return [...this.tabs];
  }

  /**
   * Opens the route's request in a tab: the tab of that route and method if one is open (an unpinned one
   * takes the new request; a pinned one keeps its own and is shown, unless a request must be loaded:
   * then a new tab opens). Resolves once the tab's webview is ready (bounded).
   */
  async open(args: OpenTabArgs): Promise<RequestTab> {
    const method = args.draft?.method ?? args.method;
    const same = [...this.tabs].filter((t) => t.matches(args.appRoot, args.route, method));
    const reuse = same.find((t) => !t.pinned) ?? (args.draft ? undefined : same[0]);
    if (reuse) {
      if (!reuse.pinned) reuse.load(args);
      reuse.panel.reveal(reuse.panel.viewColumn, false);
      await reuse.channel.whenReady();
      return reuse;
    }
    const panel = vscode.window.createWebviewPanel(WebviewPanels.requestTab, `${method ?? 'Request'} ${args.route}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    const tab = this.adopt(panel, args);
    await tab.channel.whenReady();
    return tab;
  }

  /** After a reload: the tab comes back with the state its webview kept (validated: it is read from disk). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const parsed = TabStateSchema.safeParse(raw);
    const state = parsed.success ? parsed.data : undefined;
    if (!state?.draft) {
      this.log.warn(`request tab: nothing to restore (${parsed.success ? 'no request in its state' : parsed.error.issues[0]?.message ?? 'invalid state'}); closing it`);
      panel.dispose();
      return;
    }
    const tab = this.adopt(panel, { appRoot: state.draft.appRoot, route: state.draft.route, method: state.draft.method, draft: state.draft });
    // The webview gets the request and the pin in its tabInit, and reports its state back once it shows them.
    tab.pinned = state.pinned;
    await tab.channel.whenReady();
  }

  private adopt(panel: vscode.WebviewPanel, args: OpenTabArgs): RequestTab {
    const tab = new RequestTab(panel, args, this.log, (m, t) => this.receive(m, t));
    this.tabs.add(tab);
    configureWebview(panel.webview, this.extensionUri, 'tab');
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activity.svg');
    panel.onDidDispose(() => {
      this.tabs.delete(tab);
      tab.channel.dispose();
      this.changed.fire();
    });
    panel.onDidChangeViewState(() => this.changed.fire());
    this.changed.fire();
    return tab;
  }

  private receive(m: ToHostMessage, tab: RequestTab): void {
    if (m.type === 'ready') tab.channel.post(tab.init());
    if (m.type === 'tabState') {
      tab.report(m.state);
      this.changed.fire();
      return;
    }
    this.onMessage(m, tab);
  }

  /** Posts to every tab (the route index, dev status, settings). */
  broadcast(message: ToViewMessage): void {
    for (const t of this.tabs) t.channel.post(message);
  }

  dispose(): void {
    this.registration.dispose();
    for (const t of [...this.tabs]) t.panel.dispose();
    this.changed.dispose();
  }
}
