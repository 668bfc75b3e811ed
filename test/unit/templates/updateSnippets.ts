// Regenerates snippets/*.code-snippets from the templates: `npx tsc -p . && node out/test/unit/templates/updateSnippets.js`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { snippetFileText } from '../../../src/core/templates';

const root = path.resolve(__dirname, '..', '..', '..', '..');
for (const [language, file] of [['ts', 'typescript'], ['js', 'javascript']] as const) {
  const target = path.join(root, 'snippets', `${file}.code-snippets`);
  fs.writeFileSync(target, snippetFileText(language));
  process.stdout.write(`wrote ${path.relative(root, target)}\n`);
}
