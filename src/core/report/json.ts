// The machine format for scripts: stable field names, 1-based regions plus the raw offsets, so a
// consumer can apply fixes without re-deriving positions.
import { countBySeverity, type LintReport, type LocatedSpan } from './locate';

/** Bumped when a field changes meaning or disappears (adding fields does not bump it). */
export const JSON_REPORT_VERSION = 1;

function where(l: LocatedSpan): Record<string, unknown> {
  return { file: l.relPath, ...l.region, offset: l.span.start, endOffset: l.span.end };
}

export function formatJson(report: LintReport): string {
  const docs = new Map(report.rules.map((r) => [r.id, r.docsUrl]));
  const counts = countBySeverity(report.entries);
  const skipped = report.skipped ?? [];
  const out = {
    version: JSON_REPORT_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    // A file that could not be analysed is an error notification naming it (the run is incomplete).
    notifications: [
      ...(report.notifications ?? []),
      ...skipped.map((s) => ({ level: 'error' as const, message: `${s.relPath}: ${s.reason}; not analysed`, file: s.relPath, reason: s.reason })),
    ],
    summary: {
      files: report.filesLinted, skipped: skipped.length, problems: report.entries.length, errors: counts.error, warnings: counts.warning, infos: counts.info,
    },
    findings: report.entries.map((e) => ({
      ruleId: e.ruleId,
      severity: e.severity,
      message: e.message,
      ...where(e.location),
      docsUrl: docs.get(e.ruleId),
      related: e.related.map((r) => ({ ...where(r), message: r.message })),
      fixes: e.fixes.map((f) => ({
        title: f.title,
        isPreferred: f.isPreferred,
        edits: f.edits.map((x) => ({ ...where(x), newText: x.newText })),
      })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
