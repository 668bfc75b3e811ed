// `// bff-routes-disable-next-line [rule-id[, rule-id…]]` on the line above a finding silences it
// (no id: every rule). Block comments work too. Unknown ids are ignored rather than silencing everything.
import { lineStarts, positionAt } from '../parsing/text';
import { RULE_IDS, type Finding, type RuleId } from './types';

const DIRECTIVE = /(?:\/\/|\/\*)\s*bff-routes-disable-next-line\b([^\n\r]*)/g;

/** Line (0-based) of the directive -> the rules it silences on the following line ('all' for every rule). */
export function suppressionsOf(text: string, starts: readonly number[] = lineStarts(text)): Map<number, Set<RuleId> | 'all'> {
  const map = new Map<number, Set<RuleId> | 'all'>();
  if (!text.includes('bff-routes-disable-next-line')) return map;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const line = positionAt(starts, m.index).line;
    const rest = m[1].replace(/\*\/.*$/, '').replace(/\s--\s.*$/, '');
    const ids = rest.split(/[\s,]+/).filter((s) => s.length > 0);
    if (ids.length === 0) {
      map.set(line, 'all');
      continue;
    }
    const known = ids.filter((id): id is RuleId => (RULE_IDS as readonly string[]).includes(id));
    const prev = map.get(line);
    if (prev === 'all') continue;
    const set = prev ?? new Set<RuleId>();
    for (const id of known) set.add(id);
    map.set(line, set);
  }
  return map;
}

export function applySuppressions(findings: Finding[], text: string): Finding[] {
  if (findings.length === 0 || !text.includes('bff-routes-disable-next-line')) return findings;
  const starts = lineStarts(text);
  const sup = suppressionsOf(text, starts);
  return findings.filter((f) => {
    const line = positionAt(starts, f.span.start).line;
    const s = sup.get(line - 1);
    return !(s === 'all' || (s && s.has(f.ruleId)));
  });
}
