// `bff-routes/eslint`: the engine's per-file rules as an ESLint 9 plugin, for teams that lint in their editor
// and CI with ESLint and eslint-config-next (Next.js 16 has no `next lint`).
// - The rules parse the file's text with the engine's own parser (the bundled TypeScript), whichever parser the
//   config sets: they never depend on espree, typescript-eslint or babel's tree. One analysis per file is shared
//   by every rule (cached on the SourceCode object).
// - Safe fixes (the engine's preferred fixes) are ESLint `fix`es; the others are `suggest`ions. Edits of another
//   file are left out (ESLint edits only the linted file).
// - `// bff-routes-disable-next-line <rule>` keeps working (the engine applies it), and so does ESLint's own
//   `// eslint-disable-next-line bff-routes/<rule>`.
// - A file that is not a route, proxy/middleware or pages/api file gets nothing; the analysis never throws.
// - route-page-conflict and middleware-and-proxy are about several files of an app: `bff-routes lint` and the
//   editor report them; ESLint lints one file at a time.
import * as path from 'node:path';
import { analyzeSource, FILE_RULES } from './core/analysis';
import { isAnalyzableFile } from './core/analysis/files';
import { docsUrlOf, type Finding, type RuleId, type TextEdit } from './core/analysis/types';
import { describeNextApp, type NextApp } from './core/project/nextApps';

// The few ESLint types used, declared here: the plugin bundle must not depend on ESLint at run time.
interface Fixer {
  replaceTextRange(range: [number, number], text: string): unknown;
}
interface Loc {
  line: number;
  column: number;
}
interface SourceCode {
  text: string;
  getLocFromIndex(index: number): Loc;
}
interface RuleContext {
  filename: string;
  sourceCode: SourceCode;
  report(d: {
    messageId: string;
    data: Record<string, string>;
    loc: { start: Loc; end: Loc };
    fix?: (fixer: Fixer) => unknown[];
    suggest?: Array<{ messageId: string; data: Record<string, string>; fix: (fixer: Fixer) => unknown[] }>;
  }): void;
}
interface RuleModule {
  meta: {
    type: 'problem';
    docs: { description: string; recommended: boolean; url: string };
    fixable?: 'code';
    hasSuggestions: boolean;
    messages: Record<string, string>;
    schema: [];
  };
  create(context: RuleContext): Record<string, () => void>;
}

const PLUGIN = 'bff-routes';

/** The findings of one file, computed once for all rules (keyed by the SourceCode object ESLint builds per lint). */
const analyses = new WeakMap<SourceCode, Finding[]>();

/** The Next.js app a file belongs to, by walking up to the folder that has its package.json or next.config.*. */
const appOfDir = new Map<string, NextApp | null>();
function appFor(file: string): NextApp | undefined {
  const seen: string[] = [];
  let dir = path.dirname(file);
  let found: NextApp | null | undefined;
  for (let i = 0; i < 64 && found === undefined; i++) {
    found = appOfDir.get(dir);
    if (found !== undefined) break;
    seen.push(dir);
    found = describeNextApp(dir) ?? undefined;
    const parent = path.dirname(dir);
    if (found === undefined && parent === dir) found = null;
    dir = parent;
  }
  for (const d of seen) appOfDir.set(d, found ?? null);
  return found ?? undefined;
}

function findingsOf(context: RuleContext): Finding[] {
  const source = context.sourceCode;
  let findings = analyses.get(source);
  if (findings) return findings;
  findings = [];
  const file = path.resolve(context.filename);
  const app = appFor(file);
  const appRoots = app ? [app.root] : undefined;
  if (isAnalyzableFile(file, appRoots)) {
    try {
      findings = analyzeSource({ file, text: source.text }, { nextMajor: app?.nextMajor, appRoots }).findings;
    } catch {
      findings = []; // the engine does not throw; if it ever did, ESLint must still finish the file
    }
  }
  analyses.set(source, findings);
  return findings;
}

function editsOf(finding: Finding, edits: readonly TextEdit[]): ((fixer: Fixer) => unknown[]) | undefined {
  if (edits.some((e) => e.file !== undefined && e.file !== finding.file)) return undefined;
  return (fixer) => edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.newText));
}

function ruleFor(id: RuleId, description: string): RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description, recommended: true, url: docsUrlOf(id) },
      fixable: 'code',
      hasSuggestions: true,
      messages: { finding: '{{message}}', suggestion: '{{title}}' },
      schema: [],
    },
    create(context) {
      return {
        Program() {
          for (const f of findingsOf(context)) {
            if (f.ruleId !== id) continue;
            const preferred = f.fixes.find((x) => x.isPreferred && editsOf(f, x.edits));
            const suggest = f.fixes
              .filter((x) => x !== preferred && editsOf(f, x.edits))
              .map((x) => ({ messageId: 'suggestion', data: { title: x.title }, fix: editsOf(f, x.edits)! }));
            context.report({
              messageId: 'finding',
              data: { message: f.message },
              loc: { start: context.sourceCode.getLocFromIndex(f.span.start), end: context.sourceCode.getLocFromIndex(f.span.end) },
              ...(preferred ? { fix: editsOf(f, preferred.edits) } : {}),
              ...(suggest.length > 0 ? { suggest } : {}),
            });
          }
        },
      };
    },
  };
}

const rules: Record<string, RuleModule> = Object.fromEntries(FILE_RULES.map((r) => [r.meta.id, ruleFor(r.meta.id, r.meta.description)]));

const SOURCE = '{js,jsx,ts,tsx,mjs,mts,cjs,cts}';

/** The files the rules are for: route handlers, proxy/middleware, pages/api (at an app root or in src/). */
export const RECOMMENDED_FILES = [`**/app/**/route.${SOURCE}`, `**/pages/api/**/*.${SOURCE}`, `**/proxy.${SOURCE}`, `**/middleware.${SOURCE}`];

/** Set by esbuild from package.json (esbuild.js); the tests run the unbundled source. */
declare const BFF_ROUTES_VERSION: string | undefined;

const plugin = {
  meta: { name: PLUGIN, version: typeof BFF_ROUTES_VERSION === 'string' ? BFF_ROUTES_VERSION : 'dev' },
  rules,
  configs: {} as Record<string, unknown>,
};

plugin.configs.recommended = {
  name: `${PLUGIN}/recommended`,
  files: RECOMMENDED_FILES,
  plugins: { [PLUGIN]: plugin },
  rules: Object.fromEntries(FILE_RULES.map((r) => [`${PLUGIN}/${r.meta.id}`, r.meta.defaultSeverity === 'error' ? 'error' : 'warn'])),
};

// The bundle replaces module.exports with this object (esbuild.js), so `import plugin from 'bff-routes/eslint'`
// and `require('bff-routes/eslint')` both get the plugin.
export default plugin;
