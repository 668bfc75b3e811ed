// A ModuleHost over plain data: files by absolute path, relative specifiers and `@/` (tsconfig paths `@/*` -> root)
// resolved against them. For the core's unit tests; the real one (src/core/project/resolve.ts) reads the disk.
import * as path from 'node:path';
import type { ModuleHost } from '../../src/core/project/moduleHost';

export function plainHost(files: Record<string, string>, root = '/app'): ModuleHost & { reads: string[] } {
  const reads: string[] = [];
  const exts = ['', '.ts', '.tsx', '.js', '/index.ts', '/index.js'];
  return {
    reads,
    resolve(from, spec) {
      let base: string | undefined;
      if (spec.startsWith('.')) base = path.posix.resolve(path.posix.dirname(from), spec);
      else if (spec.startsWith('@/')) base = path.posix.join(root, spec.slice(2));
      if (!base) return undefined;
      for (const e of exts) if (files[base + e] !== undefined) return base + e;
      return undefined;
    },
    read(file) {
      reads.push(file);
      return files[file];
    },
  };
}
