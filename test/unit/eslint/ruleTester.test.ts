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
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeProjectFiles } from '../../../src/core/analysis';
import { BOTH, CONFLICTS, NOT_BOTH, NOT_CONFLICTS, type Case } from '../analysis/projectRules.test';

type ProjectRuleId = 'route-page-conflict' | 'middleware-and-proxy';

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

// The project rules: the engine's case lists (test/unit/analysis/projectRules.test.ts) written to disk, each app root
// with a package.json naming its Next.js major, so the rule finds the other files as it does in a real app. Each
// flagged file must be reported at the expected span with the engine's message; every other route or middleware
// file of the case must get nothing. A case that turns the rule off in the engine's settings is ESLint's config's
// job, not the rule's: left out.
describe('the ESLint plugin under RuleTester: the project rules over the engine\'s project case lists, on disk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-eslint-project-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lists: Array<[ProjectRuleId, Case[]]> = [['route-page-conflict', [...CONFLICTS, ...NOT_CONFLICTS]], ['middleware-and-proxy', [...BOTH, ...NOT_BOTH]]];
  const SOURCE = /\.[cm]?[jt]sx?$/;

  for (const [rule, cases] of lists) {
    const valid: RuleTester.ValidTestCase[] = [];
    const invalid: RuleTester.InvalidTestCase[] = [];
    cases.filter((c) => c.options?.rules?.[rule] !== 'off').forEach((c, i) => {
      const root = path.join(dir, rule, String(i));
      const abs = (file: string): string => path.join(root, file);
      for (const [file, text] of Object.entries(c.files)) {
        fs.mkdirSync(path.dirname(abs(file)), { recursive: true });
        fs.writeFileSync(abs(file), text);
      }
      for (const appRoot of c.options?.appRoots ?? []) {
        fs.mkdirSync(abs(appRoot), { recursive: true });
        fs.writeFileSync(path.join(abs(appRoot), 'package.json'), JSON.stringify({ dependencies: { next: `^${c.options?.nextMajor ?? 16}.0.0` } }));
      }
      const appRoots = c.options?.appRoots?.map(abs);
      const engine = analyzeProjectFiles(Object.keys(c.files).map(abs), { appRoots, nextMajor: c.options?.nextMajor }).filter((f) => f.ruleId === rule);
      const flagged = new Set(c.expect.map((e) => e.file));
      for (const file of flagged) {
        const text = c.files[file];
        const expected = c.expect.filter((e) => e.file === file);
        const messages = engine.filter((f) => f.file === abs(file)).map((f) => f.message);
        assert.equal(messages.length, expected.length, `${c.name}: the engine's findings on ${file}`);
        invalid.push({
          name: `${c.name} (${file})`,
          code: text,
          filename: abs(file),
          errors: expected.map((e, k) => {
            const start = e.span === '' ? 0 : text.indexOf(e.span);
            const s = positionAt(text, start);
            const end = positionAt(text, start + e.span.length);
            return { message: messages[k], line: s.line + 1, column: s.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
          }),
        });
      }
      for (const [file, text] of Object.entries(c.files)) {
        if (flagged.has(file) || !SOURCE.test(file) || /(^|\/)page\.[^/]+$/.test(file)) continue;
        valid.push({ name: `${c.name} (${file})`, code: text, filename: abs(file) });
      }
    });
    tester.run(rule, plugin.rules[rule] as unknown as Rule.RuleModule, { valid, invalid });
  }
});
