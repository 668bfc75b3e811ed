// The built bundles load in plain Node and export what their users call. A bundle whose dependency esbuild could
// not follow (jsonc-parser's UMD `main` once left dist/engine.js requiring './impl/format') fails here, in seconds,
// rather than as "no diagnostics" inside VS Code. npm test builds before the unit tests run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');

function load(name: string): Record<string, unknown> {
  const file = path.join(DIST, `${name}.js`);
  assert.ok(fs.existsSync(file), `${file} is missing: run \`npm run build\` before the unit tests`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

describe('built bundles', () => {
  it('dist/engine.js loads and exports the engine the extension calls', () => {
    const engine = load('engine');
    for (const name of ['analyzeSource', 'analyzeProjectFiles', 'mergeFindings', 'createModuleHost', 'discoverRoutes', 'appOpenApi']) {
      assert.equal(typeof engine[name], 'function', `engine exports ${name}`);
    }
    const analyze = engine.analyzeSource as (input: { file: string; text: string }) => { findings: Array<{ ruleId: string }> };
    const text = "export async function POST(req: Request) {\n  try { return Response.json(await req.json()); }\n  catch (e) { return Response.json({ error: (e as Error).message }, { status: 500 }); }\n}\n";
    assert.deepEqual(analyze({ file: '/app/api/x/route.ts', text }).findings.map((f) => f.ruleId), ['leaked-error-message']);
  });

  it('dist/eslint.js loads and exports the plugin with its rules', () => {
    const plugin = load('eslint') as { rules?: Record<string, unknown> };
    assert.ok(plugin.rules && Object.keys(plugin.rules).includes('leaked-error-message'));
  });
});
