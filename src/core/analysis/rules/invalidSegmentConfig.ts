// Route segment config exports (`dynamic`, `revalidate`…) are read at build time from the source: the value must
// be a literal of the right kind. A wrong `dynamic`/`fetchCache`/`dynamicParams` makes EVERY route of the app
// answer 500 in next dev; a wrong `revalidate`/`maxDuration` fails `next build`.
import { hasModifier, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import type { FileRule, RuleContext } from '../rule';
import type { Fix } from '../types';

const ENUMS: Record<string, readonly string[]> = {
  dynamic: ['auto', 'force-dynamic', 'error', 'force-static'],
  fetchCache: ['auto', 'default-cache', 'only-cache', 'force-cache', 'force-no-store', 'default-no-store', 'only-no-store'],
  runtime: ['nodejs', 'edge'],
};
const CONFIG_NAMES = new Set(['dynamic', 'fetchCache', 'runtime', 'dynamicParams', 'revalidate', 'maxDuration', 'preferredRegion']);

type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'strings'; value: string[] };

/** The value of a literal as Next's static reader sees it; undefined when it is not a static literal. */
function literalOf(e: ts.Expression): Literal | undefined {
  const u = unwrap(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return { kind: 'string', value: u.text };
  if (ts.isNumericLiteral(u)) return { kind: 'number', value: Number(u.text) };
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(u.operand)) return { kind: 'number', value: -Number(u.operand.text) };
  if (u.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'boolean', value: true };
  if (u.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'boolean', value: false };
  if (ts.isArrayLiteralExpression(u)) {
    const items: string[] = [];
    for (const el of u.elements) {
      const x = unwrap(el);
      if (!ts.isStringLiteral(x) && !ts.isNoSubstitutionTemplateLiteral(x)) return undefined;
      items.push(x.text);
    }
    return { kind: 'strings', value: items };
  }
  return undefined;
}

/** Evaluates constant arithmetic (`60 * 10`) so the fix can write the literal Next needs. */
function constantNumber(e: ts.Expression): number | undefined {
  const u = unwrap(e);
  if (ts.isNumericLiteral(u)) return Number(u.text);
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.MinusToken) {
    const v = constantNumber(u.operand);
    return v === undefined ? undefined : -v;
  }
  if (ts.isBinaryExpression(u)) {
    const a = constantNumber(u.left);
    const b = constantNumber(u.right);
    if (a === undefined || b === undefined) return undefined;
    switch (u.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return a + b;
      case ts.SyntaxKind.MinusToken: return a - b;
      case ts.SyntaxKind.AsteriskToken: return a * b;
      case ts.SyntaxKind.SlashToken: return b === 0 ? undefined : a / b;
      case ts.SyntaxKind.AsteriskAsteriskToken: return a ** b;
      default: return undefined;
    }
  }
  return undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function describe(lit: Literal | undefined, e: ts.Expression, sf: ts.SourceFile): string {
  if (!lit) return `\`${e.getText(sf).slice(0, 40)}\``;
  return lit.kind === 'string' ? `'${lit.value}'` : lit.kind === 'strings' ? `[${lit.value.map((v) => `'${v}'`).join(', ')}]` : String(lit.value);
}

function check(ctx: RuleContext, name: string, init: ts.Expression): void {
  const sf = ctx.sourceFile;
  const span = { start: init.getStart(sf), end: init.getEnd() };
  const lit = literalOf(init);
  const replace = (title: string, newText: string, isPreferred: boolean): Fix => ({ title, edits: [{ start: span.start, end: span.end, newText }], isPreferred });
  const report = (problem: string, fixes: Fix[] = []): void => ctx.report({ span, message: `Invalid route segment config \`${name}\`: ${problem}`, fixes });
  const notStatic = 'Next.js reads it from the source at build time, so it must be a literal (no variables, calls or arithmetic).';

  if (name in ENUMS) {
    const allowed = ENUMS[name];
    if (lit?.kind === 'string' && allowed.includes(lit.value)) return;
    if (name === 'runtime' && lit?.kind === 'string' && lit.value === 'experimental-edge') return;
    const fixes = [...allowed]
      .sort((a, b) => (lit?.kind === 'string' ? distance(lit.value, a) - distance(lit.value, b) : 0))
      .map((v) => replace(`Change to '${v}'`, `'${v}'`, false));
    report(lit ? `${describe(lit, init, sf)} is not one of ${allowed.map((v) => `'${v}'`).join(', ')}.` : `${describe(lit, init, sf)} is not a static literal. ${notStatic}`, fixes);
    return;
  }
  if (name === 'dynamicParams') {
    if (lit?.kind === 'boolean') return;
    const fixes = lit?.kind === 'string' && (lit.value === 'true' || lit.value === 'false') ? [replace(`Change to ${lit.value}`, lit.value, true)] : [replace('Change to true', 'true', false), replace('Change to false', 'false', false)];
    report(lit ? `${describe(lit, init, sf)} is not a boolean (true or false).` : `${describe(lit, init, sf)} is not a static literal. ${notStatic}`, fixes);
    return;
  }
  if (name === 'revalidate' || name === 'maxDuration') {
    const what = name === 'revalidate' ? 'false, 0 or a positive number of seconds' : 'a positive number of seconds';
    if (lit?.kind === 'number' && Number.isFinite(lit.value) && (name === 'revalidate' ? lit.value >= 0 : lit.value > 0)) return;
    if (name === 'revalidate' && lit?.kind === 'boolean' && lit.value === false) return;
    const fixes: Fix[] = [];
    const computed = lit ? undefined : constantNumber(init);
    const fromString = lit?.kind === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(lit.value) ? Number(lit.value) : undefined;
    const value = computed ?? fromString;
    if (value !== undefined && Number.isFinite(value) && value >= (name === 'revalidate' ? 0 : 1)) fixes.push(replace(`Change to ${value}`, String(value), true));
    report(lit ? `${describe(lit, init, sf)} is not ${what}.` : `${describe(lit, init, sf)} is not a static literal. ${notStatic}`, fixes);
    return;
  }
  if (name === 'preferredRegion') {
    if (lit?.kind === 'string' || lit?.kind === 'strings') return;
    report(lit ? `${describe(lit, init, sf)} is not a region name or a list of them ('auto', 'global', 'home' or region ids).` : `${describe(lit, init, sf)} is not a static literal. ${notStatic}`);
  }
}

export const invalidSegmentConfig: FileRule = {
  meta: {
    id: 'invalid-segment-config',
    defaultSeverity: 'error',
    description: 'A route segment config export has a value Next.js rejects or that is not a static literal.',
  },
  kinds: ['route'],
  // top-level statements only, read downwards: no walk needed
  check(ctx) {
    for (const st of ctx.sourceFile.statements) {
      if (!ts.isVariableStatement(st) || !hasModifier(st, ts.SyntaxKind.ExportKeyword)) continue;
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && CONFIG_NAMES.has(d.name.text) && d.initializer) check(ctx, d.name.text, d.initializer);
      }
    }
  },
};
