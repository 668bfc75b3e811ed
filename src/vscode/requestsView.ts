import * as vscode from 'vscode';
import { Views } from '../ids';
import { parseMessage, ToHostMessageSchema, type ToHostMessage, type ToViewMessage } from '../protocol';
import type { Log } from './log';

/**
 * The message channel of one request webview (the sidebar view or an editor tab): every incoming message
 * validated and a bad one logged and dropped; messages posted before the webview said `ready` queued
 * (bounded, the newest win) and sent once it has.
 */
export class WebviewChannel implements vscode.Disposable {
  private ready = false;
  private queue: ToViewMessage[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires each time a (re)loaded webview is ready for messages. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    readonly webview: vscode.Webview,
    private readonly log: Log,
    private readonly onMessage: (message: ToHostMessage, channel: WebviewChannel) => void,
  ) {
    this.subscription = webview.onDidReceiveMessage((data: unknown) => this.receive(data));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The webview's document is gone (hidden view, reload): queue until it says `ready` again. */
  reset(): void {
    this.ready = false;
  }

  post(message: ToViewMessage): void {
    if (!this.ready) {
      this.queue.push(message);
      if (this.queue.length > 200) this.queue = this.queue.slice(-200);
      return;
    }
    void this.webview.postMessage(message).then(undefined, (e: unknown) => this.log.warn(`posting ${message.type} to the webview failed: ${String(e)}`));
  }

  /** Resolves once the webview is ready, or after `timeoutMs` (a webview that never loads must not hang a command). */
  whenReady(timeoutMs = 15_000): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => { d.dispose(); resolve(); }, timeoutMs);
      const d = this.onDidBecomeReady(() => { clearTimeout(timer); d.dispose(); resolve(); });
    });
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
      this.onMessage(parsed.message, this);
      for (const m of queued) this.post(m);
      return;
    }
    this.onMessage(parsed.message, this);
  }

  dispose(): void {
    this.subscription.dispose();
    this.readyEmitter.dispose();
  }
}

/**
 * The "Requests" webview view in the BFF Routes activity-bar container: locked down (CSP
 * `default-src 'none'`, one nonce-bearing script, resources only from dist/ and media/). It only
 * renders: the panel (src/vscode/panel) owns the data and the network.
 */
export class RequestsView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private channel: WebviewChannel | undefined;
  /** Messages posted before the view was first resolved (a select from a command that opened the view). */
  private early: ToViewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly onMessage: (message: ToHostMessage, channel: WebviewChannel) => void,
  ) {
    this.disposables.push(vscode.window.registerWebviewViewProvider(Views.requests, this), this.readyEmitter);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.channel?.dispose();
    const channel = new WebviewChannel(view.webview, this.log, this.onMessage);
    this.channel = channel;
    for (const m of this.early) channel.post(m);
    this.early = [];
    configureWebview(view.webview, this.extensionUri, 'sidebar');
    const subs = [
      channel.onDidBecomeReady(() => this.readyEmitter.fire()),
      // A hidden webview view loses its document; it posts `ready` again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) channel.reset();
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.channel = undefined;
        }
        channel.dispose();
        for (const s of subs) s.dispose();
      }),
    ];
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /** Shows the view (resolving it if needed); resolves once its webview can take messages. */
  async reveal(): Promise<void> {
    if (this.view && this.channel?.isReady) {
      if (!this.view.visible) this.view.show(true);
      return;
    }
    const whenReady = new Promise<void>((resolve) => {
      const timer = setTimeout(() => { d.dispose(); resolve(); }, 15_000);
      const d = this.readyEmitter.event(() => { clearTimeout(timer); d.dispose(); resolve(); });
    });
    await vscode.commands.executeCommand(`${Views.requests}.focus`);
    await whenReady;
  }

  /** Posts to the webview, or queues until it is ready. */
  post(message: ToViewMessage): void {
    if (this.channel) this.channel.post(message);
    else {
      this.early.push(message);
      if (this.early.length > 200) this.early = this.early.slice(-200);
    }
  }

  dispose(): void {
    this.channel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Options and HTML of a request webview: the sidebar or an editor tab (one bundle, dist/webview.js, told by data-host). */
export function configureWebview(webview: vscode.Webview, extensionUri: vscode.Uri, host: 'sidebar' | 'tab'): void {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
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
  webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${css.toString()}"><title>${host === 'tab' ? 'Request' : 'Requests'}</title></head>
<body data-host="${host}"><main id="root" data-host="${host}"></main><script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}
