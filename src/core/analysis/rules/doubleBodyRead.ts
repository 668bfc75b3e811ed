// A request body is a stream: a second read throws "Body is unusable: Body has already been read" (500 in next
// dev), and `clone()` after a read throws too. Paths are followed (branches, early returns, loops, try/catch),
// so reads on exclusive paths are fine, and a clone read once next to the original read once is fine.
import { enclosingStatement, indentAt, isAncestor, isFunctionLike, methodCall, unwrap, type FunctionLike } from '../../parsing/ast';
import { runFlow, type FlowDomain } from '../../parsing/flow';
import { ts } from '../../parsing/ts';
import { bodyReadAt, requestFunctions, type BodyRead } from '../handlers';
import { bodyOwner, requestVars, type RequestVar } from '../requestAliases';
import type { FileRule, RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';

type State = ReadonlyMap<ts.Identifier, BodyRead>;

const join = (a: State, b: State): State => {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  const m = new Map(a);
  for (const [k, v] of b) if (!m.has(k)) m.set(k, v);
  return m;
};
const same = (a: State, b: State): boolean => a.size === b.size && [...a.keys()].every((k) => b.has(k));

/** Same-file functions that consume the body of one of their parameters: (function -> parameter indexes). */
function helperSummaries(ctx: RuleContext): Map<ts.Identifier, Set<number>> {
  const out = new Map<ts.Identifier, Set<number>>();
  for (const st of ctx.sourceFile.statements) {
    let fn: FunctionLike | undefined;
    let name: ts.Identifier | undefined;
    if (ts.isFunctionDeclaration(st) && st.name && st.body) [fn, name] = [st, st.name];
    else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (init && ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) [fn, name] = [init, d.name];
      }
    }
    if (!fn || !name) continue;
    const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name : undefined));
    const reads = new Set<number>();
    const walkFn = (n: ts.Node): void => {
      if (n !== fn && isFunctionLike(n)) return;
      const r = bodyReadAt(n, ctx.scopes);
      if (r) {
        const i = params.indexOf(r.target);
        if (i >= 0) reads.add(i);
      }
      ts.forEachChild(n, walkFn);
    };
    walkFn(fn);
    if (reads.size > 0) out.set(name, reads);
  }
  return out;
}

function uniqueName(text: string, base: string): string {
  let name = base;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(text); i++) name = `${base}${i}`;
  return name;
}

export const doubleBodyRead: FileRule = {
  meta: {
    id: 'double-body-read',
    defaultSeverity: 'error',
    description: 'A request body is consumed twice on one path, or cloned after it was read (both throw at run time).',
  },
  kinds: ['route', 'proxy', 'middleware'],
  check(ctx) {
    const sf = ctx.sourceFile;
    let helpers: Map<ts.Identifier, Set<number>> | undefined;
    const reported = new Set<ts.Node>();
    for (const { fn, requests } of requestFunctions(ctx)) {
      const vars = requestVars(fn, requests, ctx.scopes);
      const trackedArg = (e: ts.Expression | undefined): [ts.Identifier, ts.Identifier] | undefined => {
        if (!e) return undefined;
        const u = unwrap(e);
        const d = ts.isIdentifier(u) ? ctx.scopes.declarationOf(u) : undefined;
        return d && vars.has(d) ? [d, u as ts.Identifier] : undefined;
      };
      const readAt = (n: ts.Node): BodyRead | undefined => {
        const r = bodyReadAt(n, ctx.scopes);
        if (r) return vars.has(r.target) ? r : undefined;
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
          const callee = ctx.scopes.declarationOf(n.expression);
          if (!callee) return undefined;
          helpers ??= helperSummaries(ctx);
          const idx = helpers.get(callee);
          if (!idx) return undefined;
          for (const i of idx) {
            const t = trackedArg(n.arguments[i]);
            if (t) return { target: t[0], receiver: t[1], node: n, how: `${n.expression.text}()` };
          }
        }
        return undefined;
      };
      const domain: FlowDomain<State> = {
        join,
        same,
        visit(node, state) {
          const mc = methodCall(node);
          if (mc && mc[1] === 'clone') {
            const t = trackedArg(mc[0]);
            if (t) {
              const owner = bodyOwner(t[0], vars);
              const first = state.get(owner);
              if (first && !reported.has(node)) {
                reported.add(node);
                ctx.report({
                  span: { start: node.getStart(sf), end: node.getEnd() },
                  message: `clone() after the body was read throws ("Body has already been read"). Clone before the first read.`,
                  related: [{ span: { start: first.node.getStart(sf), end: first.node.getEnd() }, message: `The body is first read here (${first.how})` }],
                  fixes: moveCloneFix(ctx, node as ts.CallExpression, first),
                });
              }
            }
            return state;
          }
          const read = readAt(node);
          if (!read) return state;
          const owner = bodyOwner(read.target, vars);
          const first = state.get(owner);
          if (first) {
            if (!reported.has(node)) {
              reported.add(node);
              ctx.report({
                span: { start: read.node.getStart(sf), end: read.node.getEnd() },
                message: `The body of '${read.receiver.text}' is already consumed on this path (by ${first.node === read.node ? 'this same read, on an earlier loop iteration' : first.how}): ${read.how} throws "Body is unusable: Body has already been read". Read it once and reuse the value, or clone the request before the first read.`,
                related: [{ span: { start: first.node.getStart(sf), end: first.node.getEnd() }, message: `The body is first read here (${first.how})` }],
                fixes: first.node === read.node ? [] : rereadFixes(ctx, fn, read, first, owner, vars),
              });
            }
            return state;
          }
          const next = new Map(state);
          next.set(owner, read);
          return next;
        },
      };
      runFlow<State>(fn, new Map(), domain);
    }
  },
};

/** Fixes for a second read: reuse the first read's value when it was `const v = await r.m()`, else read a clone. */
function rereadFixes(ctx: RuleContext, fn: FunctionLike, second: BodyRead, first: BodyRead, owner: ts.Identifier, vars: Map<ts.Identifier, RequestVar>): Fix[] {
  const sf = ctx.sourceFile;
  const fixes: Fix[] = [];
  const firstAwait = first.node.parent;
  const decl = firstAwait && ts.isAwaitExpression(firstAwait) ? firstAwait.parent : undefined;
  const secondAwait = second.node.parent;
  if (
    first.method && first.method === second.method &&
    decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const &&
    secondAwait && ts.isAwaitExpression(secondAwait)
  ) {
    const declStatement = decl.parent.parent;
    const block = declStatement?.parent;
    if (block && isAncestor(block, second.node)) {
      fixes.push({
        title: `Reuse '${decl.name.text}' (the body read once)`,
        edits: [{ start: secondAwait.getStart(sf), end: secondAwait.getEnd(), newText: decl.name.text }],
        isPreferred: true,
      });
    }
  }
  // Clone before the first read: at the top of the function for a parameter, after the declaration otherwise.
  let insertAt: number | undefined;
  let indent = '';
  const v = vars.get(owner);
  if (v && !v.cloneOf && fn.parameters.some((p) => p.name === owner)) {
    if (fn.body && ts.isBlock(fn.body)) {
      const firstStatement = fn.body.statements[0];
      if (firstStatement) {
        insertAt = firstStatement.getStart(sf);
        indent = indentAt(ctx.text, insertAt);
      }
    }
  } else {
    const st = enclosingStatement(owner);
    if (st && !isAncestor(st, first.node)) {
      insertAt = st.getEnd();
      indent = '\n' + indentAt(ctx.text, st.getStart(sf));
    }
  }
  if (insertAt !== undefined) {
    const name = uniqueName(ctx.text, `${owner.text}Clone`);
    const semi = /;[ \t]*\r?\n/.test(ctx.text) ? ';' : '';
    const edits: TextEdit[] = [
      v && !v.cloneOf && fn.parameters.some((p) => p.name === owner)
        ? { start: insertAt, end: insertAt, newText: `const ${name} = ${owner.text}.clone()${semi}\n${indent}` }
        : { start: insertAt, end: insertAt, newText: `${indent}const ${name} = ${owner.text}.clone()${semi}` },
      { start: second.receiver.getStart(sf), end: second.receiver.getEnd(), newText: name },
    ];
    fixes.push({ title: `Clone '${owner.text}' before the first read and read the clone here`, edits, isPreferred: false });
  }
  return fixes;
}

/** Moves `const c = r.clone()` to just before the statement of the first read, when both sit in one block. */
function moveCloneFix(ctx: RuleContext, clone: ts.CallExpression, first: BodyRead): Fix[] {
  const sf = ctx.sourceFile;
  const cloneSt = enclosingStatement(clone);
  const firstSt = enclosingStatement(first.node);
  if (!cloneSt || !firstSt || cloneSt.parent !== firstSt.parent || !ts.isVariableStatement(cloneSt) || cloneSt.declarationList.declarations.length !== 1) return [];
  const text = ctx.text;
  let start = cloneSt.getStart(sf);
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = cloneSt.getEnd();
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  const firstStart = firstSt.getStart(sf);
  const indent = indentAt(text, firstStart);
  return [{
    title: 'Clone before the first read',
    edits: [
      { start: firstStart, end: firstStart, newText: `${cloneSt.getText(sf)}\n${indent}` },
      { start, end, newText: '' },
    ],
    isPreferred: true,
  }];
}
