// The workspace's Next.js apps, found once and shared: the diagnostics, the request panel's route index,
// the explorer's context key and the New Route Handler command all read this one list instead of walking
// the workspace folders themselves (a walk visits up to 20,000 folders, synchronously).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDir, isWithin } from '../core/paths';
import { findNextApps, isAppMarkerName, type NextApp } from '../core/project/nextApps';
import { logError, type Log } from './log';

/** Delay between the last relevant file event and the re-walk (installs and checkouts send bursts). */
export const APPS_DEBOUNCE_MS = 250;
/** Created files and folders checked one by one for an app inside; beyond that, one full re-walk. */
const MAX_CREATED_DIR_CHECKS = 50;

// Dependencies, build output and VCS data change constantly (next dev, installs) and hold no app the
// walk would report: their events are dropped before anything else looks at them.
// (The request panel's route index drops them by the same test.)
export const IGNORED_DIR_RE = /[\\/](node_modules|\.next|\.git|\.turbo|\.vercel)([\\/]|$)/;

/** What the features (and the integration tests, through the extension's API) see of the service. */
export interface WorkspaceAppsApi {
  /** The apps, walked on first use and kept current; the walk's order (breadth-first per folder). */
  list(): readonly NextApp[];
  /** Fires with the new list when the set of apps or any of their facts changed. */
  readonly onDidChange: vscode.Event<readonly NextApp[]>;
  /** Resolves when no re-walk is pending (a change already reported by the watcher has been applied). */
  settled(): Promise<void>;
  /** How many times the workspace has been walked (tests check that features share the walk). */
  readonly walks: number;
}

/** An order-independent description of the apps and every fact about them. */
function signature(apps: readonly NextApp[]): string {
  const rows = apps.map((a) => JSON.stringify(Object.entries(a).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))));
  return rows.sort().join('\n');
}

/** Paths whose appearing or going changes a fact of the app (its app/ and pages/ folders, src/ layout, TypeScript). */
function factPaths(app: NextApp): string[] {
  const src = path.join(app.root, 'src');
  const out = [
    path.join(app.root, 'app'), path.join(app.root, 'pages'), src, path.join(src, 'app'), path.join(src, 'pages'),
    path.join(app.root, 'tsconfig.json'),
  ];
  if (app.pagesDir) out.push(path.join(app.pagesDir, 'api'));
  return out;
}

/**
 * One walk of the workspace folders, cached, and one file watcher that keeps it current: a next.config /
 * package.json created, changed or deleted, a folder holding an app moved in, an app's folder (or one
 * above it) deleted, an app's app/, pages/, src/ or tsconfig.json appearing or going, or the workspace
 * folders changing, re-walks the workspace (debounced). The watcher watches every file rather than
 * only the marker files because a deleted or moved-in folder is reported as one event for the folder,
 * none for the package.json inside it.
 * Lifetime: the extension's (created once in `activate`, disposed through context.subscriptions).
 */
export class WorkspaceApps implements WorkspaceAppsApi, vscode.Disposable {
  private apps: readonly NextApp[] | undefined;
  private sig = '';
  /** factPaths of every app, computed once per list (every file event of the workspace is checked against it). */
  private facts = new Set<string>();
  private walkCount = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly createdDirs = new Set<string>();
  /** More folders were created in the burst than are worth checking one by one. */
  private tooManyCreated = false;
  /** Why the workspace must be re-walked when the burst ends; empty: only created folders to check. */
  private reasons = new Set<string>();
  private idle: { promise: Promise<void>; resolve: () => void } | undefined;
  private readonly changed = new vscode.EventEmitter<readonly NextApp[]>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private disposed = false;

  static create(log: Log): WorkspaceApps {
    return new WorkspaceApps(log);
  }

  private constructor(private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.guard(() => this.onFile(uri, 'created'))),
      watcher.onDidChange((uri) => this.guard(() => this.onFile(uri, 'changed'))),
      watcher.onDidDelete((uri) => this.guard(() => this.onFile(uri, 'deleted'))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.guard(() => this.schedule('workspace folders changed'))),
    );
  }

  get walks(): number {
    return this.walkCount;
  }

  list(): readonly NextApp[] {
    if (!this.apps) this.adopt(this.walk('first use') ?? []);
    return this.apps ?? [];
  }

  /** Takes `apps` as the current list, with what is derived from it. */
  private adopt(apps: readonly NextApp[], sig = signature(apps)): void {
    this.apps = apps;
    this.sig = sig;
    this.facts = new Set(apps.flatMap(factPaths));
  }

  settled(): Promise<void> {
    return this.idle?.promise ?? Promise.resolve();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.idle?.resolve();
    this.idle = undefined;
    for (const d of this.disposables) d.dispose();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      logError(this.log, 'Next.js apps: handling a workspace change failed', err);
    }
  }

  private onFile(uri: vscode.Uri, what: 'created' | 'changed' | 'deleted'): void {
    // Nothing walked yet: the first use walks what is there then.
    if (!this.apps || uri.scheme !== 'file') return;
    const file = uri.fsPath;
    if (IGNORED_DIR_RE.test(file)) return;
    if (isAppMarkerName(path.basename(file))) {
      this.schedule(`${path.basename(file)} ${what}`);
      return;
    }
    if (what === 'changed') return;
    if (this.facts.has(file) || this.apps.some((a) => isWithin(file, a.root))) {
      this.schedule(`${file} ${what}`);
      return;
    }
    // A folder moved in whole comes as one event: whether it holds an app is checked when the burst ends.
    // Inside an app's app/ or pages/ there are no apps (the walk does not look there either).
    if (what === 'created' && !this.apps.some((a) => (a.appDir && isWithin(a.appDir, file)) || (a.pagesDir && isWithin(a.pagesDir, file)))) {
      if (this.createdDirs.size < MAX_CREATED_DIR_CHECKS) this.createdDirs.add(file);
      else this.tooManyCreated = true;
      this.schedule(undefined);
    }
  }

  /** Plans a re-walk after the burst of events; `reason` undefined: only created folders to check. */
  private schedule(reason: string | undefined): void {
    if (this.disposed || !this.apps) return;
    if (reason !== undefined) this.reasons.add(reason);
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.idle = { promise, resolve };
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.guard(() => this.flush()), APPS_DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const idle = this.idle;
    this.idle = undefined;
    try {
      const dirs = [...this.createdDirs];
      this.createdDirs.clear();
      const tooMany = this.tooManyCreated;
      this.tooManyCreated = false;
      const reasons = [...this.reasons];
      this.reasons = new Set();
      if (reasons.length === 0 && tooMany) reasons.push(`more than ${MAX_CREATED_DIR_CHECKS} files or folders created`);
      else if (reasons.length === 0) {
        const holding = dirs.find((d) => isDir(d) && findNextApps([d], 3, 200).length > 0);
        if (holding) reasons.push(`${holding} created`);
      }
      if (reasons.length === 0 || this.disposed) return;
      const apps = this.walk(reasons.slice(0, 3).join(', ') + (reasons.length > 3 ? ', …' : ''));
      if (!apps) return;
      const sig = signature(apps);
      if (sig === this.sig) return;
      this.adopt(apps, sig);
      this.log.info(`Next.js apps changed: ${apps.length === 0 ? 'none' : apps.map((a) => a.root).join(', ')}`);
      this.changed.fire(apps);
    } finally {
      idle?.resolve();
    }
  }

  /** Walks the file-system workspace folders; undefined when the walk failed (the previous list stays). */
  private walk(reason: string): NextApp[] | undefined {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const t0 = Date.now();
    this.walkCount++;
    try {
      const apps = findNextApps(roots);
      this.log.debug(`found ${apps.length} Next.js app(s) in ${roots.length} workspace folder(s) in ${Date.now() - t0} ms (walk ${this.walkCount}: ${reason})`);
      return apps;
    } catch (err) {
      logError(this.log, 'finding Next.js apps failed', err);
      return undefined;
    }
  }
}
