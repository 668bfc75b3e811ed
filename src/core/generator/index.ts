// Plans the creation of a route file: app + pattern + route path + options -> the files to write, or
// the reasons not to. Every check lives here so the VS Code command and the CLI refuse the same
// things with the same words. Reads the disk (to find what exists); never writes. Never throws.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFile, isWithin } from '../paths';
import type { NextApp } from '../project/nextApps';
import { paramsOf, validateRoutePath, type Segment } from '../routes/segments';
import {
  methodsOf, patternById, PATTERNS, renderPattern,
  type HttpMethod, type Language, type PatternDef, type TemplateContext, type Validation,
} from '../templates';
import { addDependencyCommand, appFacts, hasRouteContext, type AppFacts } from './appFacts';
import { escapeFromRoot, occupant } from './boundary';
import { conflictBetween, existingEntries, urlSegmentsOf, urlText, type ExistingEntry, type UrlSegment } from './conflicts';

export type RefusalCode =
  | 'unknown-pattern'
  | 'invalid-path'
  | 'pattern-needs'
  | 'no-app-dir'
  | 'exists'
  | 'page-conflict'
  | 'route-conflict'
  | 'proxy-conflict'
  | 'blocked'
  | 'outside-workspace'
  | 'outside-app'
  | 'read-only'
  | 'bad-method';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** `exists`, `page-conflict`, `route-conflict`, `proxy-conflict`: the file already there. */
  existingFile?: string;
}

export interface PlannedFile {
  /** Absolute path. */
  path: string;
  /** The app root: the file and every folder on its way stay inside it (symbolic links resolved). */
  root: string;
  content: string;
  /** Offsets in `content` of the first thing to edit. */
  selection?: { start: number; end: number };
}

export interface GenerateRequest {
  app: NextApp;
  /** A pattern id (`json-post`…). */
  pattern: string;
  /** Relative to the app directory (`api/users/[id]`); for pages-api it starts with `api`; for proxy-file it is the matcher prefix. */
  routePath: string;
  /** Defaults to the app's language (tsconfig.json present -> ts). */
  language?: Language;
  /** For patterns with a choice of methods; defaults to the pattern's default. */
  methods?: readonly string[];
  /** For patterns that validate input; defaults to zod when the app has it, else a type guard. */
  validation?: Validation;
  /** When given, the target must be inside one of these absolute folders (after resolving symlinks). */
  workspaceFolders?: readonly string[];
  /** Facts about the app (versions, zod, package manager); read from disk when absent. */
  facts?: AppFacts;
  /**
   * The routes and pages already in the app (`existingEntries` of its app and pages dirs), for a caller
   * that plans many times in a row (live validation while typing); walked from disk when absent.
   */
  existing?: readonly ExistingEntry[];
}

export interface Plan {
  files: PlannedFile[];
  refusals: Refusal[];
  /** The URL the new file serves (`/api/users/[id]`), or the proxy matcher. */
  urlPattern?: string;
  /** Things the user should know (e.g. zod chosen but not installed, an environment variable to set). */
  notes: string[];
  /** The choices made, for tests and the UI. */
  context?: TemplateContext;
}

const ROUTE_EXTS = ['ts', 'tsx', 'js', 'jsx', 'mts', 'mjs', 'cts', 'cjs'];

function refuse(code: RefusalCode, message: string, existingFile?: string): Plan {
  return { files: [], refusals: [existingFile ? { code, message, existingFile } : { code, message }], notes: [] };
}

function firstExisting(dir: string, stem: string): string | undefined {
  for (const ext of ROUTE_EXTS) {
    const f = path.join(dir, `${stem}.${ext}`);
    if (isFile(f)) return f;
  }
  return undefined;
}

/** The deepest existing ancestor of `p`, resolved through symlinks. */
function realAncestor(p: string): string {
  let d = path.resolve(p);
  for (let i = 0; i < 200; i++) {
    try {
      return path.join(fs.realpathSync(d), path.relative(d, p));
    } catch {
      const parent = path.dirname(d);
      if (parent === d) return p;
      d = parent;
    }
  }
  return p;
}

/**
 * Whether the folder that will receive the new file (its deepest existing ancestor: the rest is created)
 * refuses writing: a read-only mount (EROFS, even for root) or missing permission (EACCES/EPERM).
 */
function notWritable(dir: string): { dir: string; code: 'EROFS' | 'EACCES' } | undefined {
  let d = path.resolve(dir);
  for (let i = 0; i < 200; i++) {
    let exists = false;
    try {
      exists = fs.statSync(d).isDirectory();
    } catch {
      exists = false;
    }
    if (exists) {
      try {
        fs.accessSync(d, fs.constants.W_OK);
        return undefined;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EROFS') return { dir: d, code };
        if (code === 'EACCES' || code === 'EPERM') return { dir: d, code: 'EACCES' };
        return undefined;
      }
    }
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
  return undefined;
}

/** A path component on the way that is a file, not a folder (mkdir would fail). */
function blockingFile(root: string, target: string): string | undefined {
  const rel = path.relative(root, path.dirname(target)).split(path.sep).filter(Boolean);
  let d = root;
  for (const part of rel) {
    d = path.join(d, part);
    try {
      if (!fs.statSync(d).isDirectory()) return d;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A refusal when writing into `dir` would leave the app through a symbolic link. */
function outsideApp(app: NextApp, dir: string): Plan | undefined {
  const why = escapeFromRoot(app.root, dir);
  return why ? refuse('outside-app', `${why}; nothing was written (a route is only created inside its app).`) : undefined;
}

function rel(app: NextApp, file: string): string {
  return path.relative(app.root, file).split(path.sep).join('/');
}

function checkRequirement(def: PatternDef, segments: readonly Segment[], urlPattern: string): string | undefined {
  const params = paramsOf(segments);
  switch (def.requires) {
    case 'param':
      return params.length === 0
        ? `The ${def.label} pattern needs a dynamic segment in the route path, for example api/items/[id], api/docs/[...slug] or api/docs/[[...slug]].`
        : undefined;
    case 'catch-all-last': {
      const last = segments[segments.length - 1];
      return last.kind === 'catchAll' || last.kind === 'optionalCatchAll'
        ? undefined
        : `The proxy pattern forwards every sub-path: the route path must end with a catch-all, for example ${def.defaultPath}.`;
    }
    case 'well-known':
      return /^\/\.well-known\/[^/]+$/.test(urlPattern) && segments[segments.length - 1].kind === 'static'
        ? undefined
        : 'A .well-known document lives at .well-known/<name>, for example .well-known/security.json.';
    case 'static':
      return params.length > 0
        ? `The ${def.label} pattern serves one fixed URL: remove the dynamic segment from the route path (the file it serves must never be chosen by the request).`
        : undefined;
    default:
      return undefined;
  }
}

function chooseMethods(def: PatternDef, requested: readonly string[] | undefined): HttpMethod[] | string {
  if (!requested || requested.length === 0) return methodsOf(def);
  const upper = requested.map((m) => m.toUpperCase());
  const allowed = 'fixed' in def.methods ? def.methods.fixed : def.methods.choosable;
  const bad = upper.filter((m) => !(allowed as readonly string[]).includes(m));
  if (bad.length > 0) {
    return 'fixed' in def.methods
      ? `The ${def.label} pattern always exports ${def.methods.fixed.join(', ') || 'no HTTP method'}; ${bad.join(', ')} cannot be chosen.`
      : `The ${def.label} pattern supports ${allowed.join(', ')}; ${bad.join(', ')} is not one of them.`;
  }
  return methodsOf(def, upper as HttpMethod[]);
}

/** Plans one file. Never throws: unexpected errors become a refusal. */
export function planRoute(req: GenerateRequest): Plan {
  try {
    return planUnsafe(req);
  } catch (err) {
    return refuse('blocked', `Could not plan the route: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function planUnsafe(req: GenerateRequest): Plan {
  const def = patternById(req.pattern);
  if (!def) {
    return refuse('unknown-pattern', `Unknown pattern '${req.pattern}'. Known patterns: ${PATTERNS.map((p) => p.id).join(', ')}.`);
  }
  const { app } = req;
  const facts = req.facts ?? appFacts(app);
  const language: Language = req.language ?? (app.typescript ? 'ts' : 'js');
  const methods = chooseMethods(def, req.methods);
  if (typeof methods === 'string') return refuse('bad-method', methods);
  const notes: string[] = [];
  let validation: Validation = req.validation ?? (facts.zodMajor !== undefined ? 'zod' : 'guard');
  if (!def.usesValidation) validation = 'guard';
  if (def.usesValidation && req.validation === undefined && validation === 'guard') {
    notes.push(`Validated with a hand-written type guard because this app does not depend on zod (add zod and choose the zod variant to use a schema).`);
  }
  if (def.usesValidation && validation === 'zod' && facts.zodMajor === undefined) {
    notes.push(`This app does not depend on zod yet: run \`${addDependencyCommand(facts.packageManager, 'zod')}\` in ${app.root}.`);
  }
  const zodMajor: 3 | 4 = facts.zodMajor === 3 ? 3 : 4;
  const ctxBase = {
    language, methods, validation, zodMajor,
    routeContext: hasRouteContext(facts.next),
    proxyName: (facts.next && facts.next.major < 16 ? 'middleware' : 'proxy') as TemplateContext['proxyName'],
  };
  const ext = language;

  let target: string;
  let urlPattern: string;
  let newUrl: UrlSegment[] | undefined;
  let params: TemplateContext['params'] = [];

  if (def.kind === 'proxy-file') {
    const prefix = req.routePath.trim().replace(/^\/+|\/+$/g, '');
    if (prefix !== '') {
      const v = validateRoutePath(prefix);
      if (!v.ok) return refuse('invalid-path', v.message);
      if (v.segments.some((s) => s.kind !== 'static')) {
        return refuse('invalid-path', 'The proxy matcher prefix must be plain folders (for example api); route groups and dynamic segments have no meaning in config.matcher.');
      }
    }
    urlPattern = prefix === '' ? '/' : `/${prefix}`;
    const dir = app.srcDir ?? app.root;
    const escape = outsideApp(app, dir);
    if (escape) return escape;
    for (const d of new Set([app.root, dir])) {
      for (const stem of ['proxy', 'middleware']) {
        const existing = firstExisting(d, stem);
        if (existing) {
          const other = stem !== ctxBase.proxyName;
          return refuse(
            other ? 'proxy-conflict' : 'exists',
            other
              ? `${rel(app, existing)} already exists. Next.js 16 hangs every request when both middleware and proxy files are present: add your logic to ${rel(app, existing)}${stem === 'middleware' && ctxBase.proxyName === 'proxy' ? ' (or rename it to proxy and its function to proxy)' : ''}.`
              : `${rel(app, existing)} already exists; it is not overwritten.`,
            existing,
          );
        }
      }
    }
    target = path.join(dir, `${ctxBase.proxyName}.${ext}`);
  } else {
    const v = validateRoutePath(req.routePath);
    if (!v.ok) return refuse('invalid-path', v.message);
    const need = checkRequirement(def, v.segments, v.urlPattern);
    if (need) return refuse('pattern-needs', need);
    params = paramsOf(v.segments);
    if (def.kind === 'pages-api') {
      if (v.segments.some((s) => s.kind === 'group')) {
        return refuse('invalid-path', 'The Pages Router has no route groups: remove the (group) folder from the path.');
      }
      if (v.segments[0].raw !== 'api') {
        return refuse('invalid-path', `Pages Router API routes live under pages/api: start the path with api/ (for example api/${req.routePath.trim()}).`);
      }
      const pagesDir = app.pagesDir ?? path.join(app.srcDir ?? app.root, 'pages');
      const parts = v.segments.map((s) => s.raw);
      target = parts.length === 1 ? path.join(pagesDir, 'api', `index.${ext}`) : path.join(pagesDir, ...parts) + `.${ext}`;
      urlPattern = v.urlPattern;
      const escape = outsideApp(app, path.dirname(target));
      if (escape) return escape;
      const sameAsFile = firstExisting(path.dirname(target), path.basename(target, `.${ext}`));
      const asIndex = parts.length > 1 ? firstExisting(path.join(pagesDir, ...parts), 'index') : undefined;
      const existing = sameAsFile ?? asIndex;
      if (existing) return refuse('exists', `${rel(app, existing)} already serves ${urlPattern}; it is not overwritten.`, existing);
    } else {
      if (!app.appDir) {
        return refuse('no-app-dir', `${app.root} has no app/ or src/app/ directory. Create one, or use the Pages Router API pattern.`);
      }
      const dir = path.join(app.appDir, ...v.segments.map((s) => s.raw));
      target = path.join(dir, `route.${ext}`);
      urlPattern = v.urlPattern;
      const escape = outsideApp(app, dir);
      if (escape) return escape;
      const existing = firstExisting(dir, 'route');
      if (existing) return refuse('exists', `${rel(app, existing)} already exists; it is not overwritten.`, existing);
      const page = firstExisting(dir, 'page');
      if (page) {
        return refuse(
          'page-conflict',
          `${rel(app, page)} is in the same folder: a page and a route handler cannot share a URL (Next.js answers 500 on every route). Choose another path.`,
          page,
        );
      }
    }
    newUrl = def.kind === 'pages-api' ? v.segments.map((s) => ({ kind: s.kind === 'group' ? 'static' : s.kind, name: s.kind === 'static' ? s.raw : s.name }) as UrlSegment) : urlSegmentsOf(v.segments);
  }

  if (newUrl) {
    for (const e of req.existing ?? existingEntries({ appDir: app.appDir, pagesDir: app.pagesDir })) {
      const why = conflictBetween(newUrl, e.url);
      if (!why) continue;
      const where = rel(app, e.file);
      if (why === 'same-url') {
        return refuse(
          e.kind === 'route' || (e.kind === 'pages' && where.includes('/api/')) ? 'route-conflict' : 'page-conflict',
          `${urlText(newUrl)} is already served by ${where}; Next.js refuses two files for one URL.`,
          e.file,
        );
      }
      return refuse('route-conflict', `${where} is in the way: ${why}.`, e.file);
    }
  }

  // A dangling symbolic link is no file to stat, and an ordinary write would follow it.
  const there = occupant(target);
  if (there) return refuse('blocked', `${rel(app, target)} is already there as ${there}; it is neither overwritten nor written through.`);

  const block = blockingFile(app.root, target);
  if (block) return refuse('blocked', `${rel(app, block)} is a file, so the folder for the route cannot be created there.`, block);

  if (req.workspaceFolders) {
    const real = realAncestor(target);
    const ok = req.workspaceFolders.some((w) => isWithin(realAncestor(w), real));
    if (!ok) return refuse('outside-workspace', `${target} is outside every workspace folder; nothing was written.`);
  }

  const denied = notWritable(path.dirname(target));
  if (denied) {
    return refuse(
      'read-only',
      denied.code === 'EROFS'
        ? `${rel(app, denied.dir) || '.'} is on a read-only file system, so ${rel(app, target)} cannot be created.`
        : `${rel(app, denied.dir) || '.'} is not writable (permission denied), so ${rel(app, target)} cannot be created.`,
    );
  }

  const ctx: TemplateContext = { ...ctxBase, urlPattern, params };
  for (const name of def.env ?? []) notes.push(`Set ${name} in .env.local (read by the generated code).`);
  const rendered = renderPattern(def, ctx);
  const file: PlannedFile = { path: target, root: app.root, content: rendered.content };
  if (rendered.selection) file.selection = rendered.selection;
  return { files: [file], refusals: [], urlPattern, notes, context: ctx };
}

/**
 * Writes a plan with Node's fs, for the CLI and the editor alike (vscode.workspace.fs.writeFile can only
 * overwrite, and follows a dangling symbolic link). Each file is created exclusively (`wx`: O_CREAT|O_EXCL,
 * which also refuses any symbolic link in its place), and its folders are checked against the app root
 * again before and after mkdir: a file or link that appeared since planning is never overwritten or
 * written through.
 */
export function writePlanSync(
  plan: Plan,
  io: Pick<typeof fs, 'mkdirSync' | 'writeFileSync'> = fs,
): { written: string[]; error?: string } {
  const written: string[] = [];
  for (const f of plan.files) {
    const dir = path.dirname(f.path);
    try {
      const before = escapeFromRoot(f.root, dir);
      if (before) return { written, error: `Could not create ${f.path}: ${before}. Nothing was written.` };
      io.mkdirSync(dir, { recursive: true });
      const after = escapeFromRoot(f.root, dir);
      if (after) return { written, error: `Could not create ${f.path}: ${after}. Stopped before writing the file.` };
      io.writeFileSync(f.path, f.content, { flag: 'wx' });
      written.push(f.path);
    } catch (err) {
      // Recursive mkdir under a read-only mount reports ENOENT (Node 20), not EROFS: ask the folder.
      const code = (err as NodeJS.ErrnoException).code;
      const there = code === 'EEXIST' ? occupant(f.path) : undefined;
      const why =
        code === 'EEXIST' ? `it already exists${there && there !== 'a file' ? ` as ${there}` : ''} (not overwritten${there?.startsWith('a symbolic link') ? ', not written through' : ''})`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || notWritable(dir) ? 'the file system is read-only or not writable here'
        : err instanceof Error ? err.message : String(err);
      return { written, error: `Could not create ${f.path}: ${why}.` };
    }
  }
  return { written };
}

export { existingEntries, type ExistingEntry } from './conflicts';
export { appFacts, addDependencyCommand, defaultBoundary, projectChain, type AppFacts, type FactsOptions, type PackageManager } from './appFacts';
