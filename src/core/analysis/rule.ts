// What a per-file rule sees and how it reports. A rule is a plain object: metadata plus `check`.
import type { FileKind } from './files';
import type { FileModel } from './model';
import type { Fix, RelatedLocation, RuleId, RuleMeta, Span } from './types';

/** What a rule sees: the file's model (analysis/model.ts), and where to report. */
export interface RuleContext extends FileModel {
  /** `file`: the finding belongs to another file (a helper that builds the response); the analysed file by default. */
  report(finding: { span: Span; message: string; related?: RelatedLocation[]; fixes?: Fix[]; file?: string }): void;
}

export interface FileRule {
  readonly meta: Omit<RuleMeta, 'docsUrl' | 'scope'>;
  /** Kinds of file the rule applies to. */
  readonly kinds: readonly FileKind[];
  /** A query over the file's model (analysis/model.ts): reads it, reports through `ctx.report`. */
  check(ctx: RuleContext): void;
}

export interface ProjectFinding {
  ruleId: RuleId;
  file: string;
  message: string;
  related: RelatedLocation[];
}

export const CURRENT_NEXT_MAJOR = 16;
