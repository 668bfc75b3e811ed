// lowercase-method-export's rename is found from the text (renameEditsByText: descents and a scope resolver
// without the index) unless a name may be spelled with escapes. It must give exactly the edits of the rename over
// the whole indexed tree (renameEditsByWalk), on hand-written shapes and on mutated copies of them.
import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/index';
import { renameEditsByText, renameEditsByWalk } from '../../../src/core/analysis/rules/lowercaseMethodExport';
import { Scopes } from '../../../src/core/parsing/ast';
import { exportsOf, isHttpMethod } from '../../../src/core/parsing/exports';
import { FileIndex } from '../../../src/core/parsing/fileIndex';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { routeFile } from '../../bench/analysis.bench';
import { mutate, rng } from './fuzzCorpus';
import { applyFix } from './harness';

const SHAPES = [
  `export async function get(request: Request) {\n  return new Response('get')\n}\nconst again = get\nconst o = { get, 'get': 1, x: get }\nfunction inner() {\n  const get = 2\n  return get + 1\n}\n// get in a comment\n`,
  `export const post = async (req: Request) => Response.json({ a: 1 })\nexport const table = { post }\nfunction f({ post }: { post: number }) { return post }\nfunction g() { return post(new Request('http://x')) }\n`,
  `async function handler(request: Request) {\n  return new Response('x')\n}\nexport { handler as get }\nhandler.toString()\n`,
  `function patch() {\n  return new Response('x')\n}\nexport { patch }\nconst { patch: p } = { patch }\nlet z = patch, w = (patch)\n`,
  `export function put() {\n  var put2 = put\n  return new Response(String(put2))\n}\nclass C { put() { return put } }\nconst q = { put() { return 1 } }\nlabel: for (;;) { put(); break label }\n`,
  `export function delete_() {}\nexport function options(request: Request) {\n  const { options: o2 = options } = {} as { options?: unknown }\n  return Response.json({ o2, f: typeof options })\n}\n`,
  routeFile(120).replace('export async function PATCH', 'export async function patch') + 'export const alias = patch\n',
];

function compare(text: string, label: string): number {
  const file = '/p/app/api/x/route.ts';
  let compared = 0;
  const sf = parseFile(file, text).sourceFile;
  for (const e of exportsOf(sf)) {
    const upper = e.name.toUpperCase();
    if (e.name === upper || !isHttpMethod(upper)) continue;
    // a fresh parse for each side: the text side must not profit from the walk's parents
    const byText = renameEditsByText(parseFile(file, text).sourceFile, text, e.span, upper);
    const walked = parseFile(file, text).sourceFile;
    const byWalk = renameEditsByWalk(walked, new Scopes(new FileIndex(walked)), e.span, upper);
    assert.deepEqual(byText, byWalk, `${label}: ${e.name}\n${text}`);
    compared++;
  }
  return compared;
}

describe('lowercase-method-export: the rename from the text', () => {
  it('gives the edits of the rename over the indexed tree, on hand-written shapes', () => {
    let n = 0;
    for (const [k, text] of SHAPES.entries()) n += compare(text, `shape ${k}`);
    assert.ok(n >= 7, `every shape has a lowercase export (${n})`);
  });

  it('gives the same edits on 600 mutated copies of them', () => {
    const r = rng(7);
    let n = 0;
    for (let i = 0; i < 600; i++) n += compare(mutate(SHAPES[i % SHAPES.length], r), `mutation ${i}`);
    assert.ok(n > 300, `mutations keep most exports (${n})`);
  });

  it('renames the declaration and its references in the file, not a shadowing local, a property or a comment', () => {
    const text = SHAPES[0];
    const f = analyzeSource({ file: '/p/app/api/x/route.ts', text }).findings.find((x) => x.ruleId === 'lowercase-method-export');
    assert.ok(f);
    assert.equal(applyFix(text, f.fixes[0]), `export async function GET(request: Request) {\n  return new Response('get')\n}\nconst again = GET\nconst o = { get: GET, 'get': 1, x: GET }\nfunction inner() {\n  const get = 2\n  return get + 1\n}\n// get in a comment\n`);
  });
});
