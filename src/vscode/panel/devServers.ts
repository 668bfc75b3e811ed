import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { devLockPath, findDevServer } from '../../core/http/devServer';
import type { DevServerStatus } from '../../core/http/types';
import type { NextApp } from '../../core/project/nextApps';
import type { DevStatus } from '../../protocol';
import { logError, type Log } from '../log';
import { readPanelSettings } from './settings';

/** While a started dev server has not taken its lock yet, look again this often, at most this many times. */
const START_POLL_MS = 1000;
const START_POLL_MAX = 180;

interface AppDev {
  status: DevStatus;
  /** The full core status (the lock, a stale lock's reason). */
  detail?: DevServerStatus;
  terminal?: vscode.Terminal;
  poll?: ReturnType<typeof setInterval>;
  checking?: Promise<DevStatus>;
}

export function toViewStatus(s: DevServerStatus): DevStatus {
  if (s.state === 'running') {
    return s.source === 'lock'
      ? { state: 'running', url: s.url, source: 'lock', pid: s.lock.pid }
      : { state: 'running', url: s.url, source: 'setting' };
  }
  return { state: 'notRunning', reason: s.reason };
}

/** The package manager the app uses, from its lock file (npm by default). */
export function devCommand(appRoot: string): string {
  const has = (f: string): boolean => fs.existsSync(path.join(appRoot, f));
  let scripts: Record<string, unknown> = {};
  try {
    scripts = (JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    // no package.json: fall back to the next binary
  }
  if (typeof scripts.dev !== 'string') return 'npx next dev';
  if (has('pnpm-lock.yaml')) return 'pnpm run dev';
  if (has('yarn.lock')) return 'yarn dev';
  if (has('bun.lockb') || has('bun.lock')) return 'bun run dev';
  return 'npm run dev';
}

/**
 * The dev server of each app: found through `<distDir>/dev/lock` (watched, so the panel connects as
 * soon as a starting server takes its lock), else the `bffRoutes.baseUrl` setting. Starts `next dev`
 * in a VS Code terminal (trusted workspaces only) and stops the one it started.
 * Lifetime: the extension's.
 */
export class DevServers implements vscode.Disposable {
  private readonly byApp = new Map<string, AppDev>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the app root whose status changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly log: Log) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        for (const [root, dev] of this.byApp) {
          if (dev.terminal === t) {
            dev.terminal = undefined;
            this.stopPolling(dev);
            void this.refresh(root);
          }
        }
      }),
    );
  }

  private apps = new Map<string, NextApp>();

  /** Tracks exactly these apps (called when the route index changes its apps). */
  setApps(apps: readonly NextApp[]): void {
    const roots = new Set(apps.map((a) => a.root));
    for (const [root, w] of this.watchers) {
      if (!roots.has(root)) {
        w.dispose();
        this.watchers.delete(root);
        const dev = this.byApp.get(root);
        if (dev) this.stopPolling(dev);
        this.byApp.delete(root);
      }
    }
    this.apps = new Map(apps.map((a) => [a.root, a]));
    for (const app of apps) {
      if (this.watchers.has(app.root)) continue;
      // Based at the app root, which exists: `.next/dev` appears only when next dev starts.
      const lock = path.relative(app.root, devLockPath(app)).split(path.sep).join('/');
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(app.root), lock));
      const again = (): void => void this.refresh(app.root);
      this.watchers.set(app.root, vscode.Disposable.from(w, w.onDidCreate(again), w.onDidChange(again), w.onDidDelete(again)));
      void this.refresh(app.root);
    }
  }

  status(appRoot: string): DevStatus {
    return this.byApp.get(appRoot)?.status ?? { state: 'notRunning' };
  }

  ownsTerminal(appRoot: string): boolean {
    return !!this.byApp.get(appRoot)?.terminal;
  }

  /** Looks for the app's dev server again (lock, then setting); concurrent calls share one check. */
  refresh(appRoot: string): Promise<DevStatus> {
    const app = this.apps.get(appRoot);
    if (!app) return Promise.resolve({ state: 'notRunning', reason: 'not a Next.js app of this workspace' });
    const dev = this.entry(appRoot);
    if (dev.checking) return dev.checking;
    dev.checking = (async () => {
      try {
        const settings = readPanelSettings(vscode.Uri.file(appRoot));
        const found = await findDevServer(app, settings.baseUrl ? { baseUrl: settings.baseUrl } : {});
        dev.detail = found;
        const status = toViewStatus(found);
        // Still waiting for a server this panel started: keep "starting" until its lock appears.
        const next: DevStatus = status.state === 'notRunning' && dev.poll ? { state: 'starting' } : status;
        if (status.state === 'running') this.stopPolling(dev);
        if (JSON.stringify(next) !== JSON.stringify(dev.status)) {
          dev.status = next;
          this.log.info(`dev server of ${appRoot}: ${next.state}${next.state === 'running' ? ` at ${next.url}` : ''}`);
          this.changed.fire(appRoot);
        }
        return next;
      } catch (e) {
        logError(this.log, `checking the dev server of ${appRoot} failed`, e);
        return dev.status;
      } finally {
        dev.checking = undefined;
      }
    })();
    return dev.checking;
  }

  /** Runs the app's dev script in a terminal; the lock watcher (and a bounded poll) connect the panel. */
  start(appRoot: string): { ok: true } | { ok: false; message: string } {
    if (!vscode.workspace.isTrusted) return { ok: false, message: 'Starting next dev is disabled in an untrusted workspace. Trust the workspace to run its dev script.' };
    const app = this.apps.get(appRoot);
    if (!app) return { ok: false, message: `${appRoot} is not a Next.js app of this workspace.` };
    const dev = this.entry(appRoot);
    if (dev.status.state === 'running') return { ok: false, message: `next dev already runs at ${dev.status.url}.` };
    if (dev.terminal) {
      dev.terminal.show(true);
      return { ok: true };
    }
    const terminal = vscode.window.createTerminal({ name: `next dev: ${path.basename(appRoot)}`, cwd: appRoot, iconPath: new vscode.ThemeIcon('server-process') });
    terminal.sendText(devCommand(appRoot), true);
    terminal.show(true);
    dev.terminal = terminal;
    dev.status = { state: 'starting' };
    this.changed.fire(appRoot);
    let tries = 0;
    dev.poll = setInterval(() => {
      if (++tries > START_POLL_MAX) {
        this.stopPolling(dev);
        void this.refresh(appRoot);
        return;
      }
      void this.refresh(appRoot);
    }, START_POLL_MS);
    return { ok: true };
  }

  /** Ends the dev server this panel started (Ctrl+C, then closes its terminal). */
  stop(appRoot: string): { ok: true } | { ok: false; message: string } {
    const dev = this.byApp.get(appRoot);
    if (!dev?.terminal) return { ok: false, message: 'This dev server was not started from the panel: stop it where it runs.' };
    const terminal = dev.terminal;
    dev.terminal = undefined;
    this.stopPolling(dev);
    terminal.sendText('\u0003', false);
    // Give next dev a moment to remove its lock on SIGINT before the shell goes away.
    setTimeout(() => {
      terminal.dispose();
      void this.refresh(appRoot);
    }, 1500);
    return { ok: true };
  }

  private entry(appRoot: string): AppDev {
    let dev = this.byApp.get(appRoot);
    if (!dev) {
      dev = { status: { state: 'notRunning' } };
      this.byApp.set(appRoot, dev);
    }
    return dev;
  }

  private stopPolling(dev: AppDev): void {
    if (dev.poll) clearInterval(dev.poll);
    dev.poll = undefined;
  }

  dispose(): void {
    for (const dev of this.byApp.values()) this.stopPolling(dev);
    for (const w of this.watchers.values()) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
