import * as vscode from 'vscode';
import { findNextApps, type NextApp } from '../core/project/nextApps';

/** The Next.js apps of the open workspace folders (file-system folders only). */
export function workspaceNextApps(): NextApp[] {
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
  return findNextApps(roots);
}
