// Code actions for route diagnostics: the engine's fixes (text edits) as WorkspaceEdits, `isPreferred` as the
// engine says; "Disable <rule> for this line" and "… for this file" (`// bff-routes-disable-next-line` and
// `// bff-routes-disable` comments); and "Fix all BFF Routes problems" (`source.fixAll.bffRoutes`), which
// `editor.codeActionsOnSave` can run. Where TypeScript already offers its fix on the same token, ours is not
// offered twice (the diagnostic stays).
import * as vscode from 'vscode';
import type { Finding, Fix, RuleId } from '../core/analysis';
import { FIX_ALL_KIND } from '../ids';
import { logError, type Log } from './log';
import { DIAGNOSTIC_SOURCE, type DiagnosticEntry, type RouteDiagnostics } from './diagnostics';
import { directiveEdit, fileDirectiveEdit, insideTemplate } from './diagnostics/directive';

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }];
const FIX_ALL = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

/**
 * TypeScript diagnostics whose own quick fix does what ours does on the same range: `params.id` on a
 * Promise is ts(2339) "Property 'id' does not exist on type 'Promise<…>'", for which TypeScript offers
 * "Add 'await'".
 */
const TS_FIXES: Partial<Record<RuleId, readonly number[]>> = {
  'sync-params-access': [2339],
};

function codeOf(d: vscode.Diagnostic): number | string | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export class RouteCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL] };

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
      if (context.only && FIX_ALL.intersects(context.only) && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return this.fixAll(document);
      if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
      if (!context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) return [];
      // Fresh entries for the document's current text: a fix computed for an older version would land in the wrong place.
      const entries = this.diagnostics.entriesFor(document).filter((e) => e.diagnostic.range.intersection(range) !== undefined);
      const actions: vscode.CodeAction[] = [];
      for (const entry of entries) {
        if (this.typescriptFixes(document, entry)) continue;
        for (const fix of entry.finding.fixes) {
          const action = await this.fixAction(document, entry, fix);
          if (action) actions.push(action);
        }
      }
      const disabled = new Set<string>();
      for (const entry of entries) {
        if (disabled.has(entry.finding.ruleId)) continue;
        disabled.add(entry.finding.ruleId);
        const line = this.disableLineAction(document, entry);
        if (line) actions.push(line);
        const file = this.disableFileAction(document, entry);
        if (file) actions.push(file);
      }
      return actions;
    } catch (e) {
      logError(this.log, 'code actions', e);
      return [];
    }
  }

  /** TypeScript reports the same token with a diagnostic it offers its own fix for. */
  private typescriptFixes(document: vscode.TextDocument, entry: DiagnosticEntry): boolean {
    const codes = TS_FIXES[entry.finding.ruleId];
    if (!codes) return false;
    return vscode.languages.getDiagnostics(document.uri).some((d) =>
      d.source === 'ts' && codes.includes(Number(codeOf(d))) && d.range.intersection(entry.diagnostic.range) !== undefined);
  }

  /**
   * Every preferred fix of the file that edits only this file, in one edit; a fix overlapping one already
   * taken waits for the next run (as ESLint's fix-all does). None when there is nothing to fix.
   */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction[] {
    const taken: Array<{ start: number; end: number }> = [];
    const edit = new vscode.WorkspaceEdit();
    let count = 0;
    for (const entry of this.diagnostics.entriesFor(document)) {
      const fix = entry.finding.fixes.find((f) => f.isPreferred);
      if (!fix || fix.edits.some((e) => (e.file ?? entry.finding.file) !== document.uri.fsPath)) continue;
      if (fix.edits.some((e) => taken.some((t) => (e.start < t.end && t.start < e.end) || (e.start === e.end && e.start === t.start)))) continue;
      for (const e of fix.edits) {
        taken.push({ start: e.start, end: e.end });
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
      }
      count++;
    }
    if (count === 0) return [];
    const action = new vscode.CodeAction(`Fix all BFF Routes problems`, FIX_ALL);
    action.edit = edit;
    return [action];
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

  private disableLineAction(document: vscode.TextDocument, entry: DiagnosticEntry): vscode.CodeAction | undefined {
    const ruleId = entry.finding.ruleId;
    const line = entry.diagnostic.range.start.line;
    const lineStart = document.offsetAt(new vscode.Position(line, 0));
    if (insideTemplate(document.getText(), lineStart)) return undefined;
    const previous = line > 0 ? document.lineAt(line - 1) : undefined;
    const plan = directiveEdit(document.lineAt(line).text, previous?.text, ruleId);
    if (!plan) return undefined;
    const edit = new vscode.WorkspaceEdit();
    if (plan.kind === 'replace-previous' && previous) edit.replace(document.uri, previous.range, plan.text);
    else edit.insert(document.uri, new vscode.Position(line, 0), `${plan.text}${this.eol(document)}`);
    const action = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.diagnostics = [entry.diagnostic];
    return action;
  }

  private disableFileAction(document: vscode.TextDocument, entry: DiagnosticEntry): vscode.CodeAction | undefined {
    const ruleId = entry.finding.ruleId;
    const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
    const plan = fileDirectiveEdit(lines, ruleId);
    if (!plan) return undefined;
    const edit = new vscode.WorkspaceEdit();
    if (plan.kind === 'replace') edit.replace(document.uri, document.lineAt(plan.line).range, plan.text);
    else edit.insert(document.uri, new vscode.Position(plan.line, 0), `${plan.text}${this.eol(document)}`);
    const action = new vscode.CodeAction(`Disable ${ruleId} for this file`, vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.diagnostics = [entry.diagnostic];
    return action;
  }

  private eol(document: vscode.TextDocument): string {
    return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  }
}
