import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readJsonSync } from '../../core/fileRead';
import { devLockPath, findDevServer } from '../../core/http/devServer';
import type { DevServerStatus } from '../../core/http/types';
import type { NextApp } from '../../core/project/nextApps';
import type { DevStatus } from '../../protocol';
import type { DevOutput } from '../../core/http/devOutput';
import { logError, type Log } from '../log';
import { DevTerminal } from './devTerminal';
import { readPanelSettings } from './settings';

/**
 * The lock watcher connects a started server. Only if it stays silent (a file watcher that misses the
 * lock) does a slow safety check begin, this long after the start, then this often, a bounded number of times.
 */
const SAFETY_POLL_AFTER_MS = 20_000;
const SAFETY_POLL_MS = 5000;
const SAFETY_POLL_MAX = 36;
/**
 * Beside the watcher, while a server this panel started is starting, the lock file's existence is checked
 * (one stat) this often, for the first SAFETY_POLL_AFTER_MS: next dev may create `.next/dev` and write the
 * lock in it before the file watcher has a watch on the new folder, and then no event for the lock comes
 * (seen in about half the integration runs when the app already had its next-env.d.ts).
 */
const LOCK_CHECK_MS = 250;

/** What made the panel look for an app's dev server again (reported with each change). */
export type DevCheckCause = 'apps' | 'lock-created' | 'lock-changed' | 'lock-deleted' | 'lock-seen' | 'started' | 'exited' | 'safety-poll' | 'settings' | 'request';

export interface DevChange {
  appRoot: string;
  status: DevStatus;
  cause: DevCheckCause;
}

interface AppDev {
  status: DevStatus;
  /** The full core status (the lock, a stale lock's reason). */
  detail?: DevServerStatus;
  /** next dev started from the panel (its process and terminal). */
  started?: DevTerminal;
  poll?: ReturnType<typeof setTimeout>;
  lockCheck?: ReturnType<typeof setTimeout>;
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
  // Bounded and non-blocking (core/fileRead.ts): no package.json, or none readable, falls back to the next binary.
  const pkg = readJsonSync(path.join(appRoot, 'package.json')) as { scripts?: Record<string, unknown> } | undefined;
  const scripts = pkg && typeof pkg === 'object' && pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
  if (typeof scripts.dev !== 'string') return 'npx next dev';
  if (has('pnpm-lock.yaml')) return 'pnpm run dev';
  if (has('yarn.lock')) return 'yarn dev';
  if (has('bun.lockb') || has('bun.lock')) return 'bun run dev';
  return 'npm run dev';
}

/**
 * The dev server of each app: found through `<distDir>/dev/lock` (watched, so the panel connects as
 * soon as a starting server takes its lock), else the `bffRoutes.baseUrl` setting. Starts `next dev`
 * as a process shown in a VS Code terminal (trusted workspaces only), whose output gives the stack of
 * a 5xx, and stops the process group it started.
 * Lifetime: the extension's; servers it started are stopped when it ends.
 */
export class DevServers implements vscode.Disposable {
  private readonly byApp = new Map<string, AppDev>();
  private readonly changed = new vscode.EventEmitter<DevChange>();
  /** Fires when an app's status changed, with what made the panel look. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly log: Log) {}

  private apps = new Map<string, NextApp>();

  /** Tracks exactly these apps (called when the route index changes its apps). */
  setApps(apps: readonly NextApp[]): void {
    const roots = new Set(apps.map((a) => a.root));
    for (const [root, w] of this.watchers) {
      if (!roots.has(root)) {
        w.dispose();
        this.watchers.delete(root);
        const dev = this.byApp.get(root);
        if (dev) {
          this.stopPolling(dev);
          dev.started?.dispose();
        }
        this.byApp.delete(root);
      }
    }
    this.apps = new Map(apps.map((a) => [a.root, a]));
    for (const app of apps) {
      if (this.watchers.has(app.root)) continue;
      // Based at the app root, which exists: `.next/dev` appears only when next dev starts.
      const lock = path.relative(app.root, devLockPath(app)).split(path.sep).join('/');
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(app.root), lock));
      const again = (cause: DevCheckCause) => (): void => void this.refresh(app.root, cause);
      this.watchers.set(app.root, vscode.Disposable.from(w, w.onDidCreate(again('lock-created')), w.onDidChange(again('lock-changed')), w.onDidDelete(again('lock-deleted'))));
      void this.refresh(app.root, 'apps');
    }
  }

  status(appRoot: string): DevStatus {
    return this.byApp.get(appRoot)?.status ?? { state: 'notRunning' };
  }

  /**
   * The status once a check in flight (a settings change, a lock event) has settled: a request sent right
   * after bffRoutes.baseUrl changed goes to the new server, not to the one the last check found.
   */
  settled(appRoot: string): Promise<DevStatus> {
    return this.byApp.get(appRoot)?.checking ?? Promise.resolve(this.status(appRoot));
  }

  /** A dev process started from the panel runs for this app (so "Stop" can end it). */
  ownsTerminal(appRoot: string): boolean {
    return !!this.byApp.get(appRoot)?.started?.running;
  }

  /** The output of the next dev this panel started for the app, while it runs. */
  output(appRoot: string): DevOutput | undefined {
    const started = this.byApp.get(appRoot)?.started;
    return started?.running ? started.output : undefined;
  }

  /** Looks for the app's dev server again (lock, then setting); concurrent calls share one check. */
  refresh(appRoot: string, cause: DevCheckCause = 'request'): Promise<DevStatus> {
    const app = this.apps.get(appRoot);
    if (!app) return Promise.resolve({ state: 'notRunning', reason: 'not a Next.js app of this workspace' });
    const dev = this.entry(appRoot);
    if (dev.checking) return dev.checking;
    dev.checking = (async () => {
      try {
        const settings = readPanelSettings(vscode.Uri.file(appRoot));
        const found = await findDevServer(app, { policy: { allowNonLoopback: settings.allowNonLoopback }, ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}) });
        dev.detail = found;
        const status = toViewStatus(found);
        // Still waiting for a server this panel started: keep "starting" until its lock appears.
        const next: DevStatus = status.state === 'notRunning' && dev.started?.running ? { state: 'starting' } : status;
        if (status.state === 'running') this.stopPolling(dev);
        if (JSON.stringify(next) !== JSON.stringify(dev.status)) {
          dev.status = next;
          this.log.info(`dev server of ${appRoot}: ${next.state}${next.state === 'running' ? ` at ${next.url}` : ''} (${cause})`);
          this.changed.fire({ appRoot, status: next, cause });
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

  /**
   * Runs the app's dev script as a process shown in a terminal; the lock watcher connects the panel
   * when the server takes its lock.
   */
  start(appRoot: string): { ok: true } | { ok: false; message: string } {
    if (!vscode.workspace.isTrusted) return { ok: false, message: 'Starting next dev is disabled in an untrusted workspace. Trust the workspace to run its dev script.' };
    const app = this.apps.get(appRoot);
    if (!app) return { ok: false, message: `${appRoot} is not a Next.js app of this workspace.` };
    const dev = this.entry(appRoot);
    if (dev.status.state === 'running') return { ok: false, message: `next dev already runs at ${dev.status.url}.` };
    if (dev.started?.running) {
      dev.started.terminal.show(true);
      return { ok: true };
    }
    dev.started?.dispose();
    const command = devCommand(appRoot);
    const started = new DevTerminal(appRoot, command, `next dev: ${path.basename(appRoot)}`);
    dev.started = started;
    started.onDidExit(() => {
      this.stopPolling(dev);
      if (dev.started === started && dev.status.state !== 'running') {
        const tail = started.output.tail(6);
        this.log.warn(`next dev of ${appRoot} ended before it served requests:\n${tail}`);
      }
      void this.refresh(appRoot, 'exited');
    });
    started.onDidClose(() => {
      if (dev.started === started) dev.started = undefined;
      started.dispose();
    });
    started.terminal.show(true);
    this.log.info(`starting next dev for ${appRoot}: ${command}`);
    dev.status = { state: 'starting' };
    this.changed.fire({ appRoot, status: dev.status, cause: 'started' });
    let tries = 0;
    const safety = (): void => {
      if (++tries > SAFETY_POLL_MAX || !started.running) {
        this.stopPolling(dev);
        return;
      }
      dev.poll = setTimeout(safety, SAFETY_POLL_MS);
      void this.refresh(appRoot, 'safety-poll');
    };
    dev.poll = setTimeout(safety, SAFETY_POLL_AFTER_MS);
    const lockFile = devLockPath(app);
    let checks = 0;
    const checkLock = (): void => {
      dev.lockCheck = undefined;
      // Not gated on `started.running`: the terminal's process may start only once the terminal is opened.
      // An exit of the process stops these checks (stopPolling).
      if (dev.started !== started || dev.status.state === 'running' || ++checks > SAFETY_POLL_AFTER_MS / LOCK_CHECK_MS) return;
      // Until the status says running: a lock just created may still be empty, or its port not yet answering.
      if (fs.existsSync(lockFile)) void this.refresh(appRoot, 'lock-seen');
      dev.lockCheck = setTimeout(checkLock, LOCK_CHECK_MS);
    };
    dev.lockCheck = setTimeout(checkLock, LOCK_CHECK_MS);
    return { ok: true };
  }

  /** Ends the dev server this panel started (its whole process group); resolves when it has exited. */
  async stop(appRoot: string): Promise<{ ok: true } | { ok: false; message: string }> {
    const dev = this.byApp.get(appRoot);
    const started = dev?.started;
    if (!dev || !started?.running) return { ok: false, message: 'This dev server was not started from the panel: stop it where it runs.' };
    this.stopPolling(dev);
    await started.stop();
    await this.refresh(appRoot, 'exited');
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
    if (dev.poll) clearTimeout(dev.poll);
    dev.poll = undefined;
    if (dev.lockCheck) clearTimeout(dev.lockCheck);
    dev.lockCheck = undefined;
  }

  dispose(): void {
    for (const dev of this.byApp.values()) {
      this.stopPolling(dev);
      dev.started?.dispose();
    }
    for (const w of this.watchers.values()) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
