import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_IDS, type Finding } from '../../../src/core/analysis';
import {
  applyRuleSettings, includeMatcher, mergeRuleSettings, parseLintSettings, parseRuleOverride, parseSettingsJson, SEVERITY_SETTINGS,
} from '../../../src/core/config/rules';

function finding(ruleId: Finding['ruleId'], severity: Finding['severity'] = 'warning'): Finding {
  return { ruleId, severity, message: 'm', file: '/p/app/api/x/route.ts', span: { start: 0, end: 1 }, related: [], fixes: [] };
}

describe('lint settings (bffRoutes.rules, bffRoutes.lint.include)', () => {
  it('keeps valid entries and reports each bad one by key', () => {
    const { settings, problems } = parseLintSettings({
      rules: { 'leaked-error-message': 'error', 'missing-response': 'off', 'no-such-rule': 'error', 'body-in-get': 'loud', 'relative-redirect': ' Warning ' },
      include: ['lib/**/*.ts', 'lib/**/*.ts', 'src\\handlers\\*.ts'],
    });
    assert.deepEqual(settings.rules, { 'leaked-error-message': 'error', 'missing-response': 'off', 'relative-redirect': 'warning' });
    assert.deepEqual(settings.include, ['lib/**/*.ts', 'src/handlers/*.ts']);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^bffRoutes\.rules: unknown rule id 'no-such-rule' \(known: 'leaked-error-message'/);
    assert.match(problems[1], /^bffRoutes\.rules\.body-in-get: "loud" is not one of 'off', 'info', 'warning', 'error'; using the default$/);
  });

  it('falls back to defaults with one message when a value has the wrong shape', () => {
    const r = parseLintSettings({ rules: ['error'], include: 'lib/**' });
    assert.deepEqual(r.settings, { rules: {}, include: [] });
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0], /bffRoutes\.rules must be an object/);
    assert.match(r.problems[1], /bffRoutes\.lint\.include must be an array of glob strings/);
  });

  it('treats missing and null settings as defaults without a problem', () => {
    assert.deepEqual(parseLintSettings({}), { settings: { rules: {}, include: [] }, problems: [] });
    assert.deepEqual(parseLintSettings({ rules: null, include: null }), { settings: { rules: {}, include: [] }, problems: [] });
  });

  it('reads bffRoutes.appErrorMessages (deliberate or leak), dotted or nested, and reports a bad value', () => {
    assert.equal(parseLintSettings({ appErrorMessages: 'leak' }).settings.appErrorMessages, 'leak');
    assert.equal(parseLintSettings({}).settings.appErrorMessages, undefined);
    const bad = parseLintSettings({ appErrorMessages: 'always' });
    assert.equal(bad.settings.appErrorMessages, undefined);
    assert.match(bad.problems[0], /bffRoutes\.appErrorMessages: "always" is not one of 'deliberate', 'leak'/);
    assert.equal(parseSettingsJson('{ "bffRoutes.appErrorMessages": "leak" }', 's.json').settings.appErrorMessages, 'leak');
    assert.equal(parseSettingsJson('{ "bffRoutes": { "appErrorMessages": "leak" } }', 's.json').settings.appErrorMessages, 'leak');
  });

  it('drops absolute and empty include globs with a message', () => {
    const r = parseLintSettings({ include: ['/etc/**', 'C:/x/**', 'ok/*.ts'] });
    assert.deepEqual(r.settings.include, ['ok/*.ts']);
    assert.match(r.problems[0], /relative to the workspace folder; ignoring '\/etc\/\*\*', 'C:\/x\/\*\*'/);
    assert.match(parseLintSettings({ include: [' '] }).problems[0], /an empty glob matches nothing/);
  });

  it('parses --rule overrides, accepting warn for warning', () => {
    assert.deepEqual(parseRuleOverride('double-body-read=off'), { ruleId: 'double-body-read', severity: 'off' });
    assert.deepEqual(parseRuleOverride('body-in-get=warn'), { ruleId: 'body-in-get', severity: 'warning' });
    assert.match((parseRuleOverride('body-in-get') as { error: string }).error, /expects <rule-id>=<off\|info\|warning\|error>/);
    assert.match((parseRuleOverride('nope=error') as { error: string }).error, /unknown rule id 'nope'/);
    assert.match((parseRuleOverride('body-in-get=fatal') as { error: string }).error, /'fatal' is not one of off, info, warning, error/);
  });

  it('applies severities: off drops, a severity replaces, unlisted rules are untouched', () => {
    const input = [finding('double-body-read', 'error'), finding('body-in-get'), finding('missing-response', 'error')];
    const out = applyRuleSettings(input, { 'double-body-read': 'off', 'body-in-get': 'info' });
    assert.deepEqual(out.map((f) => [f.ruleId, f.severity]), [['body-in-get', 'info'], ['missing-response', 'error']]);
    assert.equal(out[1], input[2], 'an unchanged finding is passed through, not copied');
    assert.equal(input[1].severity, 'warning', 'inputs are not mutated');
  });

  it('merges layers, later ones winning rule by rule', () => {
    assert.deepEqual(mergeRuleSettings({ 'body-in-get': 'off', 'double-body-read': 'info' }, undefined, { 'body-in-get': 'error' }), {
      'body-in-get': 'error',
      'double-body-read': 'info',
    });
  });

  it('matches include globs relative to the base folder only', () => {
    const m = includeMatcher(['lib/**/*.ts', '.storybook/*.ts'], '/w/proj');
    assert.equal(m('/w/proj/lib/a/b.ts'), true);
    assert.equal(m('/w/proj/.storybook/x.ts'), true);
    assert.equal(m('/w/proj/lib/a/b.js'), false);
    assert.equal(m('/w/other/lib/a/b.ts'), false);
    assert.equal(m('/w/projlib/a.ts'), false);
    assert.equal(includeMatcher([], '/w/proj')('/w/proj/lib/a.ts'), false);
    const win = includeMatcher(['lib/*.ts'], 'C:\\Users\\me\\proj');
    assert.equal(win('c:\\users\\me\\proj\\lib\\a.ts'), true, 'Windows paths compare without case');
  });

  describe('reading .vscode/settings.json (JSONC)', () => {
    it('reads dotted keys with comments and trailing commas', () => {
      const text = `{
        // team policy
        "editor.tabSize": 2,
        "bffRoutes.rules": { "leaked-error-message": "error", /* noisy */ "missing-response": "off", },
        "bffRoutes.lint.include": ["lib/**/*.ts",],
      }`;
      assert.deepEqual(parseSettingsJson(text, '.vscode/settings.json'), {
        settings: { rules: { 'leaked-error-message': 'error', 'missing-response': 'off' }, include: ['lib/**/*.ts'] },
        problems: [],
      });
    });

    it('reads the nested form, dotted keys winning', () => {
      const r = parseSettingsJson('{ "bffRoutes": { "rules": { "body-in-get": "info" }, "lint": { "include": ["x/*.ts"] } }, "bffRoutes.rules": { "body-in-get": "off" } }', 's.json');
      assert.deepEqual(r.settings, { rules: { 'body-in-get': 'off' }, include: ['x/*.ts'] });
    });

    it('names the file, line and column of a syntax error and ignores the file', () => {
      const r = parseSettingsJson('{\n  "bffRoutes.rules": { "body-in-get": "off" }\n  "x": 1\n}', '.vscode/settings.json');
      assert.deepEqual(r.settings, { rules: {}, include: [] });
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0], /^\.vscode\/settings\.json:3:3: CommaExpected; ignoring the file's bffRoutes settings$/);
    });

    it('prefixes value problems with the file name', () => {
      const r = parseSettingsJson('{ "bffRoutes.rules": { "bogus": "error" } }', '.vscode/settings.json');
      assert.match(r.problems[0], /^\.vscode\/settings\.json: bffRoutes\.rules: unknown rule id 'bogus'/);
    });

    it('accepts an empty file and reports a non-object one', () => {
      assert.deepEqual(parseSettingsJson('', 's.json').problems, []);
      assert.deepEqual(parseSettingsJson('// nothing yet\n', 's.json').problems, []);
      assert.match(parseSettingsJson('[1]', 's.json').problems[0], /not a JSON object/);
    });
  });

  it('package.json declares bffRoutes.rules with every rule id and the same severities', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string; properties?: Record<string, { enum: string[]; markdownDescription: string }>; additionalProperties?: boolean; items?: { type: string } }> } };
    };
    const props = pkg.contributes.configuration.properties;
    const rules = props['bffRoutes.rules'];
    assert.equal(rules.scope, 'resource');
    assert.equal(rules.additionalProperties, false);
    assert.deepEqual(Object.keys(rules.properties ?? {}).sort(), [...RULE_IDS].sort());
    for (const r of RULES) {
      const p = rules.properties![r.id];
      assert.deepEqual(p.enum, [...SEVERITY_SETTINGS]);
      assert.ok(p.markdownDescription.includes(`Default: \`${r.defaultSeverity}\``), `${r.id} states its default`);
      assert.ok(p.markdownDescription.includes(r.docsUrl), `${r.id} links its docs`);
    }
    assert.equal(props['bffRoutes.lint.include'].scope, 'resource');
    assert.equal(props['bffRoutes.lint.include'].items?.type, 'string');
  });
});
