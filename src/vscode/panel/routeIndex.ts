import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RouteInfo } from '../../core/http/types';
import { isDir, isWithin } from '../../core/paths';
import { appForFile, type NextApp } from '../../core/project/nextApps';
import { engine, engineSoon } from '../engine';
import { logError, type Log } from '../log';
import { IGNORED_DIR_RE, type WorkspaceAppsApi } from '../workspaceApps';

/** The file is the app's App Router folder or its pages/api folder, or lies below one of them. */
function inRouteDirs(app: NextApp, file: string): boolean {
  return (!!app.appDir && isWithin(app.appDir, file)) || (!!app.pagesApiDir && isWithin(app.pagesApiDir, file));
}

/** The editor's text of a file with unsaved changes (so methods match what the user sees). */
function unsavedText(file: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  return doc?.isDirty ? doc.getText() : undefined;
}

/**
 * The workspace's Next.js apps and their routes. The apps come from the shared list (WorkspaceApps:
 * a new, changed or removed app re-discovers every app's routes); the routes are kept current by one
 * file watcher: a created or changed file is re-read alone, a deleted file or folder drops its routes,
 * a folder created in an app directory (moved in) re-discovers that app.
 * Lifetime: the extension's (disposed through context.subscriptions).
 */
export class RouteIndex implements vscode.Disposable {
  private apps: readonly NextApp[] = [];
  private readonly routes = new Map<string, RouteInfo[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(private readonly log: Log, private readonly workspaceApps: WorkspaceAppsApi) {
    this.ready = this.rescanApps();
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const queue = (uri: vscode.Uri): void => this.queue(uri);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(queue),
      watcher.onDidChange(queue),
      watcher.onDidDelete(queue),
      workspaceApps.onDidChange(() => void this.rescanApps()),
      this.changed,
    );
  }

  listApps(): readonly NextApp[] {
    return this.apps;
  }

  app(root: string): NextApp | undefined {
    return this.apps.find((a) => a.root === root);
  }

  routesOf(appRoot: string): readonly RouteInfo[] {
    return this.routes.get(appRoot) ?? [];
  }

  route(appRoot: string, pattern: string): RouteInfo | undefined {
    return this.routesOf(appRoot).find((r) => r.pattern === pattern);
  }

  /** The app and route a file belongs to (the route of a route file, or undefined). */
  routeForFile(file: string): { app: NextApp; route?: RouteInfo } | undefined {
    const app = appForFile(this.apps, file);
    if (!app) return undefined;
    return { app, route: this.routesOf(app.root).find((r) => r.file === file) };
  }

  /** Settles when the first discovery of every app is done. */
  readonly ready: Promise<void>;

  /** Re-discovers every app's routes, with the shared list of apps as it is now. */
  async rescanApps(): Promise<void> {
    const generation = ++this.generation;
    const apps = this.workspaceApps.list();
    const found = await Promise.all(apps.map((a) => this.discoverRoutesOf(a)));
    if (generation !== this.generation) return; // a newer rescan superseded this one
    this.apps = apps;
    this.routes.clear();
    apps.forEach((a, i) => this.routes.set(a.root, found[i]));
    this.changed.fire();
  }

  private async discoverRoutesOf(app: NextApp): Promise<RouteInfo[]> {
    const t0 = Date.now();
    try {
      const { discoverRoutes } = await engineSoon();
      const routes = await discoverRoutes(app, { readText: unsavedText });
      this.log.debug(`discovered ${routes.length} routes of ${app.root} in ${Date.now() - t0} ms`);
      return routes;
    } catch (e) {
      logError(this.log, `route discovery of ${app.root} failed`, e);
      return [];
    }
  }

  private queue(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const file = uri.fsPath;
    // Build output and dependencies change constantly while next dev runs; none of it is a route or an app.
    if (IGNORED_DIR_RE.test(file)) return;
    // Files outside the apps' route folders matter only when they add or remove an app: WorkspaceApps
    // watches for that and reports it through onDidChange.
    if (!this.apps.some((a) => inRouteDirs(a, file))) return;
    this.pending.add(file);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    // Editors save, formatters rewrite, git checks out many files at once: apply them together.
    this.timer = setTimeout(() => this.flush(), 120);
  }

  private flush(): void {
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    let changed = false;
    const rediscover = new Set<NextApp>();
    for (const file of files) {
      const app = this.apps.find((a) => inRouteDirs(a, file));
      if (!app) continue;
      const list = this.routesOf(app.root);
      if (!fs.existsSync(file)) {
        const kept = list.filter((r) => !isWithin(file, r.file));
        if (kept.length !== list.length) {
          this.routes.set(app.root, kept);
          changed = true;
        }
        continue;
      }
      if (isDir(file)) {
        rediscover.add(app);
        continue;
      }
      let route: RouteInfo | undefined;
      try {
        route = engine().routeOfAppFile(app, file, unsavedText(file));
      } catch (e) {
        logError(this.log, `reading route ${file} failed`, e);
      }
      const without = list.filter((r) => r.file !== file);
      if (!route && without.length === list.length) continue;
      const next = route ? [...without, route] : without;
      next.sort((a, b) => a.pattern.localeCompare(b.pattern));
      this.routes.set(app.root, next);
      changed = true;
    }
    if (changed) this.changed.fire();
    if (rediscover.size) void this.rediscover([...rediscover]);
  }

  private async rediscover(apps: NextApp[]): Promise<void> {
    const generation = this.generation;
    const found = await Promise.all(apps.map((a) => this.discoverRoutesOf(a)));
    if (generation !== this.generation) return;
    apps.forEach((a, i) => this.routes.set(a.root, found[i]));
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
