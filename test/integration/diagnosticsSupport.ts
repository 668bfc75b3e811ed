// Waiting on the extension's diagnostics (never on time): shared by the diagnostics suites.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SOURCE = 'BFF Routes';
export const WAIT_MS = 30_000;

/** The tail of the extension's log (a file under the host's data folder), to explain a failure. */
export function logTail(lines = 30): string {
  // The test host keeps its user data and logs next to XDG_DATA_HOME (test/host/codeServer.ts).
  const roots = [process.env.XDG_DATA_HOME && path.dirname(process.env.XDG_DATA_HOME)].filter((r): r is string => !!r);
  for (const root of roots) {
    let files: string[] = [];
    try {
      files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('BFF Routes.log'));
    } catch {
      continue;
    }
    if (files.length > 0) return fs.readFileSync(path.join(root, files[files.length - 1]), 'utf8').split('\n').slice(-lines).join('\n');
  }
  return '(extension log not found)';
}

/** Resolves with the file's BFF Routes diagnostics once `ok` holds; rejects after WAIT_MS with what was there. */
export function waitForDiagnostics(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, what: string, source = SOURCE, waitMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
  return new Promise((resolve, reject) => {
    const now = ours();
    if (ok(now)) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${waitMs} ms waiting for ${what} on ${uri.fsPath}; have: ${JSON.stringify(ours().map((d) => [codeOf(d), d.range.start.line, d.message]))}\nextension log:\n${logTail()}`));
    }, waitMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const list = ours();
      if (ok(list)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(list);
      }
    });
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

