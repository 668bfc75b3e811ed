import * as vscode from 'vscode';
import { Views } from '../ids';
import type { Log } from './log';
import { workspaceNextApps } from './workspaceApps';

/** The "Requests" webview view in the BFF Routes activity-bar container. */
export class RequestsViewProvider implements vscode.WebviewViewProvider {
  static register(context: vscode.ExtensionContext, log: Log): vscode.Disposable {
    return vscode.window.registerWebviewViewProvider(Views.requests, new RequestsViewProvider(context.extensionUri, log));
  }

  private constructor(private readonly extensionUri: vscode.Uri, private readonly log: Log) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    const nonce = randomNonce();
    const script = view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
    const css = view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css'));
    view.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${view.webview.cspSource}; img-src ${view.webview.cspSource} data:; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${css.toString()}"><title>Requests</title></head>
<body><main id="root"></main><script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
    const apps = workspaceNextApps();
    this.log.debug(`requests view resolved with ${apps.length} Next.js app(s)`);
    void view.webview.postMessage({ type: 'apps', apps: apps.map((a) => a.root) });
  }
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}
