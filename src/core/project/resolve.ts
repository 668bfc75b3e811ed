// The real ModuleHost: imports resolved as TypeScript and Next.js resolve them, reads bounded to the workspace.
//
// - Relative and absolute paths; tsconfig.json / jsconfig.json `paths` and `baseUrl` of the nearest config above
//   the importing file (through `extends`: tsconfig.ts), then the monorepo's workspace packages (workspaces.ts)
//   through their `exports` / `main` to source. Any other bare import is a node_modules package: not followed.
// - Extensions in TypeScript's order: `.ts`, `.tsx`, then `.js`, `.jsx`, `.mts`, `.cts`, `.mjs`, `.cjs`; a `.js`
//   specifier names the `.ts` file beside it first (`./x.js` → `x.ts`), as TypeScript does; then `index.*`.
//   Declaration files (`.d.ts`) hold no code to follow and are never returned.
// - Every file returned or read lies, after symlinks, inside the workspace folder or one of the app's workspace
//   packages (a `paths` entry or a symlink leading outside resolves to nothing). A symlink loop fails the stat
//   (ELOOP) and resolves to nothing.
// - Reads go through core/fileRead.ts (regular files only, MAX_READ_BYTES); an open document's text (`readOpen`)
//   wins over the disk.
// - Configs, the workspace packages, resolutions, the symlink check of each file and the texts read (re-read when a
//   stat shows the file changed) are cached; `invalidate` drops what a created, changed or deleted file affects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_READ_BYTES, readTextSync } from '../fileRead';
import { isWithin } from '../paths';
import type { ModuleHost } from './moduleHost';
import { pathsCandidates, readConfig, type ResolvedConfig } from './tsconfig';
import { exportsTargets, findMonorepo, legacyTargets, splitPackageSpecifier, type Monorepo } from './workspaces';

export interface ModuleHostOptions {
  /** The workspace folder (absolute): nothing outside it is read, except the app's workspace packages. */
  workspaceRoot: string;
  /** The Next.js app's root (absolute): where its monorepo, if any, is looked for. */
  appRoot: string;
  /** The unsaved text of an open document, which wins over the file on disk (the editor). */
  readOpen?(file: string): string | undefined;
  /**
   * The files do not change while this host is used (one `bff-routes lint` run): a text read once is kept without
   * checking the file again. The editor leaves it off: a kept text is then re-read when a stat shows a change.
   */
  snapshot?: boolean;
}

export type FileChange = 'created' | 'changed' | 'deleted';

export interface ProjectModuleHost extends ModuleHost {
  /** A file of the workspace was created, changed or deleted: drops the cached configs or resolutions it affects. */
  invalidate(file: string, change: FileChange): void;
  /** Configs and manifests whose change affects resolution (tsconfig/jsconfig and what they extend, package files). */
  isConfigFile(file: string): boolean;
}

/** Extensions tried for a specifier without one, in TypeScript's order (then Next.js's module extensions). */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs'] as const;
/** What a JavaScript extension in a specifier may stand for, TypeScript source first. */
const EXTENSION_SWAPS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.ts': ['.ts'],
  '.tsx': ['.tsx'],
  '.mts': ['.mts'],
  '.cts': ['.cts'],
};
/** Build-output folders a package's `main`/`exports` often name; their source is looked for under src/. */
const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs']);
/** Cached resolutions kept before the cache starts over (the editor runs for days). */
const MAX_CACHED_RESOLUTIONS = 100_000;
/** Texts of modules kept (checked against a stat before each use), in UTF-16 code units, before starting over. */
export const MAX_CACHED_TEXT_CHARS = 32 * 1024 * 1024;
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** `x.d.ts`, `x.d.mts`, `x.d.cts`, and the arbitrary-extension form `x.d.css.ts`. */
const DECLARATION = /\.d(\.[^/\\.]+)?\.[cm]?ts$/;

function isDeclaration(file: string): boolean {
  return DECLARATION.test(file);
}

function isRegularFile(p: string): boolean {
  try {
    // (no ENOENT thrown for the many candidates that do not exist: building that error cost more than the stat)
    return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function realOf(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

export function createModuleHost(options: ModuleHostOptions): ProjectModuleHost {
  const workspaceRoot = path.resolve(options.workspaceRoot);
  const appRoot = path.resolve(options.appRoot);
  let monorepo: Monorepo | undefined | null = null;
  /** Lexical roots and their real paths: the workspace, then each workspace package. */
  let roots: Array<{ dir: string; real: string }> | undefined;
  const nearestConfig = new Map<string, string | undefined>();
  const configs = new Map<string, ResolvedConfig>();
  const configSources = new Set<string>();
  const resolutions = new Map<string, string | undefined>();
  /** `${config file}\0${bare specifier}` → the file it names (from any folder under that config). */
  const bare = new Map<string, string | undefined>();
  /** Path → the source file it names (fileAt): 2,000 routes importing `@/lib/x` stat its candidates once. */
  const files = new Map<string, string | undefined>();
  /** Path → whether it lies inside an allowed root after symlinks (one realpath per file, not per read). */
  const inside = new Map<string, boolean>();
  /** File → its text as last read, kept while a stat finds the same file unchanged (device, inode, size, mtime). */
  const texts = new Map<string, { text: string; key: string }>();
  let textChars = 0;

  const getMonorepo = (): Monorepo | undefined => {
    if (monorepo === null) monorepo = findMonorepo(appRoot);
    return monorepo;
  };

  const getRoots = (): Array<{ dir: string; real: string }> => {
    if (roots) return roots;
    const dirs = [workspaceRoot, ...[...(getMonorepo()?.packages.values() ?? [])].map((p) => p.dir)];
    roots = dirs.map((dir) => ({ dir, real: realOf(dir) ?? dir }));
    return roots;
  };

  /** Inside an allowed root after symlinks (lexically when the path does not exist, e.g. an unsaved document). */
  const allowed = (p: string): boolean => {
    const known = inside.get(p);
    if (known !== undefined) return known;
    const real = realOf(p);
    const verdict = getRoots().some((r) => (real === undefined ? isWithin(r.dir, p) : isWithin(r.real, real)));
    if (inside.size >= MAX_CACHED_RESOLUTIONS) inside.clear();
    inside.set(p, verdict);
    return verdict;
  };

  /** Folder → the innermost allowed root lexically holding it (null: none), found from its parent's. */
  const rootOfDir = new Map<string, string | null>();
  /** The innermost allowed root lexically holding `dir`: the nearest-config search stops there. */
  const rootOf = (dir: string): string | undefined => {
    const known = rootOfDir.get(dir);
    if (known !== undefined) return known ?? undefined;
    let best: string | undefined;
    const parent = path.dirname(dir);
    // A root is the innermost for itself; any other folder has its parent's (one comparison per new folder
    // instead of a path.relative per root).
    const own = getRoots().find((r) => r.dir === dir || (process.platform === 'win32' && r.dir.toLowerCase() === dir.toLowerCase()));
    if (own) best = own.dir;
    else if (parent !== dir) best = rootOf(parent);
    if (rootOfDir.size >= MAX_CACHED_RESOLUTIONS) rootOfDir.clear();
    rootOfDir.set(dir, best ?? null);
    return best;
  };

  const configFor = (fromDir: string): ResolvedConfig | undefined => {
    let file: string | undefined;
    if (nearestConfig.has(fromDir)) file = nearestConfig.get(fromDir);
    else {
      const stop = rootOf(fromDir);
      const visited: string[] = [];
      let dir = fromDir;
      for (let i = 0; stop !== undefined && i < 64; i++) {
        visited.push(dir);
        if (nearestConfig.has(dir)) {
          file = nearestConfig.get(dir);
          break;
        }
        file = CONFIG_NAMES.map((n) => path.join(dir, n)).find(isRegularFile);
        if (file || dir === stop) break;
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
      for (const d of visited) nearestConfig.set(d, file);
    }
    if (file === undefined) return undefined;
    let config = configs.get(file);
    if (!config) {
      config = readConfig(file, { allowed, packageDirs: (d) => packageDirs(d) });
      configs.set(file, config);
      for (const s of config.sources) configSources.add(s);
    }
    return config;
  };

  /** Folders from `dir` up to its root, where an `extends` package is looked for in node_modules. */
  const packageDirs = (dir: string): string[] => {
    const stop = rootOf(dir) ?? workspaceRoot;
    const out: string[] = [];
    for (let d = dir; out.length < 64; d = path.dirname(d)) {
      out.push(d);
      if (d === stop || path.dirname(d) === d) break;
    }
    return out;
  };

  /** The source file a path names (extension swaps, then index files), inside the allowed roots. */
  const fileAt = (p: string): string | undefined => {
    if (files.has(p)) return files.get(p);
    const found = findFileAt(p);
    if (files.size >= MAX_CACHED_RESOLUTIONS) files.clear();
    files.set(p, found);
    return found;
  };

  const findFileAt = (p: string): string | undefined => {
    const ext = path.extname(p);
    const swaps = EXTENSION_SWAPS[ext];
    const candidates: string[] = [];
    if (swaps) {
      const stem = p.slice(0, -ext.length);
      for (const s of swaps) candidates.push(stem + s);
    }
    for (const s of SOURCE_EXTENSIONS) candidates.push(p + s);
    for (const s of SOURCE_EXTENSIONS) candidates.push(path.join(p, `index${s}`));
    for (const c of candidates) {
      if (isDeclaration(c) || !isRegularFile(c)) continue;
      return allowed(c) ? c : undefined;
    }
    return undefined;
  };

  /** The source a path names: a declaration file stands for the module beside it (`x.d.ts` → `x.ts`). */
  const sourceAt = (p: string): string | undefined => fileAt(p.replace(DECLARATION, ''));

  /** A package target (relative to its folder), or its source under src/ when it names build output. */
  const packageFile = (dir: string, target: string): string | undefined => {
    const abs = path.resolve(dir, target);
    if (!isWithin(dir, abs)) return undefined;
    const direct = sourceAt(abs);
    if (direct) return direct;
    const rel = path.relative(dir, abs).split(path.sep);
    return rel.length > 1 && BUILD_DIRS.has(rel[0]) ? sourceAt(path.join(dir, 'src', ...rel.slice(1))) : undefined;
  };

  const resolveWorkspacePackage = (specifier: string): string | undefined => {
    const split = splitPackageSpecifier(specifier);
    const pkg = split && getMonorepo()?.packages.get(split[0]);
    if (!split || !pkg) return undefined;
    const subpath = split[1];
    const viaExports = exportsTargets(pkg.manifest.exports, subpath);
    const targets = viaExports ?? (subpath === '.' ? legacyTargets(pkg.manifest) : [subpath]);
    for (const t of targets) {
      const file = packageFile(pkg.dir, t);
      if (file) return file;
    }
    return undefined;
  };

  const resolveUncached = (fromDir: string, specifier: string): string | undefined => {
    if (specifier === '' || specifier.includes('\0')) return undefined;
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
      return fileAt(path.resolve(fromDir, specifier));
    }
    if (path.isAbsolute(specifier)) return fileAt(path.resolve(specifier));
    if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined; // node:fs, data:, https: …
    // A bare specifier resolves alike from every folder under the same config: 2,000 route folders importing
    // `@/lib/x` resolve it once.
    const config = configFor(fromDir);
    const key = `${config?.file ?? ''}\0${specifier}`;
    if (bare.has(key)) return bare.get(key);
    const file = resolveBare(config, specifier);
    if (bare.size >= MAX_CACHED_RESOLUTIONS) bare.clear();
    bare.set(key, file);
    return file;
  };

  const resolveBare = (config: ResolvedConfig | undefined, specifier: string): string | undefined => {
    if (config) {
      for (const candidate of pathsCandidates(config, specifier)) {
        const file = fileAt(candidate);
        if (file) return file;
      }
      if (config.baseUrl !== undefined) {
        const file = fileAt(path.resolve(config.baseUrl, specifier));
        if (file) return file;
      }
    }
    return resolveWorkspacePackage(specifier);
  };

  /** The disk text of an allowed file, read again only when a stat shows another file or a change. */
  const readCached = (file: string): string | undefined => {
    const kept = options.snapshot ? texts.get(file) : undefined;
    if (kept) return kept.text;
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return undefined;
    }
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    const hit = texts.get(file);
    if (hit && hit.key === key) return hit.text;
    const text = readTextSync(file, MAX_READ_BYTES);
    if (hit) {
      texts.delete(file);
      textChars -= hit.text.length;
    }
    if (text === undefined) return undefined;
    if (textChars + text.length > MAX_CACHED_TEXT_CHARS) {
      texts.clear();
      textChars = 0;
    }
    texts.set(file, { text, key });
    textChars += text.length;
    return text;
  };

  const isConfigFile = (file: string): boolean => {
    const name = path.basename(file);
    return (
      CONFIG_NAMES.includes(name) ||
      name === 'package.json' ||
      name === 'pnpm-workspace.yaml' ||
      configSources.has(file) ||
      (monorepo ? monorepo.sources.includes(file) : false)
    );
  };

  return {
    resolve(fromFile, specifier) {
      try {
        const fromDir = path.dirname(path.resolve(fromFile));
        const key = `${fromDir}\0${specifier}`;
        if (resolutions.has(key)) return resolutions.get(key);
        const file = resolveUncached(fromDir, specifier);
        if (resolutions.size >= MAX_CACHED_RESOLUTIONS) resolutions.clear();
        resolutions.set(key, file);
        return file;
      } catch {
        return undefined;
      }
    },
    read(file) {
      try {
        if (!allowed(file)) return undefined;
        const open = options.readOpen?.(file);
        if (open !== undefined) return open.length > MAX_READ_BYTES ? undefined : open;
        return readCached(file);
      } catch {
        return undefined;
      }
    },
    invalidate(file, change) {
      if (isConfigFile(path.resolve(file))) {
        monorepo = null;
        roots = undefined;
        rootOfDir.clear();
        nearestConfig.clear();
        configs.clear();
        configSources.clear();
        resolutions.clear();
        bare.clear();
        files.clear();
        inside.clear();
      } else if (change !== 'changed') {
        resolutions.clear();
        bare.clear();
        files.clear();
        inside.clear();
      } else {
        inside.delete(path.resolve(file));
      }
    },
    isConfigFile: (file) => isConfigFile(path.resolve(file)),
    snapshot: options.snapshot === true,
  };
}
