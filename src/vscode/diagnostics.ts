// Route diagnostics in the editor: the analysis engine's findings as VS Code diagnostics.
// - open documents: analysed on open and, debounced per document, while typing (incremental re-parse);
// - every analyzable file of the workspace at start-up, read from disk, so the Problems panel lists them
//   without opening anything; kept current by a file watcher (create / change / delete, folders too);
// - a closed document falls back to its on-disk analysis (cleared when the file is gone);
// - project rules (route-page-conflict, middleware-and-proxy) re-run when files appear or disappear;
// - `bffRoutes.rules` / `bffRoutes.lint.include` are read per workspace folder, validated once, and
//   everything re-runs when `affectsConfiguration` says they changed;
// - imports are followed (project-aware analysis) through one ModuleHost per app, which reads open documents'
//   unsaved text before the disk; every analysis's `dependencies` feed a reverse index (core/project/crossFile.ts):
//   when a helper changes (typed in, or on disk), every analysed file that reached it is re-analysed, debounced,
//   one file per turn of the event loop and cancelled by a newer change of the same helper; findings an analysis
//   places in a helper are shown in the helper, merged across the routes that reach it.
// Every event handler catches and logs: a failure here must never take the extension host down.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisCache } from '../core/analysis';
import { isAnalyzableFile } from '../core/analysis/files';
import { docsUrlOf, RULE_IDS, type AnalyzeOptions, type Finding, type RuleId } from '../core/analysis/types';
import { lineStarts, positionAt } from '../core/parsing/text';
import { applyRuleSettings, includeMatcher, parseLintSettings, type LintSettings } from '../core/config/rules';
import { readTextFile } from '../core/fileRead';
import { isBelow } from '../core/paths';
import { CrossFileIndex } from '../core/project/crossFile';
import { appForFile, isAppMarkerName, type NextApp } from '../core/project/nextApps';
import { createModuleHost, type FileChange, type ProjectModuleHost } from '../core/project/resolve';
import { readTextSync } from '../core/fileRead';
import { CONFIG_SECTION, ConfigKeys } from '../ids';
import { engine } from './engine';
import { logError, type Log } from './log';
import type { WorkspaceAppsApi } from './workspaceApps';

export const DIAGNOSTIC_SOURCE = 'BFF Routes';
/** Delay between the last keystroke and the re-analysis of a document. */
export const TYPING_DEBOUNCE_MS = 200;
/** Delay between the last change of a helper and the re-analysis of the files that import it. */
export const DEPENDENTS_DEBOUNCE_MS = TYPING_DEBOUNCE_MS;
/** Findings placed in helpers are re-published at most this often while many routes are being analysed. */
const REPUBLISH_BATCH_MS = 50;
/** Texts of files no editor has open kept to place related locations in them (then the table starts over). */
const MAX_PLACED_TEXTS = 500;
/** Delay before project rules re-run after files appear or disappear (a `git checkout` sends bursts). */
const PROJECT_DEBOUNCE_MS = 300;
/** Files read in parallel during the workspace scan. */
const SCAN_CONCURRENCY = 8;
/** Upper bound of files the workspace scan looks at. */
const SCAN_MAX_FILES = 20_000;
const SOURCE_EXTS = 'ts,js,mts,mjs,cts,cjs,tsx,jsx';
/**
 * Route, proxy/middleware and pages/api files anywhere in a folder; isAnalyzableFile has the last word.
 * Two patterns because the search backend (ripgrep's globset) rejects nested `{}` groups.
 */
const ANALYZABLE_GLOBS = [`**/{route,proxy,middleware}.{${SOURCE_EXTS}}`, `**/pages/api/**/*.{${SOURCE_EXTS}}`];
/** What project rules look at in an app: its app/ and pages/ folders and its proxy/middleware files. */
const PROJECT_GLOB = '{app/**,src/app/**,pages/**,src/pages/**,proxy.*,middleware.*,src/proxy.*,src/middleware.*}';
const EXCLUDE_GLOB = '**/{node_modules,.next,.git,.vercel,.turbo,.vscode-test}/**';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const DOCS = new Map<RuleId, vscode.Uri>(RULE_IDS.map((id) => [id, vscode.Uri.parse(docsUrlOf(id))]));

interface FolderSettings extends LintSettings {
  matches(file: string): boolean;
}

/** A published diagnostic and the finding it came from (the code actions need the fixes). */
export interface DiagnosticEntry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

interface FileState {
  uri: vscode.Uri;
  /** Version of the open document analysed; undefined for an analysis of the on-disk text. */
  version?: number;
  /** The file's own findings, placed. */
  own: DiagnosticEntry[];
  /** `own` plus the project findings on this file: what the collection shows. */
  entries: DiagnosticEntry[];
}

/** Converts offsets of a text that is not open in an editor (VS Code's own positionAt is used when it is). */
class OffsetText {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  position(offset: number): vscode.Position {
    this.starts ??= lineStarts(this.text);
    const p = positionAt(this.starts, Math.min(offset, this.text.length));
    return new vscode.Position(p.line, p.character);
  }
}

type Positioner = (offset: number) => vscode.Position;

function key(uri: vscode.Uri): string {
  return uri.toString();
}

/** A next.config.* or package.json: what the shared list of apps (WorkspaceApps) watches for, by the same test. */
function isAppMarker(uri: vscode.Uri): boolean {
  return isAppMarkerName(uri.path.slice(uri.path.lastIndexOf('/') + 1));
}

function isUnder(child: vscode.Uri, parent: vscode.Uri): boolean {
  return child.scheme === parent.scheme && child.authority === parent.authority && isBelow(parent.fsPath, child.fsPath);
}

export class RouteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('bff-routes');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly files = new Map<string, FileState>();
  private readonly projectFindings = new Map<string, Finding[]>();
  /** On-disk text positions of the other files project findings point at (related information), by app root. */
  private readonly relatedTexts = new Map<string, Map<string, Positioner>>();
  private readonly caches = new Map<string, AnalysisCache>();
  /** Files the analysis skipped, with the reason last logged (see noteSkipped). */
  private readonly skipped = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly projectTimers = new Map<string, NodeJS.Timeout>();
  private readonly settings = new Map<string, FolderSettings>();
  /** One ModuleHost per app (or per workspace folder for files of no app): its caches outlive single analyses. */
  private readonly hosts = new Map<string, ProjectModuleHost>();
  private readonly crossFile = new CrossFileIndex((findings) => engine().mergeFindings(findings));
  private readonly dependentTimers = new Map<string, NodeJS.Timeout>();
  /** Bumped per helper on each change: a re-analysis of its dependents stops when a newer one has started. */
  private readonly dependentRuns = new Map<string, number>();
  /** Positions in on-disk texts of files that related locations point at (routes feeding a helper's finding). */
  private readonly placedTexts = new Map<string, Positioner | undefined>();
  /** Helpers whose placed findings changed, re-published together (a scan of 2,000 routes reaching one helper). */
  private readonly pendingRepublish = new Set<string>();
  private republishTimer: NodeJS.Timeout | undefined;
  private apps: readonly NextApp[] = [];
  private scanGeneration = 0;
  private scan: Promise<void> = Promise.resolve();
  private disposed = false;
  /** performance.now() when the first file's analysis was published, findings or none (start-up timings). */
  firstPublishedAt: number | undefined;

  static register(log: Log, workspaceApps: WorkspaceAppsApi): RouteDiagnostics {
    return new RouteDiagnostics(log, workspaceApps);
  }

  private constructor(private readonly log: Log, private readonly workspaceApps: WorkspaceAppsApi) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      vscode.workspace.onDidOpenTextDocument((doc) => this.guard('open', () => this.analyzeDocument(doc))),
      vscode.workspace.onDidChangeTextDocument((e) => this.guard('change', () => this.onChange(e.document))),
      vscode.workspace.onDidCloseTextDocument((doc) => this.guard('close', () => this.onClose(doc))),
      vscode.workspace.onDidChangeConfiguration((e) => this.guard('configuration', () => this.onConfiguration(e))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.guard('workspace folders', () => this.relintAll('workspace folders changed'))),
      // A next.config / package.json appearing, changing or going, or an app's folder moved in or deleted.
      workspaceApps.onDidChange(() => this.guard('Next.js apps', () => this.relintAll('Next.js apps changed'))),
      watcher.onDidCreate((uri) => this.guard('file created', () => this.onDiskChange(uri, 'created'))),
      watcher.onDidChange((uri) => this.guard('file changed', () => this.onDiskChange(uri, 'changed'))),
      watcher.onDidDelete((uri) => this.guard('file deleted', () => this.onDelete(uri))),
      { dispose: () => this.hosts.clear() },
    );
    this.relintAll('start-up');
  }

  /** Resolves when the latest workspace scan (start-up, settings or folder change) has finished. */
  async lintWorkspaceDone(): Promise<void> {
    for (;;) {
      const current = this.scan;
      await current;
      if (current === this.scan) return;
    }
  }

  /** The diagnostics of a document with their findings, brought up to date with its current text. */
  entriesFor(doc: vscode.TextDocument): DiagnosticEntry[] {
    const state = this.files.get(key(doc.uri));
    if (this.isTarget(doc.uri) && (!state || state.version !== doc.version)) {
      this.cancelTimer(key(doc.uri));
      this.analyzeDocument(doc);
    }
    return this.files.get(key(doc.uri))?.entries ?? [];
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.projectTimers.values()) clearTimeout(t);
    for (const t of this.dependentTimers.values()) clearTimeout(t);
    if (this.republishTimer) clearTimeout(this.republishTimer);
    this.timers.clear();
    this.projectTimers.clear();
    this.dependentTimers.clear();
    for (const d of this.disposables) d.dispose();
  }

  // ---- events ---------------------------------------------------------------------------------

  private guard(what: string, fn: () => unknown): void {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((e: unknown) => logError(this.log, `diagnostics (${what})`, e));
    } catch (e) {
      logError(this.log, `diagnostics (${what})`, e);
    }
  }

  private onChange(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    this.placedTexts.delete(doc.uri.fsPath);
    this.schedule(doc);
    if (this.crossFile.isDependency(doc.uri.fsPath)) this.scheduleDependents(doc.uri.fsPath);
  }

  /** Re-analyses, once `file` has stopped changing, every analysed file whose last analysis read it. */
  private scheduleDependents(file: string): void {
    const old = this.dependentTimers.get(file);
    if (old) clearTimeout(old);
    this.dependentTimers.set(
      file,
      setTimeout(() => {
        this.dependentTimers.delete(file);
        this.guard('dependents', () => this.reanalyseDependents(file));
      }, DEPENDENTS_DEBOUNCE_MS),
    );
  }

  /**
   * One dependent per turn of the event loop (the host stays responsive with hundreds of routes importing a
   * helper); a newer change of the same helper stops this run and starts its own.
   */
  private async reanalyseDependents(file: string): Promise<void> {
    const run = (this.dependentRuns.get(file) ?? 0) + 1;
    this.dependentRuns.set(file, run);
    const dependents = this.crossFile.dependentsOf(file);
    const t0 = Date.now();
    for (const dependent of dependents) {
      if (this.disposed || this.dependentRuns.get(file) !== run) return;
      const uri = vscode.Uri.file(dependent);
      const doc = this.openDocument(uri);
      if (doc) {
        this.analyzeDocument(doc);
        await new Promise((resolve) => setImmediate(resolve));
      } else if (this.isTarget(uri)) {
        await this.analyzeOnDisk(uri);
      } else {
        for (const touched of this.crossFile.remove(dependent)) this.republish(touched);
      }
    }
    if (this.dependentRuns.get(file) === run) this.dependentRuns.delete(file);
    if (dependents.length > 0) this.log.info(`re-analysed ${dependents.length} file(s) importing ${file} in ${Date.now() - t0} ms`);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.isTarget(doc.uri)) return;
    const k = key(doc.uri);
    this.cancelTimer(k);
    this.timers.set(
      k,
      setTimeout(() => {
        this.timers.delete(k);
        this.guard('typing', () => this.analyzeDocument(doc));
      }, TYPING_DEBOUNCE_MS),
    );
  }

  private cancelTimer(k: string): void {
    const t = this.timers.get(k);
    if (t) clearTimeout(t);
    this.timers.delete(k);
  }

  private async onClose(doc: vscode.TextDocument): Promise<void> {
    const k = key(doc.uri);
    this.cancelTimer(k);
    this.caches.delete(k);
    // Its unsaved text, which the routes importing it were analysed with, is gone: they read the disk now.
    if (doc.uri.scheme === 'file' && doc.isDirty && this.crossFile.isDependency(doc.uri.fsPath)) this.scheduleDependents(doc.uri.fsPath);
    if (!this.isTarget(doc.uri)) return;
    // The editor's text may have differed from the file (unsaved edits): show what is on disk now.
    await this.analyzeOnDisk(doc.uri);
  }

  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    const keys = [ConfigKeys.rules, ConfigKeys.lintInclude, ConfigKeys.appErrorMessages].map((k) => `${CONFIG_SECTION}.${k}`);
    if (keys.some((k) => e.affectsConfiguration(k))) this.relintAll('settings changed');
  }

  /** Drops what the module hosts cached about a changed file; a changed tsconfig/jsconfig re-lints everything. */
  private invalidateHosts(uri: vscode.Uri, change: FileChange): void {
    this.placedTexts.delete(uri.fsPath);
    let config = false;
    for (const host of this.hosts.values()) {
      config ||= host.isConfigFile(uri.fsPath);
      host.invalidate(uri.fsPath, change);
    }
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (config && name !== 'package.json') this.relintAll(`${name} changed`);
  }

  private async onDiskChange(uri: vscode.Uri, what: 'created' | 'changed'): Promise<void> {
    if (uri.scheme !== 'file') return;
    this.invalidateHosts(uri, what);
    // A helper saved from an editor was followed through its document already; one changed on disk was not.
    if (this.crossFile.isDependency(uri.fsPath) && !this.isOpen(uri)) this.scheduleDependents(uri.fsPath);
    // The shared list of apps re-walks for these and reports a changed set (onDidChange re-lints).
    if (what === 'created' && isAppMarker(uri)) return;
    if (what === 'created') this.scheduleProject(uri);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return;
    }
    if (stat.type & vscode.FileType.Directory) {
      // A folder moved or copied in: its files come with no events of their own.
      if (what === 'created') await this.scanFolder(uri);
      return;
    }
    if (this.isOpen(uri) || !this.isTarget(uri)) return;
    await this.analyzeOnDisk(uri);
  }

  private onDelete(uri: vscode.Uri): void {
    if (uri.scheme === 'file') {
      this.invalidateHosts(uri, 'deleted');
      if (this.crossFile.isDependency(uri.fsPath)) this.scheduleDependents(uri.fsPath);
      for (const touched of this.crossFile.remove(uri.fsPath)) this.republish(touched);
    }
    // The uri may be a folder: drop everything under it.
    for (const [k, state] of this.files) {
      if (k === key(uri) || isUnder(state.uri, uri)) {
        this.files.delete(k);
        this.caches.delete(k);
        this.skipped.delete(k);
        this.cancelTimer(k);
        this.collection.delete(state.uri);
      }
    }
    if (!isAppMarker(uri)) this.scheduleProject(uri);
  }

  // ---- settings and targets -------------------------------------------------------------------

  private settingsFor(uri: vscode.Uri): FolderSettings {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const k = folder ? key(folder.uri) : '';
    let s = this.settings.get(k);
    if (!s) {
      const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folder?.uri ?? uri);
      const parsed = parseLintSettings({ rules: config.get<unknown>(ConfigKeys.rules), include: config.get<unknown>(ConfigKeys.lintInclude), appErrorMessages: config.get<unknown>(ConfigKeys.appErrorMessages) });
      for (const p of parsed.problems) this.log.warn(`${folder ? `${folder.name}: ` : ''}${p}`);
      const base = folder?.uri.fsPath;
      s = { ...parsed.settings, matches: base ? includeMatcher(parsed.settings.include, base) : () => false };
      this.settings.set(k, s);
    }
    return s;
  }

  private appOf(uri: vscode.Uri): NextApp | undefined {
    return appForFile(this.apps, uri.fsPath);
  }

  private isTarget(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const app = this.appOf(uri);
    return isAnalyzableFile(uri.fsPath, app ? [app.root] : undefined) || this.settingsFor(uri).matches(uri.fsPath);
  }

  private isOpen(uri: vscode.Uri): boolean {
    return this.openDocument(uri) !== undefined;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const k = key(uri);
    return vscode.workspace.textDocuments.find((d) => key(d.uri) === k);
  }

  /**
   * The module host of a file's app: bounded to the file's workspace folder (and the app's workspace packages),
   * reading an open document's text before the disk.
   */
  private hostFor(uri: vscode.Uri, app: NextApp | undefined): ProjectModuleHost {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const appRoot = app?.root ?? folder ?? path.dirname(uri.fsPath);
    const workspaceRoot = folder ?? appRoot;
    const k = `${workspaceRoot}\0${appRoot}`;
    let host = this.hosts.get(k);
    if (!host) {
      host = createModuleHost({
        workspaceRoot,
        appRoot,
        readOpen: (file) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText(),
      });
      this.hosts.set(k, host);
    }
    return host;
  }

  private options(uri: vscode.Uri): AnalyzeOptions {
    const app = this.appOf(uri);
    return {
      modules: this.hostFor(uri, app),
      rules: this.settingsFor(uri).rules,
      appErrorMessages: this.settingsFor(uri).appErrorMessages,
      nextMajor: app?.nextMajor,
      appRoots: app ? [app.root] : undefined,
      onInternalError: (ruleId, err) => logError(this.log, `rule ${ruleId} failed on ${uri.fsPath}`, err),
    };
  }

  // ---- analysis -------------------------------------------------------------------------------

  private analyzeDocument(doc: vscode.TextDocument): void {
    if (this.disposed || !this.isTarget(doc.uri)) return;
    const k = key(doc.uri);
    const options = this.options(doc.uri);
    const { findings, dependencies, cache, skipped } = engine().analyzeSource({ file: doc.uri.fsPath, text: doc.getText(), previous: this.caches.get(k) }, options);
    this.caches.set(k, cache);
    this.noteSkipped(k, doc.uri, skipped);
    const own = this.record(doc.uri.fsPath, applyRuleSettings(findings, options.rules ?? {}), dependencies);
    this.publish(doc.uri, this.entries(own, (o) => doc.positionAt(o)), doc.version);
  }

  private async analyzeOnDisk(uri: vscode.Uri): Promise<void> {
    const k = key(uri);
    // Regular files only, capped, never blocking (a FIFO or a link to /dev/zero in a cloned repository).
    const read = await readTextFile(uri.fsPath);
    if (!read.ok) {
      if (read.refusal !== 'missing') this.log.info(`not analysing ${uri.fsPath}: ${read.reason}`);
      // Gone (deleted between the event and now) or unreadable: nothing to show for it.
      this.files.delete(k);
      this.collection.delete(uri);
      return;
    }
    // An editor may have opened it while we were reading: the document's analysis wins.
    if (this.disposed || this.isOpen(uri)) return;
    const text = read.text;
    const options = this.options(uri);
    const { findings, dependencies, skipped } = engine().analyzeSource({ file: uri.fsPath, text }, options);
    this.noteSkipped(k, uri, skipped);
    const offsets = new OffsetText(text);
    const pos: Positioner = (o) => offsets.position(o);
    const own = this.record(uri.fsPath, applyRuleSettings(findings, options.rules ?? {}), dependencies);
    this.publish(uri, this.entries(own, pos), undefined, pos);
  }

  /**
   * Files the analysis of `file` depended on go to the reverse index; its findings placed in other files are shown
   * there (re-published, merged with other routes'). Returns the findings of `file` itself.
   */
  private record(file: string, findings: readonly Finding[], dependencies: readonly string[]): Finding[] {
    for (const touched of this.crossFile.update(file, { findings, dependencies })) this.pendingRepublish.add(touched);
    if (this.pendingRepublish.size > 0 && !this.republishTimer) {
      this.republishTimer = setTimeout(() => {
        this.republishTimer = undefined;
        const files = [...this.pendingRepublish];
        this.pendingRepublish.clear();
        if (!this.disposed) for (const f of files) this.guard('placed findings', () => this.republish(f));
      }, REPUBLISH_BATCH_MS);
    }
    return findings.filter((f) => f.file === file);
  }

  /** Publishes a file again with its current own, project and placed findings (placed from its open or disk text). */
  private republish(file: string): void {
    const uri = vscode.Uri.file(file);
    const state = this.files.get(key(uri));
    this.publish(uri, state?.own ?? [], state?.version, this.isOpen(uri) ? undefined : this.placedPositioner(file));
  }

  /** Places offsets in a file no editor has open (bounded read through core/fileRead.ts; cached until it changes). */
  private placedPositioner(file: string): Positioner | undefined {
    if (!this.placedTexts.has(file)) {
      if (this.placedTexts.size >= MAX_PLACED_TEXTS) this.placedTexts.clear();
      const text = readTextSync(file);
      const offsets = text === undefined ? undefined : new OffsetText(text);
      this.placedTexts.set(file, offsets && ((o) => offsets.position(o)));
    }
    return this.placedTexts.get(file);
  }

  /**
   * A file the analysis skipped (nested too deeply): it shows no diagnostics, and the reason is logged once, when the
   * file becomes skipped (not on every keystroke while it stays so).
   */
  private noteSkipped(k: string, uri: vscode.Uri, reason: string | undefined): void {
    if (reason === undefined) {
      this.skipped.delete(k);
      return;
    }
    if (this.skipped.get(k) === reason) return;
    this.skipped.set(k, reason);
    this.log.warn(`skipping ${uri.fsPath}: ${reason}`);
  }

  private entries(findings: readonly Finding[], pos: Positioner): DiagnosticEntry[] {
    return findings.map((finding) => ({ diagnostic: this.toDiagnostic(finding, pos), finding }));
  }

  /**
   * Sets a file's diagnostics: its own entries plus the project findings that land on it. Project findings
   * sit on the line declaring the export concerned: placed with the open document, else with `textPos` (the
   * on-disk text), else at the start of the file.
   */
  private publish(uri: vscode.Uri, own: DiagnosticEntry[], version: number | undefined, textPos?: Positioner): void {
    const k = key(uri);
    const doc = vscode.workspace.textDocuments.find((d) => key(d.uri) === k);
    const pos: Positioner = doc ? (o) => doc.positionAt(o) : textPos ?? (() => new vscode.Position(0, 0));
    const entries = [...own, ...this.entries([...this.projectFindingsFor(uri), ...this.crossFile.findingsIn(uri.fsPath)], pos)];
    this.files.set(k, { uri, version, own, entries });
    if (entries.length === 0) this.collection.delete(uri);
    else this.collection.set(uri, entries.map((e) => e.diagnostic));
    this.firstPublishedAt ??= performance.now();
  }

  private projectFindingsFor(uri: vscode.Uri): Finding[] {
    const out: Finding[] = [];
    for (const list of this.projectFindings.values()) for (const f of list) if (f.file === uri.fsPath) out.push(f);
    return out;
  }

  private toDiagnostic(f: Finding, pos: Positioner): vscode.Diagnostic {
    const d = new vscode.Diagnostic(new vscode.Range(pos(f.span.start), pos(f.span.end)), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    const docs = DOCS.get(f.ruleId);
    d.code = docs ? { value: f.ruleId, target: docs } : f.ruleId;
    if (f.related.length > 0) {
      d.relatedInformation = f.related.map((r) => {
        const file = r.file ?? f.file;
        const range = file === f.file ? new vscode.Range(pos(r.span.start), pos(r.span.end)) : this.rangeInOtherFile(file, r.span);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(file), range), r.message);
      });
    }
    return d;
  }

  /** A range in a file other than the one analysed: from the open document, else from its on-disk text, else 1:1. */
  private rangeInOtherFile(file: string, span: { start: number; end: number }): vscode.Range {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    if (doc) return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
    for (const texts of this.relatedTexts.values()) {
      const pos = texts.get(file);
      if (pos) return new vscode.Range(pos(span.start), pos(span.end));
    }
    const pos = this.placedPositioner(file);
    return pos ? new vscode.Range(pos(span.start), pos(span.end)) : new vscode.Range(0, 0, 0, 0);
  }

  // ---- workspace scan and project rules -------------------------------------------------------

  private relintAll(reason: string): void {
    const generation = ++this.scanGeneration;
    this.settings.clear();
    this.hosts.clear();
    this.placedTexts.clear();
    const previous = this.scan;
    this.scan = (async () => {
      await previous.catch(() => undefined);
      // A re-walk the same event caused (workspace folders changed) is applied first; if it changed
      // the apps, its onDidChange has started a newer scan and this one stops below.
      await this.workspaceApps.settled();
      if (generation !== this.scanGeneration || this.disposed) return;
      const t0 = Date.now();
      this.apps = this.workspaceApps.list();
      // An app that went (its folder deleted, its package.json no longer naming next) keeps no project findings.
      for (const root of [...this.projectFindings.keys()]) {
        if (this.apps.some((a) => a.root === root)) continue;
        const gone = this.projectFindings.get(root) ?? [];
        this.projectFindings.delete(root);
        this.relatedTexts.delete(root);
        for (const file of new Set(gone.map((f) => f.file))) {
          const state = this.files.get(key(vscode.Uri.file(file)));
          if (state) this.publish(state.uri, state.own, state.version);
        }
      }
      for (const doc of vscode.workspace.textDocuments) this.guard('re-analyse open document', () => this.analyzeDocument(doc));
      let count = 0;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== 'file') continue;
        count += await this.scanFolder(folder.uri, generation);
      }
      await Promise.all(this.apps.map((app) => this.runProject(app)));
      // Files that were analysed before but are no longer targets (settings changed): clear them.
      for (const [k, state] of this.files) {
        if (!this.isTarget(state.uri)) {
          for (const touched of this.crossFile.remove(state.uri.fsPath)) if (touched !== state.uri.fsPath) this.republish(touched);
          if (this.crossFile.findingsIn(state.uri.fsPath).length > 0) continue; // a helper other files' findings are in
          this.files.delete(k);
          this.collection.delete(state.uri);
        }
      }
      this.log.info(`linted ${count} route file(s) in ${this.apps.length} Next.js app(s) in ${Date.now() - t0} ms (${reason})`);
    })().catch((e: unknown) => logError(this.log, `workspace lint (${reason})`, e));
  }

  /** Analyses the target files under a folder that no editor has open. Returns how many it analysed. */
  private async scanFolder(folder: vscode.Uri, generation = this.scanGeneration): Promise<number> {
    const include = this.settingsFor(folder).include;
    const found = new Map<string, vscode.Uri>();
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
    // Inside a `pages` folder (one created or moved in), `**/pages/api/**` cannot match relative to it:
    // look at every source file there and let isTarget decide.
    const rel = workspaceFolder ? folder.path.slice(workspaceFolder.uri.path.length) : folder.path;
    const globs = /(^|\/)pages(\/|$)/.test(rel) ? [...ANALYZABLE_GLOBS, `**/*.{${SOURCE_EXTS}}`] : ANALYZABLE_GLOBS;
    for (const p of [...globs, ...include]) {
      // Include globs are relative to the workspace folder, even when only a sub-folder is scanned.
      const base = globs.includes(p) || !workspaceFolder ? folder : workspaceFolder.uri;
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(base, p), EXCLUDE_GLOB, SCAN_MAX_FILES);
      if (uris.length >= SCAN_MAX_FILES) this.log.warn(`more than ${SCAN_MAX_FILES} files match ${p}; only the first ${SCAN_MAX_FILES} are linted`);
      for (const u of uris) if (isUnder(u, folder) || key(u) === key(folder)) found.set(key(u), u);
    }
    const queue = [...found.values()].filter((u) => this.isTarget(u) && !this.isOpen(u));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length && generation === this.scanGeneration && !this.disposed) {
        const uri = queue[next++];
        try {
          await this.analyzeOnDisk(uri);
        } catch (e) {
          logError(this.log, `analysing ${uri.fsPath}`, e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, queue.length) }, worker));
    return queue.length;
  }

  private scheduleProject(uri: vscode.Uri): void {
    const app = this.appOf(uri);
    if (!app) return;
    const old = this.projectTimers.get(app.root);
    if (old) clearTimeout(old);
    this.projectTimers.set(
      app.root,
      setTimeout(() => {
        this.projectTimers.delete(app.root);
        this.guard('project rules', () => this.runProject(app));
      }, PROJECT_DEBOUNCE_MS),
    );
  }

  private async runProject(app: NextApp): Promise<void> {
    const rootUri = vscode.Uri.file(app.root);
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(rootUri, PROJECT_GLOB), EXCLUDE_GLOB, SCAN_MAX_FILES);
    if (this.disposed) return;
    const options = this.options(rootUri);
    const findings = applyRuleSettings(engine().analyzeProjectFiles(uris.map((u) => u.fsPath), options), options.rules ?? {});
    const before = this.projectFindings.get(app.root) ?? [];
    const texts = new Map<string, Positioner>();
    for (const f of findings) {
      for (const r of f.related) {
        if (!r.file || r.file === f.file || texts.has(r.file)) continue;
        const pos = await this.diskPositioner(vscode.Uri.file(r.file));
        if (pos) texts.set(r.file, pos);
      }
    }
    if (this.disposed) return;
    this.relatedTexts.set(app.root, texts);
    this.projectFindings.set(app.root, findings);
    // Re-publish every file whose project findings changed, keeping its own findings.
    const touched = new Set([...before, ...findings].map((f) => f.file));
    for (const file of touched) {
      const uri = vscode.Uri.file(file);
      const pos = this.isOpen(uri) ? undefined : await this.diskPositioner(uri);
      if (this.disposed) return;
      const state = this.files.get(key(uri));
      this.publish(uri, state?.own ?? [], state?.version, pos);
    }
  }

  /** Places offsets of a file's on-disk text (project findings on files no editor has open). */
  private async diskPositioner(uri: vscode.Uri): Promise<Positioner | undefined> {
    const read = await readTextFile(uri.fsPath);
    if (!read.ok) return undefined;
    const offsets = new OffsetText(read.text);
    return (o) => offsets.position(o);
  }
}
