// Whether a path lies inside a folder: the one check every caller (CLI, generator, request panel,
// diagnostics, stack-frame resolution, route discovery) shares. Built on path.relative, so `.` segments,
// trailing separators and Windows drive-letter case are settled by Node's own normalisation; a string
// prefix compare would take /a/bc for a child of /a/b. Only a first segment that IS `..` leaves the
// folder (`..foo` is a child's name), and an absolute relative result means another drive or UNC share.
// The path module is a parameter so the Windows rules are testable on POSIX (pass path.win32). Beside them, the
// two existence checks (is there a directory / a file at this path) every caller used to write for itself.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type PathApi = Pick<path.PlatformPath, 'relative' | 'isAbsolute' | 'sep'>;

/**
 * `p` relative to `folder` when `p` is the folder itself ('') or below it, else undefined.
 * The result uses the path module's separator.
 */
export function relativeWithin(folder: string, p: string, api: PathApi = path): string | undefined {
  const rel = api.relative(folder, p);
  if (rel === '') return '';
  if (api.isAbsolute(rel)) return undefined;
  // Windows accepts both separators; on POSIX a backslash is part of a name.
  const first = rel.split(api.sep === '\\' ? /[\\/]/ : '/')[0];
  return first === '..' ? undefined : rel;
}

/** `p` is `folder` itself or anything below it. */
export function isWithin(folder: string, p: string, api: PathApi = path): boolean {
  return relativeWithin(folder, p, api) !== undefined;
}

/** `p` is strictly below `folder` (the folder itself is not). */
export function isBelow(folder: string, p: string, api: PathApi = path): boolean {
  const rel = relativeWithin(folder, p, api);
  return rel !== undefined && rel !== '';
}

/** `p` is an existing directory (false for anything that cannot be read). */
export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `p` is an existing file (false for anything that cannot be read). */
export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
