// Helpers for tests that run inside the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isWithin } from '../../src/core/paths';
import type { BffRoutesApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/ids';

/** Activates the extension (as a user opening the workspace would) and returns its API. */
export async function activateExtension(): Promise<BffRoutesApi> {
  const ext = vscode.extensions.getExtension<BffRoutesApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The first workspace folder: a fresh copy of test/fixtures/next-app made by the runner. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens the fixture app as the workspace');
  return folder.uri.fsPath;
}

/**
 * Reverts every document under `dirs` that has unsaved changes, the way a user does (Revert and Close
 * Editor), and fails if one is still unsaved. Call it before deleting folders a test wrote: closing all
 * editors does not revert a document the extension host still holds, and such a dirty document is
 * written back later, recreating the deleted folder in the middle of another suite.
 */
export async function revertUnsavedUnder(dirs: readonly string[]): Promise<void> {
  const unsaved = (): vscode.TextDocument[] =>
    vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && dirs.some((dir) => isWithin(dir, d.uri.fsPath)));
  for (const doc of unsaved()) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  assert.deepEqual(unsaved().map((d) => d.uri.fsPath), [], 'documents still unsaved after Revert and Close');
}
