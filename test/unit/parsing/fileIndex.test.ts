import * as assert from 'node:assert/strict';
import { isFunctionLike } from '../../../src/core/parsing/ast';
import { enclosingFunction, FileIndex, inLoop } from '../../../src/core/parsing/fileIndex';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import { ts } from '../../../src/core/parsing/ts';
import { ADVERSARIAL, fuzzInput, SEEDS } from '../analysis/fuzzCorpus';

/** Every node in pre-order with its parent as the tree says (forEachChild), independent of `.parent`. */
function preorder(sf: ts.SourceFile): Array<{ node: ts.Node; parent: ts.Node }> {
  const out: Array<{ node: ts.Node; parent: ts.Node }> = [];
  const visit = (node: ts.Node, parent: ts.Node): void => {
    out.push({ node, parent });
    ts.forEachChild(node, (c) => visit(c, node));
  };
  ts.forEachChild(sf, (c) => visit(c, sf));
  return out;
}

function isAncestor(a: ts.Node, n: ts.Node): boolean {
  for (let x: ts.Node | undefined = n.parent; x; x = x.parent) if (x === a) return true;
  return false;
}

const CORPUS = [...SEEDS, ...Array.from({ length: 400 }, (_, i) => fuzzInput(i)), ...ADVERSARIAL.map((make) => make(7))];

describe('parsing: FileIndex (the one walk the rules share)', () => {
  it('sets every parent pointer of a fresh parse, exactly as the tree nests', () => {
    for (const [k, text] of CORPUS.entries()) {
      const sf = parseFile('/a/app/x/route.ts', text).sourceFile;
      new FileIndex(sf);
      for (const { node, parent } of preorder(sf)) assert.equal(node.parent, parent, `input ${k}: ${ts.SyntaxKind[node.kind]} at ${node.pos}`);
    }
  });

  it('collects each kind it promises, in source order, and nothing else', () => {
    for (const [k, text] of CORPUS.entries()) {
      const sf = parseFile('/a/app/x/route.ts', text).sourceFile;
      const index = new FileIndex(sf);
      const all = preorder(sf).map((e) => e.node);
      const of = (pred: (n: ts.Node) => boolean): ts.Node[] => all.filter(pred);
      assert.deepEqual(index.calls, of(ts.isCallExpression), `input ${k}: calls`);
      assert.deepEqual(index.news, of(ts.isNewExpression), `input ${k}: news`);
      assert.deepEqual(index.members, of((n) => ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)), `input ${k}: members`);
      assert.deepEqual(index.variables, of(ts.isVariableDeclaration), `input ${k}: variables`);
      assert.deepEqual(index.templates, of(ts.isTemplateExpression), `input ${k}: templates`);
      assert.deepEqual(index.identifiers, of(ts.isIdentifier), `input ${k}: identifiers`);
      assert.deepEqual(index.functions, of(isFunctionLike), `input ${k}: functions`);
      assert.deepEqual(index.catchClauses, of(ts.isCatchClause), `input ${k}: catch clauses`);
      const assignment = (n: ts.Node): boolean => ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken].includes(n.operatorToken.kind);
      assert.deepEqual(index.assignments, of(assignment), `input ${k}: assignments`);
      assert.equal(index.size, all.length);
    }
  });

  it('within(list, fn) is exactly the subtree of fn, and direct exactly what fn itself runs', () => {
    for (const [k, text] of CORPUS.entries()) {
      const sf = parseFile('/a/app/x/route.ts', text).sourceFile;
      const index = new FileIndex(sf);
      for (const fn of index.functions) {
        for (const list of [index.calls, index.members, index.variables] as ts.Node[][]) {
          assert.deepEqual(index.within(list, fn), list.filter((n) => isAncestor(fn, n)), `input ${k}`);
          assert.deepEqual(index.within(list, fn, true), list.filter((n) => isAncestor(fn, n) && enclosingFunction(n) === fn), `input ${k} (direct)`);
        }
      }
    }
  });

  it('hoists var declarations to their function, never let/const', () => {
    const text = 'var top = 1\nlet l = 2\nfunction f() {\n  if (x) { var a = 1 }\n  for (var i of []) {}\n  const c = 3\n  const g = () => { var inner = 1 }\n}\n';
    const sf = parseFile('/a/route.ts', text).sourceFile;
    const index = new FileIndex(sf);
    const names = (owner: ts.Node): string[] => (index.varLists.get(owner) ?? []).flatMap((l) => l.declarations.map((d) => d.name.getText(sf)));
    assert.deepEqual(names(sf), ['top']);
    assert.deepEqual(names(index.functions[0]), ['a', 'i']);
    assert.deepEqual(names(index.functions[1]), ['inner']);
  });

  it('inLoop: inside a loop of the same function, not of an outer one', () => {
    const text = 'async function f(r: Request) {\n  for (const x of a) { await r.json(); const g = () => r.text() }\n  while (c) r.blob()\n  await r.bytes()\n}\n';
    const sf = parseFile('/a/route.ts', text).sourceFile;
    const index = new FileIndex(sf);
    const at = (name: string): ts.Node => index.calls.find((c) => c.expression.getText(sf) === `r.${name}`)!;
    assert.deepEqual(['json', 'text', 'blob', 'bytes'].map((m) => inLoop(at(m))), [true, false, true, false]);
  });

  it('an incremental re-parse keeps parents right for the reused nodes', () => {
    const a = parseFile('/a/route.ts', SEEDS[0]);
    new FileIndex(a.sourceFile);
    const edited = SEEDS[0].replace('const body', 'const bodyX');
    const b = parseFile('/a/route.ts', edited, a);
    new FileIndex(b.sourceFile);
    for (const { node, parent } of preorder(b.sourceFile)) assert.equal(node.parent, parent);
  });
});
