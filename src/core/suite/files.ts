// Where suites live: the `.http` files under the given paths (the app's `.bff-routes` folder by default), sorted,
// bounded in depth and count. `bff-routes test` and the panel's "Run all" read the same files.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder of an app's suites. */
export function suiteFolder(appRoot: string): string {
  return path.join(appRoot, '.bff-routes');
}

export function suiteFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string, depth: number): void => {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isFile() && p.endsWith('.http')) out.push(p);
    else if (st.isDirectory() && depth < 8 && out.length < 1000) {
      for (const e of fs.readdirSync(p).sort()) if (!e.startsWith('.') && e !== 'node_modules') visit(path.join(p, e), depth + 1);
    }
  };
  for (const p of paths) visit(p, 0);
  return out;
}
