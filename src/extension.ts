import * as vscode from 'vscode';
import { Commands } from './ids';
import { createLog } from './vscode/log';
import { NewRouteCommand } from './vscode/newRoute';
import { WorkspaceApps, type WorkspaceAppsApi } from './vscode/workspaceApps';
import { RouteDiagnostics } from './vscode/diagnostics';
import { RouteCodeActions } from './vscode/codeActions';
import { RequestPanel, type RequestPanelApi } from './vscode/panel/panel';
import type { NextApp } from './core/project/nextApps';

/** What `activate` returns: used by integration tests and by other extensions. */
export interface BffRoutesApi {
  nextApps(): NextApp[];
  /** The one shared list of the workspace's Next.js apps every feature reads (walk count, changes). */
  workspaceApps: WorkspaceAppsApi;
  /** Resolves when the workspace-wide route lint (start-up, settings or folder change) has finished. */
  lintWorkspaceDone(): Promise<void>;
  /** The request panel without its UI: list routes, find the dev server, send a request. */
  requests: RequestPanelApi;
}

export function activate(context: vscode.ExtensionContext): BffRoutesApi {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`activating ${context.extension.id} ${String(context.extension.packageJSON.version)} in VS Code ${vscode.version}`);

  const apps = WorkspaceApps.create(log);
  const requests = RequestPanel.create(context, log, apps);
  const diagnostics = RouteDiagnostics.register(log, apps);
  context.subscriptions.push(
    apps,
    diagnostics,
    RouteCodeActions.register(diagnostics, log),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
    NewRouteCommand.register(log, apps),
    requests,
  );

  return { nextApps: () => [...apps.list()], workspaceApps: apps, lintWorkspaceDone: () => diagnostics.lintWorkspaceDone(), requests: requests.api };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
