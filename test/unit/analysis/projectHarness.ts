// Cases that span files: every file of a small project written with the expected ranges between ⟦ and ⟧ (in any
// file), one route analysed through a plain-data ModuleHost, the findings compared exactly (file, line, column,
// text), wherever they are placed.
import * as assert from 'node:assert/strict';
import { analyzeSource, positionAt, type AnalyzeOptions, type FileAnalysis, type Finding, type RuleId } from '../../../src/core/analysis/index';
import { MapModuleHost, type MapHostOptions } from '../../support/mapModuleHost';
import { only, parseMarked } from './harness';

export const ROUTE = '/app/app/api/x/route.ts';

/** parseMarked, skipped for a text without markers (a 5 MB helper). */
function marked(t: string): { text: string; spans: Array<{ start: number; end: number }> } {
  return t.includes('⟦') ? parseMarked(t) : { text: t, spans: [] };
}

export interface Project {
  /** Absolute path -> marked text. */
  files: Record<string, string>;
  /** The file analysed (ROUTE by default). */
  entry?: string;
  host?: MapHostOptions;
  options?: AnalyzeOptions;
}

export interface ProjectRun {
  analysis: FileAnalysis;
  texts: Map<string, string>;
  host: MapModuleHost;
}

export function runProject(rule: RuleId | undefined, p: Project): ProjectRun {
  const texts = new Map(Object.entries(p.files).map(([f, t]) => [f, marked(t).text]));
  const host = new MapModuleHost(texts, { alias: '/app', ...p.host });
  const entry = p.entry ?? ROUTE;
  const errors: unknown[] = [];
  const analysis = analyzeSource({ file: entry, text: texts.get(entry)! }, { ...(rule ? { rules: only(rule) } : {}), ...p.options, modules: host, onInternalError: (_id, e) => errors.push(e) });
  assert.deepEqual(errors, [], 'a rule threw internally');
  return { analysis, texts, host };
}

function where(texts: Map<string, string>, f: { file: string; span: { start: number; end: number } }): string {
  const text = texts.get(f.file) ?? '';
  const p = positionAt(text, f.span.start);
  return `${f.file}:${p.line + 1}:${p.character + 1} \`${text.slice(f.span.start, f.span.end)}\``;
}

/** The findings of `rule` are exactly the marked ranges of every file. */
export function expectProject(rule: RuleId, p: Project): Finding[] {
  const run = runProject(rule, p);
  const expected: string[] = [];
  for (const [file, t] of Object.entries(p.files)) for (const s of marked(t).spans) expected.push(where(run.texts, { file, span: s }));
  const actual = run.analysis.findings.map((f) => where(run.texts, f));
  assert.deepEqual(actual.sort(), expected.sort(), `findings of ${rule}:\n${run.analysis.findings.map((f) => f.message).join('\n')}`);
  return run.analysis.findings;
}

/** Declares the mocha cases of one rule across files: positives have marked ranges, negatives none. */
export function projectSuite(rule: RuleId, c: { positive: Array<[string, Project]>; negative: Array<[string, Project]> }): void {
  describe(`${rule} across files`, () => {
    for (const [name, p] of c.positive) {
      it(`flags: ${name}`, () => {
        assert.ok(Object.values(p.files).some((t) => t.includes('⟦')), 'a positive case must have a marked range');
        expectProject(rule, p);
      });
    }
    for (const [name, p] of c.negative) {
      it(`does not flag: ${name}`, () => {
        assert.ok(!Object.values(p.files).some((t) => t.includes('⟦')), 'negative cases have no markers');
        expectProject(rule, p);
      });
    }
  });
}
