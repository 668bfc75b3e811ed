// A request body is a stream: a second read throws "Body is unusable: Body has already been read" (500 in next
// dev), and `clone()` after a read throws too. Paths are followed (branches, early returns, loops, try/catch),
// so reads on exclusive paths are fine, and a clone read once next to the original read once is fine.
import { enclosingStatement, indentAt, isAncestor, methodCall, unwrap, type FunctionLike } from '../../parsing/ast';
import { inLoop } from '../../parsing/fileIndex';
import { runFlow, type FlowDomain } from '../../parsing/flow';
import { ts } from '../../parsing/ts';
import { mayReadNamed, type BodyRead } from '../handlers';
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

export const doubleBodyRead: FileRule = {
  meta: {
    id: 'double-body-read',
    defaultSeverity: 'error',
    description: 'A request body is consumed twice on one path, or cloned after it was read (both throw at run time).',
  },
  kinds: ['route', 'proxy', 'middleware'],
  check(ctx) {
    const sf = ctx.sourceFile;
    const imported = ctx.callees.importsMatter('reads');
    const reported = new Set<ts.Node>();
    // Calls that may clone a request or hand it to a same-file helper, found once for the file.
    const cloneCalls = ctx.text.includes('clone') ? ctx.index.calls.filter((c) => methodCall(c)?.[1] === 'clone') : [];
    const helperNames = new Set<string>();
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st) && st.name && st.body && st.parameters.length > 0) helperNames.add(st.name.text);
      else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const init = d.initializer && unwrap(d.initializer);
          if (init && ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && init.parameters.length > 0) helperNames.add(d.name.text);
        }
      }
    }
    // (with imports that read bodies: any call by a name or a member of a name may run one)
    const helperCalls = imported
      ? ctx.index.calls.filter((c) => ts.isIdentifier(c.expression) || (ts.isPropertyAccessExpression(c.expression) && ts.isIdentifier(c.expression.expression)))
      : helperNames.size > 0 ? ctx.index.calls.filter((c) => ts.isIdentifier(c.expression) && helperNames.has(c.expression.text)) : [];
    for (const { fn, requests } of ctx.facts.requestFunctions()) {
      const vars = requestVars(fn, requests, ctx.scopes, ctx.index);
      const names = new Set([...vars.keys()].map((d) => d.text));
      const named = (e: ts.Expression | undefined): boolean => {
        const u = e && unwrap(e);
        return !!u && ts.isIdentifier(u) && names.has(u.text);
      };
      // What could read, clone or pass on a tracked request, by name only (nothing resolved yet). One such node
      // outside a loop cannot make a second read: most handlers stop here.
      const candidates = ctx.facts.bodyReadCandidatesIn(fn, true).filter((n) => mayReadNamed(n, names));
      const clones = cloneCalls.length > 0 ? ctx.index.within(cloneCalls, fn, true).filter((c) => named(methodCall(c)?.[0])) : [];
      const passes = helperCalls.length > 0 ? ctx.index.within(helperCalls, fn, true).filter((c) => c.arguments.some((a) => named(a))) : [];
      const events = candidates.length + clones.length + passes.length;
      if (events === 0 || (events === 1 && !inLoop([...candidates, ...clones, ...passes][0]))) continue;

      const trackedArg = (e: ts.Expression | undefined): [ts.Identifier, ts.Identifier] | undefined => {
        if (!e) return undefined;
        const u = unwrap(e);
        if (!ts.isIdentifier(u) || !names.has(u.text)) return undefined;
        const d = ctx.scopes.declarationOf(u);
        return d && vars.has(d) ? [d, u] : undefined;
      };
      // a helper (same-file or imported, by its summary) that consumes the body of a request it is given
      const helperRead = (n: ts.CallExpression): BodyRead | undefined => {
        const t = ctx.callees.target(n);
        for (const r of t?.fn.reads ?? []) {
          const tracked = trackedArg(n.arguments[r.param]);
          if (tracked) return { target: tracked[0], receiver: tracked[1], node: n, how: `${t!.fn.name}()` };
        }
        return undefined;
      };
      const reads = new Map<ts.Node, BodyRead>();
      const cloneOf = new Map<ts.Node, [ts.Identifier, ts.Identifier]>();
      for (const n of candidates) {
        const r = ctx.facts.bodyRead(n);
        if (r && vars.has(r.target)) reads.set(n, r);
      }
      for (const c of clones) {
        const t = trackedArg(methodCall(c)?.[0]);
        if (t) cloneOf.set(c, t);
      }
      for (const c of passes) {
        if (reads.has(c)) continue;
        const r = helperRead(c);
        if (r) reads.set(c, r);
      }
      followPaths(ctx, fn, vars, reads, cloneOf, reported);
    }
  },
};

/**
 * Follows the paths of `fn` with its body reads (`reads`, keyed by the node the flow visits) and clone calls, and
 * reports a read or a clone where the body may already have been consumed.
 */
function followPaths(ctx: RuleContext, fn: FunctionLike, vars: Map<ts.Identifier, RequestVar>, reads: ReadonlyMap<ts.Node, BodyRead>, cloneOf: ReadonlyMap<ts.Node, [ts.Identifier, ts.Identifier]>, reported: Set<ts.Node>): void {
  const sf = ctx.sourceFile;
  const domain: FlowDomain<State> = {
    join,
    same,
    visit(node, state) {
      const t = cloneOf.get(node);
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
        return state;
      }
      const read = reads.get(node);
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
    const name = ctx.facts.unusedName(`${owner.text}Clone`);
    const semi = ctx.facts.semicolon();
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
