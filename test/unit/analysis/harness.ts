// Shared test helpers: write a case with the expected ranges between ⟦ and ⟧, run one rule, compare exactly;
// apply each fix and check the result is clean under the rule and adds no type error (TypeScript in memory,
// lib.dom for Request/Response, a small `next/server` declaration).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { analyzeSource, positionAt, RULE_IDS, type Finding, type Fix, type RuleId, type SeveritySetting } from '../../../src/core/analysis/index';

export function parseMarked(marked: string): { text: string; spans: Array<{ start: number; end: number }> } {
  const spans: Array<{ start: number; end: number }> = [];
  let text = '';
  const open: number[] = [];
  for (const ch of marked) {
    if (ch === '⟦') open.push(text.length);
    else if (ch === '⟧') spans.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, spans };
}

export function only(rule: RuleId): Partial<Record<RuleId, SeveritySetting>> {
  return Object.fromEntries(RULE_IDS.map((id) => [id, id === rule ? 'warning' : 'off'])) as Partial<Record<RuleId, SeveritySetting>>;
}

export function run(rule: RuleId, text: string, file = '/app/app/api/x/route.ts', nextMajor?: number): Finding[] {
  const errors: unknown[] = [];
  const { findings } = analyzeSource({ file, text }, { rules: only(rule), nextMajor, onInternalError: (_id, e) => errors.push(e) });
  assert.deepEqual(errors, [], 'the rule threw internally');
  return findings;
}

function where(text: string, s: { start: number; end: number }): string {
  const p = positionAt(text, s.start);
  return `${p.line + 1}:${p.character + 1} \`${text.slice(s.start, s.end)}\``;
}

/** The findings are exactly the marked ranges (line, column and length). */
export function expectMarked(rule: RuleId, marked: string, file?: string, nextMajor?: number): Finding[] {
  const { text, spans } = parseMarked(marked);
  const findings = run(rule, text, file, nextMajor);
  assert.deepEqual(findings.map((f) => where(text, f.span)), spans.map((s) => where(text, s)), `findings of ${rule}:\n${findings.map((f) => f.message).join('\n')}`);
  return findings;
}

export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const NEXT_SERVER = `
declare module 'next/server' {
  export class NextRequest extends Request { readonly nextUrl: URL; }
  export class NextResponse<T = unknown> extends Response {
    static json<J>(body: J, init?: ResponseInit): NextResponse<J>;
    static redirect(url: string | URL, init?: number | ResponseInit): NextResponse;
    static rewrite(destination: string | URL, init?: ResponseInit): NextResponse;
    static next(init?: ResponseInit): NextResponse;
  }
}
declare module 'next/navigation' { export function notFound(): never; export function redirect(url: string): never; }
declare module 'next' {
  export interface NextApiRequest { query: Record<string, string | string[]>; body: any; method?: string }
  export interface NextApiResponse<T = any> { status(code: number): NextApiResponse<T>; json(body: T): void; send(body: unknown): void; end(body?: unknown): void }
}
`;
const libDir = path.dirname(require.resolve('typescript'));
const libCache = new Map<string, ts.SourceFile>();

/** Semantic + syntactic errors of a route file checked with lib.dom and next/server declarations. */
export function typeErrors(text: string, fileName = '/app/route.ts'): string[] {
  const files = new Map<string, string>([[fileName, text], ['/next.d.ts', NEXT_SERVER]]);
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], strict: true, noEmit: true, types: [], skipLibCheck: true, allowJs: true, checkJs: true };
  const host: ts.CompilerHost = {
    getSourceFile: (name, lang) => {
      if (files.has(name)) return ts.createSourceFile(name, files.get(name)!, lang, true);
      const lib = path.join(libDir, path.basename(name));
      if (!libCache.has(lib) && fs.existsSync(lib)) libCache.set(lib, ts.createSourceFile(lib, fs.readFileSync(lib, 'utf8'), lang, true));
      return libCache.get(lib);
    },
    getDefaultLibFileName: () => path.join(libDir, 'lib.es2022.d.ts'),
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => files.has(f) || fs.existsSync(path.join(libDir, path.basename(f))),
    readFile: (f) => files.get(f),
    getDirectories: () => [],
  };
  const program = ts.createProgram([fileName, '/next.d.ts'], options, host);
  const sf = program.getSourceFile(fileName)!;
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * Applies every fix of every finding (one at a time): the result must not have that finding any more, and
 * must not add a type error. Returns how many fixes were checked.
 */
export function checkFixes(rule: RuleId, text: string, findings: Finding[], file = '/app/app/api/x/route.ts'): number {
  const before = new Set(typeErrors(text, file.replace(/^.*(\.[a-z]+)$/, '/app/route$1')));
  let n = 0;
  for (const f of findings) {
    for (const fix of f.fixes) {
      const fixed = applyFix(text, fix);
      const after = run(rule, fixed, file);
      const same = (t: string) => (a: Finding) => a.message === f.message && t.slice(a.span.start, a.span.end) === text.slice(f.span.start, f.span.end);
      const twinsBefore = findings.filter(same(text)).length;
      assert.ok(after.filter(same(fixed)).length < twinsBefore, `fix "${fix.title}" left the finding in:\n${fixed}`);
      assert.ok(after.length < run(rule, text, file).length, `fix "${fix.title}" did not reduce ${rule} findings:\n${fixed}\n${after.map((a) => a.message).join('\n')}`);
      const added = typeErrors(fixed, file.replace(/^.*(\.[a-z]+)$/, '/app/route$1')).filter((e) => !before.has(e));
      assert.deepEqual(added, [], `fix "${fix.title}" added type errors:\n${fixed}`);
      n++;
    }
  }
  return n;
}

export interface Cases {
  rule: RuleId;
  file?: string;
  positive: Array<[string, string]>;
  negative: Array<[string, string]>;
  /** Cases (by name) whose fixes are checked; all positives by default. */
}

/** Every rule's case list, as declared by ruleSuite: the ESLint plugin's RuleTester runs the same lists. */
export const RULE_CASES: Cases[] = [];

/** Declares the mocha cases for one rule: each positive asserts exact ranges and checks its fixes; negatives none. */
export function ruleSuite(c: Cases): void {
  RULE_CASES.push(c);
  describe(c.rule, () => {
    for (const [name, src] of c.positive) {
      it(`flags: ${name}`, () => {
        const findings = expectMarked(c.rule, src, c.file);
        assert.ok(findings.length > 0, 'a positive case must have a marked range');
        checkFixes(c.rule, parseMarked(src).text, findings, c.file);
      });
    }
    for (const [name, src] of c.negative) {
      it(`does not flag: ${name}`, () => {
        assert.ok(!src.includes('⟦'), 'negative cases have no markers');
        expectMarked(c.rule, src, c.file);
      });
    }
  });
}
