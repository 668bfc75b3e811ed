// What the generator needs to know about an app beyond NextApp: the exact Next.js version (RouteContext
// exists from 15.5), whether zod is available (and which major), and the package manager to add it with.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonSync } from '../fileRead';
import { isWithin } from '../paths';
import type { NextApp } from '../project/nextApps';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface AppFacts {
  next?: { major: number; minor: number };
  /** Major of zod when the app, or the root of its install inside the boundary, declares it; else undefined. */
  zodMajor?: number;
  packageManager: PackageManager;
}

function readJson(file: string): Record<string, unknown> | undefined {
  const v = readJsonSync(file);
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

function ancestors(dir: string, max = 30): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (let i = 0; i < max; i++) {
    out.push(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return out;
}

/** `^15.5.2` -> {15, 5}; `16` -> {16, 0}; tags (`canary`, `latest`) -> undefined. */
export function parseVersion(text: unknown): { major: number; minor: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /(\d+)(?:\.(\d+|x|\*))?/.exec(text.replace(/^[^\d]*/, ''));
  if (!m) return undefined;
  const minor = m[2] === undefined || m[2] === 'x' || m[2] === '*' ? 0 : Number(m[2]);
  return { major: Number(m[1]), minor };
}

function declared(pkg: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = pkg?.[key];
    if (deps && typeof deps === 'object') {
      const v = (deps as Record<string, unknown>)[name];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/** The version of `name` installed where node would resolve it from `root`. */
function installed(root: string, name: string): string | undefined {
  for (const dir of ancestors(root)) {
    const v = readJson(path.join(dir, 'node_modules', name, 'package.json'))?.version;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

const LOCKFILES: Array<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
];

export function detectPackageManager(root: string): PackageManager {
  for (const dir of ancestors(root)) {
    const pm = readJson(path.join(dir, 'package.json'))?.packageManager;
    if (typeof pm === 'string') {
      const name = pm.split('@')[0];
      if (name === 'pnpm' || name === 'yarn' || name === 'bun' || name === 'npm') return name;
    }
    for (const [file, manager] of LOCKFILES) if (fs.existsSync(path.join(dir, file))) return manager;
  }
  return 'npm';
}

/** The command that adds a runtime dependency with the app's package manager. */
export function addDependencyCommand(pm: PackageManager, dep: string): string {
  switch (pm) {
    case 'npm':
      return `npm install ${dep}`;
    case 'pnpm':
      return `pnpm add ${dep}`;
    case 'yarn':
      return `yarn add ${dep}`;
    case 'bun':
      return `bun add ${dep}`;
  }
}

export interface FactsOptions {
  /**
   * The folder above which no package.json is read for zod: the workspace folder holding the app (the
   * editor), or the nearest git root (the CLI). Defaults to the nearest git root, else the app root.
   */
  boundary?: string;
}

export function appFacts(app: NextApp, opts: FactsOptions = {}): AppFacts {
  const pkg = readJson(path.join(app.root, 'package.json'));
  // The installed version is exact; the declared range is the fallback (a fresh clone before install).
  const next = parseVersion(installed(app.root, 'next')) ?? parseVersion(declared(pkg, 'next'));
  const facts: AppFacts = { packageManager: detectPackageManager(app.root) };
  if (next) facts.next = next;
  else if (app.nextMajor !== undefined) facts.next = { major: app.nextMajor, minor: 0 };
  const zod = parseVersion(declaredInProject(app.root, opts.boundary ?? defaultBoundary(app.root), 'zod'));
  if (zod) facts.zodMajor = zod.major;
  return facts;
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in a worktree), else `dir`. */
export function defaultBoundary(dir: string): string {
  for (const d of ancestors(dir)) if (fs.existsSync(path.join(d, '.git'))) return d;
  return path.resolve(dir);
}

/** A package.json with `workspaces`, a pnpm-workspace.yaml or a lockfile: the root of an install. */
function isProjectRoot(dir: string, pkg: Record<string, unknown> | undefined): boolean {
  if (pkg && pkg.workspaces !== undefined) return true;
  if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return true;
  return LOCKFILES.some(([file]) => fs.existsSync(path.join(dir, file)));
}

/**
 * The folders whose package.json can give the app a dependency: the app itself, then its parents up to
 * the root of its install (monorepo root, or the first folder with a lockfile), never above `boundary`.
 */
export function projectChain(appRoot: string, boundary: string): string[] {
  const root = path.resolve(appRoot);
  const limit = path.resolve(boundary);
  const out: string[] = [];
  for (const dir of ancestors(root)) {
    if (dir !== root && !isWithin(limit, dir)) break;
    out.push(dir);
    if (isProjectRoot(dir, readJson(path.join(dir, 'package.json')))) break;
    if (dir === limit) break;
  }
  return out;
}

/**
 * The version (installed, else declared range) of a dependency declared by the app or by the root of
 * its install. A package only installed transitively does not count: importing it would break on the
 * next install. A package.json outside the app's project (a parent folder that happens to hold one,
 * above the workspace) does not count either.
 */
function declaredInProject(appRoot: string, boundary: string, name: string): string | undefined {
  const chain = projectChain(appRoot, boundary);
  for (let i = 0; i < chain.length; i++) {
    const range = declared(readJson(path.join(chain[i], 'package.json')), name);
    if (!range) continue;
    // Hoisting may have put it in any node_modules of the install.
    for (const dir of chain) {
      const v = readJson(path.join(dir, 'node_modules', name, 'package.json'))?.version;
      if (typeof v === 'string') return v;
    }
    return range;
  }
  return undefined;
}

/** RouteContext<'…'> is generated by Next.js from 15.5 on. Unknown versions are assumed current. */
export function hasRouteContext(next: AppFacts['next']): boolean {
  if (!next) return true;
  return next.major > 15 || (next.major === 15 && next.minor >= 5);
}
