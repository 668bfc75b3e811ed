// One build script, three bundles: the extension (Node, CommonJS, `vscode` external), the request
// panel's webview (browser IIFE) and the CLI (Node). `--watch` rebuilds on change, `--production`
// minifies and drops source maps.
const esbuild = require('esbuild');
const fs = require('fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems the way VS Code's `$esbuild-watch` problem matcher reads them. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile})`);
    });
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

const contexts = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its `module` build bundles.
    mainFields: ['module', 'main'],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    tsconfig: 'src/webview/tsconfig.json',
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
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
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
