// Environments in the editor: finds http-client.env.json and http-client.private.env.json (the app's root
// first, then its workspace folder), shows their problems as diagnostics at the line and column, keeps the
// active environment in workspaceState, shows it in the status bar (click: pick another), offers to add the
// private file to .gitignore, keeps auth values in SecretStorage and the cookie jar (session cookies are
// credentials) in SecretStorage too. The request panel asks it for a `RequestEnvironment` per send.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { authRows, effectiveAuth, type AuthConfig } from '../core/http/auth';
import { CookieJars } from '../core/http/cookies';
import { loadDotenv } from '../core/http/dotenv';
import { ENV_FILE, formatProblem, mergeEnvFiles, parseEnvFile, PRIVATE_ENV_FILE, sharedVariables, type EnvironmentSet, type ParsedEnvFile } from '../core/http/envFile';
import { displayUrl, prepareDraft, type RequestEnvironment } from '../core/http/prepare';
import { resolveText } from '../core/http/variables';
import type { CookieHooks } from '../core/http/types';
import { readTextFileSync } from '../core/fileRead';
import { isBelow, relativeWithin } from '../core/paths';
import { Commands } from '../ids';
import type { AuthEdit, AuthView, RequestDraft, ToHostMessage, ToViewMessage } from '../protocol';
import { logError, type Log } from './log';

export type { RequestEnvironment } from '../core/http/prepare';

/** The view's messages this class answers. */
export const ENV_MESSAGES = ['selectEnvironment', 'envPreview', 'setAuth', 'getEnvState', 'clearCookies'] as const;
export type EnvMessageType = (typeof ENV_MESSAGES)[number];

const ACTIVE_KEY = 'bffRoutes.environment';
const GITIGNORE_ASKED_KEY = 'bffRoutes.privateEnvGitignoreAsked';
const COOKIES_KEY = 'bffRoutes.cookies';
const AUTH_PREFIX = 'bffRoutes.auth';

interface Found {
  dir: string;
  set: EnvironmentSet;
  shared: ParsedEnvFile | undefined;
  secret: ParsedEnvFile | undefined;
}

function read(file: string): ParsedEnvFile | undefined {
  const r = readTextFileSync(file);
  if (!r.ok) return r.refusal === 'missing' ? undefined : { environments: new Map(), broken: new Map(), problems: [{ file, line: 1, column: 1, message: r.reason }] };
  return parseEnvFile(r.text, file);
}

function toView(auth: AuthConfig | undefined): AuthView {
  const a = auth ?? { type: 'inherit' };
  switch (a.type) {
    case 'bearer': return { type: 'bearer', stored: a.token !== '' };
    case 'basic': return { type: 'basic', username: a.username, stored: a.password !== '' };
    case 'apikey': return { type: 'apikey', name: a.name, in: a.in, stored: a.value !== '' };
    default: return { type: a.type, stored: false };
  }
}

/** An edit from the view applied over the stored auth: an empty secret with `keep` keeps the stored value. */
export function applyAuthEdit(edit: AuthEdit, stored: AuthConfig | undefined): AuthConfig {
  const same = stored?.type === edit.type ? stored : undefined;
  switch (edit.type) {
    case 'inherit': case 'none': return { type: edit.type };
    case 'bearer': return { type: 'bearer', token: edit.token === '' && edit.keep && same?.type === 'bearer' ? same.token : edit.token };
    case 'basic': return { type: 'basic', username: edit.username, password: edit.password === '' && edit.keep && same?.type === 'basic' ? same.password : edit.password };
    case 'apikey': return { type: 'apikey', name: edit.name, in: edit.in, value: edit.value === '' && edit.keep && same?.type === 'apikey' ? same.value : edit.value };
  }
}

export class Environments implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly status: vscode.StatusBarItem;
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the env files or the active environment change. */
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, Found | undefined>();
  private jars: CookieJars | undefined;
  /** Folders whose .gitignore question was asked in this session. */
  private readonly gitignoreAsking = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: Log, private readonly appRoots: () => string[]) {
    this.status = vscode.window.createStatusBarItem('bffRoutes.environment', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'BFF Routes Environment';
    this.status.command = Commands.selectEnvironment;
    this.diagnostics = vscode.languages.createDiagnosticCollection('bffRoutes.env');
    const watcher = vscode.workspace.createFileSystemWatcher('**/http-client*.env.json');
    const reload = (): void => {
      this.cache.clear();
      this.refresh();
      this.changed.fire();
    };
    this.disposables.push(
      this.status, this.diagnostics, watcher, this.changed,
      watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(reload),
      vscode.commands.registerCommand(Commands.selectEnvironment, (name?: unknown) => this.selectCommand(name)),
      vscode.commands.registerCommand(Commands.clearCookies, () => this.clearAllCookies()),
    );
    this.refresh();
  }

  private lastRoots = '';

  /**
   * The app list changed (the route index reports every change): the env files are looked up again when the set of
   * apps differs. At activation the apps are found after this service starts, so without it a workspace that already
   * holds http-client.env.json would show no environment until one of its files changed.
   */
  appsChanged(): void {
    const roots = this.appRoots().join('\0');
    if (roots === this.lastRoots) return;
    this.lastRoots = roots;
    this.cache.clear();
    this.refresh();
    this.changed.fire();
  }

  // ---- env files ----

  /** The folder whose env files apply to an app: its root, else its workspace folder. */
  private find(appRoot: string): Found | undefined {
    if (this.cache.has(appRoot)) return this.cache.get(appRoot);
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file' && isBelow(f.uri.fsPath, appRoot))?.uri.fsPath;
    let found: Found | undefined;
    for (const dir of [appRoot, ...(folder && folder !== appRoot ? [folder] : [])]) {
      const shared = read(path.join(dir, ENV_FILE));
      const secret = read(path.join(dir, PRIVATE_ENV_FILE));
      if (!shared && !secret) continue;
      found = { dir, set: mergeEnvFiles(shared, secret), shared, secret };
      break;
    }
    this.cache.set(appRoot, found);
    return found;
  }

  private allFound(): Found[] {
    const out: Found[] = [];
    for (const root of this.appRoots()) {
      const f = this.find(root);
      if (f && !out.some((o) => o.dir === f.dir)) out.push(f);
    }
    return out;
  }

  /** Environment names of every app's files, in order, without repeats. */
  names(): string[] {
    const names: string[] = [];
    for (const f of this.allFound()) for (const n of f.set.names) if (!names.includes(n)) names.push(n);
    return names;
  }

  /** What the status bar item shows (for tests: the item itself cannot be read through the API). */
  statusText(): string | undefined {
    return this.status.text === '' ? undefined : this.status.text;
  }

  active(): string | undefined {
    return this.context.workspaceState.get<string>(ACTIVE_KEY) ?? undefined;
  }

  async select(name: string | undefined): Promise<void> {
    await this.context.workspaceState.update(ACTIVE_KEY, name);
    this.refresh();
    this.changed.fire();
  }

  private refresh(): void {
    const found = this.allFound();
    const names = this.names();
    const active = this.active();
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of found) {
      for (const p of f.set.problems) {
        const pos = new vscode.Position(p.line - 1, p.column - 1);
        const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), p.environment !== undefined ? `${p.message} (the environment "${p.environment}" is unusable until this is fixed)` : p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'BFF Routes';
        byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
      }
      void this.offerGitignore(f.dir);
    }
    for (const [file, ds] of byFile) this.diagnostics.set(vscode.Uri.file(file), ds);
    if (found.length === 0) {
      this.status.hide();
      return;
    }
    const broken = active !== undefined && found.some((f) => f.set.broken(active));
    this.status.text = `$(server-environment) ${active ?? 'No environment'}`;
    this.status.tooltip = active === undefined
      ? `BFF Routes: no environment selected (${names.length} in ${found.map((f) => path.join(f.dir, ENV_FILE)).join(', ')}). Click to choose.`
      : `BFF Routes environment "${active}"${broken ? ' has an error in its file' : ''}. Click to choose another.`;
    this.status.backgroundColor = broken || (active !== undefined && !names.includes(active)) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.status.show();
  }

  private async selectCommand(arg: unknown): Promise<string | undefined> {
    if (typeof arg === 'string' || arg === null) {
      const name = arg === null || arg === '' ? undefined : arg;
      // A file written a moment ago may not have reached the watcher yet: read the files again once.
      if (name !== undefined && !this.names().includes(name)) this.cache.clear();
      if (name !== undefined && !this.names().includes(name)) {
        void vscode.window.showWarningMessage(`No environment "${name}" in ${ENV_FILE}.`);
        return this.active();
      }
      await this.select(name);
      return name;
    }
    const names = this.names();
    if (names.length === 0) {
      void vscode.window.showInformationMessage(`No environments yet: create ${ENV_FILE} at the workspace or app root, e.g. { "local": { "baseUrl": "http://127.0.0.1:3000" } }.`);
      return undefined;
    }
    const found = this.allFound();
    const none = { label: 'No environment', description: 'the dev server found through .next/dev/lock', name: undefined as string | undefined };
    const items = [none, ...names.map((n) => {
      const broken = found.map((f) => f.set.broken(n)).find(Boolean);
      return { label: n, description: broken ? `$(warning) ${formatProblem(broken)}` : found.map((f) => f.set.variables(n)?.get('baseUrl')?.value).find(Boolean) ?? '', name: n as string | undefined };
    })];
    const active = this.active();
    const pick = await vscode.window.showQuickPick(items.map((i) => ({ ...i, picked: i.name === active })), { title: 'BFF Routes: Environment', placeHolder: `Active: ${active ?? 'none'}` });
    if (!pick) return active;
    await this.select(pick.name);
    return pick.name;
  }

  private async offerGitignore(dir: string): Promise<void> {
    const priv = path.join(dir, PRIVATE_ENV_FILE);
    if (!fs.existsSync(priv) || this.gitignoreAsking.has(dir)) return;
    const asked = this.context.workspaceState.get<string[]>(GITIGNORE_ASKED_KEY) ?? [];
    if (asked.includes(dir)) return;
    // The workspace folder holding the env files (they are often at its root: the folder itself counts).
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file' && relativeWithin(f.uri.fsPath, dir) !== undefined)?.uri.fsPath;
    if (!folder) return;
    const gitignore = path.join(folder, '.gitignore');
    const text = readTextFileSync(gitignore);
    if (text.ok && /^\/?(\*\*\/)?http-client\.private\.env\.json\s*$/m.test(text.text)) return;
    // Asked once per folder, even while the first question is still open (each refresh comes here).
    this.gitignoreAsking.add(dir);
    await this.context.workspaceState.update(GITIGNORE_ASKED_KEY, [...asked, dir]);
    const pick = await vscode.window.showWarningMessage(`${PRIVATE_ENV_FILE} holds secrets but ${path.relative(folder, gitignore) || '.gitignore'} does not ignore it. Add it?`, 'Add to .gitignore', 'Not now');
    if (pick !== 'Add to .gitignore') return;
    const added = appendLine(gitignore, PRIVATE_ENV_FILE);
    if (added === true) void vscode.window.showInformationMessage(`Added ${PRIVATE_ENV_FILE} to .gitignore.`);
    else void vscode.window.showWarningMessage(`${added}; nothing was written.`);
  }

  // ---- auth (SecretStorage) ----

  private authKey(scope: 'route' | 'environment', appRoot: string, route: string): string | undefined {
    if (scope === 'route') return `${AUTH_PREFIX}.route:${appRoot}\n${route}`;
    const env = this.active();
    const dir = this.find(appRoot)?.dir;
    return env === undefined || !dir ? undefined : `${AUTH_PREFIX}.env:${dir}\n${env}`;
  }

  private async readAuth(key: string | undefined): Promise<AuthConfig | undefined> {
    if (!key) return undefined;
    try {
      const raw = await this.context.secrets.get(key);
      return raw ? (JSON.parse(raw) as AuthConfig) : undefined;
    } catch {
      return undefined;
    }
  }

  async setAuth(appRoot: string, route: string, scope: 'route' | 'environment', edit: AuthEdit): Promise<{ ok: boolean; message: string }> {
    const key = this.authKey(scope, appRoot, route);
    if (!key) return { ok: false, message: 'Choose an environment first: environment auth belongs to one environment.' };
    const next = applyAuthEdit(edit, await this.readAuth(key));
    await this.context.secrets.store(key, JSON.stringify(next));
    return { ok: true, message: scope === 'route' ? `Auth saved for ${route} (in VS Code's secret storage).` : `Auth saved for the environment "${this.active() ?? ''}" (in VS Code's secret storage).` };
  }

  // ---- cookies (SecretStorage) ----

  private async cookieJars(): Promise<CookieJars> {
    if (!this.jars) {
      let raw: string | undefined;
      try {
        raw = await this.context.secrets.get(this.cookieKey());
      } catch {
        raw = undefined;
      }
      this.jars ??= CookieJars.deserialize(raw);
    }
    return this.jars;
  }

  private cookieKey(): string {
    return `${COOKIES_KEY}:${(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('|')}`;
  }

  private saveCookiesSoon(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.jars) void Promise.resolve(this.context.secrets.store(this.cookieKey(), this.jars.serialize())).catch((e: unknown) => logError(this.log, 'storing cookies', e));
    }, 200);
  }

  async clearAllCookies(): Promise<void> {
    (await this.cookieJars()).clear(this.active());
    this.saveCookiesSoon();
    this.changed.fire();
  }

  // ---- what a send uses ----

  /** The environment for a request of `route` in `appRoot`; undefined when no environment is active. */
  async forRequest(appRoot: string, route: string): Promise<RequestEnvironment | undefined> {
    const name = this.active();
    const found = this.find(appRoot);
    const routeAuth = await this.readAuth(this.authKey('route', appRoot, route));
    const jars = await this.cookieJars();
    const cookies: CookieHooks = {
      header: (url) => jars.header(name, url),
      store: (url, setCookies) => {
        const r = jars.store(name, url, setCookies);
        for (const i of r.ignored) this.log.info(`cookie from ${url} ignored: ${i}`);
        if (r.stored.length > 0 || setCookies.length > 0) this.saveCookiesSoon();
      },
    };
    const dotenv = (n: string): string | undefined => loadDotenv(appRoot).get(n)?.value;
    // No environment: the route's auth, the jar and the `{{$...}}` system variables still apply.
    if (name === undefined) return { scope: { variables: new Map(), dotenv }, auth: effectiveAuth(routeAuth, undefined), cookies };
    if (!found) return { name, scope: { variables: new Map() }, auth: { type: 'none' }, problem: `The environment "${name}" is selected but this app has no ${ENV_FILE} (at ${appRoot} or its workspace folder). Pick another environment in the status bar.` };
    const broken = found.set.broken(name);
    if (broken) return { name, scope: { environment: name, variables: new Map() }, auth: { type: 'none' }, problem: `The environment "${name}" cannot be used: ${formatProblem(broken)}.` };
    const variables = found.set.variables(name);
    if (!variables) return { name, scope: { environment: name, variables: new Map() }, auth: { type: 'none' }, problem: `No environment "${name}" in ${path.join(found.dir, ENV_FILE)}. Pick another environment in the status bar.` };
    const envAuth = await this.readAuth(this.authKey('environment', appRoot, route));
    const baseUrl = variables.get('baseUrl')?.value;
    return {
      name,
      ...(baseUrl !== undefined && baseUrl.trim() !== '' ? { baseUrl: baseUrl.trim() } : {}),
      scope: { environment: name, variables, shared: sharedVariables(found.shared, found.secret), dotenv },
      auth: effectiveAuth(routeAuth, envAuth),
      cookies,
    };
  }

  /**
   * What Run all takes from the active environment, as `bff-routes test --env` does: its variables resolved
   * (`$shared`, the private file, `{{$dotenv}}` and references followed) and its `baseUrl`, which wins over the dev
   * server's; or why the environment cannot be used. Undefined when none is active.
   */
  async suiteEnvironment(appRoot: string): Promise<{ name: string; baseUrl?: string; variables: Record<string, string> } | { problem: string } | undefined> {
    const env = await this.forRequest(appRoot, '/');
    if (!env?.name) return undefined;
    if (env.problem) return { problem: env.problem };
    const variables: Record<string, string> = {};
    for (const name of env.scope.variables.keys()) {
      const r = resolveText(`{{${name}}}`, env.scope);
      if (r.ok) variables[name] = r.value;
    }
    if (env.baseUrl === undefined) return { name: env.name, variables };
    const base = resolveText(env.baseUrl, env.scope);
    return base.ok ? { name: env.name, baseUrl: base.value, variables } : { problem: base.message };
  }

  // ---- the panel's messages ----

  /** Handles the view's environment messages; `post` answers. */
  async handle(m: Extract<ToHostMessage, { type: EnvMessageType }>, post: (msg: ToViewMessage) => void, devUrl: (appRoot: string) => string | undefined): Promise<void> {
    switch (m.type) {
      case 'selectEnvironment':
        await this.select(m.name ?? undefined);
        return;
      case 'envPreview':
        post(await this.preview(m.request, devUrl(m.request.appRoot)));
        return;
      case 'setAuth': {
        const r = await this.setAuth(m.appRoot, m.route, m.scope, m.auth);
        post({ type: 'notice', level: r.ok ? 'info' : 'warning', text: r.message });
        await this.postState(post, m.appRoot, m.route, devUrl(m.appRoot));
        return;
      }
      case 'getEnvState':
        await this.postState(post, m.appRoot, m.route, devUrl(m.appRoot));
        return;
      case 'clearCookies': {
        const env = await this.forRequest(m.appRoot, '/');
        const base = env?.baseUrl ?? devUrl(m.appRoot);
        (await this.cookieJars()).clear(this.active(), base);
        this.saveCookiesSoon();
        await this.postState(post, m.appRoot, undefined, devUrl(m.appRoot));
        return;
      }
    }
  }

  /** The environments message, and for an app (and route) its auth and cookies. */
  async postState(post: (msg: ToViewMessage) => void, appRoot: string | undefined, route: string | undefined, devUrl: string | undefined): Promise<void> {
    const found = this.allFound();
    post({
      type: 'environments', names: this.names().slice(0, 200), active: this.active() ?? null,
      problems: found.flatMap((f) => f.set.problems).slice(0, 20).map((p) => formatProblem(p).slice(0, 2000)),
      ...(found[0] ? { file: path.join(found[0].dir, ENV_FILE) } : {}),
    });
    if (!appRoot) return;
    if (route) {
      const own = await this.readAuth(this.authKey('route', appRoot, route));
      const envKey = this.authKey('environment', appRoot, route);
      post({ type: 'auth', appRoot, route, own: toView(own), environment: envKey ? toView(await this.readAuth(envKey)) : null });
    }
    const env = await this.forRequest(appRoot, route ?? '/');
    let base = env?.baseUrl ?? devUrl;
    if (base && env) {
      const p = prepareDraft({ route: '/', method: 'GET', params: {}, query: [], headers: [], cookies: [], body: { kind: 'none' } }, env.scope, base, { type: 'none' });
      base = p.ok ? p.baseUrl : undefined;
    }
    let origin = '';
    try {
      origin = base ? new URL(base).origin : '';
    } catch {
      origin = '';
    }
    post({ type: 'cookies', appRoot, origin, cookies: origin ? (await this.cookieJars()).list(this.active(), origin).slice(0, 500) : [] });
  }

  /** The request as it would be sent now: resolved URL and auth rows with secrets kept as {{name}} or masked. */
  async preview(draft: RequestDraft, devUrl: string | undefined): Promise<Extract<ToViewMessage, { type: 'envPreview' }>> {
    const out = { type: 'envPreview' as const, appRoot: draft.appRoot, route: draft.route, auth: [] as Array<[string, string]> };
    try {
      const env = await this.forRequest(draft.appRoot, draft.route);
      if (env?.problem) return { ...out, error: env.problem.slice(0, 2000) };
      const base = env?.baseUrl ?? devUrl ?? 'http://127.0.0.1:3000';
      if (!env) return out;
      const p = prepareDraft(draft, env.scope, base, env.auth);
      if (!p.ok) return { ...out, error: p.message.slice(0, 2000) };
      const url = displayUrl(p.displayBaseUrl, p.display);
      const rows = authRows(env.auth, env.scope);
      const auth = rows.ok ? [...rows.headers.map((r) => [r.name, r.display]), ...rows.query.map((r) => [`?${r.name}`, r.display])] as Array<[string, string]> : [];
      return { ...out, ...(url.ok ? { url: url.url.slice(0, 16_384) } : { error: url.error.slice(0, 2000) }), auth: auth.slice(0, 4).map(([k, v]) => [k.slice(0, 1024), v.slice(0, 4096)]) };
    } catch (e) {
      logError(this.log, 'environment preview', e);
      return { ...out, error: 'The preview failed; details are in the BFF Routes log.' };
    }
  }

  dispose(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      if (this.jars) void Promise.resolve(this.context.secrets.store(this.cookieKey(), this.jars.serialize())).catch(() => undefined);
    }
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

/**
 * Appends `line` to the text file `file` (created when missing), after a newline when the file does not end with
 * one: never rewritten, never through a link (it could point outside the workspace). True, or why not.
 */
function appendLine(file: string, line: string): true | string {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file);
  } catch {
    st = undefined;
  }
  if (st && !st.isFile()) return `${path.basename(file)} is ${st.isSymbolicLink() ? 'a link' : 'not a regular file'}`;
  const text = st ? readTextFileSync(file) : undefined;
  if (text && !text.ok) return `${path.basename(file)} could not be read (${text.reason})`;
  const before = text?.ok ? text.text : '';
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
    fs.writeSync(fd, `${before === '' || before.endsWith('\n') ? '' : '\n'}${line}\n`);
    return true;
  } catch (e) {
    return `${path.basename(file)} could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
