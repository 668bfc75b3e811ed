// One build script, six bundles: the extension (Node, CommonJS, `vscode` external), the analysis engine it
// loads on first use, the request panel's webview (browser IIFE: the sidebar and the editor tabs), the CLI and
// the ESLint plugin (Node), and the TypeScript compiler the engine, the CLI and the plugin require (Brotli-compressed
// for the .vsix).
// `--watch` rebuilds on change, `--production` minifies and drops source maps.
const esbuild = require('esbuild');
const fs = require('fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems the way VS Code's `$esbuild-watch` problem matcher reads them. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    if (!watch) return;
    const out = build.initialOptions.outfile ?? Object.keys(build.initialOptions.entryPoints).join(', ');
    build.onStart(() => console.log(`[watch] build started (${out})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${out})`);
    });
  },
};

/**
 * The extension requires the engine (src/engine.ts, everything that needs the parser) lazily through
 * src/vscode/engine.ts: it stays a separate bundle, dist/engine.js, that `activate` never loads.
 */
const lazyEngine = {
  name: 'lazy-engine',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/engine$/ }, (args) =>
      args.importer.endsWith(`vscode${require('path').sep}engine.ts`) ? { path: './engine.js', external: true } : undefined);
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [problemMatcherPlugin],
};

/** A Node bundle (CommonJS, Node 20) written to dist/<name>.js: every bundle but the webview's. */
function nodeBundle(name, entry, extra = {}) {
  return { ...common, entryPoints: { [name]: entry }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', ...extra };
}

/**
 * The TypeScript compiler (the analyzer's parser) is most of the code: bundled once into dist/typescript.js, which
 * the engine, the CLI and the ESLint plugin load through src/typescriptBundle.ts (V8's code cache, and the
 * Brotli-compressed copy the .vsix ships: dist/typescript.js.br, written by a production build).
 */
const sharedTypescript = {
  name: 'shared-typescript',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: require('path').resolve('src/typescriptBundle.ts') }));
  },
};

/** The bundles that load dist/typescript.js: the engine (loaded by the extension on first use), the CLI and the ESLint plugin. */
function typescriptUser(name, entry, extra = {}) {
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its `module` build bundles.
  return nodeBundle(name, entry, { mainFields: ['module', 'main'], plugins: [...common.plugins, sharedTypescript], ...extra });
}

const contexts = [
  // Minified in every build, as shipped: 3.5 MB that Node compiles in half the time of the 9 MB source (whose
  // source map no one reads), so the tests and benchmarks run the parser users get.
  nodeBundle('typescript', require.resolve('typescript'), { minify: true, sourcemap: false }),
  nodeBundle('extension', 'src/extension.ts', {
    external: ['vscode'],
    plugins: [...common.plugins, lazyEngine],
    mainFields: ['module', 'main'],
    // When the bundle starts loading: activate reports load + activate time from it (src/extension.ts).
    banner: { js: 'var __bffLoadStart = performance.now();' },
  }),
  typescriptUser('engine', 'src/engine.ts'),
  typescriptUser('eslint', 'src/eslint.ts', {
    define: { BFF_ROUTES_VERSION: JSON.stringify(require('./package.json').version) },
    // ESLint configs import the plugin object itself, from ESM (`import plugin from`) or CommonJS.
    footer: { js: 'module.exports = module.exports.default;' },
  }),
  typescriptUser('cli', 'src/cli.ts', { banner: { js: '#!/usr/bin/env node' } }),
  {
    ...common,
    // Both hosts of the request UI (the sidebar and an editor tab) in one bundle.
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    tsconfig: 'src/webview/tsconfig.json',
  },
];

async function main() {
  const ctxs = await Promise.all(contexts.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(ctxs.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(ctxs.map((ctx) => ctx.rebuild()));
  await Promise.all(ctxs.map((ctx) => ctx.dispose()));
  fs.chmodSync('dist/cli.js', 0o755);
  if (production) {
    writeNpmPackage();
    compressTypescript();
  }
}

/**
 * dist/typescript.js.br for the .vsix (.vscodeignore packages it instead of dist/typescript.js): Brotli at its
 * best setting takes the parser from 1.0 MB (zip's deflate) to 0.8 MB; src/typescriptBundle.ts inflates it.
 */
function compressTypescript() {
  const zlib = require('zlib');
  const source = fs.readFileSync('dist/typescript.js');
  fs.writeFileSync('dist/typescript.js.br', zlib.brotliCompressSync(source, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  }));
}

/**
 * The npm package (npm/: its own package.json with a `files` allowlist, README and LICENSE) gets the production
 * CLI and the TypeScript bundle it requires. A separate folder because vsce refuses a `files` field beside
 * .vscodeignore, and the .vsix and the npm package ship different files.
 */
function writeNpmPackage() {
  fs.mkdirSync('npm/dist', { recursive: true });
  for (const f of ['cli.js', 'eslint.js', 'typescript.js']) fs.copyFileSync(`dist/${f}`, `npm/dist/${f}`);
  fs.chmodSync('npm/dist/cli.js', 0o755);
  fs.copyFileSync('LICENSE', 'npm/LICENSE');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
