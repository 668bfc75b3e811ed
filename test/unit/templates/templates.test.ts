import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { analyzeSource } from '../../../src/core/analysis';
import { exportedHandlers } from '../../../src/core/parsing/exports';
import type { RouteParam } from '../../../src/core/routes/segments';
import { stripMarkers, toSnippetBody } from '../../../src/core/templates/markers';
import {
  PATTERNS, renderPattern, snippetFileText, snippetsFor, type HttpMethod, type PatternDef, type TemplateContext,
} from '../../../src/core/templates';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Every subset (non-empty) of the methods a pattern lets the user choose; the fixed list otherwise. */
function methodSets(def: PatternDef): HttpMethod[][] {
  if ('fixed' in def.methods) return [[...def.methods.fixed]];
  const all = def.methods.choosable;
  const sets: HttpMethod[][] = [];
  for (let mask = 1; mask < 1 << all.length; mask++) sets.push(all.filter((_, i) => mask & (1 << i)));
  return sets;
}

/** Route shapes a pattern can be generated at. */
function routeShapes(def: PatternDef): Array<{ url: string; params: RouteParam[] }> {
  if (def.kind === 'proxy-file') return [{ url: '/api', params: [] }, { url: '/', params: [] }];
  if (def.requires === 'catch-all-last') {
    return [
      { url: '/api/backend/[...slug]', params: [{ name: 'slug', kind: 'catchAll' }] },
      { url: '/api/t/[tenant]/[[...rest]]', params: [{ name: 'tenant', kind: 'dynamic' }, { name: 'rest', kind: 'optionalCatchAll' }] },
    ];
  }
  if (def.requires === 'well-known') return [{ url: '/.well-known/security.json', params: [] }];
  if (def.requires === 'static') return [{ url: `/${def.defaultPath}`, params: [] }, { url: `/docs/${def.defaultPath}`, params: [] }];
  const withParams: Array<{ url: string; params: RouteParam[] }> = [
    { url: '/api/users/[id]', params: [{ name: 'id', kind: 'dynamic' }] },
    { url: '/api/docs/[...slug]', params: [{ name: 'slug', kind: 'catchAll' }] },
    { url: '/api/docs/[[...slug]]', params: [{ name: 'slug', kind: 'optionalCatchAll' }] },
    { url: '/api/shops/[shop-id]/items/[item]', params: [{ name: 'shop-id', kind: 'dynamic' }, { name: 'item', kind: 'dynamic' }] },
  ];
  if (def.requires === 'param') return withParams;
  return [{ url: def.kind === 'pages-api' ? '/api/hello' : `/${def.defaultPath}`, params: [] }, ...withParams];
}

interface Combo {
  def: PatternDef;
  ctx: TemplateContext;
  name: string;
}

function combos(): Combo[] {
  const out: Combo[] = [];
  for (const def of PATTERNS) {
    for (const language of ['ts', 'js'] as const) {
      for (const validation of def.usesValidation ? (['zod', 'guard'] as const) : (['guard'] as const)) {
        for (const zodMajor of validation === 'zod' ? ([3, 4] as const) : ([4] as const)) {
          for (const routeContext of [true, false]) {
            for (const proxyName of def.kind === 'proxy-file' ? (['proxy', 'middleware'] as const) : (['proxy'] as const)) {
              for (const methods of methodSets(def)) {
                for (const shape of routeShapes(def)) {
                  const ctx: TemplateContext = { language, methods, validation, zodMajor, urlPattern: shape.url, params: shape.params, routeContext, proxyName };
                  out.push({ def, ctx, name: `${def.id} ${language} ${validation}${validation === 'zod' ? zodMajor : ''} ${routeContext ? 'RouteContext' : 'Promise'} ${proxyName} ${methods.join('+')} ${shape.url}` });
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

function fileFor(c: Combo): string {
  const ext = c.ctx.language;
  if (c.def.kind === 'proxy-file') return `/w/${c.ctx.proxyName}.${ext}`;
  const folders = c.ctx.urlPattern.split('/').filter(Boolean);
  if (c.def.kind === 'pages-api') return `/w/pages/${folders.join('/')}.${ext}`;
  return `/w/app/${folders.join('/')}/route.${ext}`;
}

function syntaxErrors(file: string, text: string): string[] {
  const host = ts.createCompilerHost({ allowJs: true, noEmit: true });
  const orig = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (name === file ? ts.createSourceFile(name, text, lang, true) : orig(name, lang));
  const program = ts.createProgram({ rootNames: [file], options: { allowJs: true, noEmit: true, noLib: true, types: [] }, host });
  return program.getSyntacticDiagnostics(program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('templates: every pattern renders for every option combination', function () {
  this.timeout(120000);
  const all = combos();

  it('covers every pattern in both languages (and counts the combinations)', () => {
    assert.equal(new Set(all.map((c) => c.def.id)).size, PATTERNS.length);
    for (const def of PATTERNS) {
      assert.ok(all.some((c) => c.def === def && c.ctx.language === 'ts'));
      assert.ok(all.some((c) => c.def === def && c.ctx.language === 'js'));
    }
    assert.ok(all.length > 500, `only ${all.length} combinations`);
  });

  it('has 12 pattern groups, one snippet prefix each pattern, all bff-…', () => {
    assert.deepEqual([...new Set(PATTERNS.map((p) => p.group))], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(new Set(PATTERNS.map((p) => p.prefix)).size, PATTERNS.length);
    for (const p of PATTERNS) assert.match(p.prefix, /^bff-[a-z-]+$/);
  });

  it('produces syntactically valid TypeScript / JavaScript with no marker left and a selection to edit', () => {
    const failures: string[] = [];
    for (const c of all) {
      const r = renderPattern(c.def, c.ctx);
      const file = fileFor(c);
      if (/[⟦⟧]/.test(r.content)) failures.push(`${c.name}: marker left`);
      if (!r.selection || r.selection.end <= r.selection.start || r.selection.end > r.content.length) failures.push(`${c.name}: no selection`);
      const errs = syntaxErrors(file, r.content);
      if (errs.length > 0) failures.push(`${c.name}: ${errs.join('; ')}`);
    }
    assert.deepEqual(failures.slice(0, 10), []);
  });

  it('exports exactly the chosen methods (uppercase), or a default handler for pages/api, or the proxy function', () => {
    const failures: string[] = [];
    for (const c of all) {
      const r = renderPattern(c.def, c.ctx);
      const names = exportedHandlers(fileFor(c), r.content).map((h) => h.name).sort();
      let expected: string[];
      if (c.def.kind === 'pages-api') expected = ['default'];
      else if (c.def.kind === 'proxy-file') expected = ['config', c.ctx.proxyName];
      else expected = [...c.ctx.methods, ...(/export const dynamic/.test(r.content) ? ['dynamic'] : [])];
      if (JSON.stringify(names) !== JSON.stringify([...expected].sort())) failures.push(`${c.name}: exports ${names.join(',')}`);
    }
    assert.deepEqual(failures.slice(0, 10), []);
  });

  it('types params with RouteContext or a Promise and always awaits them', () => {
    for (const c of all.filter((x) => x.ctx.params.length > 0 && x.def.kind === 'app-route')) {
      const { content } = renderPattern(c.def, c.ctx);
      assert.match(content, /await context\.params/, c.name);
      assert.doesNotMatch(content, /context\.params\.\w/, c.name);
      if (c.ctx.language === 'ts') {
        if (c.ctx.routeContext) assert.ok(content.includes(`context: RouteContext<'${c.ctx.urlPattern}'>`), c.name);
        else assert.match(content, /context: \{ params: Promise<\{ /, c.name);
      } else {
        assert.doesNotMatch(content, /RouteContext/, c.name);
        assert.match(content, /@param \{\{ params: Promise<\{ /, c.name);
      }
    }
  });

  it('never sends an error message to the client and never imports zod in the type-guard variant', () => {
    for (const c of all) {
      const { content } = renderPattern(c.def, c.ctx);
      assert.doesNotMatch(content, /\b(error|reason|err)\.message\b/, c.name);
      assert.doesNotMatch(content, /\bString\((error|reason|err)\)/, c.name);
      if (c.ctx.validation === 'guard') assert.doesNotMatch(content, /from 'zod'/, c.name);
      if (c.ctx.validation === 'zod' && c.def.usesValidation) {
        assert.match(content, /import \{ z \} from 'zod'/, c.name);
        assert.match(content, c.ctx.zodMajor === 4 ? /z\.flattenError\(parsed\.error\)/ : /parsed\.error\.flatten\(\)/, c.name);
      }
      if (c.ctx.language === 'js') assert.doesNotMatch(content, /^(interface|type) /m, c.name);
    }
  });

  it('is clean under the project\'s route diagnostics (analyzeSource: zero findings)', () => {
    // The analyzer must flag the guide's own example, or zero findings below would prove nothing.
    const guide = `export async function POST(request: Request) {
  try {
    await request.json();
    return new Response(null, { status: 204 });
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : 'Unexpected error';
    return new Response(message, { status: 500 });
  }
}
`;
    const flagged = analyzeSource({ file: '/w/app/api/x/route.ts', text: guide }, { appRoots: ['/w'] }).findings.map((f) => f.ruleId);
    assert.ok(flagged.includes('leaked-error-message'), `the analyzer did not flag the guide's leak: ${flagged.join(',')}`);
    const failures: string[] = [];
    for (const c of all) {
      const { content } = renderPattern(c.def, c.ctx);
      const internal: string[] = [];
      const { findings } = analyzeSource(
        { file: fileFor(c), text: content },
        { appRoots: ['/w'], nextMajor: c.ctx.proxyName === 'middleware' ? 15 : 16, onInternalError: (id, e) => internal.push(`${id}: ${String(e)}`) },
      );
      if (findings.length > 0 || internal.length > 0) {
        const f = findings[0];
        failures.push(`${c.name}: ${f ? `${f.ruleId} ${f.message} at "${content.slice(f.span.start, f.span.end)}"` : internal[0]}`);
      }
    }
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} renderings with findings`);
  });

  it('selects the first thing to edit', () => {
    const pick = (id: string) => {
      const c = all.find((x) => x.def.id === id && x.ctx.language === 'ts')!;
      const r = renderPattern(c.def, c.ctx);
      return r.content.slice(r.selection!.start, r.selection!.end);
    };
    assert.equal(pick('text-get'), 'Hello from /api/hello');
    assert.match(pick('json-post'), /^name: z\.string\(\)/);
    assert.equal(pick('aggregate'), 'UPSTREAM_API_URL');
    assert.equal(pick('proxy-catch-all'), 'PROXY_UPSTREAM_ORIGIN');
    assert.equal(pick('next-request'), 'q');
  });
});

describe('templates: specific guarantees', () => {
  const ctx = (over: Partial<TemplateContext>): TemplateContext => ({
    language: 'ts', methods: ['GET'], validation: 'guard', zodMajor: 4, urlPattern: '/x', params: [], routeContext: true, proxyName: 'proxy', ...over,
  });
  const render = (id: string, over: Partial<TemplateContext>) => renderPattern(PATTERNS.find((p) => p.id === id)!, ctx(over)).content;

  it('rss escapes every interpolated value', () => {
    const content = render('rss', { urlPattern: '/rss.xml' });
    const interpolations = [...content.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
    assert.ok(interpolations.length >= 8);
    for (const expr of interpolations) assert.ok(expr.startsWith('escapeXml(') || expr === 'items', expr);
  });

  it('the proxy drops hop-by-hop headers, reads the origin from the environment and exports every method', () => {
    const content = render('proxy-catch-all', { urlPattern: '/api/[...slug]', params: [{ name: 'slug', kind: 'catchAll' }], methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] });
    for (const h of ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization']) assert.ok(content.includes(`'${h}'`), h);
    assert.match(content, /process\.env\.PROXY_UPSTREAM_ORIGIN/);
    assert.match(content, /request\.clone\(\)/);
    assert.match(content, /target\.origin !== origin/);
    // The guide's proxy returns fetch() unawaited in try and lets the client's path choose the origin: the template
    // must be clean under both rules, which do flag the guide's version.
    const rules = (text: string) => analyzeSource({ file: '/w/app/api/[...slug]/route.ts', text }, { appRoots: ['/w'] }).findings.map((f) => f.ruleId).filter((id) => id === 'proxy-path-injection' || id === 'unawaited-return-in-try');
    assert.deepEqual(rules(content), []);
    const guide = `export async function POST(request: Request, { params }: { params: Promise<{ slug: string[] }> }) {\n  const { slug } = await params\n  const proxyURL = new URL(slug.join('/'), 'https://nextjs.org')\n  const proxyRequest = new Request(proxyURL, request)\n  try {\n    return fetch(proxyRequest)\n  } catch (reason) {\n    console.error(reason)\n    return new Response(null, { status: 500 })\n  }\n}\n`;
    assert.deepEqual(rules(guide).sort(), ['proxy-path-injection', 'unawaited-return-in-try']);
  });

  it('proxy vs middleware names the function after the file', () => {
    assert.match(render('proxy-file', { urlPattern: '/api', proxyName: 'proxy' }), /export function proxy\(request: NextRequest\)[\s\S]*matcher: \['\/api\/:path\*'\]/);
    assert.match(render('proxy-file', { urlPattern: '/api', proxyName: 'middleware' }), /export function middleware\(/);
    assert.match(render('proxy-file', { urlPattern: '/', proxyName: 'proxy' }), /matcher: \['\/\(\(\?!_next\/static/);
  });

  it('aggregate has a timeout, handles !ok and uses URLSearchParams', () => {
    const content = render('aggregate', { methods: ['POST'], validation: 'zod' });
    assert.match(content, /AbortSignal\.timeout\(TIMEOUT_MS\)/);
    assert.match(content, /if \(!upstream\.ok\)/);
    assert.match(content, /new URLSearchParams\(/);
  });
});

describe('templates: markers and snippets', () => {
  it('stripMarkers keeps defaults and selects the lowest tab stop', () => {
    const r = stripMarkers('a ⟦2:second⟧ b ⟦1:first⟧ c ⟦0⟧');
    assert.equal(r.content, 'a second b first c ');
    assert.deepEqual(r.selection, { start: 11, end: 16 });
    assert.equal(stripMarkers('no markers').selection, undefined);
  });

  it('toSnippetBody escapes $ and } and keeps tab stops', () => {
    assert.deepEqual(toSnippetBody('const x = `${a}`;\nf(⟦1:{ a: 1 }⟧) ⟦0⟧\n'), ['const x = `\\${a}`;', 'f(${1:{ a: 1 \\}}) $0']);
  });

  it('one snippet per pattern per language, bodies that expand to the rendered file', () => {
    for (const language of ['ts', 'js'] as const) {
      const snippets = Object.values(snippetsFor(language));
      assert.equal(snippets.length, PATTERNS.length);
      for (const s of snippets) {
        assert.ok(s.body.join('\n').includes('${1:'), `${s.prefix} has a first tab stop`);
        // Undo the snippet syntax: what VS Code inserts when the user just tabs through.
        const expanded = s.body.join('\n').replace(/\$\{\d+:((?:\\}|[^}])*)\}/g, (_m, t: string) => t.replace(/\\}/g, '}')).replace(/\$\d+/g, '').replace(/\\\$/g, '$').replace(/\\\\/g, '\\');
        const errs = syntaxErrors(language === 'ts' ? '/w/app/api/x/route.ts' : '/w/app/api/x/route.js', expanded);
        assert.deepEqual(errs, [], s.prefix);
      }
    }
  });

  it('the committed snippets/ files are the generated ones (regenerate: node out/test/unit/templates/updateSnippets.js)', () => {
    for (const [language, file] of [['ts', 'typescript'], ['js', 'javascript']] as const) {
      const committed = fs.readFileSync(path.join(ROOT, 'snippets', `${file}.code-snippets`), 'utf8');
      assert.equal(committed, snippetFileText(language));
    }
  });

  it('package.json contributes both snippet files', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: Array<{ language: string; path: string }> } };
    assert.deepEqual(
      (pkg.contributes.snippets ?? []).map((s) => `${s.language}:${s.path}`).sort(),
      ['javascript:./snippets/javascript.code-snippets', 'typescript:./snippets/typescript.code-snippets'],
    );
  });
});
