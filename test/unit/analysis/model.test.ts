// The per-file model every rule queries (src/core/analysis/model.ts), tested on plain data: what it is built from
// (lazily, once per file version), its scopes and bindings, exports and handlers, request aliases and the facts the
// rules share. These replace the tests that compared the removed text-level proofs with the full check.
import * as assert from 'node:assert/strict';
import { FileModel } from '../../../src/core/analysis/model';
import type { FileKind } from '../../../src/core/analysis/files';
import { requestVars } from '../../../src/core/analysis/requestAliases';
import { exportsOf } from '../../../src/core/parsing/exports';
import { parseFile, type ParsedFile } from '../../../src/core/parsing/sourceFile';
import { ts } from '../../../src/core/parsing/ts';

function modelOf(text: string, kind: FileKind = 'route', parsed: ParsedFile = parseFile('/p/app/api/x/route.ts', text)): FileModel {
  return new FileModel({ file: parsed.file, parsed, kind, nextMajor: 16, appErrorMessages: 'deliberate', exports: exportsOf(parsed.sourceFile) });
}

/** The identifiers of the model spelled `name`, in source order. */
function named(m: FileModel, name: string): ts.Identifier[] {
  return m.index.identifiers.filter((id) => id.text === name);
}

/** Where a declaration is: its line (1-based) and what declares it. */
function where(m: FileModel, d: ts.Identifier | undefined): string {
  if (!d) return 'unresolved';
  return `${m.sourceFile.getLineAndCharacterOfPosition(d.getStart(m.sourceFile)).line + 1}:${ts.SyntaxKind[d.parent.kind]}`;
}

describe('the file model', () => {
  it('is built lazily: no walk until a rule asks, then one index (parents set) shared by every later question', () => {
    const text = 'export async function GET(request: Request) {\n  return Response.json({ ok: true })\n}\n';
    const m = modelOf(text);
    const fn = m.sourceFile.statements[0] as ts.FunctionDeclaration;
    assert.equal(fn.body!.parent, undefined, 'a fresh parse has no parent pointers: nothing walked yet');
    const index = m.index;
    assert.equal(fn.body!.parent, fn, 'the index walk sets them');
    assert.equal(m.index, index);
    assert.equal(m.scopes, m.scopes);
    assert.equal(m.facts, m.facts);
    assert.equal(m.handlers, m.handlers);
  });

  it('is memoised per file version: the same parse shares its index and scopes, a new version gets its own', () => {
    const text = 'export function GET() {\n  return new Response("a")\n}\n';
    const parsed = parseFile('/p/app/api/x/route.ts', text);
    const a = modelOf(text, 'route', parsed);
    const b = modelOf(text, 'route', parseFile(parsed.file, text, parsed)); // same text: the same parse
    assert.equal(b.index, a.index);
    assert.equal(b.scopes, a.scopes);
    const edited = text.replace('"a"', '"b"');
    const c = modelOf(edited, 'route', parseFile(parsed.file, edited, parsed));
    assert.notEqual(c.index, a.index);
    assert.equal(c.index.strings.map((s) => s.text).join(), 'b');
    assert.equal(a.index.strings.map((s) => s.text).join(), 'a', 'the old version keeps its own index');
  });

  it('resolves bindings by lexical scope: shadowing, parameters, catch bindings, hoisted var, imports, globals', () => {
    const m = modelOf([
      "import { db } from '@/lib/db'", // 1
      'const x = 1', // 2
      'export async function GET(request: Request) {', // 3
      '  const x = 2', // 4
      '  try {', // 5
      '    use(x, db, request)', // 6
      '  } catch (x) {', // 7
      '    use(x, y)', // 8
      '  }', // 9
      '  { var y = 3 }', // 10
      '  return new Response(String(x))', // 11
      '}', // 12
      'use(x)', // 13
    ].join('\n'));
    const xs = named(m, 'x');
    const decl = (id: ts.Identifier): string => where(m, m.scopes.declarationOf(id));
    // uses of x, in order: line 6 (the function's const), 8 (the catch binding), 11 (the const again), 13 (the top one)
    assert.deepEqual(xs.filter((id) => !ts.isVariableDeclaration(id.parent) && !ts.isCatchClause(id.parent.parent)).map(decl), ['4:VariableDeclaration', '7:VariableDeclaration', '4:VariableDeclaration', '2:VariableDeclaration']);
    assert.equal(decl(named(m, 'y')[0]), '10:VariableDeclaration', 'var is hoisted to the function');
    assert.equal(decl(named(m, 'db')[1]), '1:ImportSpecifier');
    assert.equal(decl(named(m, 'request')[1]), '3:Parameter');
    assert.equal(decl(named(m, 'use')[0]), 'unresolved', 'a global');
  });

  it('lists exports and handlers: methods, request and context parameters, a handler exported through a same-file wrapper', () => {
    const m = modelOf([
      'function withAuth(handler: (req: Request) => Promise<Response>) {',
      '  return async (req: Request) => handler(req)',
      '}',
      'export const GET = withAuth(async (req) => new Response("x"))',
      'export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {',
      '  return new Response((await params).id)',
      '}',
      'export function helper() {}',
      'export const dynamic = "force-dynamic"',
    ].join('\n'));
    assert.deepEqual(m.exports.map((e) => e.name), ['GET', 'POST', 'helper', 'dynamic']);
    const hs = m.handlers;
    assert.deepEqual(hs.map((h) => [h.name, h.method, h.request?.text, h.context ? h.context.name.kind === ts.SyntaxKind.ObjectBindingPattern : undefined]), [
      ['GET', 'GET', 'req', undefined],
      ['POST', 'POST', 'request', true],
    ]);
    const wrapped = m.wrapped.get(hs[0].fn);
    assert.equal(wrapped?.wrapper, 'withAuth');
    assert.equal(wrapped?.passesResult, true);
  });

  it('finds a proxy\'s and a pages/api handler by their kind of file', () => {
    const proxy = modelOf('export function proxy(request: Request) { return Response.json({}) }\nexport const config = {}\n', 'proxy');
    assert.deepEqual(proxy.handlers.map((h) => h.name), ['proxy']);
    const pages = modelOf('export default function handler(req: unknown, res: unknown) {}\n', 'pages-api');
    assert.deepEqual(pages.handlers.map((h) => [h.name, h.request?.text]), [['default', 'req']]);
    const notRoute = modelOf('export function get(request: Request) { return new Response("") }\n');
    assert.deepEqual(notRoute.handlers, [], 'a lowercase export is no handler');
  });

  it('follows request aliases: a const alias, a clone of the alias, not a different request', () => {
    const m = modelOf([
      'export async function POST(request: Request) {',
      '  const req = request',
      '  const copy = req.clone()',
      '  const other = new Request("https://x")',
      '  return new Response(await copy.text() + await other.text())',
      '}',
    ].join('\n'));
    const h = m.handlers[0];
    const vars = requestVars(h.fn, [h.request!], m.scopes, m.index);
    const names = [...vars.keys()].map((d) => d.text).sort();
    assert.ok(names.includes('request') && names.includes('req') && names.includes('copy'), names.join());
    assert.ok(!names.includes('other'), 'a request built here is another request');
    const copy = [...vars].find(([d]) => d.text === 'copy')![1];
    assert.equal(copy.cloneOf?.text, 'req', 'the clone is known as one');
    assert.equal([...vars].find(([d]) => d.text === 'req')![1].aliasOf?.text, 'request');
  });

  it('shares facts: request functions, body-read candidates and reads, and whether anything is a caught error', () => {
    const m = modelOf([
      'async function readJson(r: Request) { return r.json() }',
      'export async function POST(request: Request) {',
      '  const a = await readJson(request)',
      '  const b = request.body',
      '  return Response.json({ a, b })',
      '}',
    ].join('\n'));
    assert.deepEqual(m.facts.requestFunctions().map((f) => f.requests.map((r) => r.text).join()), ['r', 'request']);
    const reads = m.facts.bodyReadCandidatesIn(m.handlers[0].fn).flatMap((n) => m.facts.bodyRead(n)?.how ?? []);
    assert.deepEqual(reads, ['.body']);
    assert.equal(m.facts.hasErrorSources(), false);
    for (const text of ['try { f() } catch { g() }', 'p.catch((e) => e)', 'p.then(ok, (e) => e)', 'Promise.allSettled([p])', 'form.parse(req, (err, fields) => {})', "stream.on('error', (err) => {})"]) {
      assert.equal(modelOf(text).facts.hasErrorSources(), true, text);
    }
    for (const text of ['items.map((e) => e)', 'p.finally(() => {})', '// catch (e) in a comment', "const s = 'then allSettled catch'"]) {
      assert.equal(modelOf(text).facts.hasErrorSources(), false, text);
    }
  });

  it('indexes what the rules query instead of the text: returns, strings (escapes cooked), assignments for the taint analyses', () => {
    const m = modelOf([
      'const type = "text/h\\x74ml"',
      'let msg = "a"',
      'msg = `b`',
      'const list: string[] = []',
      'list.push(msg)',
      'export function GET() { if (msg) return new Response(msg); return }',
    ].join('\n'));
    assert.deepEqual(m.index.strings.map((s) => s.text), ['text/html', 'a', 'b']);
    assert.equal(m.index.returns.length, 2);
    // a tree deeper than the machine stack (a 50,000-term sum) is indexed too, in source order, parents set
    const deep = modelOf(`const v = ${Array.from({ length: 50_000 }, (_, k) => `a${k}`).join(' + ')}\nf(v)\n`);
    const ids = deep.index.identifiers;
    assert.equal(ids.length, 50_003);
    assert.deepEqual([ids[0].text, ids[1].text, ids[50_000].text, ids[50_001].text, ids[50_002].text], ['v', 'a0', 'a49999', 'f', 'v']);
    assert.ok(ids.every((id, k) => k === 0 || ids[k - 1].pos <= id.pos), 'in source order');
    assert.ok(ids.every((id) => id.parent !== undefined));
    const decl = (name: string): ts.Identifier => named(m, name).find((id) => ts.isVariableDeclaration(id.parent))!;
    assert.deepEqual(m.facts.taintSource().assignmentsTo(decl('msg')).map((e) => e.getText(m.sourceFile)), ['`b`']);
    assert.deepEqual(m.facts.taintSource().assignmentsTo(decl('list')).map((e) => e.getText(m.sourceFile)), ['msg']);
  });
});
