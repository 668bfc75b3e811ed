// Reports of a suite run: JUnit XML (what CI systems show as test results) and JSON, plus the terminal text.
import type { RequestResult } from './run';

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry are dropped
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function failureText(r: RequestResult): string {
  if (r.error) return r.error;
  const parts = r.assertions.filter((a) => !a.passed).map((a) => `${a.text}  (line ${a.line})\n${(a.message ?? '').split('\n').map((l) => `  ${l}`).join('\n')}`);
  if (r.bodyExcerpt) parts.push(`response body (${r.status}):\n  ${r.bodyExcerpt.split('\n').join('\n  ')}`);
  return parts.join('\n');
}

export function junitXml(results: readonly RequestResult[], seconds: number): string {
  const byFile = new Map<string, RequestResult[]>();
  for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const failures = results.filter((r) => !r.passed && !r.error).length;
  const errors = results.filter((r) => r.error).length;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="bff-routes test" tests="${results.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">`];
  for (const [file, list] of byFile) {
    const f = list.filter((r) => !r.passed && !r.error).length;
    const e = list.filter((r) => r.error).length;
    const t = list.reduce((s, r) => s + (r.durationMs ?? 0), 0) / 1000;
    out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${f}" errors="${e}" time="${t.toFixed(3)}">`);
    for (const r of list) {
      const name = `${r.name}${r.name.startsWith(r.method) ? '' : ` (${r.method} ${r.url})`}`;
      out.push(`    <testcase classname="${xml(file)}" name="${xml(name)}" file="${xml(file)}" line="${r.line}" time="${((r.durationMs ?? 0) / 1000).toFixed(3)}">`);
      if (r.error) out.push(`      <error message="${xml(r.error.split('\n')[0])}">${xml(r.error)}</error>`);
      else if (!r.passed) {
        const first = r.assertions.find((a) => !a.passed);
        out.push(`      <failure message="${xml(first ? first.text : 'failed')}">${xml(failureText(r))}</failure>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

export function jsonReport(results: readonly RequestResult[], seconds: number, baseUrl: string): string {
  const passed = results.filter((r) => r.passed).length;
  return `${JSON.stringify({ baseUrl, summary: { total: results.length, passed, failed: results.length - passed, seconds: Number(seconds.toFixed(3)) }, results }, null, 2)}\n`;
}

export function resultLine(r: RequestResult): string {
  const head = `  ${r.passed ? '✓' : '✗'} ${r.name}${r.name.startsWith(r.method) ? '' : `  ${r.method} ${r.url}`}${r.status !== undefined ? `  ${r.status}` : ''}${r.durationMs !== undefined ? `  ${r.durationMs} ms` : ''}`;
  if (r.passed) return `${head}\n`;
  return `${head}\n${failureText(r).split('\n').map((l) => `      ${l}`).join('\n')}\n`;
}
