// "BFF Routes: Open OpenAPI Document": the OpenAPI 3.1 document of a Next.js app of the workspace (the one of the
// active editor, else the only one, else a pick), read from the route handlers' code with unsaved editor text
// (src/core/shape through the lazily loaded engine), opened as an untitled JSON document the user may save.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import { appForFile, type NextApp } from '../core/project/nextApps';
import { engine } from './engine';
import { logError, type Log } from './log';
import type { WorkspaceAppsApi } from './workspaceApps';

async function chooseApp(apps: readonly NextApp[]): Promise<NextApp | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const around = active?.scheme === 'file' ? appForFile(apps, active.fsPath) : undefined;
  if (around) return around;
  if (apps.length <= 1) return apps[0];
  const pick = await vscode.window.showQuickPick(apps.map((a) => ({ label: vscode.workspace.asRelativePath(a.root), app: a })), { placeHolder: 'OpenAPI document of which app?' });
  return pick?.app;
}

export const OpenApiCommand = {
  register(log: Log, apps: WorkspaceAppsApi): vscode.Disposable {
    return vscode.commands.registerCommand(Commands.openOpenApi, async () => {
      const app = await chooseApp(apps.list());
      if (!app) {
        void vscode.window.showInformationMessage('No Next.js app in this workspace.');
        return undefined;
      }
      try {
        const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d.getText()]));
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(app.root))?.uri.fsPath ?? app.root;
        const e = engine();
        const host = e.createModuleHost({ workspaceRoot: folder, appRoot: app.root, readOpen: (f) => open.get(f) });
        const doc = await e.appOpenApi(app, { host, readText: (f) => open.get(f) });
        const text = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(doc, null, 2)}\n` });
        await vscode.window.showTextDocument(text, { preview: false });
        return text;
      } catch (err) {
        logError(log, 'OpenAPI document', err);
        void vscode.window.showErrorMessage(`The OpenAPI document could not be built: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    });
  },
};
