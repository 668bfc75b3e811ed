// The workspace packages of a monorepo (npm and yarn `workspaces` in the root package.json, pnpm's
// pnpm-workspace.yaml) and the source file a package import names, through the package's `exports`
// (conditions in the package's own order), else `module`/`main`/`types`, mapped back to source when they name
// build output. Only these packages are followed: every other bare import (node_modules) is not read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { readJsonSync, readTextSync } from '../fileRead';
import { isWithin } from '../paths';

export interface WorkspacePackage {
  name: string;
  /** Absolute folder of the package (its package.json's folder). */
  dir: string;
  manifest: Record<string, unknown>;
}

export interface Monorepo {
  /** The folder holding the root package.json / pnpm-workspace.yaml. */
  root: string;
  /** The files read to find the packages: when one changes, the packages are found again. */
  sources: string[];
  packages: Map<string, WorkspacePackage>;
}

/** How far above the app the monorepo root is looked for (apps/web → the root is 2 levels up). */
export const MAX_MONOREPO_ASCENT = 6;
/** Folders below the monorepo root examined to match the workspace globs, and how deep. */
export const MAX_WORKSPACE_DIRS = 5000;
export const MAX_WORKSPACE_DEPTH = 4;

/** The `packages:` list of a pnpm-workspace.yaml (block or flow list of strings; the only key read). */
export function pnpmWorkspaceGlobs(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const globs: string[] = [];
  const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');
  for (let i = 0; i < lines.length; i++) {
    const m = /^packages\s*:\s*(.*?)\s*(#.*)?$/.exec(lines[i]);
    if (!m) continue;
    if (m[1].startsWith('[')) {
      return m[1].replace(/^\[|\]$/g, '').split(',').map(unquote).filter(Boolean);
    }
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*(#.*)?$/.test(line)) continue;
      const item = /^\s+-\s*(.+?)\s*(#.*)?$/.exec(line) ?? /^-\s*(.+?)\s*(#.*)?$/.exec(line);
      if (!item) break;
      globs.push(unquote(item[1]));
    }
    return globs;
  }
  return globs;
}

function workspaceGlobs(dir: string): { globs: string[]; sources: string[] } | undefined {
  const pnpmFile = path.join(dir, 'pnpm-workspace.yaml');
  const pnpm = readTextSync(pnpmFile);
  if (pnpm !== undefined) return { globs: pnpmWorkspaceGlobs(pnpm), sources: [pnpmFile] };
  const pkgFile = path.join(dir, 'package.json');
  const pkg = readJsonSync(pkgFile) as { workspaces?: unknown } | undefined;
  const ws = pkg && typeof pkg === 'object' ? pkg.workspaces : undefined;
  // npm: an array; yarn classic also accepts { packages: [...] }.
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  if (!Array.isArray(list)) return undefined;
  return { globs: list.filter((g): g is string => typeof g === 'string'), sources: [pkgFile] };
}

/** Folders below `root` (relative, posix separators), breadth-first, bounded, never through node_modules or a loop. */
function candidateDirs(root: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const queue: Array<[string, number]> = [['', 0]];
  while (queue.length > 0 && out.length < MAX_WORKSPACE_DIRS) {
    const [rel, depth] = queue.shift()!;
    let entries: fs.Dirent[];
    const abs = path.join(root, rel);
    try {
      const real = fs.realpathSync(abs);
      if (seen.has(real)) continue;
      seen.add(real);
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    if (rel !== '') out.push(rel);
    if (depth >= MAX_WORKSPACE_DEPTH) continue;
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      if (e.isDirectory() || e.isSymbolicLink()) queue.push([rel === '' ? e.name : `${rel}/${e.name}`, depth + 1]);
    }
  }
  return out;
}

/**
 * The monorepo `appRoot` belongs to: the nearest folder at or above it (at most MAX_MONOREPO_ASCENT levels, never
 * above a repository root, i.e. a folder holding `.git`) that declares workspaces. Its packages are the folders
 * matching the globs, inside the root (after symlinks), holding a package.json with a name.
 */
export function findMonorepo(appRoot: string): Monorepo | undefined {
  let dir = path.resolve(appRoot);
  for (let i = 0; i <= MAX_MONOREPO_ASCENT; i++) {
    const found = workspaceGlobs(dir);
    if (found) return { root: dir, sources: found.sources, packages: packagesOf(dir, found.globs) };
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function packagesOf(root: string, globs: string[]): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  const clean = (g: string): string => g.replace(/^\.\//, '').replace(/\/+$/, '');
  const positive = globs.filter((g) => !g.startsWith('!')).map(clean);
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => clean(g.slice(1)));
  if (positive.length === 0) return packages;
  const isMatch = picomatch(positive, { dot: false });
  const isExcluded = negative.length > 0 ? picomatch(negative) : () => false;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return packages;
  }
  for (const rel of candidateDirs(root)) {
    if (!isMatch(rel) || isExcluded(rel)) continue;
    const dir = path.join(root, rel);
    try {
      if (!isWithin(realRoot, fs.realpathSync(dir))) continue;
    } catch {
      continue;
    }
    const manifest = readJsonSync(path.join(dir, 'package.json'));
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) continue;
    const name = (manifest as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '' || packages.has(name)) continue;
    packages.set(name, { name, dir, manifest: manifest as Record<string, unknown> });
  }
  return packages;
}

/** `@scope/pkg/sub/path` → ['@scope/pkg', './sub/path']; `pkg` → ['pkg', '.']. */
export function splitPackageSpecifier(specifier: string): [string, string] | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameParts || parts.slice(0, nameParts).some((p) => p === '')) return undefined;
  const name = parts.slice(0, nameParts).join('/');
  const rest = parts.slice(nameParts).join('/');
  return [name, rest === '' ? '.' : `./${rest}`];
}

/** The conditions a bundler/TypeScript import of a package matches; the package's key order decides among them. */
const CONDITIONS = new Set(['types', 'import', 'module', 'require', 'node', 'default', 'development', 'react-server', 'source']);

/** Every target of an `exports` value matching CONDITIONS, in the package's order (fallback arrays included). */
function targetsOf(value: unknown, star: string | undefined, out: string[], depth = 0): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    out.push(star === undefined ? value : value.split('*').join(star));
  } else if (Array.isArray(value)) {
    for (const v of value) targetsOf(v, star, out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (CONDITIONS.has(key)) targetsOf(v, star, out, depth + 1);
    }
  }
}

/** The targets `exports` gives `subpath` ('.' or './x'), relative to the package; undefined when it has no `exports`. */
export function exportsTargets(exportsField: unknown, subpath: string): string[] | undefined {
  if (exportsField === undefined || exportsField === null) return undefined;
  const out: string[] = [];
  const isSubpathMap =
    typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'));
  if (!isSubpathMap) {
    if (subpath === '.') targetsOf(exportsField, undefined, out);
    return out;
  }
  const map = exportsField as Record<string, unknown>;
  if (subpath in map && !subpath.includes('*')) {
    targetsOf(map[subpath], undefined, out);
    return out;
  }
  // Subpath patterns: the key with the longest prefix before its `*` wins (Node's PATTERN_KEY_COMPARE).
  let best: { key: string; star: string } | undefined;
  for (const key of Object.keys(map)) {
    const i = key.indexOf('*');
    if (i < 0 || key.indexOf('*', i + 1) >= 0) continue;
    const prefix = key.slice(0, i);
    const suffix = key.slice(i + 1);
    if (subpath.length < key.length - 1 || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (best && best.key.indexOf('*') >= prefix.length) continue;
    best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  if (best) targetsOf(map[best.key], best.star, out);
  return out;
}

/** The entry points of a package without `exports` (subpath '.'): `source`, `types`, `module`, `main`, then index. */
export function legacyTargets(manifest: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['source', 'types', 'typings', 'module', 'main']) {
    const v = manifest[key];
    if (typeof v === 'string') out.push(v);
  }
  out.push('./index');
  return out;
}
