// `bff-routes/eslint`: the engine's rules as an ESLint 9 plugin, for teams that lint in their editor
// and CI with ESLint and eslint-config-next (Next.js 16 has no `next lint`).
// - The rules parse the file's text with the engine's own parser (the bundled TypeScript), whichever parser the
//   config sets: they never depend on espree, typescript-eslint or babel's tree. One analysis per file is shared
//   by every rule (cached on the SourceCode object).
// - Safe fixes (the engine's preferred fixes) are ESLint `fix`es; the others are `suggest`ions. Edits of another
//   file are left out (ESLint edits only the linted file).
// - `// bff-routes-disable-next-line <rule>` keeps working (the engine applies it), and so does ESLint's own
//   `// eslint-disable-next-line bff-routes/<rule>`.
// - A file that is not a route, proxy/middleware or pages/api file gets nothing; the analysis never throws.
// - route-page-conflict and middleware-and-proxy are about several files: linting a route (or a middleware) file,
//   the rule lists the few folders where the other half can be (the page folders answering the route's URL
//   through route groups and @slots, the Pages Router file of that URL; the app root and src/ beside a
//   middleware) and runs the engine's project rule over them, reporting what falls on the linted file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProjectFiles, analyzeSource, RULES } from './core/analysis';
import { fileKind, isAnalyzableFile, toPosix } from './core/analysis/files';
import { docsUrlOf, type Finding, type RuleId, type TextEdit } from './core/analysis/types';
import { readTextSync } from './core/fileRead';
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

/** The files in `dir` (names only, no reads); none when it cannot be listed. */
function filesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** At most this many folders are listed for one file (a tree of route groups is small; a hostile one is cut). */
const MAX_LISTED_DIRS = 500;

/**
 * The files that can answer `url` (its segments) in the App Router folder `appDir`: those of the folders whose
 * path, route groups and @slots left out, is that URL. Only folders on the way are listed (bounded).
 */
function appRouterPeers(appDir: string, url: readonly string[]): string[] {
  const out: string[] = [];
  const todo: Array<[string, number]> = [[appDir, 0]];
  for (let listed = 0; todo.length > 0 && listed < MAX_LISTED_DIRS; listed++) {
    const [dir, matched] = todo.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (!e.isDirectory()) {
        if (matched === url.length) out.push(p);
      } else if (isTransparent(e.name)) todo.push([p, matched]);
      else if (matched < url.length && e.name === url[matched]) todo.push([p, matched + 1]);
    }
  }
  return out;
}

/** A route group `(name)` or a parallel route `@slot`: folders that are not part of the URL. */
function isTransparent(segment: string): boolean {
  return (segment.startsWith('(') && segment.endsWith(')')) || segment.startsWith('@');
}

/**
 * What the project rules need to judge `file`: for a route file, the App Router folders answering its URL and
 * the Pages Router files of that URL (`pages/<url>.*`, `pages/<url>/index.*`, in src/ too); for a middleware,
 * the files of the app root and of its src/. Without a Next.js app found above it, the path alone tells where
 * the app folder is (as the engine does).
 */
function projectPeers(file: string, kind: 'route' | 'middleware', app: NextApp | undefined): string[] {
  if (kind === 'middleware') {
    const root = app?.root ?? path.dirname(file).replace(/[\\/]src$/, '');
    return [...filesIn(root), ...filesIn(path.join(root, 'src'))];
  }
  let root = app?.root;
  let src = app !== undefined && toPosix(path.relative(app.root, file)).startsWith('src/app/');
  if (root === undefined) {
    const m = /^(.*?\/)(src\/)?app\//.exec(toPosix(file));
    if (!m) return [];
    root = path.resolve(m[1]);
    src = m[2] !== undefined;
  }
  const appDir = path.join(root, src ? 'src' : '', 'app');
  const url = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s !== '' && !isTransparent(s));
  const peers = appRouterPeers(appDir, url);
  for (const pages of [path.join(root, 'pages'), path.join(root, 'src', 'pages')]) {
    peers.push(...filesIn(path.join(pages, ...url)));
    if (url.length > 0) peers.push(...filesIn(path.join(pages, ...url.slice(0, -1))));
  }
  return peers;
}

/** The project rules' findings that fall on `file` (route-page-conflict on a route, middleware-and-proxy on a middleware). */
function projectFindings(file: string, text: string, app: NextApp | undefined): Finding[] {
  const kind = fileKind(file, app ? [app.root] : undefined);
  if (kind !== 'route' && kind !== 'middleware') return [];
  const files = [...new Set([file, ...projectPeers(file, kind, app)])];
  const read = (f: string): string | undefined => (f === file ? text : readTextSync(f));
  return analyzeProjectFiles(files, { appRoots: app ? [app.root] : undefined, nextMajor: app?.nextMajor }, read).filter((f) => f.file === file);
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
      findings = [...analyzeSource({ file, text: source.text }, { nextMajor: app?.nextMajor, appRoots }).findings, ...projectFindings(file, source.text, app)];
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

const rules: Record<string, RuleModule> = Object.fromEntries(RULES.map((r) => [r.id, ruleFor(r.id, r.description)]));

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
  rules: Object.fromEntries(RULES.map((r) => [`${PLUGIN}/${r.id}`, r.defaultSeverity === 'error' ? 'error' : 'warn'])),
};

// The bundle replaces module.exports with this object (esbuild.js), so `import plugin from 'bff-routes/eslint'`
// and `require('bff-routes/eslint')` both get the plugin.
export default plugin;
