// The lint report formats, by name. Formatters are pure: a LintReport in, a string out.
import { formatJson } from './json';
import type { LintReport } from './locate';
import { formatSarif } from './sarif';
import { formatText } from './text';

export const REPORT_FORMATS = ['text', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export function formatReport(report: LintReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'text':
      return formatText(report);
  }
}

export { Locator, sortEntries, countBySeverity, relativePath, printable } from './locate';
export type { LintReport, ReportEntry, RuleDescriptor, Region, LocatedSpan, SkippedFile } from './locate';
