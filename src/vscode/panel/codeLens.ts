import * as vscode from 'vscode';
import { Commands } from '../../ids';
import { engine } from '../engine';
import type { RouteIndex } from './routeIndex';
import { readPanelSettings } from './settings';

export interface SelectRouteArgs {
  appRoot: string;
  route: string;
  method?: string;
}

/**
 * "Open request: GET /api/users/[id]" above each exported handler of a route file the index knows. It opens the
 * request of that route and method in an editor tab (src/vscode/panel/tabs.ts) and sends nothing (a request may
 * need params, headers or a body first).
 */
export class RouteCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly index: RouteIndex) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    if (!readPanelSettings(document.uri).codeLensEnabled) return [];
    const found = this.index.routeForFile(document.uri.fsPath);
    const route = found?.route;
    if (!found || !route) return [];
    const lenses: vscode.CodeLens[] = [];
    const text = document.getText();
    for (const h of engine().exportedHandlers(document.uri.fsPath, text)) {
      const method = h.method ?? (route.router === 'pages' && h.name === 'default' ? 'GET' : undefined);
      if (!method) continue;
      const args: SelectRouteArgs = { appRoot: found.app.root, route: route.pattern, method };
      const title = route.router === 'pages' && h.name === 'default' ? `Open request: ${route.pattern}` : `Open request: ${method} ${route.pattern}`;
      lenses.push(new vscode.CodeLens(new vscode.Range(document.positionAt(h.span.start), document.positionAt(h.span.end)), {
        title,
        tooltip: 'Open this route and method in a request tab, the response beside it (nothing is sent until you click Send)',
        command: Commands.openRequestInEditor,
        arguments: [args],
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
