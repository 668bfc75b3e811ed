import * as assert from 'node:assert/strict';
import { analyzeSource, FEEDS_MESSAGE, mergeFindings } from '../../../src/core/analysis/index';
import { only } from './harness';
import { MapModuleHost } from '../../support/mapModuleHost';
import { projectSuite, ROUTE, runProject } from './projectHarness';

/** A route whose catch hands the error to `call` (an expression using `error`). */
const route = (imports: string, call: string, file = ROUTE): Record<string, string> => ({
  [file]: `${imports}\nexport async function GET() {\n  try {\n    return Response.json(await (await fetch('https://example.com')).json())\n  } catch (error) {\n    ${call}\n  }\n}\n`,
});

const HANDLE = `import { NextResponse } from 'next/server'
export function handleApiError(error: unknown) {
  console.error(error)
  const message = error instanceof Error ? error.message : 'Unknown error'
  return NextResponse.json(⟦{ error: message }⟧, { status: 500 })
}
`;
const HANDLE_CLEAN = `import { NextResponse } from 'next/server'
export function handleApiError(error: unknown) {
  console.error(error)
  return NextResponse.json({ error: 'Internal Server Error' }, { status: 500 })
}
`;

projectSuite('leaked-error-message', {
  positive: [
    ['a helper imported through the @/ alias that answers the message', { files: { ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'), '/app/lib/api-error.ts': HANDLE } }],
    ['a relative import of a .js helper', { files: { ...route(`import { handleApiError } from '../../../lib/api-error.js'`, 'return handleApiError(error)'), '/app/lib/api-error.js': HANDLE.replace('error: unknown', 'error') } }],
    ['through a re-export chain (export *, export { default as … } from)', {
      files: {
        ...route(`import { handleApiError } from '@/lib'`, 'return handleApiError(error)'),
        '/app/lib/index.ts': `export * from './errors'\nexport const VERSION = 1\n`,
        '/app/lib/errors/index.ts': `export { default as handleApiError } from './handle'\n`,
        '/app/lib/errors/handle.ts': `export default function (e: unknown) {\n  return Response.json(⟦{ error: String(e) }⟧, { status: 500 })\n}\n`,
      },
    }],
    ['an aliased import of a helper imported and re-exported by name', {
      files: {
        ...route(`import { fail as onError } from '@/lib/http'`, 'return onError(error)'),
        '/app/lib/http.ts': `import { handleApiError } from './api-error'\nexport { handleApiError as fail }\n`,
        '/app/lib/api-error.ts': HANDLE,
      },
    }],
    ['a namespace import', { files: { ...route(`import * as api from '@/lib/api-error'`, 'return api.handleApiError(error)'), '/app/lib/api-error.ts': HANDLE } }],
    ['a function held in an exported object', {
      files: {
        ...route(`import { responses } from '@/lib/responses'`, 'return responses.serverError(error)'),
        '/app/lib/responses.ts': `export const responses = {\n  badRequest(msg: string) { return Response.json({ error: msg }, { status: 400 }) },\n  serverError: (e: unknown) => new Response(⟦(e as Error).stack⟧, { status: 500 }),\n}\n`,
      },
    }],
    ['a helper in a workspace package', {
      files: { ...route(`import { handleApiError } from '@acme/api-utils'`, 'return handleApiError(error)'), '/repo/packages/api-utils/src/index.ts': HANDLE },
      host: { packages: { '@acme/api-utils': '/repo/packages/api-utils/src/index.ts' } },
    }],
    ['the route builds the response from what an imported helper returns', {
      files: {
        ...route(`import { describeError } from '@/lib/errors'`, 'return Response.json(⟦{ error: describeError(error) }⟧, { status: 502 })'),
        '/app/lib/errors.ts': `export function describeError(e: unknown): string {\n  return e instanceof Error ? e.message : String(e)\n}\n`,
      },
    }],
    ['the route passes the message to a helper that sends its argument', {
      files: {
        ...route(`import { jsonError } from '@/lib/json'`, 'return jsonError(⟦(error as Error).message⟧)'),
        '/app/lib/json.ts': `export const jsonError = (message: string) => Response.json({ error: message }, { status: 500 })\n`,
      },
    }],
    ['a wrapper whose own catch answers the message (reported once, in the wrapper)', {
      files: {
        [ROUTE]: `import { withCron } from '@/lib/cron'\nexport const GET = withCron(async () => {\n  await fetch('https://example.com/sync')\n  return Response.json({ ok: true })\n})\n`,
        '/app/lib/cron.ts': `import { NextResponse } from 'next/server'\nexport function withCron(handler: (req: Request) => Promise<Response>) {\n  return async (req: Request) => {\n    try {\n      return await handler(req)\n    } catch (error) {\n      return NextResponse.json(⟦{ error: (error as Error).message }⟧, { status: 500 })\n    }\n  }\n}\n`,
      },
    }],
    ['a caught message re-wrapped into the app\'s imported error class (reported at the re-wrap)', {
      files: {
        ...route(`import { ApiError } from '@/lib/errors'`, 'throw new ApiError(⟦{ message: (error as Error).message }⟧)'),
        '/app/lib/errors.ts': `export class ApiError extends Error {\n  constructor(readonly init: { message: string; status?: number }) { super(init.message) }\n}\n`,
      },
    }],
    ['a helper module with syntax errors elsewhere: what parses is still read', {
      files: { ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'), '/app/lib/api-error.ts': `${HANDLE}\nexport function broken( {\n  return if while\n` },
    }],
    ['an import cycle between helper modules', {
      files: {
        ...route(`import { handleApiError } from '@/lib/a'`, 'return handleApiError(error)'),
        '/app/lib/a.ts': `export * from './b'\nexport { handleApiError } from './api-error'\n`,
        '/app/lib/b.ts': `export * from './a'\n`,
        '/app/lib/api-error.ts': HANDLE,
      },
    }],
    // A helper's own call into a third module: the imported function returns the error's message, the helper sends it.
    ['a helper that sends what a third module makes of the error (describeError returns its message)', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `import { NextResponse } from 'next/server'\nimport { describeError } from './format'\nexport function handleApiError(error: unknown) {\n  console.error(error)\n  return NextResponse.json(⟦{ error: describeError(error) }⟧, { status: 500 })\n}\n`,
        '/app/lib/format.ts': `export function describeError(e: unknown): string {\n  return e instanceof Error ? e.message : String(e)\n}\n`,
      },
    }],
    ['a helper that hands the error to a third module\'s function, which sends its message (reported where it sends)', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `import { jsonError } from './respond'\nexport function handleApiError(error: unknown) {\n  console.error(error)\n  return jsonError(500, error)\n}\n`,
        '/app/lib/respond.ts': `import { NextResponse } from 'next/server'\nexport function jsonError(status: number, e: unknown) {\n  const message = e instanceof Error ? e.message : 'Unknown error'\n  return NextResponse.json(⟦{ error: message }⟧, { status })\n}\n`,
      },
    }],
    ['the route sends what an imported helper returns through a third module', {
      files: {
        ...route(`import { toClient } from '@/lib/errors'`, 'return Response.json(⟦{ error: toClient(error) }⟧, { status: 500 })'),
        '/app/lib/errors.ts': `import { describeError } from './format'\nexport function toClient(e: unknown) {\n  return { reason: describeError(e) }\n}\n`,
        '/app/lib/format.ts': `export const describeError = (e: unknown): string => (e instanceof Error ? e.message : 'unknown')\n`,
      },
    }],
    ['two modules away, through a namespace import and a re-export', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `import * as fmt from './format'\nexport function handleApiError(error: unknown) {\n  const text = fmt.describe(error)\n  return new Response(⟦text⟧, { status: 500 })\n}\n`,
        '/app/lib/format.ts': `export { describe } from './describe'\n`,
        '/app/lib/describe.ts': `import { stackOf } from './stack'\nexport function describe(e: unknown): string {\n  return stackOf(e)\n}\n`,
        '/app/lib/stack.ts': `export function stackOf(e: unknown): string {\n  return e instanceof Error ? String(e.stack) : 'unknown'\n}\n`,
      },
    }],
  ],
  negative: [
    // The third module's function does not return what it is given: nothing leaks.
    ['a helper whose third-module call logs the error and returns a constant', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `import { NextResponse } from 'next/server'\nimport { logError } from './log'\nexport function handleApiError(error: unknown) {\n  return NextResponse.json({ error: logError(error) }, { status: 500 })\n}\n`,
        '/app/lib/log.ts': `export function logError(e: unknown): string {\n  console.error(e)\n  return 'Internal Server Error'\n}\n`,
      },
    }],
    ['a helper that hands a constant to a third module\'s sender, and only logs the error', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `import { jsonError } from './respond'\nexport function handleApiError(error: unknown) {\n  console.error(error)\n  return jsonError(500, new Error('Internal Server Error'))\n}\n`,
        '/app/lib/respond.ts': `import { NextResponse } from 'next/server'\nexport function jsonError(status: number, e: unknown) {\n  const message = e instanceof Error ? e.message : 'Unknown error'\n  return NextResponse.json({ error: message }, { status })\n}\n`,
      },
    }],
    ['imported helpers that call each other in a cycle, none reaching the error', {
      files: {
        ...route(`import { a } from '@/lib/a'`, 'return Response.json({ error: a(error) }, { status: 500 })'),
        '/app/lib/a.ts': `import { b } from './b'\nexport function a(e: unknown): string {\n  return b(e) ? 'failed' : 'failed'\n}\n`,
        '/app/lib/b.ts': `import { a } from './a'\nexport function b(e: unknown): boolean {\n  return a(e).length > 100\n}\n`,
      },
    }],
    ['a helper that logs and answers a constant', { files: { ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'), '/app/lib/api-error.ts': HANDLE_CLEAN } }],
    ['a helper that sends only the error\'s name and status', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `export function handleApiError(e: unknown) {\n  const err = e as { name?: string; status?: number }\n  return Response.json({ kind: err.name }, { status: err.status ?? 500 })\n}\n`,
      },
    }],
    ['an unresolvable import', { files: route(`import { handleApiError } from '@/lib/missing'`, 'return handleApiError(error)') }],
    ['a bare package outside the workspace', { files: route(`import { handleApiError } from 'some-package'`, 'return handleApiError(error)') }],
    ['a 5 MB helper (the host does not return it)', {
      files: { ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'), '/app/lib/api-error.ts': `${HANDLE.replace(/[⟦⟧]/g, '')}\n//${'x'.repeat(5 * 1024 * 1024)}\n` },
    }],
    ['the message of an imported app error class (the app\'s deliberate client message)', {
      files: {
        ...route(`import { ApiError } from '@/lib/errors'`, 'if (error instanceof ApiError) return Response.json({ error: error.message }, { status: error.status })\n    return Response.json({ error: \'Internal Server Error\' }, { status: 500 })'),
        '/app/lib/errors.ts': `export class ApiError extends Error {\n  status = 400\n}\n`,
      },
    }],
    ['a helper that answers the message only for the app\'s own error class', {
      files: {
        ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
        '/app/lib/api-error.ts': `export class HttpError extends Error {\n  status = 400\n}\nexport function handleApiError(e: unknown) {\n  if (e instanceof HttpError) return Response.json({ error: e.message }, { status: e.status })\n  return Response.json({ error: 'Internal Server Error' }, { status: 500 })\n}\n`,
      },
    }],
    ['a helper that sends its argument, given a constant', {
      files: {
        ...route(`import { jsonError } from '@/lib/json'`, `console.error(error)\n    return jsonError('Upstream failed')`),
        '/app/lib/json.ts': `export const jsonError = (message: string) => Response.json({ error: message }, { status: 500 })\n`,
      },
    }],
    ['a wrapper whose catch answers a constant', {
      files: {
        [ROUTE]: `import { withCron } from '@/lib/cron'\nexport const GET = withCron(async () => Response.json({ ok: true }))\n`,
        '/app/lib/cron.ts': `export function withCron(handler: (req: Request) => Promise<Response>) {\n  return async (req: Request) => {\n    try {\n      return await handler(req)\n    } catch (error) {\n      console.error(error)\n      return Response.json({ error: 'Cron failed' }, { status: 500 })\n    }\n  }\n}\n`,
      },
    }],
    ['a re-wrap into a class that is not the app\'s (a library error)', {
      files: route(`import { TRPCError } from '@trpc/server'`, `throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: (error as Error).message })`),
    }],
  ],
});

describe('leaked-error-message across files: where and how a helper finding is reported', () => {
  const files = {
    ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)'),
    ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)', '/app/app/api/y/route.ts'),
    '/app/lib/api-error.ts': HANDLE,
  };

  it('two routes feeding one helper give one finding, in the helper, with both call sites', () => {
    const a = runProject('leaked-error-message', { files });
    const b = runProject('leaked-error-message', { files, entry: '/app/app/api/y/route.ts' });
    const merged = mergeFindings([...a.analysis.findings, ...b.analysis.findings]);
    assert.equal(merged.length, 1);
    const f = merged[0];
    assert.equal(f.file, '/app/lib/api-error.ts');
    const feeds = f.related.filter((r) => r.message.startsWith(FEEDS_MESSAGE));
    assert.deepEqual(feeds.map((r) => r.file), [ROUTE, '/app/app/api/y/route.ts']);
    assert.match(f.message, /Reached from 2 call sites: app\/api\/x\/route\.ts, app\/api\/y\/route\.ts\.$/);
    // the quick fix edits the helper
    assert.ok(f.fixes.length > 0 && f.fixes.every((fix) => fix.edits.every((e) => e.file === '/app/lib/api-error.ts')));
  });

  it('names the first three feeding files and counts the rest', () => {
    const findings = [];
    for (let i = 0; i < 5; i++) {
      const file = `/app/app/api/r${i}/route.ts`;
      findings.push(...runProject('leaked-error-message', { files: { ...files, ...route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)', file) }, entry: file }).analysis.findings);
    }
    const merged = mergeFindings(findings);
    assert.equal(merged.length, 1);
    assert.match(merged[0].message, /Reached from 5 call sites: app\/api\/r0\/route\.ts, app\/api\/r1\/route\.ts, app\/api\/r2\/route\.ts and 2 more files\.$/);
  });

  it('lists the modules it read as dependencies, the unreadable ones too', () => {
    const run = runProject('leaked-error-message', {
      files: {
        ...route(`import { handleApiError } from '@/lib'\nimport { big } from '@/lib/big'`, 'big(error)\n    return handleApiError(error)'),
        '/app/lib/index.ts': `export * from './api-error'\n`,
        '/app/lib/api-error.ts': HANDLE,
        '/app/lib/big.ts': `export function big(e: unknown) {}\n//${'x'.repeat(5 * 1024 * 1024)}\n`,
      },
    });
    assert.deepEqual(run.analysis.dependencies, ['/app/lib/api-error.ts', '/app/lib/big.ts', '/app/lib/index.ts']);
  });

  it('without a ModuleHost the analysis stops at the file\'s edge (no finding, no dependency)', () => {
    const text = route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)')[ROUTE];
    const r = analyzeSource({ file: ROUTE, text }, { rules: only('leaked-error-message') });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.dependencies, []);
  });

  it('a host that throws costs only the import it was asked about', () => {
    const text = route(`import { handleApiError } from '@/lib/api-error'`, 'return handleApiError(error)')[ROUTE];
    const host = new MapModuleHost(new Map());
    host.resolve = () => {
      throw new Error('boom');
    };
    const errors: unknown[] = [];
    const r = analyzeSource({ file: ROUTE, text }, { rules: only('leaked-error-message'), modules: host, onInternalError: (_i, e) => errors.push(e) });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(errors, []);
  });
});
