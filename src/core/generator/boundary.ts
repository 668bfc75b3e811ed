// The app root is the boundary of every file the generator writes. A cloned repository can hold
// symbolic links (git keeps them): `app/api/ext -> /home/me/.ssh` would let `mkdir -p` and the write
// land outside the app. So every folder on the way from the root to the file is checked lexically,
// one component at a time: a symbolic link must resolve inside the root; a dangling one is refused too
// (mkdir would otherwise create its target). Components that do not exist yet are created later by us,
// as plain folders. Checked when planning and again right before writing (and after mkdir).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isWithin } from '../paths';

/**
 * Why writing into `dir` would leave `root` through a symbolic link, or undefined when it stays inside.
 * `dir` is `root` or a folder below it (lexically).
 */
export function escapeFromRoot(root: string, dir: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch (err) {
    return `the app folder ${root} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const rel = path.relative(root, dir);
  if (rel !== '' && (rel.split(path.sep)[0] === '..' || path.isAbsolute(rel))) return `${dir} is not inside the app folder ${root}`;
  let d = root;
  for (const part of rel === '' ? [] : rel.split(path.sep)) {
    d = path.join(d, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The rest does not exist yet (created by us, as plain folders), or a file is in the way (mkdir fails).
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return `${path.relative(root, d).split(path.sep).join('/')} cannot be checked (${code ?? String(err)})`;
    }
    if (!st.isSymbolicLink()) continue;
    const shown = path.relative(root, d).split(path.sep).join('/');
    let target: string;
    try {
      target = fs.realpathSync(d);
    } catch {
      return `${shown} is a symbolic link to a missing target (${safeReadlink(d)}), which would be created outside the app`;
    }
    if (!isWithin(realRoot, target)) return `${shown} is a symbolic link to ${target}, outside the app folder ${realRoot}`;
  }
  return undefined;
}

function safeReadlink(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '?';
  }
}

/**
 * What is at `file` when something is there that `stat` does not call a file: a symbolic link (also a
 * dangling one, which an ordinary write would follow) or a folder. Undefined when nothing is there.
 */
export function occupant(file: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return `a symbolic link to ${safeReadlink(file)}`;
  if (st.isDirectory()) return 'a folder';
  return st.isFile() ? 'a file' : 'a special file';
}
