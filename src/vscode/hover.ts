// The hover on an exported route handler (`export async function POST`): its inputs (body fields, form fields,
// query parameters, headers) and the status codes it answers, read from its code by src/core/shape through the
// lazily loaded engine. Only on the handler's name, and only in a route file of a known app.
import * as vscode from 'vscode';
import type { HttpMethod } from '../protocol';
import { engine } from './engine';
import { logError, type Log } from './log';
import { handlerHover } from './panel/shapes';
import type { RouteIndex } from './panel/routeIndex';

const SELECTOR: vscode.DocumentSelector = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ scheme: 'file', language }));

export const RouteHover = {
  register(index: RouteIndex, log: Log): vscode.Disposable {
    return vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(doc, pos) {
        if (!/[\\/]route\.[cm]?[jt]sx?$/.test(doc.fileName)) return undefined;
        const owner = index.routeForFile(doc.uri.fsPath);
        if (!owner?.route || owner.route.router !== 'app') return undefined;
        try {
          const text = doc.getText();
          const offset = doc.offsetAt(pos);
          const h = engine().exportedHandlers(doc.uri.fsPath, text).find((x) => x.method && x.span.start <= offset && offset <= x.span.end);
          if (!h?.method) return undefined;
          const md = handlerHover(owner.app, doc.uri.fsPath, text, owner.route.pattern, h.method as HttpMethod);
          if (!md) return undefined;
          const range = new vscode.Range(doc.positionAt(h.span.start), doc.positionAt(h.span.end));
          return new vscode.Hover(new vscode.MarkdownString(md), range);
        } catch (err) {
          logError(log, 'route hover', err);
          return undefined;
        }
      },
    });
  },
};
