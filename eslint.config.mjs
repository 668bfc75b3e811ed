// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode: the core, the protocol and the webview are editor-free.' };
// What the extension loads at activation is kept small (its load time is measured in the real host):
const UNDICI = { name: 'undici', message: 'Requests go through src/core/http/transport.ts (node:http with the checked lookup); undici costs 540 KB of the bundle.' };
const restrictImports = (...paths) => ({ 'no-restricted-imports': ['error', { paths }] });
const ZOD_NAMED = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "import * as z from 'zod' (or zod/mini): the named `z` export bundles every locale of zod, about 370 KB of the extension's load.",
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '.vscode-test/**', '.test-workspaces/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // A cloned repository may hold a FIFO or a link to /dev/zero under any name: every file read goes through
    // src/core/fileRead.ts (regular files only, never blocking, capped).
    files: ['src/**/*.ts'],
    ignores: ['src/core/fileRead.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { property: 'readFileSync', message: 'Read files through src/core/fileRead.ts (regular files only, capped).' },
        { property: 'readFile', message: 'Read files through src/core/fileRead.ts (regular files only, capped, never blocking).' },
      ],
    },
  },
  { files: ['src/**/*.ts'], rules: { ...restrictImports(UNDICI), 'no-restricted-syntax': ['error', ZOD_NAMED] } },
  { files: ['src/core/**/*.ts', 'src/protocol.ts', 'src/ids.ts', 'src/webview/**/*.ts', 'src/cli.ts'], rules: restrictImports(VSCODE, UNDICI) },
  { files: ['test/unit/**/*.ts', 'test/bench/**/*.ts'], rules: restrictImports(VSCODE) },
);
