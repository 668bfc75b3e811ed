// `bff-routes lint [paths…]`: the editor's analysis for CI. Finds the Next.js apps under (or around) the
// given paths, analyses their route, proxy/middleware and pages/api files plus the `bffRoutes.lint.include`
// globs, applies `bffRoutes.rules` from the nearest .vscode/settings.json and `--rule` overrides, and prints
// text, JSON or SARIF. Exit code: 1 when an error-severity finding exists, 0 otherwise, 2 on usage errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  analyzeProjectFiles, analyzeSource, isAnalyzableFile, RULES, RULES_DOCS_BASE, severityOf, type Finding, type RuleId,
} from '../core/analysis';
import { isWithin } from '../core/paths';
import { appForFile, describeNextApp, findNextApps, type NextApp } from '../core/project/nextApps';
import {
  applyRuleSettings, includeMatcher, mergeRuleSettings, parseRuleOverride, parseSettingsJson, SEVERITY_SETTINGS,
  type LintSettings, type RuleSettings,
} from '../core/config/rules';
import { formatReport, isReportFormat, Locator, REPORT_FORMATS, sortEntries, type LintReport, type ReportEntry, type ReportFormat } from '../core/report';

export const LINT_USAGE = `Usage: bff-routes lint [paths...] [options]

Analyses the Route Handlers, proxy/middleware and pages/api files of the Next.js apps
under the given paths (default: the current directory).

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -r, --rule <rule-id>=<severity>  override a rule's severity: ${SEVERITY_SETTINGS.join(', ')} (repeatable)
  -o, --output <file>              write the report to a file instead of standard output
      --no-settings                ignore bffRoutes.* in .vscode/settings.json
  -h, --help                       print this help

Rules: ${RULES.map((r) => r.id).join(', ')}
Exit code: 1 if a finding has severity error, 0 otherwise, 2 on a usage error.
`;

export interface LintIo {
  cwd: string;
  version: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Folders never descended into: dependencies, VCS data and every dot folder (.next, .vercel, .turbo…). */
const SKIP_DIR = new Set(['node_modules', 'bower_components']);
/** A file larger than this is reported and skipped rather than parsed (generated or minified code). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Bound on the files one run looks at, so a mistaken path (`/`) ends with a message, not a hang. */
export const MAX_WALKED_FILES = 200_000;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: ReportFormat;
  overrides: RuleSettings;
  output?: string;
  useSettings: boolean;
}

function parseOptions(argv: string[], cwd: string): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        rule: { type: 'string', short: 'r', multiple: true },
        output: { type: 'string', short: 'o' },
        'no-settings': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const format = v.format ?? 'text';
  if (!isReportFormat(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got '${format}'`);
  const overrides: RuleSettings = {};
  for (const r of v.rule ?? []) {
    const o = parseRuleOverride(r);
    if ('error' in o) throw new UsageError(o.error);
    overrides[o.ruleId] = o.severity;
  }
  const paths = (parsed.positionals.length > 0 ? parsed.positionals : ['.']).map((p) => path.resolve(cwd, p));
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or directory: ${path.relative(cwd, p) || p}`);
  const opts: Options = { paths, format, overrides, useSettings: !v['no-settings'] };
  if (v.output !== undefined) opts.output = path.resolve(cwd, v.output);
  return opts;
}

/** Every file under `dir` (or `dir` itself when it is a file), skipping dependency and dot folders. */
function walk(start: string, out: string[], notes: string[]): void {
  const stack = [start];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    let st: fs.Stats;
    try {
      st = fs.statSync(cur);
    } catch {
      continue;
    }
    if (st.isFile()) {
      out.push(cur);
      if (out.length >= MAX_WALKED_FILES) {
        notes.push(`stopped after ${MAX_WALKED_FILES} files under ${start}; lint a narrower path`);
        return;
      }
      continue;
    }
    if (!st.isDirectory()) continue;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    // Reverse so the stack yields entries in directory order (deterministic output).
    for (let i = entries.length - 1; i >= 0; i--) {
      const d = entries[i];
      const full = path.join(cur, d.name);
      if (d.isDirectory()) {
        if (!SKIP_DIR.has(d.name) && !d.name.startsWith('.')) stack.push(full);
      } else if (d.isFile()) {
        out.push(full);
        if (out.length >= MAX_WALKED_FILES) {
          notes.push(`stopped after ${MAX_WALKED_FILES} files under ${start}; lint a narrower path`);
          return;
        }
      }
    }
  }
}

/** The nearest app whose root is `p` or one of its ancestors. */
function enclosingApp(p: string): NextApp | undefined {
  let dir = fs.statSync(p).isDirectory() ? p : path.dirname(p);
  for (let i = 0; i < 64; i++) {
    const app = describeNextApp(dir);
    if (app) return app;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

interface FolderSettings extends LintSettings {
  base: string;
  matches(file: string): boolean;
}

/** Finds and parses the nearest `.vscode/settings.json` at or above a folder; cached per folder. */
class SettingsFinder {
  private readonly cache = new Map<string, FolderSettings>();

  constructor(
    private readonly enabled: boolean,
    private readonly cwd: string,
    private readonly notes: string[],
  ) {}

  for(folder: string): FolderSettings {
    const hit = this.cache.get(folder);
    if (hit) return hit;
    let result: FolderSettings | undefined;
    const file = this.enabled ? path.join(folder, '.vscode', 'settings.json') : undefined;
    if (file && fs.existsSync(file)) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        this.notes.push(`cannot read ${path.relative(this.cwd, file)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const parsed = parseSettingsJson(text, path.relative(this.cwd, file) || file);
      this.notes.push(...parsed.problems);
      result = { ...parsed.settings, base: folder, matches: includeMatcher(parsed.settings.include, folder) };
    } else {
      const parent = path.dirname(folder);
      result = parent === folder || !this.enabled
        ? { rules: {}, include: [], base: folder, matches: () => false }
        : this.for(parent);
    }
    this.cache.set(folder, result);
    return result;
  }
}

export function runLint(argv: string[], io: LintIo): number {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv, io.cwd);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`bff-routes lint: ${e.message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    io.stdout(LINT_USAGE);
    return 0;
  }

  const notes: string[] = [];
  const internalErrors: string[] = [];
  const apps = new Map<string, NextApp>();
  for (const p of opts.paths) {
    const around = enclosingApp(p);
    if (around) apps.set(around.root, around);
    if (fs.statSync(p).isDirectory()) for (const a of findNextApps([p])) apps.set(a.root, a);
  }
  const appList = [...apps.values()];
  const settings = new SettingsFinder(opts.useSettings, io.cwd, notes);
  const settingsOf = (app: NextApp | undefined, file: string): FolderSettings => settings.for(app ? app.root : path.dirname(file));

  const walked = new Map<string, string[]>();
  const filesUnder = (p: string): string[] => {
    let list = walked.get(p);
    if (!list) {
      list = [];
      walk(p, list, notes);
      walked.set(p, list);
    }
    return list;
  };

  // Which files to analyse: analyzable by kind, or matched by an include glob.
  const targets = new Set<string>();
  for (const p of opts.paths) {
    const explicitFile = fs.statSync(p).isFile();
    let found = 0;
    for (const file of filesUnder(p)) {
      const app = appForFile(appList, file);
      const ok = isAnalyzableFile(file, app ? [app.root] : undefined) || settingsOf(app, file).matches(file);
      if (ok) {
        targets.add(file);
        found++;
      }
    }
    if (explicitFile && found === 0) {
      notes.push(`${path.relative(io.cwd, p)} is not a route, proxy/middleware or pages/api file (add a glob to bffRoutes.lint.include to lint it); skipped`);
    }
  }
  if (targets.size === 0) {
    for (const n of notes) io.stderr(`bff-routes lint: warning: ${n}\n`);
    const where = opts.paths.map((p) => path.relative(io.cwd, p) || '.').join(', ');
    io.stderr(
      `bff-routes lint: no files to lint in ${where}: no route.ts under an app/ folder, proxy/middleware file or pages/api file` +
        `${appList.length === 0 ? ' (and no Next.js app: a package.json depending on next, or a next.config.*)' : ''}.\n`,
    );
    return 2;
  }

  const readText = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const entries: ReportEntry[] = [];
  const rulesFor = (app: NextApp | undefined, file: string): RuleSettings => mergeRuleSettings(settingsOf(app, file).rules, opts.overrides);
  const onInternalError = (file: string) => (ruleId: RuleId, err: unknown): void => {
    internalErrors.push(`rule ${ruleId} failed on ${path.relative(io.cwd, file)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };

  let filesLinted = 0;
  for (const file of [...targets].sort()) {
    let text: string;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        notes.push(`${path.relative(io.cwd, file)} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; skipped`);
        continue;
      }
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      notes.push(`cannot read ${path.relative(io.cwd, file)}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    filesLinted++;
    const app = appForFile(appList, file);
    const rules = rulesFor(app, file);
    const options = { rules, appErrorMessages: settingsOf(app, file).appErrorMessages, nextMajor: app?.nextMajor, appRoots: app ? [app.root] : undefined, onInternalError: onInternalError(file) };
    const { findings } = analyzeSource({ file, text }, options);
    if (findings.length === 0) continue;
    // The analysed text is at hand: locate now, so no second read and no table kept per file.
    const locator = new Locator(io.cwd, (f) => (f === file ? text : readText(f)));
    for (const f of applyRuleSettings(findings, rules)) entries.push(locator.entry(f));
  }

  // Project rules see every file of each app (pages too); findings outside the linted paths are left out.
  for (const app of appList) {
    const cover = opts.paths.find((p) => isWithin(p, app.root));
    const all = cover ? filesUnder(cover).filter((f) => isWithin(app.root, f)) : filesUnder(app.root);
    const rules = rulesFor(app, app.root);
    const found: Finding[] = analyzeProjectFiles(all, { rules, nextMajor: app.nextMajor, appRoots: [app.root], onInternalError: onInternalError(app.root) });
    const locator = new Locator(io.cwd, readText);
    for (const f of applyRuleSettings(found, rules)) {
      if (opts.paths.some((p) => isWithin(p, f.file))) entries.push(locator.entry(f));
    }
  }

  const effectiveRules = mergeRuleSettings(
    appList.length === 1 ? settingsOf(appList[0], appList[0].root).rules : {},
    opts.overrides,
  );
  const report: LintReport = {
    baseDir: io.cwd,
    entries: sortEntries(entries),
    filesLinted,
    tool: { name: 'bff-routes', version: io.version, informationUri: RULES_DOCS_BASE.replace(/#$/, '') },
    rules: RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, description: r.description, docsUrl: r.docsUrl, effective: severityOf(r.id, { rules: effectiveRules }) })),
    notifications: [
      ...notes.map((message) => ({ level: 'warning' as const, message })),
      ...internalErrors.map((message) => ({ level: 'error' as const, message })),
    ],
  };
  for (const n of notes) io.stderr(`bff-routes lint: warning: ${n}\n`);
  for (const n of internalErrors) io.stderr(`bff-routes lint: internal error (please report it): ${n}\n`);

  const out = formatReport(report, opts.format);
  if (opts.output) {
    try {
      fs.mkdirSync(path.dirname(opts.output), { recursive: true });
      fs.writeFileSync(opts.output, out);
    } catch (e) {
      io.stderr(`bff-routes lint: cannot write ${opts.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    io.stderr(`bff-routes lint: wrote ${path.relative(io.cwd, opts.output)} (${report.entries.length} findings)\n`);
  } else {
    io.stdout(out);
  }
  return report.entries.some((e) => e.severity === 'error') ? 1 : 0;
}
