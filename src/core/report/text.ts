// The human format: one line per finding, `file:line:col  severity  rule-id  message` (clickable in
// VS Code's terminal and most CI logs), related locations indented under it, then the files that could not be
// analysed with the reason, then a summary line. Paths and messages are printed with control characters escaped.
import { countBySeverity, printable, type LintReport } from './locate';

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

export function formatText(report: LintReport): string {
  const lines: string[] = [];
  const sevWidth = Math.max(0, ...report.entries.map((e) => e.severity.length));
  for (const e of report.entries) {
    const loc = `${printable(e.location.relPath)}:${e.location.region.startLine}:${e.location.region.startColumn}`;
    lines.push(`${loc}  ${e.severity.padEnd(sevWidth)}  ${e.ruleId}  ${printable(e.message)}`);
    for (const r of e.related) lines.push(`    ${printable(r.relPath)}:${r.region.startLine}:${r.region.startColumn}  ${printable(r.message)}`);
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    if (report.entries.length > 0) lines.push('');
    lines.push(`Not analysed (${plural(skipped.length, 'file or folder', 'files or folders')}):`);
    for (const s of skipped) lines.push(`  ${printable(s.relPath)}  ${printable(s.reason)}`);
    // The summary of findings starts with its own blank line.
    if (report.entries.length === 0) lines.push('');
  }
  const c = countBySeverity(report.entries);
  const files = plural(report.filesLinted, 'file');
  const incomplete = skipped.length > 0 ? `; ${plural(skipped.length, 'file or folder', 'files or folders')} not analysed` : '';
  if (report.entries.length === 0) {
    lines.push(`No problems found in ${files}${incomplete}.`);
  } else {
    lines.push('');
    lines.push(
      `${plural(report.entries.length, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) in ${files}${incomplete}.`,
    );
    const fixable = report.entries.filter((e) => e.fixes.length > 0).length;
    if (fixable > 0) lines.push(`${fixable} of them ${fixable === 1 ? 'has' : 'have'} a quick fix in VS Code.`);
  }
  return `${lines.join('\n')}\n`;
}
