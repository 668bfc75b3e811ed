// The two settings of a tsconfig.json / jsconfig.json that decide where an import goes: `baseUrl` and `paths`,
// through `extends` (a relative file, a package such as `@tsconfig/next`, or an array of them).
//
// Read with jsonc-parser (already the settings reader's dependency) rather than TypeScript's
// parseJsonConfigFileContent: that one also expands `include`/`files` by walking the project's directories, which
// resolution never needs, and reads through its own host; here every read goes through core/fileRead.ts and may be
// refused by the caller's `allowed` check (a config or an `extends` outside the workspace is not read).
// What TypeScript does and this does too: comments and trailing commas; paths relative to `baseUrl`, else to the
// config file that declares `paths`; `${configDir}` (the directory of the config being resolved); an extended
// config's options overridden by the extending one; `extends` cycles stop (the repeated config is skipped).
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { readTextSync } from '../fileRead';

/** The resolution-relevant options of one config, after `extends`. */
export interface ResolvedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute `baseUrl`, when set. */
  baseUrl?: string;
  /** `paths` patterns with their substitutions, in declaration order. */
  paths?: Array<{ pattern: string; targets: string[] }>;
  /** The folder `paths` substitutions are relative to: `baseUrl`, else the declaring config's folder. */
  pathsBase?: string;
  /** Every file this result was read from (the config and what it extends): its cache depends on them. */
  sources: string[];
}

/** The longest `extends` chain followed (TypeScript has none; a chain this long is a generated loop). */
export const MAX_EXTENDS_DEPTH = 16;

export interface ConfigReader {
  /** May this file be read (inside the workspace or one of the app's workspace packages)? */
  allowed(file: string): boolean;
  /** Folders to look for `node_modules/<package>` in when `extends` names a package, innermost first. */
  packageDirs(fromDir: string): string[];
}

interface RawOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  pathsDir?: string;
}

function parseConfigText(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function withConfigDir(value: string, configDir: string): string {
  return value.startsWith('${configDir}') ? path.join(configDir, value.slice('${configDir}'.length)) : value;
}

/** The file an `extends` entry names, or undefined when it cannot be found within the allowed folders. */
function extendsTarget(entry: string, fromDir: string, reader: ConfigReader): string | undefined {
  const candidates: string[] = [];
  const withJson = (p: string): string[] => (p.endsWith('.json') ? [p] : [p, `${p}.json`, path.join(p, 'tsconfig.json')]);
  if (entry.startsWith('.') || path.isAbsolute(entry)) {
    candidates.push(...withJson(path.resolve(fromDir, entry)));
  } else {
    // A package: `@tsconfig/next/tsconfig.json`, `@tsconfig/strictest` (its package.json `tsconfig`, else tsconfig.json).
    for (const dir of reader.packageDirs(fromDir)) {
      const base = path.join(dir, 'node_modules', entry);
      const pkg = readTextSync(path.join(base, 'package.json'));
      const field = pkg === undefined ? undefined : (parseConfigText(pkg)?.tsconfig as unknown);
      if (typeof field === 'string') candidates.push(path.join(base, field));
      candidates.push(...withJson(base));
    }
  }
  return candidates.find((c) => reader.allowed(c) && readTextSync(c) !== undefined);
}

/** The options of `file` merged over those it extends; `chain` holds the configs being read (cycle guard). */
function readOptions(file: string, reader: ConfigReader, chain: string[], sources: Set<string>): RawOptions {
  if (chain.includes(file) || chain.length >= MAX_EXTENDS_DEPTH || !reader.allowed(file)) return {};
  sources.add(file);
  const text = readTextSync(file);
  const json = text === undefined ? undefined : parseConfigText(text);
  if (!json) return {};
  const dir = path.dirname(file);
  const merged: RawOptions = {};
  const ext = json.extends;
  const bases = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
  for (const entry of bases) {
    const target = extendsTarget(entry, dir, reader);
    if (target === undefined) continue;
    Object.assign(merged, readOptions(target, reader, [...chain, file], sources));
  }
  const options = json.compilerOptions;
  if (options && typeof options === 'object' && !Array.isArray(options)) {
    const o = options as Record<string, unknown>;
    if (typeof o.baseUrl === 'string') merged.baseUrl = o.baseUrl.startsWith('${configDir}') ? o.baseUrl : path.resolve(dir, o.baseUrl);
    if (o.paths && typeof o.paths === 'object' && !Array.isArray(o.paths)) {
      const paths: Record<string, string[]> = {};
      for (const [pattern, targets] of Object.entries(o.paths as Record<string, unknown>)) {
        if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
      }
      merged.paths = paths;
      merged.pathsDir = dir;
    }
  }
  return merged;
}

/** Reads `file` and what it extends. Never throws; an unreadable or invalid config yields no options. */
export function readConfig(file: string, reader: ConfigReader): ResolvedConfig {
  const sources = new Set<string>();
  const raw = readOptions(file, reader, [], sources);
  const configDir = path.dirname(file);
  const result: ResolvedConfig = { file, sources: [...sources] };
  if (raw.baseUrl !== undefined) result.baseUrl = path.resolve(configDir, withConfigDir(raw.baseUrl, configDir));
  if (raw.paths) {
    result.paths = Object.entries(raw.paths).map(([pattern, targets]) => ({
      pattern,
      targets: targets.map((t) => withConfigDir(t, configDir)),
    }));
    result.pathsBase = result.baseUrl ?? raw.pathsDir ?? configDir;
  }
  return result;
}

/**
 * The `paths` substitutions for `specifier`, most specific pattern first as TypeScript orders them (an exact
 * pattern, else the `*` pattern with the longest prefix), as absolute paths. Empty when no pattern matches.
 */
export function pathsCandidates(config: ResolvedConfig, specifier: string): string[] {
  if (!config.paths || config.pathsBase === undefined) return [];
  let best: { targets: string[]; star: string; prefixLength: number } | undefined;
  for (const { pattern, targets } of config.paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) {
        best = { targets, star: '', prefixLength: Infinity };
        break;
      }
      continue;
    }
    if (pattern.indexOf('*', star + 1) >= 0) continue; // TypeScript rejects a pattern with two stars
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.prefixLength >= prefix.length) continue;
    best = { targets, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefixLength: prefix.length };
  }
  if (!best) return [];
  const base = config.pathsBase;
  return best.targets.map((t) => path.resolve(base, t.replace('*', best.star)));
}
