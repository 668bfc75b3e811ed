import * as vscode from 'vscode';
import { Views } from '../ids';
import { parseMessage, ToHostMessageSchema, type ToHostMessage, type ToViewMessage } from '../protocol';
import type { Log } from './log';

/**
 * The "Requests" webview view in the BFF Routes activity-bar container: locked down (CSP
 * `default-src 'none'`, one nonce-bearing script, resources only from dist/ and media/), every
 * incoming message validated and a bad one logged and dropped. It only renders: the panel
 * (src/vscode/panel) owns the data and the network.
 */
export class RequestsView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** Messages posted before the webview said `ready` (a select from a CodeLens that opened the view). */
  private queue: ToViewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** Fires each time a (re)loaded webview is ready for messages. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly onMessage: (message: ToHostMessage) => void,
  ) {
    this.disposables.push(vscode.window.registerWebviewViewProvider(Views.requests, this), this.readyEmitter);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = html(view.webview, dist, media);
    const subs = [
      view.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      // A hidden webview view loses its document; it posts `ready` again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
        for (const s of subs) s.dispose();
      }),
    ];
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /** Shows the view (resolving it if needed); resolves once its webview can take messages. */
  async reveal(): Promise<void> {
    if (this.view && this.ready) {
      if (!this.view.visible) this.view.show(true);
      return;
    }
    const whenReady = new Promise<void>((resolve) => {
      const d = this.onDidBecomeReady(() => {
        d.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand(`${Views.requests}.focus`);
    // Bounded: a webview that never loads must not hang a command.
    await Promise.race([whenReady, new Promise((r) => setTimeout(r, 15_000))]);
  }

  /** Posts to the webview, or queues until it is ready (bounded; the newest win). */
  post(message: ToViewMessage): void {
    if (!this.view || !this.ready) {
      this.queue.push(message);
      if (this.queue.length > 200) this.queue = this.queue.slice(-200);
      return;
    }
    void this.view.webview.postMessage(message).then(undefined, (e: unknown) => this.log.warn(`posting ${message.type} to the webview failed: ${String(e)}`));
  }

  private receive(data: unknown): void {
    const parsed = parseMessage(ToHostMessageSchema, data);
    if (!parsed.ok) {
      this.log.warn(`request panel: dropped ${parsed.error}`);
      return;
    }
    if (parsed.message.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      this.readyEmitter.fire();
      this.onMessage(parsed.message);
      for (const m of queued) this.post(m);
      return;
    }
    this.onMessage(parsed.message);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function html(webview: vscode.Webview, dist: vscode.Uri, media: vscode.Uri): string {
  const nonce = randomNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${css.toString()}"><title>Requests</title></head>
<body><main id="root"></main><script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}
