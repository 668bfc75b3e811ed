// The ESLint plugin under ESLint's own RuleTester, over the very case lists the engine's unit tests declare
// (test/unit/analysis/*.test.ts register them through ruleSuite): each positive case must be reported at its
// marked ranges, with the engine's safe fixes as the autofix output and its other fixes as suggestions; each
// negative case must report nothing. Parsed by typescript-eslint's parser (as eslint-config-next sets for
// TypeScript); the rules read the text themselves.
import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../../src/eslint';
import { applyFix, parseMarked, RULE_CASES, run } from '../analysis/harness';
import type { Fix } from '../../../src/core/analysis/types';
import { positionAt } from '../../../src/core/parsing/text';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The case lists: every engine test file is loaded (those that call ruleSuite register their lists; mocha's
// require cache loads each file once, so their own suites are declared once), so a new rule's cases come too.
const ANALYSIS_TESTS = path.join(__dirname, '..', 'analysis');
for (const f of fs.readdirSync(ANALYSIS_TESTS).filter((n) => n.endsWith('.test.js')).sort()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the case files are found at run time
  require(path.join(ANALYSIS_TESTS, f));
}

const FILE = '/app/app/api/x/route.ts';

/** What ESLint's one fix pass makes of the text: fixes sorted by range, an overlapping one left out. */
function eslintOutput(text: string, fixes: Fix[]): string {
  const ranged = fixes.map((fix) => ({ fix, start: Math.min(...fix.edits.map((e) => e.start)), end: Math.max(...fix.edits.map((e) => e.end)) }));
  ranged.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = -Infinity;
  for (const r of ranged) {
    if (last >= r.start) continue;
    out += text.slice(Math.max(0, last), r.start) + applyFix(text, r.fix).slice(r.start, r.end + applyFix(text, r.fix).length - text.length);
    last = r.end;
  }
  return out + text.slice(Math.max(0, last));
}

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' } });

describe('the ESLint plugin under RuleTester (the engine\'s case lists)', () => {
  it('covers every rule that has a case list', () => {
    const missing = RULE_CASES.map((c) => c.rule).filter((id) => !(id in plugin.rules));
    if (missing.length > 0) throw new Error(`no ESLint rule for ${missing.join(', ')}`);
    if (RULE_CASES.length < 5) throw new Error(`only ${RULE_CASES.length} case lists were loaded`);
  });

  for (const c of RULE_CASES) {
    const rule = plugin.rules[c.rule] as unknown as Rule.RuleModule;
    const file = c.file ?? FILE;
    const invalid = c.positive.map(([name, marked]) => {
      const { text, spans } = parseMarked(marked);
      const findings = run(c.rule, text, file);
      const preferred = findings.map((f) => f.fixes.find((x) => x.isPreferred)).filter((x): x is Fix => x !== undefined);
      const output = preferred.length > 0 ? eslintOutput(text, preferred) : null;
      return {
        name,
        code: text,
        filename: file,
        output: output === text ? null : output,
        errors: spans.map((s, i) => {
          const start = positionAt(text, s.start);
          const end = positionAt(text, s.end);
          const others = (findings[i]?.fixes ?? []).filter((x) => !x.isPreferred);
          return {
            messageId: 'finding',
            line: start.line + 1,
            column: start.character + 1,
            endLine: end.line + 1,
            endColumn: end.character + 1,
            ...(others.length > 0 ? { suggestions: others.map((x) => ({ messageId: 'suggestion', data: { title: x.title }, output: applyFix(text, x) })) } : {}),
          };
        }),
      };
    });
    const valid = c.negative.map(([name, text]) => ({ name, code: text, filename: file }));
    tester.run(c.rule, rule, { valid, invalid });
  }
});
