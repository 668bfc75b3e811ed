// `// bff-routes-disable-next-line [rule-id[, rule-id…]]` on the line above a finding silences it
// (no id: every rule); `// bff-routes-disable [rule-id[, rule-id…]]` anywhere in a file silences those rules
// (no id: every rule) in the whole file, as ESLint's `eslint-disable` at the top of a file does. Block comments
// work too; ` -- reason` ends the list. Unknown ids are ignored rather than silencing everything.
import { lineStarts, positionAt } from '../parsing/text';
import { RULE_IDS, type Finding, type RuleId } from './types';

const NEXT_LINE = /(?:\/\/|\/\*)\s*bff-routes-disable-next-line\b([^\n\r]*)/g;
/** `bff-routes-disable` not followed by `-next-line` (or any other word character or dash). */
const FILE = /(?:\/\/|\/\*)\s*bff-routes-disable(?![\w-])([^\n\r]*)/g;

/** The rule ids after a directive ('all' when none is given; unknown ids dropped). */
function idsOf(rest: string): Set<RuleId> | 'all' {
  const ids = rest.replace(/\*\/.*$/, '').replace(/(^|\s)--(\s.*)?$/, '').split(/[\s,]+/).filter((s) => s.length > 0);
  if (ids.length === 0) return 'all';
  return new Set(ids.filter((id): id is RuleId => (RULE_IDS as readonly string[]).includes(id)));
}

function merge(a: Set<RuleId> | 'all' | undefined, b: Set<RuleId> | 'all'): Set<RuleId> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

/** Line (0-based) of the directive -> the rules it silences on the following line ('all' for every rule). */
export function suppressionsOf(text: string, starts: readonly number[] = lineStarts(text)): Map<number, Set<RuleId> | 'all'> {
  const map = new Map<number, Set<RuleId> | 'all'>();
  if (!text.includes('bff-routes-disable-next-line')) return map;
  NEXT_LINE.lastIndex = 0;
  for (let m = NEXT_LINE.exec(text); m; m = NEXT_LINE.exec(text)) {
    const line = positionAt(starts, m.index).line;
    map.set(line, merge(map.get(line), idsOf(m[1])));
  }
  return map;
}

/** The rules a file silences as a whole (`// bff-routes-disable …`); undefined when it has no such comment. */
export function fileSuppressionsOf(text: string): Set<RuleId> | 'all' | undefined {
  if (!text.includes('bff-routes-disable')) return undefined;
  let out: Set<RuleId> | 'all' | undefined;
  FILE.lastIndex = 0;
  for (let m = FILE.exec(text); m; m = FILE.exec(text)) out = merge(out, idsOf(m[1]));
  return out;
}

/** True when `ruleId` is silenced for the whole file. */
export function disabledInFile(text: string | undefined, ruleId: RuleId): boolean {
  const s = text === undefined ? undefined : fileSuppressionsOf(text);
  return s === 'all' || (s !== undefined && s.has(ruleId));
}

export function applySuppressions(findings: Finding[], text: string): Finding[] {
  if (findings.length === 0 || !text.includes('bff-routes-disable')) return findings;
  const starts = lineStarts(text);
  const sup = suppressionsOf(text, starts);
  const whole = fileSuppressionsOf(text);
  return findings.filter((f) => {
    if (whole === 'all' || whole?.has(f.ruleId)) return false;
    const line = positionAt(starts, f.span.start).line;
    const s = sup.get(line - 1);
    return !(s === 'all' || (s && s.has(f.ruleId)));
  });
}
