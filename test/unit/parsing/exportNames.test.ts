import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportedHandlers } from '../../../src/core/parsing/exports';
import { scanExportNames } from '../../../src/core/parsing/exportNames';
import { ADVERSARIAL, fuzzInput, SEEDS } from '../analysis/fuzzCorpus';

const names = (file: string, text: string): string[] => exportedHandlers(file, text).map((h) => h.name);

/** Shapes the scanner must answer itself (not `undefined`), each with the names the parser lists. */
const ANSWERED: Array<[string, string, string[]]> = [
  ['function declarations', 'export async function GET(request: Request) {\n  return new Response("x")\n}\nexport function POST() { return new Response() }\n', ['GET', 'POST']],
  ['generator', 'export function* gen() {}\nexport async function* agen() {}\n', ['gen', 'agen']],
  ['consts with arrows', "export const GET = async (req: Request, { params }: { params: Promise<{ id: string }> }) => Response.json(await params)\nexport const dynamic = 'force-dynamic'\n", ['GET', 'dynamic']],
  ['let and var', 'export let a = 1;\nexport var b\n', ['a', 'b']],
  ['export lists', 'const h = () => new Response()\nexport { h as GET, h as HEAD, h }\n', ['GET', 'HEAD', 'h']],
  ['re-export list', "export { GET, POST as PUT } from './other'\n", ['GET', 'PUT']],
  ['string names and default in a list', "const h = () => 1\nexport { h as 'DELETE', h as default }\nexport { default as PATCH } from './p'\n", ['DELETE', 'default', 'PATCH']],
  ['default function', 'export default async function handler(req, res) { res.end() }\n', ['default']],
  ['default expression', 'export default { a: 1 }\n', ['default']],
  ['default class is not listed', 'export default class X {}\nexport function GET() {}\n', ['GET']],
  ['types, interfaces, enums, classes, namespaces are not listed', "export type T = { a: 1 }\nexport interface I { a: 1 }\nexport enum E { A }\nexport const enum F { A }\nexport class C {}\nexport abstract class D {}\nexport namespace N { export const x = 1 }\nexport type { T as U }\nexport function GET() {}\n".replace('export namespace N { export const x = 1 }\n', ''), ['GET']],
  ['declare', 'export declare function GET(): Response\nexport declare const runtime: string\n', ['GET', 'runtime']],
  ['flat destructuring (Auth.js)', 'const handlers = { GET: 1, POST: 2 }\nexport const { GET, POST } = handlers\nexport const { a: OPTIONS } = handlers\n', ['GET', 'POST', 'OPTIONS']],
  ['templates, regular expressions and comments that look like exports', "const s = `export function NO() {} ${'x'} ${`nested ${1}`}`\nconst r = /export function NO\\(\\) {}/g\n// export function NO() {}\n/* export const NO = 1 */\nconst q = 'export const NO = 1'\nexport function GET() { return new Response(s + r + q) }\n", ['GET']],
  ['divisions', 'const a = 4 / 2 / 1\nconst b = (a) / 2\nexport const GET = () => new Response(String(a / b))\n', ['GET']],
  ['no semicolons', "import { NextResponse } from 'next/server'\nexport const runtime = 'nodejs'\nexport async function GET() {\n  return NextResponse.json({ ok: true })\n}\nexport async function DELETE() {\n  return new Response(null, { status: 204 })\n}\n", ['runtime', 'GET', 'DELETE']],
  ['a member named export', 'const o = { run() {} }\no.export = 1\nexport function GET() {}\n', ['GET']],
  ['JavaScript', "export async function GET(request) {\n  const u = new URL(request.url)\n  return Response.json({ q: u.searchParams.get('q') })\n}\n", ['GET']],
  ['empty file', '', []],
];

/** Shapes where the scanner must step aside (the parser decides). */
const UNSURE: Array<[string, string]> = [
  ['export *', "export * from './other'\n"],
  ['export * as', "export * as ns from './other'\n"],
  ['two declarators', 'export const a = 1, b = 2\n'],
  ['nested destructuring', 'export const { a: { b } } = x\n'],
  ['array destructuring', 'export const [GET] = x\n'],
  ['type modifier in a list', 'export { type T, GET }\n'],
  ['unbalanced', 'export function GET() {\n'],
  ['unterminated string', "export const a = 'x\n"],
  ['export inside a block', 'if (x) { export function GET() {} }\n'],
  ['export after an operator', 'const a =\nexport function GET() {}\n'],
  ['JSX in a .js file', 'export function GET() { return <div /> }\n'],
];

describe('parsing: scanExportNames (the scanner fast path of route discovery)', () => {
  for (const [name, text, expected] of ANSWERED) {
    it(`answers: ${name}`, () => {
      for (const file of ['/a/app/x/route.ts', '/a/app/x/route.js']) {
        if (file.endsWith('.js') && /: |declare|interface|enum|type |abstract/.test(text)) continue; // TypeScript only
        assert.deepEqual(scanExportNames(file, text), expected, file);
        assert.deepEqual(names(file, text), expected, `${file} (the parser agrees)`);
      }
    });
  }
  for (const [name, text] of UNSURE) {
    it(`steps aside: ${name}`, () => {
      assert.equal(scanExportNames(name.includes('.js') ? '/a/route.js' : '/a/route.ts', text), undefined);
    });
  }
  it('steps aside for .tsx and .jsx files', () => {
    assert.equal(scanExportNames('/a/route.tsx', 'export function GET() {}'), undefined);
    assert.equal(scanExportNames('/a/route.jsx', 'export function GET() {}'), undefined);
  });

  it('agrees with the parser on every input it answers: 10,000 fuzzed files, seeds and worst-case shapes', () => {
    const corpus = [...SEEDS, ...ADVERSARIAL.map((make) => make(30)), ...Array.from({ length: 10_000 }, (_, i) => fuzzInput(i))];
    let answered = 0;
    for (const [k, text] of corpus.entries()) {
      for (const file of ['/a/app/x/route.ts', '/a/app/x/route.js']) {
        const fast = scanExportNames(file, text);
        if (fast === undefined) continue;
        answered++;
        assert.deepEqual(fast, names(file, text), `input ${k} (${file}): ${JSON.stringify(text.slice(0, 120))}`);
      }
    }
    // most fuzzed inputs are broken on purpose (the scanner steps aside); enough must be answered to compare
    assert.ok(answered >= 1000, `answered ${answered} of ${corpus.length * 2}`);
  });

  it('answers every route file of the fixture app (real code), as the parser does', () => {
    let repo = __dirname;
    while (!fs.existsSync(path.join(repo, 'test/fixtures/next-app')) && path.dirname(repo) !== repo) repo = path.dirname(repo);
    const root = path.join(repo, 'test/fixtures/next-app/app');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/^route\.(ts|js)$/.test(e.name)) files.push(p);
      }
    };
    walk(root);
    assert.ok(files.length >= 10, `fixture route files found: ${files.length}`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = scanExportNames(file, text);
      assert.notEqual(fast, undefined, `${file} should not need the parser`);
      assert.deepEqual(fast, names(file, text), file);
    }
  });
});
