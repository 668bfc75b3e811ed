// Turns findings (offsets into file texts) into located report entries: paths relative to a base
// folder, 1-based line/column regions (columns in UTF-16 code units, SARIF's default columnKind).
// Shared by the text, JSON and SARIF formatters so the three always agree.
import * as path from 'node:path';
import { lineStarts, positionAt } from '../parsing/text';
import type { Finding, RuleId, Severity, Span } from '../analysis/types';

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  /** Exclusive, like SARIF's endColumn. */
  endColumn: number;
}

export interface LocatedSpan {
  /** Absolute path. */
  file: string;
  /** Relative to the report's base folder, `/`-separated. */
  relPath: string;
  span: Span;
  region: Region;
}

export interface ReportEntry {
  finding: Finding;
  ruleId: RuleId;
  severity: Severity;
  message: string;
  location: LocatedSpan;
  related: Array<LocatedSpan & { message: string }>;
  fixes: Array<{ title: string; isPreferred: boolean; edits: Array<LocatedSpan & { newText: string }> }>;
}

export interface RuleDescriptor {
  id: RuleId;
  defaultSeverity: Severity;
  description: string;
  docsUrl: string;
}

/** A file (or folder) the run could not read or analyse; the run is then incomplete. */
export interface SkippedFile {
  /** Absolute path. */
  file: string;
  /** Relative to the report's base folder, `/`-separated. */
  relPath: string;
  /** One line: "not a regular file (a FIFO)", "larger than 2 MB (the read cap)", "internal error: …". */
  reason: string;
}

/** Everything a formatter needs. */
export interface LintReport {
  /** Absolute folder the paths are reported relative to (the CLI's working directory). */
  baseDir: string;
  entries: ReportEntry[];
  /** How many files were analysed. */
  filesLinted: number;
  /** What could not be read or analysed (named in every format; SARIF marks the run unsuccessful). */
  skipped?: SkippedFile[];
  tool: { name: string; version: string; informationUri: string };
  /** Every rule the engine knows, with the severity in effect (`off` rules are listed as disabled in SARIF). */
  rules: ReadonlyArray<RuleDescriptor & { effective: Severity | 'off' }>;
  /** Problems met while linting (bad settings, an internal rule error): reported, never fatal. */
  notifications?: Array<{ level: 'warning' | 'error'; message: string }>;
}

/**
 * `s` with control characters escaped (`\n`, `\t`, `\x1b`…, and the Unicode line separators): a file name
 * holding a newline or a terminal escape cannot forge a report line or drive the terminal.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = c.charCodeAt(0);
    return named[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });
}

export function relativePath(baseDir: string, file: string): string {
  const rel = path.relative(baseDir, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

/**
 * Locates findings. `textOf` returns a file's text (the analysed text for the finding's own file);
 * a file it cannot provide is located at 1:1, never guessed.
 */
export class Locator {
  private readonly starts = new Map<string, { starts: number[]; length: number } | undefined>();

  constructor(
    private readonly baseDir: string,
    private readonly textOf: (file: string) => string | undefined,
  ) {}

  private linesOf(file: string): { starts: number[]; length: number } | undefined {
    if (!this.starts.has(file)) {
      const text = this.textOf(file);
      this.starts.set(file, text === undefined ? undefined : { starts: lineStarts(text), length: text.length });
    }
    return this.starts.get(file);
  }

  locate(file: string, span: Span): LocatedSpan {
    const lines = this.linesOf(file);
    let region: Region = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    if (lines) {
      const clamp = (o: number): number => Math.max(0, Math.min(o, lines.length));
      const start = clamp(span.start);
      const end = Math.max(start, clamp(span.end));
      const a = positionAt(lines.starts, start);
      const b = positionAt(lines.starts, end);
      region = { startLine: a.line + 1, startColumn: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
    }
    return { file, relPath: relativePath(this.baseDir, file), span, region };
  }

  entry(f: Finding): ReportEntry {
    return {
      finding: f,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      location: this.locate(f.file, f.span),
      related: f.related.map((r) => ({ ...this.locate(r.file ?? f.file, r.span), message: r.message })),
      fixes: f.fixes.map((x) => ({
        title: x.title,
        isPreferred: x.isPreferred,
        edits: x.edits.map((e) => ({ ...this.locate(e.file ?? f.file, { start: e.start, end: e.end }), newText: e.newText })),
      })),
    };
  }
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: path, line, column, then rule id. */
export function sortEntries(entries: ReportEntry[]): ReportEntry[] {
  return entries.sort(
    (a, b) =>
      (a.location.relPath < b.location.relPath ? -1 : a.location.relPath > b.location.relPath ? 1 : 0) ||
      a.location.region.startLine - b.location.region.startLine ||
      a.location.region.startColumn - b.location.region.startColumn ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

export function countBySeverity(entries: readonly ReportEntry[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const e of entries) counts[e.severity]++;
  return counts;
}
