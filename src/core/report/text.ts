// The human format: one line per finding, `file:line:col  severity  rule-id  message` (clickable in
// VS Code's terminal and most CI logs), related locations indented under it, then a summary line.
import { countBySeverity, type LintReport } from './locate';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(report: LintReport): string {
  const lines: string[] = [];
  const sevWidth = Math.max(0, ...report.entries.map((e) => e.severity.length));
  for (const e of report.entries) {
    const loc = `${e.location.relPath}:${e.location.region.startLine}:${e.location.region.startColumn}`;
    lines.push(`${loc}  ${e.severity.padEnd(sevWidth)}  ${e.ruleId}  ${e.message}`);
    for (const r of e.related) lines.push(`    ${r.relPath}:${r.region.startLine}:${r.region.startColumn}  ${r.message}`);
  }
  const c = countBySeverity(report.entries);
  const files = plural(report.filesLinted, 'file');
  if (report.entries.length === 0) {
    lines.push(`No problems found in ${files}.`);
  } else {
    lines.push('');
    lines.push(
      `${plural(report.entries.length, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) in ${files}.`,
    );
    const fixable = report.entries.filter((e) => e.fixes.length > 0).length;
    if (fixable > 0) lines.push(`${fixable} of them ${fixable === 1 ? 'has' : 'have'} a quick fix in VS Code.`);
  }
  return `${lines.join('\n')}\n`;
}
