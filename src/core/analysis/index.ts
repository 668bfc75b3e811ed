// The route-diagnostics engine's public API. Editor-free: the VS Code adapter and the CLI both call it.
// Nothing here throws: a rule that fails internally yields no findings for that file (reported through
// `onInternalError`), a file with syntax errors is analysed as far as it parses, and a file nested too deeply for
// the parser or the analysis (out of stack) is skipped, with the reason in the result's `skipped`.
import { exportsOf } from '../parsing/exports';
import { isStackOverflow, parseFile, type ParsedFile } from '../parsing/sourceFile';
import { FileModel } from './model';
import { ModuleGraph } from './modules';
import { fileKind, isAnalyzableFile, type FileKind } from './files';
import { CURRENT_NEXT_MAJOR, type FileRule, type ProjectFinding, type RuleContext } from './rule';
export type { FileRule } from './rule';
import { bodyInGet } from './rules/bodyInGet';
import { doubleBodyRead } from './rules/doubleBodyRead';
import { invalidSegmentConfig } from './rules/invalidSegmentConfig';
import { leakedErrorMessage } from './rules/leakedErrorMessage';
import { lowercaseMethodExport } from './rules/lowercaseMethodExport';
import { middlewareAndProxy, middlewareAndProxyMeta } from './rules/middlewareAndProxy';
import { missingResponse } from './rules/missingResponse';
import { relativeRedirect } from './rules/relativeRedirect';
import { routePageConflict, routePageConflictMeta } from './rules/routePageConflict';
import { syncParamsAccess } from './rules/syncParamsAccess';
import { unescapedMarkup } from './rules/unescapedMarkup';
import { unawaitedReturnInTry } from './rules/unawaitedReturnInTry';
import { proxyPathInjection } from './rules/proxyPathInjection';
import { projectSpan, readFromDisk, type ReadText, type Role } from './projectSpans';
import { applySuppressions, disabledInFile } from './suppression';
import { feedsSentence, FEEDS_MESSAGE, withFeeds } from './feeds';
export { feedsSentence, FEEDS_MESSAGE };
import { docsUrlOf, RULE_IDS, type AnalyzeOptions, type RelatedLocation, type Finding, type RuleId, type RuleMeta, type Severity, type SeveritySetting } from './types';

export * from './types';
export { fileKind, isAnalyzableFile, type FileKind };
export { lineStarts, offsetAt, positionAt, type Position } from '../parsing/text';

/** The per-file rules, in the order they run (exported for tests that run variants of them). */
export const FILE_RULES: readonly FileRule[] = [
  leakedErrorMessage,
  doubleBodyRead,
  bodyInGet,
  lowercaseMethodExport,
  syncParamsAccess,
  invalidSegmentConfig,
  relativeRedirect,
  unescapedMarkup,
  missingResponse,
  unawaitedReturnInTry,
  proxyPathInjection,
];

/**
 * The rules' run over the file's model: the model, and where the rule running now reports. Plain fields set per
 * rule, not a closure per rule: with `ctx.sink = (f) => mine.push(…)` (a closure holding the analysis' locals, the
 * parse among them) the garbage collector's time per analysis of the bench file was 4.5 ms, 15x the parse's, and
 * the analysis took 2.6x longer; without it, 0.3 ms (measured side by side, test/bench/analysis.bench.ts). The likely
 * cause, as with the WeakMaps slot.ts replaced: an object V8 placed in the old generation pointing at the young tree,
 * which keeps every tree alive through each young-generation collection until a full one.
 */
class RuleRun extends FileModel implements RuleContext {
  private ruleId: RuleId = RULE_IDS[0];
  private severity: Severity = 'warning';
  private out: Finding[] = [];

  /** The next reports are `id`'s, at `severity`, into `out`. */
  begin(id: RuleId, severity: Severity, out: Finding[]): void {
    this.ruleId = id;
    this.severity = severity;
    this.out = out;
  }

  report(f: Parameters<RuleContext['report']>[0]): void {
    this.out.push({ ruleId: this.ruleId, message: f.message, file: f.file ?? this.file, span: f.span, severity: this.severity, related: f.related ?? [], fixes: f.fixes ?? [] });
  }
}

/** Every rule, in RULE_IDS order. */
export const RULES: readonly RuleMeta[] = RULE_IDS.map((id): RuleMeta => {
  const fileRule = FILE_RULES.find((r) => r.meta.id === id);
  const meta = fileRule?.meta ?? [routePageConflictMeta, middlewareAndProxyMeta].find((m) => m.id === id);
  if (!meta) throw new Error(`rule ${id} has no implementation`);
  return { ...meta, docsUrl: docsUrlOf(id), scope: fileRule ? 'file' : 'project' };
});

/** The previous analysis of a file, handed back to analyzeSource for an incremental re-parse. Opaque. */
export interface AnalysisCache {
  readonly file: string;
  /** @internal */
  readonly parsed: ParsedFile;
}

export function severityOf(id: RuleId, options?: AnalyzeOptions): SeveritySetting {
  const configured = options?.rules?.[id];
  if (configured === 'off' || configured === 'error' || configured === 'warning' || configured === 'info') return configured;
  return RULES.find((r) => r.id === id)?.defaultSeverity ?? 'warning';
}

function reportInternal(options: AnalyzeOptions | undefined, id: RuleId, err: unknown): void {
  try {
    options?.onInternalError?.(id, err);
  } catch {
    // a failing logger must not break analysis
  }
}

function byPosition(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId);
}

/** What analyzeSource found in one file. */
export interface FileAnalysis {
  /**
   * Sorted by file (the analysed file first), then position. With `options.modules`, a finding may belong to
   * another file (`finding.file`): a helper that builds the leaking response is reported there, once, with the
   * call sites that feed it as related locations. Several routes reaching one helper each report that same finding:
   * callers merge equal ones (rule, file, span) with mergeFindings, which joins their related locations.
   */
  findings: Finding[];
  /**
   * Absolute files, other than the analysed one, whose text the result depends on (the modules its imports reached,
   * those that could not be read included): re-analyse the file when one of them changes.
   */
  dependencies: string[];
  /** Hand it back as `previous` with the file's next text (an incremental re-parse). */
  cache: AnalysisCache;
  /**
   * Set when the file could not be analysed, with the reason in one line ("nesting too deep to analyse: …"); the
   * findings are then empty. Callers report the file as skipped (the CLI: a note and a failed run; the editor: a log
   * line), never as clean.
   */
  skipped?: string;
}

/** The reasons in `skipped` (exported for tests and callers that match on them). */
export const TOO_DEEP_TO_PARSE = 'nesting too deep to analyse (the TypeScript parser ran out of stack)';
export const TOO_DEEP_TO_ANALYSE = 'nesting, or a chain of values each derived from the last, too deep to analyse (the analysis ran out of stack)';

/**
 * Runs the per-file rules on one file's text. `previous` (the cache returned last time for this file) makes the
 * re-parse incremental. The kind of file (route, proxy, pages/api…) decides which rules apply; files of no known
 * kind (added through a setting) are treated as route files.
 */
export function analyzeSource(input: { file: string; text: string; previous?: AnalysisCache }, options?: AnalyzeOptions): FileAnalysis {
  return analyzeSourceWith(FILE_RULES, input, options);
}

/** analyzeSource with an explicit list of file rules (tests compare a rule with a variant of it). */
export function analyzeSourceWith(rules: readonly FileRule[], input: { file: string; text: string; previous?: AnalysisCache }, options?: AnalyzeOptions): FileAnalysis {
  let parsed: ParsedFile;
  try {
    const prev = input.previous && input.previous.file === input.file ? input.previous.parsed : undefined;
    parsed = parseFile(input.file, input.text, prev);
  } catch (err) {
    const cache: AnalysisCache = { file: input.file, parsed: { file: input.file, text: '', sourceFile: parseFile(input.file, '').sourceFile } };
    if (isStackOverflow(err)) return { findings: [], dependencies: [], cache, skipped: TOO_DEEP_TO_PARSE };
    // The TypeScript parser recovers from any syntax error; reaching this means a bug in it or in us.
    reportInternal(options, RULE_IDS[0], err);
    return { findings: [], dependencies: [], cache };
  }
  const cache: AnalysisCache = { file: input.file, parsed };
  const kind = fileKind(input.file, options?.appRoots);
  const ruleKind: FileKind = kind === 'other' ? 'route' : kind;
  let exported: ReturnType<typeof exportsOf> = [];
  try {
    exported = exportsOf(parsed.sourceFile);
  } catch (err) {
    if (isStackOverflow(err)) return { findings: [], dependencies: [], cache, skipped: TOO_DEEP_TO_ANALYSE };
    reportInternal(options, RULE_IDS[0], err);
  }
  const findings: Finding[] = [];
  const appErrorMessages = options?.appErrorMessages ?? 'deliberate';
  const graph = options?.modules ? new ModuleGraph(options.modules, appErrorMessages) : undefined;
  const done = (list: Finding[], skipped?: string): FileAnalysis => {
    const r: FileAnalysis = { findings: list, dependencies: graph ? [...graph.dependencies].filter((f) => f !== input.file).sort() : [], cache };
    if (skipped !== undefined) r.skipped = skipped;
    return r;
  };
  const ctx = new RuleRun({ file: input.file, parsed, kind: ruleKind, nextMajor: options?.nextMajor ?? CURRENT_NEXT_MAJOR, appErrorMessages, exports: exported, graph });
  try {
    void ctx.wrapped; // (completes the exports: a handler exported through a wrapper gets its function)
  } catch (err) {
    if (isStackOverflow(err)) return done([], TOO_DEEP_TO_ANALYSE);
    reportInternal(options, RULE_IDS[0], err);
  }
  for (const rule of rules) {
    const id = rule.meta.id;
    const severity = severityOf(id, options);
    if (severity === 'off' || !rule.kinds.includes(ruleKind)) continue;
    const mine: Finding[] = [];
    ctx.begin(id, severity, mine);
    try {
      // Parent pointers are set by the index walk: every rule may look upwards.
      void ctx.index;
      rule.check(ctx);
      findings.push(...mine);
    } catch (err) {
      // Out of stack in one rule: the file is not analysed as a whole, so it is reported as skipped rather than
      // with the findings of the rules that got through (which would read as "analysed, nothing else found").
      if (isStackOverflow(err)) return done([], TOO_DEEP_TO_ANALYSE);
      reportInternal(options, id, err);
    }
  }
  const own = findings.filter((f) => f.file === input.file);
  const elsewhere = new Map<string, Finding[]>();
  for (const f of findings) if (f.file !== input.file) elsewhere.set(f.file, [...(elsewhere.get(f.file) ?? []), f]);
  const out = applySuppressions(own, input.text).sort(byPosition);
  for (const file of [...elsewhere.keys()].sort()) {
    const text = graph?.texts.get(file);
    const list = elsewhere.get(file)!;
    out.push(...(text === undefined ? list : applySuppressions(list, text)).sort(byPosition));
  }
  return done(mergeFindings(out));
}

/**
 * Joins equal findings (same rule, file and span) into one whose related locations are the union of theirs: a
 * helper reached from several routes (or twice from one) is one problem. A finding that counts the call sites
 * feeding it (see feedsSentence) has its count and first sites rewritten from the joined locations. Order kept.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  // Per finding, the keys of its related locations (built once: one helper reached from 800 routes gives 800
  // merges) and whether it was merged (its message then names the joined feeds, once, at the end).
  const byKey = new Map<string, { finding: Finding; seen: Set<string>; merged: boolean }>();
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.file}\0${f.span.start}\0${f.span.end}`;
    const known = byKey.get(key);
    if (!known) {
      const copy = { ...f, related: [...f.related] };
      byKey.set(key, { finding: copy, seen: new Set(copy.related.map(relatedKey)), merged: false });
      out.push(copy);
      continue;
    }
    known.merged = true;
    for (const r of f.related) {
      const k = relatedKey(r);
      if (known.seen.has(k)) continue;
      known.seen.add(k);
      known.finding.related.push(r);
    }
  }
  for (const { finding, merged } of byKey.values()) if (merged) finding.message = withFeeds(finding.message, finding.related);
  return out;
}

function relatedKey(r: RelatedLocation): string {
  return `${r.file ?? ''}\0${r.span.start}\0${r.span.end}\0${r.message}`;
}

/**
 * Project-level rules (`route-page-conflict`, `middleware-and-proxy`) over the list of an app's files (absolute
 * paths). The rules look at names only; then each flagged and related file is read (with `readText`, from disk by
 * default) to place the finding on the line that declares the export concerned: the route's first method handler,
 * the page's default export, the middleware or proxy function (analysis/projectSpans.ts). A file that cannot be
 * read gets a zero-length span at offset 0.
 */
export function analyzeProjectFiles(files: readonly string[], options?: AnalyzeOptions, readText: ReadText = readFromDisk): Finding[] {
  const out: Finding[] = [];
  const run = (id: RuleId, fn: () => ProjectFinding[]): void => {
    const severity = severityOf(id, options);
    if (severity === 'off') return;
    try {
      for (const f of fn()) {
        // A `// bff-routes-disable <rule>` comment in the flagged file silences a project finding too.
        if (disabledInFile(readText(f.file), id)) continue;
        const [role, relatedRole]: [Role, Role] = id === 'middleware-and-proxy' ? ['middleware', 'proxy'] : ['route', 'page'];
        const related = f.related.map((r) => (r.file ? { ...r, span: projectSpan(r.file, relatedRole, readText) } : r));
        out.push({ ...f, related, span: projectSpan(f.file, role, readText), severity, fixes: [] });
      }
    } catch (err) {
      reportInternal(options, id, err);
    }
  };
  run('route-page-conflict', () => routePageConflict(files, options?.appRoots));
  run('middleware-and-proxy', () => middlewareAndProxy(files, options?.appRoots, options?.nextMajor ?? CURRENT_NEXT_MAJOR));
  return out;
}
