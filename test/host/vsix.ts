import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './hostPaths';

/**
 * Builds the .vsix with vsce (it runs `vscode:prepublish`: the production bundle) and returns its path. `offline`
 * (the default, as `npm run package`) keeps the README's image links relative to the packaged screenshots; the
 * release keeps vsce's default, which points them at the repository for the Marketplace and Open VSX.
 */
export function packageVsix(outDir: string, { offline = true }: { offline?: boolean } = {}): string {
  fs.mkdirSync(outDir, { recursive: true });
  const vsix = path.join(outDir, offline ? 'bff-routes.vsix' : 'bff-routes-release.vsix');
  const t0 = Date.now();
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', ...(offline ? ['--no-rewrite-relative-links'] : []), '-o', vsix], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  console.log(`[vsix] packaged ${path.relative(REPO, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return vsix;
}
