// The lint settings shared by the editor and the CLI: `bffRoutes.rules` (severity per rule id) and
// `bffRoutes.lint.include` (extra globs of files to analyse). Validated once with zod; a bad entry is
// reported and dropped, the rest of the settings still apply.
import { parse as parseJsonc, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import * as z from 'zod';
import { RULE_IDS, type Finding, type RuleId, type Severity, type SeveritySetting } from '../analysis/types';

export const SEVERITY_SETTINGS = ['off', 'info', 'warning', 'error'] as const satisfies readonly SeveritySetting[];

export type RuleSettings = Partial<Record<RuleId, SeveritySetting>>;

export interface LintSettings {
  rules: RuleSettings;
  /** Globs relative to the folder the settings belong to (the workspace folder / the project root). */
  include: string[];
  /** `bffRoutes.appErrorMessages`: leaked-error-message on messages of the app's own error classes (default 'deliberate'). */
  appErrorMessages?: AppErrorMessages;
}

export const APP_ERROR_MESSAGES = ['deliberate', 'leak'] as const;
export type AppErrorMessages = (typeof APP_ERROR_MESSAGES)[number];

export interface ParsedLintSettings {
  settings: LintSettings;
  /** Human-readable problems, one per dropped entry: `bffRoutes.rules.foo: unknown rule id …`. */
  problems: string[];
}

const severitySchema = z.enum(SEVERITY_SETTINGS);
const ruleIdSchema = z.enum(RULE_IDS);
const includeSchema = z.array(z.string().trim().min(1, 'an empty glob matches nothing')).max(200);

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/**
 * Validates raw setting values (whatever `getConfiguration` or a settings.json returned). Never throws.
 * `prefix` names the keys in problems, e.g. `bffRoutes` for VS Code, `.vscode/settings.json: bffRoutes` in the CLI.
 */
export function parseLintSettings(raw: { rules?: unknown; include?: unknown; appErrorMessages?: unknown }, prefix = 'bffRoutes'): ParsedLintSettings {
  const problems: string[] = [];
  const rules: RuleSettings = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) {
      problems.push(`${prefix}.rules must be an object like { "leaked-error-message": "error" }; using the default severities`);
    } else {
      for (const [key, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        const id = ruleIdSchema.safeParse(key);
        if (!id.success) {
          problems.push(`${prefix}.rules: unknown rule id '${key}' (known: ${quoteList(RULE_IDS)})`);
          continue;
        }
        const sev = severitySchema.safeParse(typeof value === 'string' ? value.trim().toLowerCase() : value);
        if (!sev.success) {
          problems.push(`${prefix}.rules.${key}: ${JSON.stringify(value)} is not one of ${quoteList(SEVERITY_SETTINGS)}; using the default`);
          continue;
        }
        rules[id.data] = sev.data;
      }
    }
  }
  let include: string[] = [];
  if (raw.include !== undefined && raw.include !== null) {
    const parsed = includeSchema.safeParse(raw.include);
    if (parsed.success) {
      include = [...new Set(parsed.data.map((g) => g.replace(/\\/g, '/')))];
      const absolute = include.filter((g) => g.startsWith('/') || /^[a-z]:\//i.test(g));
      if (absolute.length > 0) {
        problems.push(`${prefix}.lint.include: globs are relative to the workspace folder; ignoring ${quoteList(absolute)}`);
        include = include.filter((g) => !absolute.includes(g));
      }
    } else {
      problems.push(`${prefix}.lint.include must be an array of glob strings (${parsed.error.issues[0]?.message ?? 'invalid'}); ignoring it`);
    }
  }
  const settings: LintSettings = { rules, include };
  if (raw.appErrorMessages !== undefined && raw.appErrorMessages !== null) {
    const parsed = z.enum(APP_ERROR_MESSAGES).safeParse(raw.appErrorMessages);
    if (parsed.success) settings.appErrorMessages = parsed.data;
    else problems.push(`${prefix}.appErrorMessages: ${JSON.stringify(raw.appErrorMessages)} is not one of ${quoteList(APP_ERROR_MESSAGES)}; using 'deliberate'`);
  }
  return { settings, problems };
}

/** Parses one `--rule <id>=<severity>` value. `warn` is accepted for `warning` (ESLint's spelling). */
export function parseRuleOverride(value: string): { ruleId: RuleId; severity: SeveritySetting } | { error: string } {
  const eq = value.indexOf('=');
  if (eq < 0) return { error: `--rule expects <rule-id>=<${SEVERITY_SETTINGS.join('|')}>, got '${value}'` };
  const key = value.slice(0, eq).trim();
  let sev = value.slice(eq + 1).trim().toLowerCase();
  if (sev === 'warn') sev = 'warning';
  const id = ruleIdSchema.safeParse(key);
  if (!id.success) return { error: `--rule: unknown rule id '${key}' (known: ${RULE_IDS.join(', ')})` };
  const parsed = severitySchema.safeParse(sev);
  if (!parsed.success) return { error: `--rule ${key}: '${value.slice(eq + 1)}' is not one of ${SEVERITY_SETTINGS.join(', ')}` };
  return { ruleId: id.data, severity: parsed.data };
}

/** Later maps win, rule by rule. */
export function mergeRuleSettings(...layers: ReadonlyArray<RuleSettings | undefined>): RuleSettings {
  const out: RuleSettings = {};
  for (const layer of layers) if (layer) Object.assign(out, layer);
  return out;
}

/**
 * The configured severity applied to findings: `off` drops them, a severity replaces the engine's.
 * The engine already honours `rules`; this keeps the contract when findings come from elsewhere
 * (project rules, cached results) and costs nothing when there is nothing to change.
 */
export function applyRuleSettings(findings: readonly Finding[], rules: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const s = rules[f.ruleId];
    if (s === 'off') continue;
    out.push(s === undefined || s === f.severity ? f : { ...f, severity: s as Severity });
  }
  return out;
}

/**
 * A matcher for `include` globs, relative to `baseDir` (absolute). Paths outside `baseDir` never match.
 * Dot folders match too (`.storybook/**`), as users expect of globs they wrote themselves.
 */
export function includeMatcher(globs: readonly string[], baseDir: string): (absFile: string) => boolean {
  if (globs.length === 0) return () => false;
  const isMatch = picomatch([...globs], { dot: true, windows: false });
  const base = baseDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const caseless = /^[a-z]:\//i.test(base);
  return (absFile) => {
    const file = absFile.replace(/\\/g, '/');
    const prefix = `${base}/`;
    if (caseless ? !file.toLowerCase().startsWith(prefix.toLowerCase()) : !file.startsWith(prefix)) return false;
    return isMatch(file.slice(prefix.length));
  };
}

/**
 * Reads the lint settings out of a VS Code settings.json text (JSONC: comments, trailing commas).
 * Accepts dotted keys (`"bffRoutes.rules"`, what the Settings editor writes) and the nested form
 * (`"bffRoutes": { "rules": … }`); dotted keys win. `label` names the file in problems.
 */
export function parseSettingsJson(text: string, label: string): ParsedLintSettings {
  // VS Code reads an empty (or comments-only) settings file as no settings.
  if (stripComments(text).trim() === '') return { settings: { rules: {}, include: [] }, problems: [] };
  const errors: ParseError[] = [];
  const root: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0];
    const before = text.slice(0, e.offset);
    const line = before.split(/\r\n|\r|\n/).length;
    const col = e.offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
    return {
      settings: { rules: {}, include: [] },
      problems: [`${label}:${line}:${col}: ${printParseErrorCode(e.error)}; ignoring the file's bffRoutes settings`],
    };
  }
  if (root === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) {
    return { settings: { rules: {}, include: [] }, problems: [`${label}: not a JSON object; ignoring it`] };
  }
  const obj = root as Record<string, unknown>;
  const nested = obj.bffRoutes && typeof obj.bffRoutes === 'object' ? (obj.bffRoutes as Record<string, unknown>) : {};
  const nestedLint = nested.lint && typeof nested.lint === 'object' ? (nested.lint as Record<string, unknown>) : {};
  return parseLintSettings(
    {
      rules: 'bffRoutes.rules' in obj ? obj['bffRoutes.rules'] : nested.rules,
      include: 'bffRoutes.lint.include' in obj ? obj['bffRoutes.lint.include'] : nestedLint.include,
      appErrorMessages: 'bffRoutes.appErrorMessages' in obj ? obj['bffRoutes.appErrorMessages'] : nested.appErrorMessages,
    },
    `${label}: bffRoutes`,
  );
}
