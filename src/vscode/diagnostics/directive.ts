// The "Disable <rule> for this line" edit, as plain text logic (no vscode import: unit-tested in plain Node).
// The engine reads `// bff-routes-disable-next-line id[, id…] [-- reason]` on the line above a finding.

export const DIRECTIVE = 'bff-routes-disable-next-line';
const DIRECTIVE_LINE = /^(\s*)\/\/\s*bff-routes-disable-next-line\b(.*)$/;

/**
 * True when `offset` (the start of a line) lies inside a template literal or an unterminated string, where
 * inserting a comment line would change the program. Counts unescaped backticks outside comments and quotes
 * (`${…}` nesting is not tracked): a heuristic that errs towards not offering the action.
 */
export function insideTemplate(text: string, offset: number): boolean {
  let inTemplate = false;
  let quote: string | undefined;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote || c === '\n') quote = undefined;
      continue;
    }
    if (!inTemplate && c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= offset) return false;
      i = nl;
      continue;
    }
    if (!inTemplate && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0 || end >= offset) return true;
      i = end + 1;
      continue;
    }
    if (c === '`') inTemplate = !inTemplate;
    else if (!inTemplate && (c === '"' || c === "'")) quote = c;
  }
  return inTemplate || quote !== undefined;
}

export type DirectiveEdit =
  /** Replace the previous line (an existing directive) with `text`. */
  | { kind: 'replace-previous'; text: string }
  /** Insert `text` (one line, without its line break) above the finding's line. */
  | { kind: 'insert'; text: string };

/**
 * How to silence `ruleId` on a line: extend a directive already on the line above (a second directive
 * line would silence the first one's line instead), else insert one with the line's indentation.
 * Undefined when the rule is already silenced there (a directive without ids silences every rule).
 */
export function directiveEdit(lineText: string, previousLineText: string | undefined, ruleId: string): DirectiveEdit | undefined {
  const m = previousLineText === undefined ? null : DIRECTIVE_LINE.exec(previousLineText);
  if (m) {
    const [idsPart, ...reason] = m[2].split(/\s--\s/);
    const ids = idsPart.split(/[\s,]+/).filter((s) => s.length > 0);
    if (ids.length === 0 || ids.includes(ruleId)) return undefined;
    const tail = reason.length > 0 ? ` -- ${reason.join(' -- ').trim()}` : '';
    return { kind: 'replace-previous', text: `${m[1]}// ${DIRECTIVE} ${[...ids, ruleId].join(', ')}${tail}` };
  }
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  return { kind: 'insert', text: `${indent}// ${DIRECTIVE} ${ruleId}` };
}

export const FILE_DIRECTIVE = 'bff-routes-disable';
const FILE_DIRECTIVE_LINE = /^(\s*)\/\/\s*bff-routes-disable(?![\w-])(.*)$/;

/**
 * How to silence `ruleId` in the whole file: extend the first `// bff-routes-disable` line (`line`, 0-based),
 * else insert one at the top (below a `#!` line). Undefined when the rule is already silenced there.
 */
export function fileDirectiveEdit(lines: readonly string[], ruleId: string): { kind: 'replace' | 'insert'; line: number; text: string } | undefined {
  for (let i = 0; i < lines.length; i++) {
    const m = FILE_DIRECTIVE_LINE.exec(lines[i]);
    if (!m) continue;
    const [idsPart, ...reason] = m[2].split(/(?:^|\s)--(?:\s|$)/);
    const ids = idsPart.split(/[\s,]+/).filter((s) => s.length > 0);
    if (ids.length === 0 || ids.includes(ruleId)) return undefined;
    const tail = reason.length > 0 && reason.join('').trim() ? ` -- ${reason.join(' -- ').trim()}` : '';
    return { kind: 'replace', line: i, text: `${m[1]}// ${FILE_DIRECTIVE} ${[...ids, ruleId].join(', ')}${tail}` };
  }
  return { kind: 'insert', line: lines[0]?.startsWith('#!') ? 1 : 0, text: `// ${FILE_DIRECTIVE} ${ruleId}` };
}
