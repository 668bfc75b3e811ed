import * as assert from 'node:assert/strict';
import type * as Sarif from 'sarif';
import type { Finding } from '../../../src/core/analysis';
import { formatReport, Locator, printable, sortEntries, type LintReport } from '../../../src/core/report';
import { toSarif } from '../../../src/core/report/sarif';
import { validateSarif } from './sarifSchema';

const BASE = '/work/proj';
const ROUTE = `${BASE}/app/api/users/[id]/route.ts`;
const OTHER = `${BASE}/app/(shop)/api/cart/route.ts`;
const PAGE = `${BASE}/app/conflict/page.tsx`;
const ROUTE_TEXT = [
  'export async function POST(request: Request) {',
  '  const a = await request.json();',
  '  const b = await request.text();',
  '  return Response.json({ a, b });',
  '}',
  '',
].join('\n');
const OTHER_TEXT = 'export async function get() {\r\n  return new Response("🙂" + x);\r\n}\r\n';
const TEXTS = new Map([
  [ROUTE, ROUTE_TEXT],
  [OTHER, OTHER_TEXT],
]);

function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return { start: i, end: i + needle.length };
}

const findings: Finding[] = [
  {
    ruleId: 'double-body-read',
    message: 'The body is read twice.',
    file: ROUTE,
    span: at(ROUTE_TEXT, 'request.text()'),
    severity: 'error',
    related: [{ span: at(ROUTE_TEXT, 'request.json()'), message: 'First read here' }],
    fixes: [
      {
        title: 'Reuse the first read',
        isPreferred: true,
        edits: [{ start: at(ROUTE_TEXT, 'await request.text()').start, end: at(ROUTE_TEXT, 'await request.text()').end, newText: 'JSON.stringify(a)' }],
      },
    ],
  },
  {
    ruleId: 'lowercase-method-export',
    message: "'get' is not a route handler.",
    file: OTHER,
    span: at(OTHER_TEXT, 'get'),
    severity: 'warning',
    related: [],
    fixes: [{ title: "Rename to 'GET'", isPreferred: true, edits: [{ ...at(OTHER_TEXT, 'get'), newText: 'GET' }] }],
  },
  {
    ruleId: 'leaked-error-message',
    message: 'Leak.',
    file: OTHER,
    span: { start: at(OTHER_TEXT, '+ x').start + 2, end: at(OTHER_TEXT, '+ x').end },
    severity: 'info',
    related: [],
    fixes: [],
  },
  {
    ruleId: 'route-page-conflict',
    message: 'Conflict.',
    file: `${BASE}/app/conflict/route.ts`,
    span: { start: 0, end: 0 },
    severity: 'error',
    related: [{ file: PAGE, span: { start: 0, end: 0 }, message: 'The page' }],
    fixes: [],
  },
];

function report(list: Finding[] = findings): LintReport {
  const locator = new Locator(BASE, (f) => TEXTS.get(f));
  return {
    baseDir: BASE,
    entries: sortEntries(list.map((f) => locator.entry(f))),
    filesLinted: 7,
    tool: { name: 'bff-routes', version: '1.2.3', informationUri: 'https://github.com/bff-routes/bff-routes' },
    rules: [
      { id: 'leaked-error-message', defaultSeverity: 'warning', description: 'Leaks.', docsUrl: 'https://x/#leaked-error-message', effective: 'info' },
      { id: 'double-body-read', defaultSeverity: 'error', description: 'Double read.', docsUrl: 'https://x/#double-body-read', effective: 'error' },
      { id: 'lowercase-method-export', defaultSeverity: 'error', description: 'Lowercase.', docsUrl: 'https://x/#lowercase-method-export', effective: 'warning' },
      { id: 'route-page-conflict', defaultSeverity: 'error', description: 'Conflict.', docsUrl: 'https://x/#route-page-conflict', effective: 'error' },
      { id: 'missing-response', defaultSeverity: 'error', description: 'Missing.', docsUrl: 'https://x/#missing-response', effective: 'off' },
    ],
    notifications: [{ level: 'warning', message: '.vscode/settings.json: bffRoutes.rules: unknown rule id' }],
  };
}

describe('lint report', () => {
  describe('locating findings', () => {
    it('gives 1-based regions with an exclusive end column', () => {
      const e = new Locator(BASE, (f) => TEXTS.get(f)).entry(findings[0]);
      assert.deepEqual(e.location.region, { startLine: 3, startColumn: 19, endLine: 3, endColumn: 33 });
      assert.equal(e.location.relPath, 'app/api/users/[id]/route.ts');
      assert.deepEqual(e.related[0].region, { startLine: 2, startColumn: 19, endLine: 2, endColumn: 33 });
      assert.deepEqual(e.fixes[0].edits[0].region, { startLine: 3, startColumn: 13, endLine: 3, endColumn: 33 });
    });

    it('counts CRLF as one line break and columns in UTF-16 code units', () => {
      const e = new Locator(BASE, (f) => TEXTS.get(f)).entry(findings[2]);
      // line 2 is `  return new Response("🙂" + x);`: the emoji is two code units
      assert.deepEqual(e.location.region, { startLine: 2, startColumn: 30, endLine: 2, endColumn: 31 });
    });

    it('spans lines, clamps offsets past the end, and places unreadable files at 1:1', () => {
      const loc = new Locator(BASE, (f) => TEXTS.get(f));
      assert.deepEqual(loc.locate(ROUTE, { start: 0, end: ROUTE_TEXT.lastIndexOf('}') + 1 }).region, { startLine: 1, startColumn: 1, endLine: 5, endColumn: 2 });
      assert.deepEqual(loc.locate(ROUTE, { start: 10_000, end: 20_000 }).region, { startLine: 6, startColumn: 1, endLine: 6, endColumn: 1 });
      assert.deepEqual(loc.locate(PAGE, { start: 40, end: 50 }).region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    });

    it('sorts by path, then position', () => {
      assert.deepEqual(report().entries.map((e) => `${e.location.relPath}:${e.location.region.startLine}`), [
        'app/(shop)/api/cart/route.ts:1',
        'app/(shop)/api/cart/route.ts:2',
        'app/api/users/[id]/route.ts:3',
        'app/conflict/route.ts:1',
      ]);
    });
  });

  it('text: file:line:col  severity  rule-id  message, related indented, a summary', () => {
    assert.equal(
      formatReport(report(), 'text'),
      [
        "app/(shop)/api/cart/route.ts:1:23  warning  lowercase-method-export  'get' is not a route handler.",
        'app/(shop)/api/cart/route.ts:2:30  info     leaked-error-message  Leak.',
        'app/api/users/[id]/route.ts:3:19  error    double-body-read  The body is read twice.',
        '    app/api/users/[id]/route.ts:2:19  First read here',
        'app/conflict/route.ts:1:1  error    route-page-conflict  Conflict.',
        '    app/conflict/page.tsx:1:1  The page',
        '',
        '4 problems (2 errors, 1 warning, 1 info) in 7 files.',
        '2 of them have a quick fix in VS Code.',
        '',
      ].join('\n'),
    );
    assert.equal(formatReport(report([]), 'text'), 'No problems found in 7 files.\n');
  });

  it('json: summary, regions with offsets, docs links, fixes and notifications', () => {
    const out = JSON.parse(formatReport(report(), 'json')) as {
      version: number;
      summary: Record<string, number>;
      notifications: unknown[];
      findings: Array<Record<string, unknown> & { related: Array<Record<string, unknown>>; fixes: Array<{ edits: Array<Record<string, unknown>> }> }>;
    };
    assert.equal(out.version, 1);
    assert.deepEqual(out.summary, { files: 7, skipped: 0, problems: 4, errors: 2, warnings: 1, infos: 1 });
    assert.equal(out.notifications.length, 1);
    const dbr = out.findings.find((f) => f.ruleId === 'double-body-read')!;
    assert.deepEqual(
      { ...dbr, related: undefined, fixes: undefined },
      {
        ruleId: 'double-body-read', severity: 'error', message: 'The body is read twice.', file: 'app/api/users/[id]/route.ts',
        startLine: 3, startColumn: 19, endLine: 3, endColumn: 33, offset: findings[0].span.start, endOffset: findings[0].span.end,
        docsUrl: 'https://x/#double-body-read', related: undefined, fixes: undefined,
      },
    );
    assert.equal(dbr.related[0].message, 'First read here');
    assert.equal(dbr.fixes[0].edits[0].newText, 'JSON.stringify(a)');
    assert.equal(dbr.fixes[0].edits[0].file, 'app/api/users/[id]/route.ts');
  });

  describe('sarif', () => {
    it('validates against the SARIF 2.1.0 schema', () => {
      const log = JSON.parse(formatReport(report(), 'sarif')) as unknown;
      assert.deepEqual(validateSarif(log), []);
      assert.deepEqual(validateSarif(JSON.parse(formatReport(report([]), 'sarif'))), []);
    });

    it('the validator rejects a log that breaks the schema (it really validates)', () => {
      const log = toSarif(report()) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
      log.runs[0].results[0].level = 'fatal';
      delete (log as Record<string, unknown>).version;
      const errors = validateSarif(log);
      assert.ok(errors.some((e) => e.includes('version')), errors.join('\n'));
      assert.ok(errors.some((e) => e.includes('/runs/0/results/0/level')), errors.join('\n'));
    });

    it('describes every rule with help link and configured level, disabled rules disabled', () => {
      const run = toSarif(report()).runs[0];
      const rules = run.tool.driver.rules!;
      assert.deepEqual(rules.map((r) => [r.id, r.defaultConfiguration?.level, r.defaultConfiguration?.enabled]), [
        ['leaked-error-message', 'note', true],
        ['double-body-read', 'error', true],
        ['lowercase-method-export', 'warning', true],
        ['route-page-conflict', 'error', true],
        ['missing-response', 'error', false],
      ]);
      assert.equal(rules[1].helpUri, 'https://x/#double-body-read');
      assert.equal(rules[1].shortDescription?.text, 'Double read.');
      assert.deepEqual(rules[0].properties?.tags, ['nextjs', 'route-handler', 'security', 'external/cwe/cwe-209']);
      assert.equal(run.tool.driver.version, '1.2.3');
    });

    it('gives results relative, percent-encoded locations with 1-based regions, related locations and fixes', () => {
      const run = toSarif(report()).runs[0];
      assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/proj/' } });
      assert.equal(run.columnKind, 'utf16CodeUnits');
      const results = run.results!;
      const dbr = results.find((r) => r.ruleId === 'double-body-read')!;
      assert.equal(run.tool.driver.rules![dbr.ruleIndex!].id, 'double-body-read');
      assert.equal(dbr.level, 'error');
      assert.deepEqual(dbr.locations![0].physicalLocation, {
        artifactLocation: { uri: 'app/api/users/%5Bid%5D/route.ts', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 19, endLine: 3, endColumn: 33 },
      });
      assert.deepEqual(dbr.relatedLocations, [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'app/api/users/%5Bid%5D/route.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 19, endLine: 2, endColumn: 33 } },
          message: { text: 'First read here' },
        },
      ]);
      const fix: Sarif.Fix = dbr.fixes![0];
      assert.equal(fix.description?.text, 'Reuse the first read');
      assert.deepEqual(fix.artifactChanges[0].replacements[0], {
        deletedRegion: { startLine: 3, startColumn: 13, endLine: 3, endColumn: 33 },
        insertedContent: { text: 'JSON.stringify(a)' },
      });
      assert.equal(results.find((r) => r.ruleId === 'leaked-error-message')!.level, 'note');
      assert.equal(results.find((r) => r.ruleId === 'lowercase-method-export')!.locations![0].physicalLocation!.artifactLocation!.uri, 'app/(shop)/api/cart/route.ts');
      assert.deepEqual(run.invocations![0].toolExecutionNotifications, [{ level: 'warning', message: { text: '.vscode/settings.json: bffRoutes.rules: unknown rule id' } }]);
    });
  });

  describe('files that could not be analysed', () => {
    const skipped = (): LintReport => ({
      ...report(),
      skipped: [
        { file: `${BASE}/app/api/zero/route.ts`, relPath: 'app/api/zero/route.ts', reason: 'not a regular file (a character device)' },
        { file: `${BASE}/app/api/x\nGET http:/route.ts`, relPath: 'app/api/x\nGET http:/route.ts', reason: 'larger than 2 MB (the read cap)' },
      ],
    });

    it('text: lists each with its reason (control characters escaped) and says the run is incomplete', () => {
      const lines = formatReport(skipped(), 'text').split('\n');
      const at = lines.indexOf('Not analysed (2 files or folders):');
      assert.ok(at > 0, lines.join('\n'));
      assert.equal(lines[at + 1], '  app/api/zero/route.ts  not a regular file (a character device)');
      assert.equal(lines[at + 2], '  app/api/x\\nGET http:/route.ts  larger than 2 MB (the read cap)');
      assert.match(lines[lines.length - 3], /in 7 files; 2 files or folders not analysed\.$/);
      assert.equal(formatReport({ ...skipped(), entries: [], filesLinted: 0 }, 'text').trimEnd().split('\n').pop(), 'No problems found in 0 files; 2 files or folders not analysed.');
    });

    it('json: an error notification per file with its reason, counted in the summary', () => {
      const out = JSON.parse(formatReport(skipped(), 'json')) as { summary: Record<string, number>; notifications: Array<Record<string, string>> };
      assert.equal(out.summary.skipped, 2);
      assert.deepEqual(out.notifications.slice(1), [
        { level: 'error', message: 'app/api/zero/route.ts: not a regular file (a character device); not analysed', file: 'app/api/zero/route.ts', reason: 'not a regular file (a character device)' },
        { level: 'error', message: 'app/api/x\nGET http:/route.ts: larger than 2 MB (the read cap); not analysed', file: 'app/api/x\nGET http:/route.ts', reason: 'larger than 2 MB (the read cap)' },
      ]);
    });

    it('sarif: toolExecutionNotifications with the file, and executionSuccessful false', () => {
      const log = toSarif(skipped());
      assert.deepEqual(validateSarif(JSON.parse(JSON.stringify(log))), []);
      const inv = log.runs[0].invocations![0];
      assert.equal(inv.executionSuccessful, false);
      assert.deepEqual(inv.toolExecutionNotifications![1], {
        level: 'error',
        message: { text: 'app/api/zero/route.ts: not a regular file (a character device); not analysed' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'app/api/zero/route.ts', uriBaseId: '%SRCROOT%' } } }],
      });
      assert.equal(toSarif(report()).runs[0].invocations![0].executionSuccessful, true);
    });
  });

  it('text: a path holding a newline or a terminal escape cannot forge a line', () => {
    const odd = `${BASE}/app/a\n/x.ts:1:1  error  fake\u001b[2J/route.ts`;
    const locator = new Locator(BASE, () => ROUTE_TEXT);
    const entry = locator.entry({ ...findings[0], file: odd, related: [{ file: odd, span: { start: 0, end: 0 }, message: 'm\rn' }] });
    const out = formatReport({ ...report(), entries: [entry] }, 'text');
    const lines = out.split('\n');
    assert.equal(lines[0], 'app/a\\n/x.ts:1:1  error  fake\\x1b[2J/route.ts:3:19  error  double-body-read  The body is read twice.');
    assert.equal(lines[1], '    app/a\\n/x.ts:1:1  error  fake\\x1b[2J/route.ts:1:1  m\\rn');
    assert.ok(![...out].some((c) => c !== '\n' && c.charCodeAt(0) < 0x20), 'no control character but the line breaks');
    assert.equal(printable('a\u2028b\u0085c\td'), 'a\\u2028b\\x85c\\td');
  });
});
