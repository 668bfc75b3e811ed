import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Real temporary folders for tests that need files on disk: `tree(files)` writes each file (a null value makes a
 * directory) under a new folder and returns its real path; every folder made is removed by the suite's `after`.
 * Call it at the top of a `describe`.
 */
export function tempTrees(prefix: string): (files: Record<string, string | null>) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    made.push(dir);
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(dir, rel);
      if (text === null) {
        fs.mkdirSync(abs, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
    return dir;
  };
}
