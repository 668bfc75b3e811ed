// "Open in editor" of a response body: a read-only document (a TextDocumentContentProvider of its own
// scheme: VS Code offers no edit, save goes through "Save As") with the language of the content type, so
// the editor's own search, folding, minimap and JSON outline work on bodies of any size.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { BODY_SCHEME } from '../../ids';
import { parseContentType, prettyJson } from '../../core/http/format';

/** A response body kept for "Save whole body…" and "Open in editor" (the newest few responses). */
export interface KeptBody {
  body: Uint8Array;
  bodyBytes: number;
  spillFile?: string;
  route: string;
  method: string;
  contentType?: string;
}

/** Bodies larger than this open as their first bytes (the editor turns features off past ~50 MB anyway). */
const OPEN_MAX_BYTES = 50 * 1024 * 1024;

/** The editor language of a content type, and the file extension that names it in the tab. */
export function languageOf(contentType: string | undefined): { language: string; ext: string } {
  const { mime } = parseContentType(contentType);
  if (/json/.test(mime)) return { language: 'json', ext: 'json' };
  if (mime === 'text/html') return { language: 'html', ext: 'html' };
  if (/xml/.test(mime)) return { language: 'xml', ext: 'xml' };
  if (/javascript/.test(mime)) return { language: 'javascript', ext: 'js' };
  if (mime === 'text/css') return { language: 'css', ext: 'css' };
  if (mime === 'text/markdown') return { language: 'markdown', ext: 'md' };
  return { language: 'plaintext', ext: 'txt' };
}

export class BodyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly kept: (requestId: string) => KeptBody | undefined) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(BODY_SCHEME, this);
  }

  /** The URI of a kept body: `bff-routes-body:/GET api-users-42.json?<requestId>`. */
  uri(requestId: string, body: KeptBody): vscode.Uri {
    const name = `${body.method} ${body.route.replace(/^\/+/, '').replace(/[^\w.[\]-]+/g, '-') || 'root'}.${languageOf(body.contentType).ext}`;
    return vscode.Uri.from({ scheme: BODY_SCHEME, path: `/${name}`, query: requestId });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const body = this.kept(uri.query);
    if (!body) return '(This response body is no longer kept: send the request again.)';
    let bytes = body.body;
    if (body.spillFile && fs.existsSync(body.spillFile)) {
      const fd = fs.openSync(body.spillFile, 'r');
      try {
        const size = Math.min(fs.fstatSync(fd).size, OPEN_MAX_BYTES);
        bytes = new Uint8Array(size);
        fs.readSync(fd, bytes, 0, size, 0);
      } finally {
        fs.closeSync(fd);
      }
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (languageOf(body.contentType).language === 'json') return prettyJson(text)?.text ?? text;
    return text;
  }

  /** Opens the body beside the request; undefined when it is no longer kept. */
  async open(requestId: string): Promise<vscode.TextDocument | undefined> {
    const body = this.kept(requestId);
    if (!body) return undefined;
    let doc = await vscode.workspace.openTextDocument(this.uri(requestId, body));
    const { language } = languageOf(body.contentType);
    if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
