// The built bundles load in plain Node and export what their users call. A bundle whose dependency esbuild could
// not follow (jsonc-parser's UMD `main` once left dist/engine.js requiring './impl/format') fails here, in seconds,
// rather than as "no diagnostics" inside VS Code. npm test builds before the unit tests run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

  describe("the TypeScript compiler's code cache (src/typescriptBundle.ts)", () => {
    const text = "export async function POST(req: Request) {\n  try { return Response.json(await req.json()); }\n  catch (e) { return Response.json({ error: (e as Error).message }, { status: 500 }); }\n}\n";
    const script = `const e = require(${JSON.stringify(path.join(DIST, 'engine.js'))});` +
      `process.stdout.write(e.analyzeSource({ file: '/app/api/x/route.ts', text: ${JSON.stringify(text)} }).findings.map((f) => f.ruleId).join());`;
    let tmp: string;
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const cacheDir = (): string => path.join(tmp, `bff-routes-compile-cache${uid === undefined ? '' : `-${uid}`}`);
    /** A process that loads the engine (and so the compiler) with its temporary folder in `tmp`, and analyses a file. */
    const analyseInProcess = (env: Record<string, string> = {}): void => {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, NODE_DISABLE_COMPILE_CACHE: '', ...env } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'leaked-error-message', 'the engine analyses with the compiler however it was loaded');
    };
    const caches = (): string[] => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).filter((n) => n.startsWith('typescript-')) : []);

    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-compile-cache-'));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('is written once, private, and used as it is by the next process', () => {
      analyseInProcess();
      const [name, ...more] = caches();
      assert.ok(name && more.length === 0, `one cache file, found ${JSON.stringify(caches())}`);
      const file = path.join(cacheDir(), name);
      // Dated back (a rewrite, even of the same bytes, renames a new file over it: a new date).
      const old = new Date('2001-01-01T00:00:00Z');
      fs.utimesSync(file, old, old);
      if (uid !== undefined) {
        assert.equal(fs.statSync(cacheDir()).mode & 0o777, 0o700);
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      }
      analyseInProcess();
      // V8 accepted it: a rejected cache would have been written again, with the functions of this run.
      assert.deepEqual(caches(), [name]);
      assert.equal(fs.statSync(file).mtimeMs, old.getTime(), 'the accepted cache is not rewritten');
    });

    it('a damaged cache is rejected by V8, the compiler still loads, and a good one replaces it', () => {
      analyseInProcess();
      const [name] = caches();
      const file = path.join(cacheDir(), name);
      fs.writeFileSync(file, Buffer.alloc(4096, 7));
      analyseInProcess();
      assert.ok(!fs.readFileSync(file).equals(Buffer.alloc(4096, 7)), 'rewritten');
    });

    it('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
      analyseInProcess({ NODE_DISABLE_COMPILE_CACHE: '1' });
      assert.deepEqual(caches(), []);
    });

    if (uid !== undefined) {
      it('a cache folder that others can write to is never read nor written', () => {
        fs.mkdirSync(cacheDir(), { mode: 0o700 });
        fs.chmodSync(cacheDir(), 0o777);
        analyseInProcess();
        assert.deepEqual(caches(), []);
      });
    }
  });
});
