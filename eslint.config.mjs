// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode: the core, the protocol and the webview are editor-free.' }],
  }],
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
  { files: ['src/core/**/*.ts', 'src/protocol.ts', 'src/ids.ts', 'src/webview/**/*.ts', 'src/cli.ts', 'test/unit/**/*.ts', 'test/bench/**/*.ts'], rules: noVscode },
);
