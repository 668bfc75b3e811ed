import * as vscode from 'vscode';
import { Commands } from './ids';
import { createLog } from './vscode/log';
import { NewRouteCommand } from './vscode/newRoute';
import { OpenApiCommand } from './vscode/openApi';
import { WorkspaceApps, type WorkspaceAppsApi } from './vscode/workspaceApps';
import { RouteDiagnostics } from './vscode/diagnostics';
import { RouteCodeActions } from './vscode/codeActions';
import { RequestPanel, type RequestPanelApi } from './vscode/panel/panel';
import type { NextApp } from './core/project/nextApps';
import { engineLoadMs } from './vscode/engine';

/** Set by the bundle's first line (esbuild.js banner): when VS Code started loading dist/extension.js. */
declare const __bffLoadStart: number | undefined;

/** Start-up costs, measured inside the extension host (printed by the integration tests). */
export interface ActivationTimings {
  /** Loading dist/extension.js (before `activate` ran), ms; undefined outside the bundle. */
  loadMs: number | undefined;
  /** The `activate` call itself, ms. */
  activateMs: number;
  /** Whether the analysis engine (and TypeScript) was loaded when `activate` returned: it must not be. */
  engineLoadedInActivate: boolean;
  /** Loading the engine with TypeScript, ms, once a feature needed it. */
  engineLoadMs(): number | undefined;
  /** From the start of `activate` to the first file's diagnostics published (findings or none), ms. */
  firstDiagnosticsMs(): number | undefined;
}

/** What `activate` returns: used by integration tests and by other extensions. */
export interface BffRoutesApi {
  nextApps(): NextApp[];
  /** The one shared list of the workspace's Next.js apps every feature reads (walk count, changes). */
  workspaceApps: WorkspaceAppsApi;
  /** Resolves when the workspace-wide route lint (start-up, settings or folder change) has finished. */
  lintWorkspaceDone(): Promise<void>;
  /** The request panel without its UI: list routes, find the dev server, send a request. */
  requests: RequestPanelApi;
  timings: ActivationTimings;
}

export function activate(context: vscode.ExtensionContext): BffRoutesApi {
  const t0 = performance.now();
  const loadMs = typeof __bffLoadStart === 'number' ? t0 - __bffLoadStart : undefined;
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
    OpenApiCommand.register(log, apps),
    requests,
  );

  const activateMs = performance.now() - t0;
  const timings: ActivationTimings = {
    loadMs,
    activateMs,
    engineLoadedInActivate: engineLoadMs() !== undefined,
    engineLoadMs,
    firstDiagnosticsMs: () => (diagnostics.firstPublishedAt === undefined ? undefined : diagnostics.firstPublishedAt - t0),
  };
  log.info(`activated in ${activateMs.toFixed(1)} ms (bundle loaded in ${loadMs?.toFixed(1) ?? '?'} ms); the analysis engine loads on first use`);
  return { nextApps: () => [...apps.list()], workspaceApps: apps, lintWorkspaceDone: () => diagnostics.lintWorkspaceDone(), requests: requests.api, timings };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
