import * as vscode from 'vscode';
import { ContextKeys } from '../ids';
import type { Log } from './log';
import type { WorkspaceAppsApi } from './workspaceApps';

/**
 * Keeps the `bffRoutes.hasNextApp` context key true while the workspace holds a Next.js app, so the
 * explorer's "New Route Handler…" entry only shows where it can work. Follows the shared list of apps
 * (which re-walks, debounced, when workspace folders change or a next.config / package.json appears,
 * changes or goes).
 * Lifetime: the extension's (disposed with the New Route Handler command).
 */
export class NextAppContextKey implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private current: boolean | undefined;

  static register(log: Log, apps: WorkspaceAppsApi): NextAppContextKey {
    return new NextAppContextKey(log, apps);
  }

  private constructor(private readonly log: Log, apps: WorkspaceAppsApi) {
    this.subscription = apps.onDidChange((list) => this.update(list));
    this.update(apps.list());
  }

  private update(list: readonly unknown[]): void {
    const has = list.length > 0;
    if (has === this.current) return;
    this.current = has;
    this.log.debug(`${ContextKeys.hasNextApp} = ${has}`);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasNextApp, has);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
