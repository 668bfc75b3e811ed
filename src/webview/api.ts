// The one handle on the VS Code webview API, acquired once (a second acquireVsCodeApi() throws).
// Every incoming message is validated against the protocol; a bad one is reported to the host's log
// and dropped.
import { parseMessage, ToViewMessageSchema, type ToHostMessage, type ToViewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export function post(message: ToHostMessage): void {
  vscode.postMessage(message);
}

export function getState(): unknown {
  return vscode.getState();
}

export function setState(state: unknown): void {
  vscode.setState(state);
}

export function onMessage(handler: (message: ToViewMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseMessage(ToViewMessageSchema, event.data);
    if (!parsed.ok) {
      post({ type: 'reportError', message: `webview dropped a message: ${parsed.error}`.slice(0, 8000) });
      return;
    }
    try {
      handler(parsed.message);
    } catch (e) {
      post({ type: 'reportError', message: `webview failed on ${parsed.message.type}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`.slice(0, 8000) });
    }
  });
}
