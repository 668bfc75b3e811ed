// The request panel: the route index, dev servers, history, saved requests and secrets behind the
// "Requests" webview view, its commands and CodeLens, and the command-level API tests (and other
// extensions) call without the UI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod';
import { toCurl, toFetch, toHttpFile } from '../../core/http/export';
import { DEFAULT_BODY_CAP_BYTES, type ResponseSummary, type RouteInfo } from '../../core/http/types';
import { isBelow, isWithin } from '../../core/paths';
import { Commands } from '../../ids';
import {
  HttpMethodSchema, KeyValueSchema, RequestBodySchema, RequestDraftSchema, withoutSecretQuery, withoutSecrets,
  type AppView, type DevStatus, type HttpMethod, type SuiteScopeKind, type HistoryEntry, type RequestDraft, type RouteView, type SavedRequest, type ToHostMessage, type ToViewMessage,
} from '../../protocol';
import { exportForm } from '../../core/http/prepare';
import { Environments } from '../environments';
import { RouteHover } from '../hover';
import { logError, type Log } from '../log';
import { RequestsView, type WebviewChannel } from '../requestsView';
import type { WorkspaceAppsApi } from '../workspaceApps';
import { BodyDocuments, type KeptBody } from './bodyDocuments';
import { RouteCodeLens, type SelectRouteArgs } from './codeLens';
import { DevServers, type DevChange } from './devServers';
import { RouteIndex } from './routeIndex';
import { draftToSpec, runDraft, type SendResult } from './runner';
import { affectsPanel, readPanelSettings } from './settings';
import { handlerFill, runAppSuite, type ShapeAnswer, type SuiteRun } from './shapes';
import { HistoryStore, SavedStore, SecretValues } from './stores';
import { RequestTabs, type OpenTabArgs, type TabInfo } from './tabs';

/** Input of `bffRoutes.sendRequest` / `api.sendRequest`: a route and what to send, everything optional but the route. */
export const SendInputSchema = z.object({
  /** The app's root; optional when the workspace has one app (or the route is unique). */
  appRoot: z.string().optional(),
  route: z.string().min(1),
  method: z.optional(HttpMethodSchema),
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  query: z.union([z.record(z.string(), z.string()), z.array(KeyValueSchema)]).optional(),
  headers: z.union([z.record(z.string(), z.string()), z.array(KeyValueSchema)]).optional(),
  cookies: z.union([z.record(z.string(), z.string()), z.array(KeyValueSchema)]).optional(),
  body: z.optional(RequestBodySchema),
  /** Shorthand for a JSON body: serialized with JSON.stringify. */
  json: z.unknown().optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  followRedirects: z.boolean().optional(),
  /** Show the request and its response in the panel (revealing it). Default false. */
  show: z.boolean().optional(),
});
export type SendInput = z.input<typeof SendInputSchema>;

export interface RouteListing {
  appRoot: string;
  pattern: string;
  file: string;
  router: 'app' | 'pages';
  methods: string[];
  offeredMethods: string[];
  params: Array<{ name: string; kind: string }>;
}

export type ExportFormat = 'curl' | 'fetch' | 'http';
export type Outcome = { ok: true; message: string; file?: string; text?: string } | { ok: false; message: string };

/** What the panel adds to the extension's API. */
export interface RequestPanelApi {
  listRoutes(): RouteListing[];
  /** Looks for the app's dev server again and returns its status. */
  devServer(appRoot?: string): Promise<DevStatus>;
  /** The status the panel shows now (without looking again). */
  devStatus(appRoot?: string): DevStatus;
  /** Each change of a dev server's status, with what made the panel look (the lock watcher, a start...). */
  onDidChangeDevServer: vscode.Event<DevChange>;
  sendRequest(input: SendInput): Promise<SendResult>;
  history(): HistoryEntry[];
  /** Sends a history entry again (secret values filled from secret storage). */
  resend(historyId: string): Promise<SendResult | undefined>;
  deleteHistory(historyId: string): Promise<void>;
  /** Saves the request under a name for its route (what "Save request…" does after asking the name). */
  saveRequest(name: string, input: SendInput): Promise<Outcome>;
  savedRequests(): SavedRequest[];
  deleteSaved(savedId: string): Promise<void>;
  /** Copy as cURL / fetch (to the clipboard), or Save as .http to `target` (inside the workspace, never overwriting). */
  exportRequest(format: ExportFormat, input: SendInput, target?: string): Promise<Outcome>;
  /** "Save whole body…" of a kept response to `target` (inside the workspace, never overwriting). */
  saveBody(requestId: string, target: string): Promise<Outcome>;
  /** Resolves when the route index has settled after file changes (for tests). */
  routesChanged(): Promise<void>;
  /** The environments of http-client.env.json, the active one and the status bar item's text. */
  environments(): { names: string[]; active: string | undefined; statusText: string | undefined };
  /** Opens a route's request in an editor tab (reusing the tab of that route and method); resolves when it is ready. */
  openTab(args: { appRoot?: string; route: string; method?: string; draft?: RequestDraft }): Promise<TabInfo | undefined>;
  /** The open request tabs. */
  tabs(): TabInfo[];
  /** Fires when a tab opens, closes, or reports its state. */
  onDidChangeTabs: vscode.Event<void>;
  /** The tab serializer's restore path: what VS Code calls after a reload with the state the tab kept. */
  restoreTab(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** "Open in editor" of a kept response body: a read-only document with the language of its content type. */
  openBody(requestId: string): Promise<vscode.TextDocument | undefined>;
  /** What "Fill from handler" gives for a route and method, or why the shape is not known. */
  handlerShape(appRoot: string, route: string, method: HttpMethod): ShapeAnswer;
  /** "Run all": the app's saved suite for a route, its folder or the app, against its running dev server. */
  runSuite(appRoot: string, scope: SuiteScopeKind, route: string): Promise<SuiteRun>;
}

/** Bodies kept for "Save whole body…" and "Open in editor" (the newest few responses). */
const KEPT_BODIES = 3;

function rows(v: Record<string, string> | Array<z.infer<typeof KeyValueSchema>> | undefined): RequestDraft['headers'] {
  if (!v) return [];
  if (Array.isArray(v)) return v.map((r) => ({ name: r.name, value: r.value, enabled: r.enabled !== false, ...(r.secret ? { secret: true } : {}) }));
  return Object.entries(v).map(([name, value]) => ({ name, value, enabled: true }));
}

function toRouteView(r: RouteInfo): RouteView {
  return { pattern: r.pattern, file: r.file, router: r.router, methods: r.methods, params: r.params.map((p) => ({ name: p.name, kind: p.kind })) };
}

function newRequestId(): string {
  const b = new Uint8Array(8);
  globalThis.crypto.getRandomValues(b);
  return `h${Buffer.from(b).toString('hex')}`;
}

function insideWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    if (f.uri.scheme !== 'file') return false;
    return isBelow(f.uri.fsPath, file);
  });
}

export class RequestPanel implements vscode.Disposable {
  readonly api: RequestPanelApi;
  private readonly index: RouteIndex;
  private readonly dev: DevServers;
  private readonly history: HistoryStore;
  private readonly saved: SavedStore;
  private readonly secrets: SecretValues;
  private readonly view: RequestsView;
  private readonly tabs: RequestTabs;
  private readonly bodyDocs: BodyDocuments;
  private readonly codeLens: RouteCodeLens;
  /** Environments, auth and the cookie jar (src/vscode/environments.ts). */
  private readonly environments: Environments;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly inFlight = new Map<string, AbortController>();
  private readonly bodies = new Map<string, KeptBody>();
  private lastDraft: RequestDraft | undefined;
  private appsTimer: ReturnType<typeof setTimeout> | undefined;
  private routeWaiters: Array<() => void> = [];

  static create(context: vscode.ExtensionContext, log: Log, apps: WorkspaceAppsApi): RequestPanel {
    return new RequestPanel(context, log, apps);
  }

  private constructor(private readonly context: vscode.ExtensionContext, private readonly log: Log, apps: WorkspaceAppsApi) {
    this.index = new RouteIndex(log, apps);
    this.dev = new DevServers(log);
    this.history = new HistoryStore(context.workspaceState);
    this.saved = new SavedStore(context.workspaceState);
    this.secrets = new SecretValues(context.secrets);
    this.view = new RequestsView(context.extensionUri, log, (m, channel) => this.handle(m, channel, 'sidebar'));
    this.tabs = new RequestTabs(context.extensionUri, log, (m, tab) => this.handle(m, tab.channel, 'tab'));
    this.bodyDocs = new BodyDocuments((id) => this.bodies.get(id));
    this.codeLens = new RouteCodeLens(this.index);
    this.environments = new Environments(context, log, () => this.index.listApps().map((a) => a.root));
    this.dev.setApps(this.index.listApps());
    this.disposables.push(
      this.index, this.dev, this.history, this.saved, this.view, this.tabs, this.bodyDocs, this.codeLens, this.environments,
      this.environments.onDidChange(() => void this.environments.postState((msg) => { this.view.post(msg); this.tabs.broadcast(msg); }, undefined, undefined, undefined)),
      RouteHover.register(this.index, log),
      vscode.languages.registerCodeLensProvider(
        [{ scheme: 'file', language: 'typescript' }, { scheme: 'file', language: 'javascript' }, { scheme: 'file', language: 'typescriptreact' }, { scheme: 'file', language: 'javascriptreact' }],
        this.codeLens,
      ),
      this.index.onDidChange(() => {
        this.dev.setApps(this.index.listApps());
        this.environments.appsChanged();
        this.codeLens.refresh();
        this.postAppsSoon();
        const waiters = this.routeWaiters;
        this.routeWaiters = [];
        for (const w of waiters) w();
      }),
      this.dev.onDidChange(() => this.postAppsSoon()),
      this.history.onDidChange(() => this.view.post({ type: 'history', entries: this.history.list() })),
      this.saved.onDidChange(() => this.view.post({ type: 'saved', entries: this.saved.list() })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsPanel(e)) return;
        this.codeLens.refresh();
        for (const a of this.index.listApps()) void this.dev.refresh(a.root, 'settings');
        this.postAppsSoon();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.postAppsSoon()),
      vscode.commands.registerCommand(Commands.openRequestPanel, () => this.openForActiveEditor()),
      vscode.commands.registerCommand(Commands.openRequestInEditor, (args?: unknown) => this.openInEditorCommand(args)),
      vscode.commands.registerCommand(Commands.resendLastRequest, () => this.resendLast()),
      vscode.commands.registerCommand(Commands.selectRoute, (args: SelectRouteArgs) => this.select(args)),
      vscode.commands.registerCommand(Commands.sendRequest, (input: SendInput) => this.sendFromApi(input)),
      vscode.commands.registerCommand(Commands.startDevServer, (appRoot?: unknown) => this.startDevCommand(appRoot)),
      vscode.commands.registerCommand(Commands.stopDevServer, (appRoot?: unknown) => this.stopDevCommand(appRoot)),
    );
    this.api = {
      listRoutes: () => this.index.listApps().flatMap((a) => this.index.routesOf(a.root).map((r) => ({
        appRoot: a.root, pattern: r.pattern, file: r.file, router: r.router, methods: [...r.methods], offeredMethods: [...r.offeredMethods],
        params: r.params.map((p) => ({ name: p.name, kind: p.kind })),
      }))),
      devServer: (appRoot) => {
        const root = appRoot ?? this.index.listApps()[0]?.root;
        return root ? this.dev.refresh(root) : Promise.resolve({ state: 'notRunning', reason: 'no Next.js app in this workspace' });
      },
      devStatus: (appRoot) => {
        const root = appRoot ?? this.index.listApps()[0]?.root;
        return root ? this.dev.status(root) : { state: 'notRunning', reason: 'no Next.js app in this workspace' };
      },
      onDidChangeDevServer: this.dev.onDidChange,
      sendRequest: (input) => this.sendFromApi(input),
      history: () => this.history.list(),
      resend: (historyId) => this.resend(historyId),
      deleteHistory: (historyId) => this.history.remove(historyId),
      saveRequest: async (name, input) => {
        const r = this.resolveInput(input);
        if (!r.ok) return r;
        if (!name.trim()) return { ok: false, message: 'A saved request needs a name.' };
        await this.saveDraft(name, r.draft);
        return { ok: true, message: `Saved "${name.trim()}".` };
      },
      savedRequests: () => this.saved.list(),
      deleteSaved: (savedId) => this.saved.remove(savedId),
      exportRequest: async (format, input, target) => {
        const r = this.resolveInput(input);
        if (!r.ok) return r;
        if (format === 'http' && !target) return { ok: false, message: 'Save as .http needs a target file.' };
        return (await this.exportDraft(format, r.draft, target ?? null)) ?? { ok: false, message: 'Nothing was exported.' };
      },
      saveBody: async (requestId, target) => (await this.saveBody(requestId, target)) ?? { ok: false, message: 'Nothing was saved.' },
      routesChanged: () => new Promise<void>((resolve) => this.routeWaiters.push(resolve)),
      environments: () => ({ names: this.environments.names(), active: this.environments.active(), statusText: this.environments.statusText() }),
      openTab: async (args) => {
        const method = HttpMethodSchema.safeParse(args.method);
        const appRoot = args.appRoot ?? this.index.listApps().find((a) => this.index.route(a.root, args.route))?.root;
        if (!appRoot) return undefined;
        const tab = await this.openTab({ appRoot, route: args.route, ...(method.success ? { method: method.data } : {}), ...(args.draft ? { draft: args.draft } : {}) });
        return tab.info();
      },
      tabs: () => this.tabs.list(),
      onDidChangeTabs: this.tabs.onDidChange,
      restoreTab: (panel, state) => this.tabs.deserializeWebviewPanel(panel, state),
      openBody: (requestId) => this.bodyDocs.open(requestId),
      handlerShape: (appRoot, route, method) => this.handlerShape(appRoot, route, method),
      runSuite: (appRoot, scope, route) => this.runSuite(appRoot, scope, route, () => undefined),
    };
  }

  // ---- view state ----

  private appViews(): AppView[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return this.index.listApps().map((a) => {
      const folder = folders.find((f) => isWithin(f.uri.fsPath, a.root));
      const rel = folder ? path.relative(folder.uri.fsPath, a.root) : a.root;
      const label = folders.length > 1 && folder ? path.join(folder.name, rel) : rel || path.basename(a.root);
      return { root: a.root, label, dev: this.dev.status(a.root), routes: this.index.routesOf(a.root).map(toRouteView), ownsTerminal: this.dev.ownsTerminal(a.root) };
    });
  }

  private settingsView(): Extract<ToViewMessage, { type: 'apps' }>['settings'] {
    const s = readPanelSettings(vscode.workspace.workspaceFolders?.[0]?.uri);
    return { trusted: vscode.workspace.isTrusted, requestTimeoutMs: s.requestTimeoutMs, followRedirects: s.followRedirects, allowNonLoopback: s.allowNonLoopback, truncateBytes: DEFAULT_BODY_CAP_BYTES };
  }

  /** The route index, dev status and settings go to the sidebar and every tab. */
  private postApps(): void {
    const message: ToViewMessage = { type: 'apps', apps: this.appViews(), settings: this.settingsView() };
    this.view.post(message);
    this.tabs.broadcast(message);
  }

  private postAppsSoon(): void {
    if (this.appsTimer) clearTimeout(this.appsTimer);
    this.appsTimer = setTimeout(() => this.postApps(), 80);
  }

  // ---- messages from the webview ----

  /** A message of the sidebar or of a tab; answers go back to the webview it came from (`to`). */
  private handle(m: ToHostMessage, to: WebviewChannel, from: 'sidebar' | 'tab'): void {
    void this.handleAsync(m, to, from).catch((e: unknown) => {
      logError(this.log, `request panel: handling ${m.type} failed`, e);
      to.post({ type: 'notice', level: 'error', text: `Something went wrong (${m.type}): ${e instanceof Error ? e.message : String(e)}. Details are in the BFF Routes log.` });
    });
  }

  private async handleAsync(m: ToHostMessage, to: WebviewChannel, from: 'sidebar' | 'tab'): Promise<void> {
    switch (m.type) {
      case 'ready':
        to.post({ type: 'apps', apps: this.appViews(), settings: this.settingsView() });
        if (from === 'sidebar') {
          to.post({ type: 'history', entries: this.history.list() });
          to.post({ type: 'saved', entries: this.saved.list() });
          for (const a of this.index.listApps()) void this.dev.refresh(a.root);
        }
        await this.environments.postState((msg) => to.post(msg), undefined, undefined, undefined);
        return;
      case 'selectEnvironment': case 'envPreview': case 'setAuth': case 'getEnvState': case 'clearCookies':
        await this.environments.handle(m, (msg) => to.post(msg), (root) => this.devUrl(root));
        return;
      case 'send':
        await this.run(m.request, m.requestId, (msg) => to.post(msg));
        return;
      case 'openTab':
        await this.openTab({ appRoot: m.appRoot, route: m.route, ...(m.method ? { method: m.method } : {}), ...(m.draft ? { draft: m.draft } : {}) });
        return;
      case 'tabState':
        // Answered by RequestTabs (a tab's own message); from the sidebar it means nothing.
        return;
      case 'openBody': {
        const doc = await this.bodyDocs.open(m.requestId);
        if (!doc) to.post({ type: 'notice', level: 'warning', text: 'That response body is no longer kept: send the request again to open it.' });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        to.post({ type: 'notice', level: 'info', text: m.what === 'path' ? `Copied the path ${m.text.slice(0, 200)}.` : `Copied the value (${m.text.length} characters).` });
        return;
      case 'cancel':
        this.inFlight.get(m.requestId)?.abort();
        return;
      case 'startDev': {
        const r = this.dev.start(m.appRoot);
        if (!r.ok) to.post({ type: 'notice', level: 'warning', text: r.message });
        this.postAppsSoon();
        return;
      }
      case 'stopDev': {
        const r = await this.dev.stop(m.appRoot);
        if (!r.ok) to.post({ type: 'notice', level: 'info', text: r.message });
        this.postAppsSoon();
        return;
      }
      case 'refreshDev':
        await this.dev.refresh(m.appRoot, 'request');
        this.postAppsSoon();
        return;
      case 'openSource':
        await this.openSource(m.file, m.line, m.column, to);
        return;
      case 'export': {
        const r = await this.exportDraft(m.format, m.request, undefined);
        if (r) to.post({ type: 'notice', level: r.ok ? 'info' : 'error', text: r.message });
        return;
      }
      case 'saveBody': {
        const r = await this.saveBody(m.requestId, undefined);
        if (r) to.post({ type: 'notice', level: r.ok ? 'info' : 'warning', text: r.message });
        return;
      }
      case 'resend':
        await this.resend(m.historyId, to);
        return;
      case 'deleteHistory':
        await this.history.remove(m.historyId);
        return;
      case 'clearHistory': {
        const pick = await vscode.window.showWarningMessage('Delete the whole request history of this workspace?', { modal: true }, 'Delete');
        if (pick === 'Delete') await this.history.clear();
        return;
      }
      case 'saveRequest': {
        const name = await vscode.window.showInputBox({ title: `Save ${m.request.method} ${m.request.route}`, prompt: 'Name of the saved request', value: `${m.request.method} ${m.request.route}`, validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
        if (!name) return;
        await this.saveDraft(name, m.request);
        return;
      }
      case 'deleteSaved':
        await this.saved.remove(m.savedId);
        return;
      case 'pickFile': {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Attach', title: 'File to upload' });
        const uri = picked?.[0];
        if (!uri || uri.scheme !== 'file') return;
        let size = 0;
        try {
          size = fs.statSync(uri.fsPath).size;
        } catch (e) {
          to.post({ type: 'notice', level: 'error', text: `Cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}` });
          return;
        }
        to.post({ type: 'filePicked', token: m.token, path: uri.fsPath, fileName: path.basename(uri.fsPath), size });
        return;
      }
      case 'getSecrets':
        to.post({ type: 'secrets', appRoot: m.appRoot, route: m.route, values: await this.secrets.get(m.appRoot, m.route) });
        return;
      case 'newRoute':
        await vscode.commands.executeCommand(Commands.newRouteHandler);
        return;
      case 'reportError':
        this.log.warn(`request panel webview: ${m.message}`);
        return;
      case 'getShape': {
        const a = this.handlerShape(m.appRoot, m.route, m.method);
        to.post({ type: 'shape', appRoot: m.appRoot, route: m.route, method: m.method, ...(a.fill ? { fill: a.fill, summary: a.summary.slice(0, 8000) } : { reason: a.reason }) });
        return;
      }
      case 'runSuite': {
        const post = (r: SuiteRun, done: boolean): void => to.post({ type: 'suiteResults', runId: m.runId, done, files: r.files, results: r.results, ...(r.error ? { error: r.error } : {}) });
        post(await this.runSuite(m.appRoot, m.scope, m.route, (r) => post(r, false)), true);
        return;
      }
    }
  }

  // ---- the handler's shape and the saved suite (shapes.ts) ----

  private handlerShape(appRoot: string, pattern: string, method: HttpMethod): ShapeAnswer {
    const app = this.index.app(appRoot);
    const route = app && this.index.route(app.root, pattern);
    if (!app || !route) return { reason: `${pattern} is not a route of this workspace (any more)` };
    try {
      return handlerFill(app, route, method);
    } catch (err) {
      logError(this.log, 'handler shape', err);
      return { reason: `shape not known: reading the handler failed (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  private async runSuite(appRoot: string, scope: SuiteScopeKind, pattern: string, progress: (r: SuiteRun) => void): Promise<SuiteRun> {
    const app = this.index.app(appRoot);
    if (!app) return { files: [], results: [], error: `${appRoot} is not a Next.js app of this workspace` };
    try {
      // The active environment applies as to a single send: its variables, and its baseUrl over the dev server's.
      const env = await this.environments.suiteEnvironment(app.root);
      if (env && 'problem' in env) return { files: [], results: [], error: env.problem };
      return await runAppSuite(app, scope, pattern, env?.baseUrl ?? this.devUrl(app.root), progress, env?.variables);
    } catch (err) {
      logError(this.log, 'suite run', err);
      return { files: [], results: [], error: `The suite could not run: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  // ---- running requests ----

  /** Runs a draft, showing it in the webview `show` posts to (if any); records history; never rejects. */
  private async run(draft: RequestDraft, requestId: string, show?: (msg: ToViewMessage) => void): Promise<SendResult> {
    const sink = show ?? (() => undefined);
    const app = this.index.app(draft.appRoot);
    if (!app) {
      const message = `${draft.appRoot} is no longer a Next.js app of this workspace.`;
      sink({ type: 'requestFailed', requestId, kind: 'route-deleted', message });
      return { requestId, ok: false, error: { kind: 'route-deleted', message }, warnings: [] };
    }
    const route = this.index.route(app.root, draft.route);
    let status = await this.dev.settled(app.root);
    if (status.state !== 'running') status = await this.dev.refresh(app.root);
    const settings = readPanelSettings(vscode.Uri.file(app.root));
    const controller = new AbortController();
    this.inFlight.set(requestId, controller);
    this.lastDraft = draft;
    const at = Date.now();
    try {
      const storage = this.context.storageUri ?? this.context.globalStorageUri;
      const spillDir = path.join(storage.fsPath, 'bodies');
      fs.mkdirSync(spillDir, { recursive: true });
      // History holds requests that left (not those refused before sending), with the URL they went to.
      let sent = false;
      const tracked = (msg: ToViewMessage): void => {
        if (msg.type === 'requestStarted') sent = true;
        sink(msg);
      };
      const { result, summary } = await runDraft(requestId, draft, {
        app,
        baseUrl: status.state === 'running' ? status.url : undefined,
        routeFile: route?.file,
        allowNonLoopback: settings.allowNonLoopback,
        bodyCapBytes: DEFAULT_BODY_CAP_BYTES,
        spillDir,
        signal: controller.signal,
        devOutput: this.dev.output(app.root),
        env: await this.environments.forRequest(app.root, draft.route),
      }, tracked);
      if (summary) this.keepBody(requestId, draft, summary);
      await this.secrets.remember(draft);
      if (sent) await this.history.add({
        at, request: draft,
        ...(result.url ? { url: withoutSecretQuery(result.url, draft).slice(0, 16_384) } : {}),
        ...(result.status !== undefined ? { status: result.status } : {}),
        ...(result.totalMs !== undefined ? { totalMs: result.totalMs } : {}),
        ...(result.error ? { error: result.error.message.slice(0, 2000) } : {}),
      });
      this.log.info(`${draft.method} ${result.url ?? draft.route} -> ${result.ok ? `${result.status} in ${Math.round(result.totalMs ?? 0)} ms` : `${result.error?.kind}: ${result.error?.message}`}`);
      return result;
    } catch (e) {
      logError(this.log, `request ${draft.method} ${draft.route} failed`, e);
      const message = `The request could not be run: ${e instanceof Error ? e.message : String(e)}. Details are in the BFF Routes log.`;
      sink({ type: 'requestFailed', requestId, kind: 'internal', message });
      return { requestId, ok: false, error: { kind: 'internal', message }, warnings: [] };
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  private keepBody(requestId: string, draft: RequestDraft, summary: Pick<ResponseSummary, 'body' | 'bodyBytes' | 'spillFile' | 'contentType'>): void {
    this.bodies.set(requestId, {
      body: summary.body, bodyBytes: summary.bodyBytes, route: draft.route, method: draft.method,
      ...(summary.spillFile ? { spillFile: summary.spillFile } : {}), ...(summary.contentType ? { contentType: summary.contentType } : {}),
    });
    while (this.bodies.size > KEPT_BODIES) {
      const [oldest, kept] = this.bodies.entries().next().value as [string, { spillFile?: string }];
      this.bodies.delete(oldest);
      if (kept.spillFile) fs.rm(kept.spillFile, { force: true }, () => undefined);
    }
  }

  private resolveInput(raw: unknown): { ok: true; draft: RequestDraft; show: boolean } | { ok: false; message: string } {
    const parsed = SendInputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `Invalid sendRequest input: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const input = parsed.data;
    const apps = this.index.listApps();
    const candidates = input.appRoot ? apps.filter((a) => a.root === input.appRoot) : apps.filter((a) => this.index.route(a.root, input.route));
    const app = candidates[0] ?? (input.appRoot ? undefined : apps[0]);
    if (!app) return { ok: false, message: input.appRoot ? `${input.appRoot} is not a Next.js app of this workspace.` : 'No Next.js app in this workspace.' };
    const route = this.index.route(app.root, input.route);
    const settings = readPanelSettings(vscode.Uri.file(app.root));
    const params = Object.fromEntries(Object.entries(input.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
    const body = input.body ?? (input.json !== undefined ? { kind: 'json' as const, text: JSON.stringify(input.json) } : { kind: 'none' as const });
    const draft = RequestDraftSchema.safeParse({
      appRoot: app.root,
      route: input.route,
      method: input.method ?? (route?.methods.includes('GET') || !route?.methods.length ? 'GET' : route.methods[0]),
      params,
      query: rows(input.query),
      headers: rows(input.headers),
      cookies: rows(input.cookies),
      body: body.kind === 'text' ? { ...body, contentType: body.contentType ?? 'text/plain;charset=utf-8' } : body,
      timeoutMs: input.timeoutMs ?? settings.requestTimeoutMs,
      followRedirects: input.followRedirects ?? settings.followRedirects,
    });
    if (!draft.success) return { ok: false, message: `Invalid request: ${draft.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    return { ok: true, draft: draft.data, show: input.show ?? false };
  }

  private async sendFromApi(raw: unknown): Promise<SendResult> {
    const requestId = newRequestId();
    const r = this.resolveInput(raw);
    if (!r.ok) return { requestId, ok: false, error: { kind: 'invalid-request', message: r.message }, warnings: [] };
    if (r.show) {
      await this.view.reveal();
      this.view.post({ type: 'select', appRoot: r.draft.appRoot, route: r.draft.route, method: r.draft.method, draft: withoutSecrets(r.draft) });
    }
    return this.run(r.draft, requestId, r.show ? (msg) => this.view.post(msg) : undefined);
  }

  // ---- commands ----

  private async select(args: SelectRouteArgs | undefined): Promise<void> {
    if (!args || typeof args.appRoot !== 'string' || typeof args.route !== 'string') return;
    const method = HttpMethodSchema.safeParse(args.method);
    await this.view.reveal();
    this.view.post({ type: 'select', appRoot: args.appRoot, route: args.route, ...(method.success ? { method: method.data } : {}) });
  }

  private async openForActiveEditor(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const found = doc?.uri.scheme === 'file' ? this.index.routeForFile(doc.uri.fsPath) : undefined;
    if (!found?.route) {
      await this.view.reveal();
      if (doc) void vscode.window.showInformationMessage(`${path.basename(doc.uri.fsPath)} is not a route handler of a Next.js app in this workspace: pick a route in the panel.`);
      return;
    }
    await this.select({ appRoot: found.app.root, route: found.route.pattern });
  }

  /** Opens a request tab; a draft is loaded with its secret values filled from secret storage. */
  private async openTab(args: OpenTabArgs): ReturnType<RequestTabs['open']> {
    const draft = args.draft ? await this.secrets.fill(args.draft) : undefined;
    // Without a method: the one a new draft starts with (GET if exported), so the tab is named and reused by it.
    const methods = this.index.route(args.appRoot, args.route)?.methods ?? [];
    const method = args.method ?? (methods.includes('GET') || methods.length === 0 ? 'GET' : methods[0]);
    return this.tabs.open({ ...args, method, ...(draft ? { draft } : {}) });
  }

  /**
   * "Open Request in Editor": from the CodeLens ({ appRoot, route, method }), the sidebar route's context
   * menu ({ webviewSection, appRoot, route }), or the palette (the active editor's route).
   */
  private async openInEditorCommand(args: unknown): Promise<TabInfo | undefined> {
    const a = (args && typeof args === 'object' ? args : {}) as Partial<Record<'appRoot' | 'route' | 'method', unknown>>;
    if (typeof a.appRoot === 'string' && typeof a.route === 'string') {
      const method = HttpMethodSchema.safeParse(a.method);
      return (await this.openTab({ appRoot: a.appRoot, route: a.route, ...(method.success ? { method: method.data } : {}) })).info();
    }
    const doc = vscode.window.activeTextEditor?.document;
    const found = doc?.uri.scheme === 'file' ? this.index.routeForFile(doc.uri.fsPath) : undefined;
    if (!found?.route) {
      void vscode.window.showInformationMessage('Open a route handler (route.ts) first, or pick a route in the BFF Routes panel: double-click it, or use its context menu.');
      return undefined;
    }
    return (await this.openTab({ appRoot: found.app.root, route: found.route.pattern })).info();
  }

  private async resendLast(): Promise<void> {
    const last = this.lastDraft ?? this.history.list()[0]?.request;
    if (!last) {
      void vscode.window.showInformationMessage('No request sent yet in this workspace: send one from the BFF Routes panel first.');
      return;
    }
    const draft = await this.secrets.fill(last);
    await this.view.reveal();
    this.view.post({ type: 'select', appRoot: draft.appRoot, route: draft.route, method: draft.method, draft: withoutSecrets(draft) });
    await this.run(draft, newRequestId(), (msg) => this.view.post(msg));
  }

  // ---- files ----

  private async openSource(file: string, line: number | undefined, column: number | undefined, to: WebviewChannel): Promise<void> {
    if (!fs.existsSync(file)) {
      to.post({ type: 'notice', level: 'warning', text: `${file} does not exist (any more).` });
      return;
    }
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(pos, pos), preview: false });
  }

  private devUrl(appRoot: string): string | undefined {
    const status = this.dev.status(appRoot);
    return status.state === 'running' ? status.url : undefined;
  }

  private exportBase(draft: RequestDraft): string {
    const status = this.dev.status(draft.appRoot);
    if (status.state === 'running') return status.url;
    return readPanelSettings(vscode.Uri.file(draft.appRoot)).baseUrl || 'http://127.0.0.1:3000';
  }

  /**
   * Copy as cURL / fetch, or Save as .http. `target`: undefined asks with a save dialog (the view),
   * a path writes there (the API), null for the clipboard formats. Undefined when the user cancelled.
   */
  private async exportDraft(format: ExportFormat, draft: RequestDraft, target: string | null | undefined): Promise<Outcome | undefined> {
    const base = this.exportBase(draft);
    // Secret values never reach an export: blanked here; the environment keeps its secrets as {{variables}}
    // (exportForm), and the exporter turns secret headers into variables.
    const form = exportForm(format, withoutSecrets(draft), await this.environments.forRequest(draft.appRoot, draft.route), base);
    if (!form.ok) return { ok: false, message: `Cannot export: ${form.message}` };
    const built = draftToSpec(form.form.draft, 'http://127.0.0.1');
    if (!built.ok) return { ok: false, message: `Cannot export: ${built.message}` };
    built.spec.url = form.form.url;
    const secretHeaders = form.form.secretHeaders;
    // cURL and fetch keep the URL literal, so the copy runs as pasted; only secrets become variables. A .http
    // file declares `@baseUrl = <url>` with its value (unless the environment has a baseUrl), so it runs as saved.
    const options = { secretHeaders, keepTemplates: form.form.keepTemplates, ...(format === 'http' && form.form.baseUrl ? { baseUrl: form.form.baseUrl } : {}) };
    if (format !== 'http') {
      const text = format === 'curl' ? toCurl(built.spec, options) : toFetch(built.spec, options);
      await vscode.env.clipboard.writeText(text);
      const secrets = secretHeaders.length || draft.cookies.length || draft.headers.some((h) => /^(authorization|cookie)$/i.test(h.name));
      return { ok: true, text, message: `Copied as ${format === 'curl' ? 'cURL' : 'fetch'}${secrets ? ' (secret values left out as variables)' : ''}.` };
    }
    const app = this.index.app(draft.appRoot);
    const fileName = `${draft.route.replace(/^\/+/, '').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-') || 'root'}.http`;
    const where = await this.target(target ?? undefined, vscode.Uri.file(path.join(app?.root ?? draft.appRoot, fileName)), { 'HTTP requests': ['http', 'rest'] }, 'Save as .http');
    if (!where?.ok) return where;
    const text = toHttpFile([{ name: `${draft.method} ${draft.route}`, spec: built.spec }], { ...options, relativeTo: path.dirname(where.file) });
    await fs.promises.writeFile(where.file, text, { encoding: 'utf8', flag: where.replace ? 'w' : 'wx' });
    if (target === undefined) await vscode.window.showTextDocument(vscode.Uri.file(where.file), { preview: true });
    return { ok: true, file: where.file, text, message: `Saved ${path.basename(where.file)}. REST Client and httpYac open it.` };
  }

  private async saveBody(requestId: string, target: string | undefined): Promise<Outcome | undefined> {
    const kept = this.bodies.get(requestId);
    if (!kept) return { ok: false, message: 'That response body is no longer kept: send the request again to save it.' };
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
    if (!folder) return { ok: false, message: 'Open a folder to save the body into.' };
    const name = `${kept.route.replace(/^\/+/, '').replace(/[^\w.-]+/g, '-') || 'response'}.body`;
    const where = await this.target(target, vscode.Uri.joinPath(folder, name), undefined, 'Save whole body');
    if (!where?.ok) return where;
    if (kept.spillFile && fs.existsSync(kept.spillFile)) await fs.promises.copyFile(kept.spillFile, where.file, where.replace ? 0 : fs.constants.COPYFILE_EXCL);
    else await fs.promises.writeFile(where.file, kept.body, { flag: where.replace ? 'w' : 'wx' });
    return { ok: true, file: where.file, message: `Saved the whole body (${kept.bodyBytes} bytes) to ${path.basename(where.file)}.` };
  }

  /**
   * Where to write: `target` (from the API: inside the workspace and not existing), else a save dialog
   * limited to the workspace where an existing file is replaced only after a confirmation.
   */
  private async target(target: string | undefined, defaultUri: vscode.Uri, filters: Record<string, string[]> | undefined, title: string): Promise<{ ok: true; file: string; replace: boolean } | { ok: false; message: string } | undefined> {
    if (target !== undefined) {
      const file = path.resolve(target);
      if (!insideWorkspace(file)) return { ok: false, message: `${title}: ${file} is outside the workspace (nothing was written).` };
      if (fs.existsSync(file)) return { ok: false, message: `${title}: ${path.basename(file)} exists; it was not overwritten.` };
      return { ok: true, file, replace: false };
    }
    const uri = await vscode.window.showSaveDialog({ defaultUri, title, ...(filters ? { filters } : {}) });
    if (!uri) return undefined;
    if (uri.scheme !== 'file' || !insideWorkspace(uri.fsPath)) return { ok: false, message: `${title}: choose a location inside the workspace (nothing was written).` };
    if (fs.existsSync(uri.fsPath)) {
      const pick = await vscode.window.showWarningMessage(`${path.basename(uri.fsPath)} exists. Replace it?`, { modal: true }, 'Replace');
      if (pick !== 'Replace') return undefined;
      return { ok: true, file: uri.fsPath, replace: true };
    }
    return { ok: true, file: uri.fsPath, replace: false };
  }

  // ---- history, saved requests, dev server commands ----

  /** Sends a history entry again, shown in the webview that asked (`to`) or the sidebar. */
  private async resend(historyId: string, to?: WebviewChannel): Promise<SendResult | undefined> {
    const post = (msg: ToViewMessage): void => (to ? to.post(msg) : this.view.post(msg));
    const entry = this.history.get(historyId);
    if (!entry) {
      post({ type: 'notice', level: 'warning', text: 'That history entry no longer exists.' });
      return undefined;
    }
    const draft = await this.secrets.fill(entry.request);
    post({ type: 'select', appRoot: draft.appRoot, route: draft.route, method: draft.method, draft: withoutSecrets(draft) });
    return this.run(draft, newRequestId(), post);
  }

  private async saveDraft(name: string, draft: RequestDraft): Promise<void> {
    await this.secrets.remember(draft);
    await this.saved.add(name.trim().slice(0, 200), draft);
  }

  /** The app a palette command acts on: the argument, the active editor's app, the only app, or a pick. */
  private async pickApp(arg: unknown, title: string): Promise<string | undefined> {
    const apps = this.index.listApps();
    if (typeof arg === 'string') return apps.find((a) => a.root === arg)?.root;
    const doc = vscode.window.activeTextEditor?.document;
    const active = doc?.uri.scheme === 'file' ? this.index.routeForFile(doc.uri.fsPath)?.app.root : undefined;
    if (active) return active;
    if (apps.length <= 1) return apps[0]?.root;
    const pick = await vscode.window.showQuickPick(apps.map((a) => ({ label: path.basename(a.root), description: a.root, root: a.root })), { title });
    return pick?.root;
  }

  private async startDevCommand(arg: unknown): Promise<Outcome> {
    const root = await this.pickApp(arg, 'Start next dev for which app?');
    if (!root) return { ok: false, message: 'No Next.js app in this workspace.' };
    const r = this.dev.start(root);
    if (!r.ok) void vscode.window.showWarningMessage(r.message);
    this.postAppsSoon();
    return r.ok ? { ok: true, message: `Starting next dev for ${root}.` } : r;
  }

  private async stopDevCommand(arg: unknown): Promise<Outcome> {
    const root = await this.pickApp(arg, 'Stop next dev of which app?');
    if (!root) return { ok: false, message: 'No Next.js app in this workspace.' };
    const r = await this.dev.stop(root);
    if (!r.ok) void vscode.window.showInformationMessage(r.message);
    this.postAppsSoon();
    return r.ok ? { ok: true, message: `Stopped next dev of ${root}.` } : r;
  }

  dispose(): void {
    if (this.appsTimer) clearTimeout(this.appsTimer);
    for (const c of this.inFlight.values()) c.abort();
    for (const kept of this.bodies.values()) if (kept.spillFile) fs.rm(kept.spillFile, { force: true }, () => undefined);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
