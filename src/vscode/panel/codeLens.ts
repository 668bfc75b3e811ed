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

/** "Send GET /api/users/[id]" above each exported handler of a route file the index knows. */
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
      const title = route.router === 'pages' && h.name === 'default' ? `Send request to ${route.pattern}` : `Send ${method} ${route.pattern}`;
      lenses.push(new vscode.CodeLens(new vscode.Range(document.positionAt(h.span.start), document.positionAt(h.span.end)), {
        title,
        tooltip: 'Open the BFF Routes request panel with this route and method selected',
        command: Commands.selectRoute,
        arguments: [args],
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
