import * as vscode from 'vscode';
import { ContextKeys } from '../ids';
import { logError, type Log } from './log';
import { workspaceNextApps } from './workspaceApps';

const IGNORED_DIR_RE = /[\\/](node_modules|\.next|\.git)[\\/]/;

/**
 * Keeps the `bffRoutes.hasNextApp` context key true while the workspace holds a Next.js app, so the
 * explorer's "New Route Handler…" entry only shows where it can work. Re-checked when workspace folders
 * change or a next.config / package.json appears, changes or goes (debounced: installs touch many).
 * Lifetime: the extension's (disposed with the New Route Handler command).
 */
export class NextAppContextKey implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: boolean | undefined;

  static register(log: Log): NextAppContextKey {
    return new NextAppContextKey(log);
  }

  private constructor(private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{package.json,next.config.js,next.config.mjs,next.config.cjs,next.config.ts,next.config.mts}');
    const changed = (uri: vscode.Uri): void => {
      if (!IGNORED_DIR_RE.test(uri.fsPath)) this.schedule();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
    this.update();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 250);
  }

  private update(): void {
    this.timer = undefined;
    let has = false;
    try {
      has = workspaceNextApps().length > 0;
    } catch (err) {
      logError(this.log, 'finding Next.js apps for the explorer menu failed', err);
    }
    if (has === this.current) return;
    this.current = has;
    this.log.debug(`${ContextKeys.hasNextApp} = ${has}`);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasNextApp, has);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
