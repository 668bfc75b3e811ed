// Quick fixes for route diagnostics: the engine's fixes (text edits) as WorkspaceEdits, `isPreferred` as
// the engine says, plus "Disable <rule> for this line" (a `// bff-routes-disable-next-line` comment).
import * as vscode from 'vscode';
import type { Finding, Fix } from '../core/analysis';
import { logError, type Log } from './log';
import { DIAGNOSTIC_SOURCE, type DiagnosticEntry, type RouteDiagnostics } from './diagnostics';
import { directiveEdit, insideTemplate } from './diagnostics/directive';

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }];

export class RouteCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  static register(diagnostics: RouteDiagnostics, log: Log): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider(SELECTOR, new RouteCodeActions(diagnostics, log), RouteCodeActions.metadata);
  }

  private constructor(
    private readonly diagnostics: RouteDiagnostics,
    private readonly log: Log,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    try {
      if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
      if (!context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) return [];
      // Fresh entries for the document's current text: a fix computed for an older version would land in the wrong place.
      const entries = this.diagnostics.entriesFor(document).filter((e) => e.diagnostic.range.intersection(range) !== undefined);
      const actions: vscode.CodeAction[] = [];
      for (const entry of entries) {
        for (const fix of entry.finding.fixes) {
          const action = await this.fixAction(document, entry, fix);
          if (action) actions.push(action);
        }
      }
      const disabled = new Set<string>();
      for (const entry of entries) {
        if (disabled.has(entry.finding.ruleId)) continue;
        const action = this.disableAction(document, entry);
        if (action) {
          disabled.add(entry.finding.ruleId);
          actions.push(action);
        }
      }
      return actions;
    } catch (e) {
      logError(this.log, 'code actions', e);
      return [];
    }
  }

  private async fixAction(document: vscode.TextDocument, entry: DiagnosticEntry, fix: Fix): Promise<vscode.CodeAction | undefined> {
    const edit = new vscode.WorkspaceEdit();
    const finding: Finding = entry.finding;
    for (const e of fix.edits) {
      const file = e.file ?? finding.file;
      let target = document;
      if (file !== document.uri.fsPath) {
        const uri = vscode.Uri.file(file);
        if (!vscode.workspace.getWorkspaceFolder(uri)) {
          this.log.warn(`fix '${fix.title}' edits ${file}, outside the workspace: not offered`);
          return undefined;
        }
        target = await vscode.workspace.openTextDocument(uri);
      }
      edit.replace(target.uri, new vscode.Range(target.positionAt(e.start), target.positionAt(e.end)), e.newText);
    }
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.diagnostics = [entry.diagnostic];
    action.isPreferred = fix.isPreferred;
    return action;
  }

  private disableAction(document: vscode.TextDocument, entry: DiagnosticEntry): vscode.CodeAction | undefined {
    const ruleId = entry.finding.ruleId;
    const line = entry.diagnostic.range.start.line;
    const lineStart = document.offsetAt(new vscode.Position(line, 0));
    if (insideTemplate(document.getText(), lineStart)) return undefined;
    const previous = line > 0 ? document.lineAt(line - 1) : undefined;
    const plan = directiveEdit(document.lineAt(line).text, previous?.text, ruleId);
    if (!plan) return undefined;
    const edit = new vscode.WorkspaceEdit();
    if (plan.kind === 'replace-previous' && previous) edit.replace(document.uri, previous.range, plan.text);
    else edit.insert(document.uri, new vscode.Position(line, 0), `${plan.text}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
    const action = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.diagnostics = [entry.diagnostic];
    return action;
  }
}
