// The analysis engine's public data types: plain data, no vscode. Offsets are UTF-16 code-unit
// offsets into the analysed text (what TypeScript and VS Code's offsetAt use).

export const RULE_IDS = [
  'leaked-error-message',
  'double-body-read',
  'body-in-get',
  'lowercase-method-export',
  'sync-params-access',
  'invalid-segment-config',
  'relative-redirect',
  'unescaped-markup',
  'route-page-conflict',
  'middleware-and-proxy',
  'missing-response',
  'unawaited-return-in-try',
  'proxy-path-injection',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  /** Absolute path of the file the edit applies to; the analysed file when absent. */
  file?: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without review (VS Code's isPreferred, "Fix all" candidates). */
  isPreferred: boolean;
}

export interface RelatedLocation {
  /** Absolute path; the analysed file when absent. */
  file?: string;
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: RuleId;
  message: string;
  /** The file the finding belongs to (absolute path). */
  file: string;
  span: Span;
  severity: Severity;
  related: RelatedLocation[];
  fixes: Fix[];
}

/** Where a rule's documentation lives: the README section named after the rule id. */
export const RULES_DOCS_BASE = 'https://github.com/bff-routes/bff-routes#';

/** The documentation of a rule: the README section named after its id. */
export function docsUrlOf(id: RuleId): string {
  return `${RULES_DOCS_BASE}${id}`;
}

export interface RuleMeta {
  id: RuleId;
  defaultSeverity: Severity;
  /** One sentence, shown in settings and in SARIF `shortDescription`. */
  description: string;
  /** README anchor of the rule: the diagnostic `code` target. */
  docsUrl: string;
  /** Per-file rules run in analyzeSource; project rules in analyzeProjectFiles. */
  scope: 'file' | 'project';
}

export interface AnalyzeOptions {
  /** Severity per rule; 'off' disables it. Rules not listed keep their default severity. */
  rules?: Partial<Record<RuleId, SeveritySetting>>;
  /** Major version of `next` for the app (rules that depend on it assume the current major when absent). */
  nextMajor?: number;
  /**
   * Roots of the Next.js apps (absolute), used to tell route files, proxy files and pages/api files apart.
   * Without them the file's kind is inferred from its path alone.
   */
  appRoots?: readonly string[];
  /**
   * leaked-error-message: the message of an error narrowed to an Error subclass the file itself declares
   * (`if (e instanceof ApiError) return Response.json({ error: e.message })`) is the app's deliberate client
   * message ('deliberate', the default), or is reported like any other ('leak').
   */
  appErrorMessages?: 'deliberate' | 'leak';
  /**
   * How to reach the modules the file imports (project-aware analysis). Without it the analysis stops at the
   * file's edge. Findings may then belong to another file (a helper that builds the leaking response): callers
   * group findings by `finding.file` and merge equal ones (rule, file, span) reached from several routes.
   */
  modules?: import('../project/moduleHost').ModuleHost;
  /** A rule threw: its findings for this file are dropped and the error is reported here. */
  onInternalError?(ruleId: RuleId, err: unknown): void;
}
