import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorsFromMcp, locateMessage, parseDevLog, parseDevOutput, parseStack, resolveFrameFile } from '../../../src/core/http/serverErrors';

describe('http/serverErrors: stacks mapped to workspace files', () => {
  let root: string;
  let route: string;
  before(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-errs-'));
    root = path.join(base, 'apps', 'web');
    route = path.join(root, 'app', 'api', 'boom', 'route.ts');
    fs.mkdirSync(path.dirname(route), { recursive: true });
    fs.writeFileSync(route, "function explode(): never {\n  throw new TypeError('kaboom from the fixture');\n}\n\nexport function GET() {\n  explode();\n}\n");
  });
  after(() => fs.rmSync(path.dirname(path.dirname(root)), { recursive: true, force: true }));

  it('resolves relative, absolute, file://, webpack-internal and Turbopack [project] locations inside the app', () => {
    assert.equal(resolveFrameFile('app/api/boom/route.ts', root), route);
    assert.equal(resolveFrameFile(route, root), route);
    assert.equal(resolveFrameFile(`file://${route}`, root), route);
    assert.equal(resolveFrameFile('webpack-internal:///(rsc)/./app/api/boom/route.ts', root), route);
    assert.equal(resolveFrameFile('[project]/apps/web/app/api/boom/route.ts [app-route] (ecmascript)', root), route);
  });

  it('maps nothing outside the app, in node_modules or node internals, or missing', () => {
    assert.equal(resolveFrameFile('/etc/passwd', root), undefined);
    assert.equal(resolveFrameFile('../../../etc/passwd', root), undefined);
    assert.equal(resolveFrameFile('node_modules/next/dist/server/x.js', root), undefined);
    assert.equal(resolveFrameFile('node:internal/process/task_queues', root), undefined);
    assert.equal(resolveFrameFile('app/api/missing/route.ts', root), undefined);
  });

  it('parses V8 frames with and without function names, async frames, and flags internal ones', () => {
    const frames = parseStack(
      [
        'TypeError: kaboom',
        '    at explode (app/api/boom/route.ts:2:9)',
        '    at async GET (app/api/boom/route.ts:6:3)',
        '    at /abs/node_modules/next/dist/compiled/next-server/app-route.runtime.dev.js:6:1',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ].join('\n'),
      root,
    );
    assert.deepEqual(frames, [
      { fn: 'explode', raw: 'app/api/boom/route.ts', line: 2, column: 9, internal: false, file: route },
      { fn: 'GET', raw: 'app/api/boom/route.ts', line: 6, column: 3, internal: false, file: route },
      { raw: '/abs/node_modules/next/dist/compiled/next-server/app-route.runtime.dev.js', line: 6, column: 1, internal: true },
      { fn: 'process.processTicksAndRejections', raw: 'node:internal/process/task_queues', line: 95, column: 5, internal: true },
    ]);
  });

  it("parses next dev's terminal output: the ⨯ headline, its frames and the location of the first workspace frame", () => {
    const out = [
      '\u001b[31m⨯\u001b[39m TypeError: kaboom from the fixture',
      '    at explode (app/api/boom/route.ts:2:9)',
      '    at GET (app/api/boom/route.ts:6:3)',
      '  1 | function explode(): never {',
      "> 2 |   throw new TypeError('kaboom from the fixture');",
      ' GET /api/boom 500 in 477ms',
    ].join('\n');
    const errors = parseDevOutput(out, root);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].name, 'TypeError');
    assert.equal(errors[0].message, 'kaboom from the fixture');
    assert.equal(errors[0].frames.length, 2);
    assert.deepEqual(errors[0].location, { file: route, line: 2, column: 9, how: 'stack' });
  });

  it('reads the dev log JSON lines, skipping a partial last line', () => {
    const entries = parseDevLog('{"timestamp":"00:00:01.2","source":"Server","level":"LOG","message":""}\n{"timestamp":"00:00:10.5","source":"Server","level":"ERROR","message":"⨯ TypeError: kaboom"}\n{"timest');
    assert.deepEqual(entries.map((e) => e.level), ['LOG', 'ERROR']);
  });

  it('locates a thrown message in the route file when there is no stack, only when found exactly once', () => {
    assert.deepEqual(locateMessage(route, 'kaboom from the fixture'), { file: route, line: 2, column: 3, how: 'message' });
    assert.equal(locateMessage(route, 'not in the file'), undefined);
    assert.equal(locateMessage(route, 'e'), undefined);
    assert.equal(locateMessage(path.join(root, 'nope.ts'), 'kaboom'), undefined);
  });

  it('turns a get_errors payload into errors with frames (config errors, build errors, runtime errors)', () => {
    const errs = errorsFromMcp(
      {
        configErrors: [{ name: 'Error', message: 'Invalid next.config', stack: null }],
        sessionErrors: [
          {
            url: '/',
            buildError: 'Module not found: x',
            runtimeErrors: [{ type: 'runtime', errorName: 'TypeError', message: 'boom', stack: [{ file: 'app/api/boom/route.ts', methodName: 'GET', line: 6, column: 3 }] }],
          },
        ],
      },
      root,
    );
    assert.deepEqual(errs.map((e) => [e.name, e.message]), [['Error', 'Invalid next.config'], ['Build error', 'Module not found: x'], ['TypeError', 'boom']]);
    assert.deepEqual(errs[2].location, { file: route, line: 6, column: 3, how: 'stack' });
  });
});
