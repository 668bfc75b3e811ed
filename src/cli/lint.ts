// `bff-routes lint [paths…]`: the editor's analysis for CI. Finds the Next.js apps under (or around) the
// given paths, analyses their route, proxy/middleware and pages/api files plus the `bffRoutes.lint.include`
// globs, applies `bffRoutes.rules` from the nearest .vscode/settings.json and `--rule` overrides, and prints
// text, JSON or SARIF. Exit code: 2 when the run is incomplete (a usage error, nothing to lint, a file or folder
// that could not be read or analysed: each named with its reason in every format), else 1 when an
// error-severity finding exists, else 0. Every file is read through core/fileRead.ts (regular files only, capped).
// Imports are followed (project-aware analysis) through one ModuleHost per app, bounded to the repository holding
// the app and the app's workspace packages; a finding placed in a helper that several routes reach is reported
// once, with every route's call sites as related locations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  analyzeProjectFiles, analyzeSource, isAnalyzableFile, mergeFindings, RULES, RULES_DOCS_BASE, severityOf, type Finding, type RuleId,
} from '../core/analysis';
import { MAX_READ_BYTES, readTextFileSync, readTextSync } from '../core/fileRead';
import { isWithin } from '../core/paths';
import { describeNextApp, findNextApps, type NextApp } from '../core/project/nextApps';
import { createModuleHost, type ProjectModuleHost } from '../core/project/resolve';
import {
  applyRuleSettings, includeMatcher, mergeRuleSettings, parseRuleOverride, parseSettingsJson, SEVERITY_SETTINGS,
  type LintSettings, type RuleSettings,
} from '../core/config/rules';
import {
  formatReport, isReportFormat, Locator, printable, relativePath, REPORT_FORMATS, sortEntries, type LintReport, type ReportEntry, type ReportFormat, type SkippedFile,
} from '../core/report';

export const LINT_USAGE = `Usage: bff-routes lint [paths...] [options]

Analyses the Route Handlers, proxy/middleware and pages/api files of the Next.js apps
under the given paths (default: the current directory).

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -r, --rule <rule-id>=<severity>  override a rule's severity: ${SEVERITY_SETTINGS.join(', ')} (repeatable)
  -o, --output <file>              write the report to a file instead of standard output
      --max-warnings <n>           exit 1 when there are more than n warnings (as ESLint's; 0 fails on any)
      --no-settings                ignore bffRoutes.* in .vscode/settings.json
  -h, --help                       print this help

Rules: ${RULES.map((r) => r.id).join(', ')}
Exit code: 2 on a usage error, when there is nothing to lint, or when a file or folder
could not be read or analysed (each is named with the reason); else 1 if a finding
has severity error or the warnings exceed --max-warnings; else 0.
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
export const MAX_FILE_BYTES = MAX_READ_BYTES;
/** Bound on the files one run looks at, so a mistaken path (`/`) ends with a message, not a hang. */
export const MAX_WALKED_FILES = 200_000;

class UsageError extends Error {}

interface Options {
  paths: string[];
  format: ReportFormat;
  overrides: RuleSettings;
  output?: string;
  useSettings: boolean;
  maxWarnings?: number;
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
        'max-warnings': { type: 'string' },
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
  for (const p of paths) {
    try {
      fs.statSync(p);
    } catch (e) {
      // A folder above that cannot be searched is not a missing path: say what really failed.
      const code = (e as NodeJS.ErrnoException).code;
      const shown = printable(path.relative(cwd, p) || p);
      throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${shown}` : `cannot access ${shown}: ${errorText(e)}`);
    }
  }
  const opts: Options = { paths, format, overrides, useSettings: !v['no-settings'] };
  if (v.output !== undefined) opts.output = path.resolve(cwd, v.output);
  const max = v['max-warnings'];
  if (max !== undefined) {
    if (!/^\d{1,9}$/.test(max)) throw new UsageError(`--max-warnings must be a whole number of 0 or more, got '${max}'`);
    opts.maxWarnings = Number(max);
  }
  return opts;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * Every file under `dir` (or `dir` itself when it is a file), skipping dependency and dot folders. Symbolic links
 * and special files are listed as files (their reading decides) and links are never followed as folders, so a link
 * loop cannot trap the walk; a folder that cannot be listed is reported in `unreadable`.
 */
function walk(start: string, out: string[], notes: string[], unreadable: Array<{ file: string; reason: string }>): void {
  const stack = [start];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    // A folder below the start is known from its directory entry: only the start is stat'ed.
    let isDirectory = cur !== start;
    if (!isDirectory) {
      try {
        isDirectory = fs.statSync(cur).isDirectory();
      } catch {
        continue;
      }
    }
    if (!isDirectory) {
      out.push(cur);
      if (out.length >= MAX_WALKED_FILES) {
        notes.push(`stopped after ${MAX_WALKED_FILES} files under ${start}; lint a narrower path`);
        return;
      }
      continue;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(cur, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ file: cur, reason: `folder not searched: ${errorText(e)}` });
      continue;
    }
    // Reverse so the stack yields entries in directory order (deterministic output).
    for (let i = entries.length - 1; i >= 0; i--) {
      const d = entries[i];
      const full = path.join(cur, d.name);
      if (d.isDirectory()) {
        if (!SKIP_DIR.has(d.name) && !d.name.startsWith('.')) stack.push(full);
      } else {
        // Files, links and special files (a FIFO named route.ts): reading decides, and names what it refuses.
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
      const read = readTextFileSync(file);
      if (read.ok) text = read.text;
      else this.notes.push(`cannot read ${path.relative(this.cwd, file)}: ${read.reason}; ignoring its bffRoutes settings`);
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

/**
 * The folder imports may be followed in (the ModuleHost's workspace): the repository holding the app (the nearest
 * folder at or above it with `.git`), else the outermost of the working directory and the linted paths that holds
 * the app (never the file-system root), else the app itself. The app's workspace packages are allowed besides.
 */
export function workspaceRootOf(appRoot: string, around: readonly string[]): string {
  for (let dir = appRoot, i = 0; i < 64; i++) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const holding = around.filter((p) => isWithin(p, appRoot) && path.dirname(p) !== p).sort((a, b) => a.length - b.length);
  return holding[0] ?? appRoot;
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
  /** Files and folders that could not be read or analysed: the run is incomplete (exit code 2). */
  const skipped = new Map<string, { file: string; reason: string }>();
  const skip = (file: string, reason: string): void => {
    skipped.set(`${file}\0${reason}`, { file, reason });
  };
  const apps = new Map<string, NextApp>();
  for (const p of opts.paths) {
    const around = enclosingApp(p);
    if (around) apps.set(around.root, around);
    if (fs.statSync(p).isDirectory()) for (const a of findNextApps([p])) apps.set(a.root, a);
  }
  const appList = [...apps.values()];
  /**
   * The innermost app holding a folder, from its parent's (thousands of route folders: one lookup each, not a
   * path comparison per app); the paths here are absolute and normalised (resolved, then joined by the walk).
   */
  const appOfDir = new Map<string, NextApp | null>();
  const appAt = (dir: string): NextApp | undefined => {
    const known = appOfDir.get(dir);
    if (known !== undefined) return known ?? undefined;
    const parent = path.dirname(dir);
    const app = apps.get(dir) ?? (parent === dir ? undefined : appAt(parent));
    appOfDir.set(dir, app ?? null);
    return app;
  };
  const appOf = (file: string): NextApp | undefined => appAt(path.dirname(file));
  const settings = new SettingsFinder(opts.useSettings, io.cwd, notes);
  const settingsOf = (app: NextApp | undefined, file: string): FolderSettings => settings.for(app ? app.root : path.dirname(file));

  const walked = new Map<string, string[]>();
  const filesUnder = (p: string): string[] => {
    let list = walked.get(p);
    if (!list) {
      list = [];
      const unreadable: Array<{ file: string; reason: string }> = [];
      walk(p, list, notes, unreadable);
      for (const u of unreadable) skip(u.file, u.reason);
      walked.set(p, list);
    }
    return list;
  };

  // Which files to analyse: analyzable by kind, or matched by an include glob.
  const targets = new Set<string>();
  for (const p of opts.paths) {
    const explicitFile = !fs.statSync(p).isDirectory();
    let found = 0;
    for (const file of filesUnder(p)) {
      const app = appOf(file);
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
    for (const n of notes) io.stderr(`bff-routes lint: warning: ${printable(n)}\n`);
    for (const s of skipped.values()) io.stderr(`bff-routes lint: skipped ${printable(relativePath(io.cwd, s.file))}: ${printable(s.reason)}\n`);
    const where = opts.paths.map((p) => path.relative(io.cwd, p) || '.').join(', ');
    io.stderr(
      `bff-routes lint: no files to lint in ${where}: no route.ts under an app/ folder, proxy/middleware file or pages/api file` +
        `${appList.length === 0 ? ' (and no Next.js app: a package.json depending on next, or a next.config.*)' : ''}.\n`,
    );
    return 2;
  }

  const readText = (file: string): string | undefined => readTextSync(file);
  const hosts = new Map<string, ProjectModuleHost>();
  const hostFor = (app: NextApp | undefined, file: string): ProjectModuleHost => {
    const appRoot = app ? app.root : path.dirname(file);
    let host = hosts.get(appRoot);
    if (!host) {
      host = createModuleHost({ workspaceRoot: workspaceRootOf(appRoot, [io.cwd, ...opts.paths]), appRoot, snapshot: true });
      hosts.set(appRoot, host);
    }
    return host;
  };
  /** Every finding of every file, merged at the end: a helper reached from several routes is one finding. */
  const found: Finding[] = [];
  /** The analysed texts of the files with findings or related locations, to locate them without a second read. */
  const texts = new Map<string, string>();
  const entries: ReportEntry[] = [];
  const rulesFor = (app: NextApp | undefined, file: string): RuleSettings => mergeRuleSettings(settingsOf(app, file).rules, opts.overrides);
  // As ESLint does, an internal error is not a clean result: the file is named with the reason, exit code 2.
  const onInternalError = (file: string) => (ruleId: RuleId, err: unknown): void => {
    skip(file, `internal error in rule ${ruleId}: ${errorText(err)} (please report it)`);
  };

  let filesLinted = 0;
  for (const file of [...targets].sort()) {
    const read = readTextFileSync(file, MAX_FILE_BYTES);
    if (!read.ok) {
      skip(file, read.reason);
      continue;
    }
    const text = read.text;
    const app = appOf(file);
    const rules = rulesFor(app, file);
    const options = {
      rules, appErrorMessages: settingsOf(app, file).appErrorMessages, nextMajor: app?.nextMajor, appRoots: app ? [app.root] : undefined,
      modules: hostFor(app, file), onInternalError: onInternalError(file),
    };
    let findings: Finding[];
    const skippedBefore = skipped.size;
    try {
      const analysis = analyzeSource({ file, text }, options);
      if (analysis.skipped !== undefined) {
        skip(file, analysis.skipped);
        continue;
      }
      findings = analysis.findings;
    } catch (e) {
      skip(file, `internal error: ${errorText(e)} (please report it)`);
      continue;
    }
    // A rule that failed leaves the file part-analysed: its other findings stand, it does not count as linted.
    if (skipped.size === skippedBefore) filesLinted++;
    if (findings.length === 0) continue;
    // (a helper's finding lists the call sites of every route reaching it: their texts too, not read again)
    if (findings.some((f) => f.file === file || f.related.some((r) => (r.file ?? f.file) === file))) texts.set(file, text);
    found.push(...applyRuleSettings(findings, rules));
  }
  const locator = new Locator(io.cwd, (f) => texts.get(f) ?? readText(f));
  for (const f of mergeFindings(found)) entries.push(locator.entry(f));

  // Project rules see every file of each app (pages too); findings outside the linted paths are left out.
  for (const app of appList) {
    const cover = opts.paths.find((p) => isWithin(p, app.root));
    const all = cover ? filesUnder(cover).filter((f) => isWithin(app.root, f)) : filesUnder(app.root);
    const rules = rulesFor(app, app.root);
    let projectFindings: Finding[] = [];
    try {
      projectFindings = analyzeProjectFiles(all, { rules, nextMajor: app.nextMajor, appRoots: [app.root], onInternalError: onInternalError(app.root) });
    } catch (e) {
      skip(app.root, `internal error in the project rules: ${errorText(e)} (please report it)`);
    }
    const locator = new Locator(io.cwd, readText);
    for (const f of applyRuleSettings(projectFindings, rules)) {
      if (opts.paths.some((p) => isWithin(p, f.file))) entries.push(locator.entry(f));
    }
  }

  const effectiveRules = mergeRuleSettings(
    appList.length === 1 ? settingsOf(appList[0], appList[0].root).rules : {},
    opts.overrides,
  );
  const skippedFiles: SkippedFile[] = [...skipped.values()]
    .map((s) => ({ file: s.file, relPath: relativePath(io.cwd, s.file), reason: s.reason }))
    .sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const report: LintReport = {
    baseDir: io.cwd,
    entries: sortEntries(entries),
    filesLinted,
    skipped: skippedFiles,
    tool: { name: 'bff-routes', version: io.version, informationUri: RULES_DOCS_BASE.replace(/#$/, '') },
    rules: RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, description: r.description, docsUrl: r.docsUrl, effective: severityOf(r.id, { rules: effectiveRules }) })),
    notifications: notes.map((message) => ({ level: 'warning' as const, message })),
  };
  for (const n of notes) io.stderr(`bff-routes lint: warning: ${printable(n)}\n`);
  // The text report lists what it skipped; the machine formats go to a file or a pipe, so say it here too.
  if (opts.format !== 'text' || opts.output) {
    for (const s of skippedFiles) io.stderr(`bff-routes lint: skipped ${printable(s.relPath)}: ${printable(s.reason)}\n`);
  }

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
  if (skippedFiles.length > 0) {
    if (filesLinted === 0) io.stderr(`bff-routes lint: no file could be analysed (${skippedFiles.length} skipped)\n`);
    return 2;
  }
  if (report.entries.some((e) => e.severity === 'error')) return 1;
  const warnings = report.entries.filter((e) => e.severity === 'warning').length;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    io.stderr(`bff-routes lint: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${opts.maxWarnings}\n`);
    return 1;
  }
  return 0;
}
