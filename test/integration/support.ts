// Helpers for tests that run inside the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
