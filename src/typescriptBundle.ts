// The TypeScript compiler for the bundles that parse (dist/engine.js, dist/cli.js, dist/eslint.js: esbuild.js
// points their `typescript` here). Two things make it load faster than a plain `require`:
// - The .vsix ships it Brotli-compressed (dist/typescript.js.br: 0.8 MB instead of the 1.0 MB zip deflate makes of
//   the 3.5 MB dist/typescript.js, two thirds of the whole package); it is inflated in memory (about 40 ms).
// - V8's code cache, as Node 22's `module.enableCompileCache()` keeps one (that API is not in Node 20): the bytecode
//   of the functions a run compiled is written once to a private per-user folder, and the next process starts from
//   it. Loading the compiler takes about 0.13 s instead of 0.3 s, most of a small lint's time.
//   NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off. A cache V8 rejects (another Node, another file)
//   is ignored and written again; a folder another user could write to is never read.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

type TypeScript = typeof import('typescript');

/**
 * `<tmp>/bff-routes-compile-cache-<uid>`, created private (0700). Used only when it is a real folder of this user
 * that nobody else can write to: code read from it runs in this process. Undefined when there is no such folder.
 */
function cacheDir(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(os.tmpdir(), `bff-routes-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch {
    // it exists (checked below), or cannot be made (then the lstat fails too)
  }
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    // (Windows: the temporary folder is the user's own, and modes mean nothing there)
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** A cache unused this long is deleted when another is written (each build and each Node version has its own). */
const STALE_CACHE_MS = 14 * 24 * 60 * 60 * 1000;

/** Deletes the caches (and the temporary files of interrupted writes) nobody wrote for two weeks. */
function pruneCaches(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === keep || !name.startsWith('typescript-')) continue;
    try {
      if (now - fs.lstatSync(file).mtimeMs > STALE_CACHE_MS) fs.unlinkSync(file);
    } catch {
      // gone already, or not ours to delete
    }
  }
}

/** Runs the compiler's CommonJS source as `file`, from and then into V8's code cache when there is a cache folder. */
function compileCached(file: string, source: string, stamp: fs.Stats): TypeScript {
  const dir = cacheDir();
  // V8 itself checks that a cache was made from the same source by the same V8 and flags; the name only keeps
  // the caches of different Node versions and builds of the file apart.
  const cacheFile = dir && path.join(dir, `typescript-${process.versions.v8}-${process.arch}-${stamp.size}-${Math.floor(stamp.mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      // Our own cache, not a workspace file: src/core/fileRead.ts's caps are for what a repository holds.
      // eslint-disable-next-line no-restricted-properties
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const compiled = { exports: {} as TypeScript };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(compiled.exports, compiled.exports, Module.createRequire(file), compiled, file, path.dirname(file));
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // Once this turn of the event loop is over (a whole CLI run, or the first analysis in the editor), the code
    // cache holds the parser's functions it compiled too. Written whole or not at all.
    setImmediate(() => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        pruneCaches(path.dirname(cacheFile), cacheFile);
      } catch {
        // a read-only or full disk: the next run compiles again
      }
    });
  }
  return compiled.exports;
}

/** Loads `<dir>/typescript.js`, or its Brotli-compressed `<dir>/typescript.js.br` when only that was packaged. */
function loadTypescript(dir: string): TypeScript {
  const file = path.join(dir, 'typescript.js');
  const packed = fs.existsSync(file) ? file : `${file}.br`;
  // Our own package's file, not a workspace file: src/core/fileRead.ts's caps are for what a repository holds.
  // eslint-disable-next-line no-restricted-properties
  const bytes = fs.readFileSync(packed);
  const source = packed === file ? bytes.toString('utf8') : zlib.brotliDecompressSync(bytes).toString('utf8');
  return compileCached(file, source, fs.statSync(packed));
}

export = loadTypescript(__dirname);
