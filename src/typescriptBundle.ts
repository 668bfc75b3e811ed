// The TypeScript compiler for the engine bundle (dist/engine.js; esbuild.js points the engine's `typescript` here).
// The .vsix ships it Brotli-compressed (dist/typescript.js.br: 0.8 MB instead of the 1.0 MB zip deflate makes of
// the 3.5 MB dist/typescript.js, two thirds of the whole package); the first analysis inflates it in memory (about
// 40 ms, off the activation path) and compiles it as dist/typescript.js. A build that has the plain file (the
// development build, the CLI, the ESLint plugin) requires it as it is.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

type TypeScript = typeof import('typescript');

/** Loads `<dir>/typescript.js`, or its Brotli-compressed `<dir>/typescript.js.br` when only that was packaged. */
function loadTypescript(dir: string): TypeScript {
  const file = path.join(dir, 'typescript.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (fs.existsSync(file)) return require(file) as TypeScript;
  // Our own package's file, not a workspace file: src/core/fileRead.ts's caps are for what a repository holds.
  // eslint-disable-next-line no-restricted-properties
  const source = zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString('utf8');
  const compiled = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
  compiled.filename = file;
  compiled.paths = [];
  compiled._compile(source, file);
  compiled.loaded = true;
  return compiled.exports as TypeScript;
}

export = loadTypescript(__dirname);
