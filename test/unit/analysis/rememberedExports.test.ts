// With a snapshot host (one `bff-routes lint` run), the export a chain of re-exports leads to is worked out once and
// kept with the modules it read: the next route importing the same name gets the same findings and the same
// dependencies (the editor's reverse index and suppression comments rely on them) without walking the chain again.
import * as assert from 'node:assert/strict';
import { analyzeSource, type FileAnalysis } from '../../../src/core/analysis/index';
import { MapModuleHost } from '../../support/mapModuleHost';

const HELPER = `export function handleApiError(error: unknown) {\n  return Response.json({ error: error instanceof Error ? error.message : 'x' }, { status: 500 })\n}\n`;
const route = (n: number): string =>
  `import { handleApiError } from '@/lib'\nexport async function GET(request: Request) {\n  try {\n    return Response.json(await fetch(request.url + ${n}))\n  } catch (error) {\n    return handleApiError(error)\n  }\n}\n`;
const files = (): Map<string, string> =>
  new Map([
    ['/app/app/api/a/route.ts', route(1)],
    ['/app/app/api/b/route.ts', route(2)],
    ['/app/lib/index.ts', `export * from './errors'\n`],
    ['/app/lib/errors.ts', `export { handleApiError } from './deep/handle'\n`],
    ['/app/lib/deep/handle.ts', HELPER],
  ]);

class CountingHost extends MapModuleHost {
  resolves = 0;
  constructor(texts: Map<string, string>, readonly snapshot: boolean) {
    super(texts, { alias: '/app' });
  }
  resolve(fromFile: string, specifier: string): string | undefined {
    this.resolves++;
    return super.resolve(fromFile, specifier);
  }
}

function analyse(host: CountingHost, file: string): FileAnalysis {
  return analyzeSource({ file, text: host.files.get(file)! }, { modules: host });
}

const plain = (a: FileAnalysis) => ({ findings: a.findings, dependencies: a.dependencies });

describe('export lookups remembered across the analyses of a snapshot host', () => {
  it('gives the second route the findings and dependencies a fresh host gives, resolving only its own import', () => {
    const snap = new CountingHost(files(), true);
    const first = analyse(snap, '/app/app/api/a/route.ts');
    const afterFirst = snap.resolves;
    const second = analyse(snap, '/app/app/api/b/route.ts');
    const fresh = analyse(new CountingHost(files(), false), '/app/app/api/b/route.ts');
    assert.ok(second.findings.some((f) => f.file === '/app/lib/deep/handle.ts'), 'the leak is placed in the helper 2 re-exports away');
    assert.deepEqual(plain(second), plain(fresh));
    assert.deepEqual(second.dependencies, ['/app/lib/deep/handle.ts', '/app/lib/errors.ts', '/app/lib/index.ts']);
    assert.deepEqual(first.dependencies, second.dependencies);
    assert.ok(afterFirst >= 3, `the first analysis walks the chain (${afterFirst} resolutions)`);
    assert.equal(snap.resolves - afterFirst, 1, 'the second resolves its own import only');
  });

  it('is not used without a snapshot: an edited helper is seen by the next analysis', () => {
    const texts = files();
    const live = new CountingHost(texts, false);
    assert.ok(analyse(live, '/app/app/api/a/route.ts').findings.some((f) => f.file === '/app/lib/deep/handle.ts'));
    texts.set('/app/lib/deep/handle.ts', `export function handleApiError(error: unknown) {\n  return Response.json({ error: 'x' }, { status: 500 })\n}\n`);
    const again = analyse(live, '/app/app/api/b/route.ts');
    assert.deepEqual(again.findings.filter((f) => f.file === '/app/lib/deep/handle.ts'), []);
    assert.ok(live.resolves >= 6, 'the chain is walked again');
  });
});
