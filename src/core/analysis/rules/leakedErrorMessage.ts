// An error's message, stack or cause sent to the client exposes internals (paths, SQL, hostnames). The guide's
// own `reason instanceof Error ? reason.message : 'Unexpected error'` sent in `new Response(message, …)` is such
// a leak. Sources: catch parameters, `.catch(cb)` / `.then(_, onRejected)` parameters, `Promise.allSettled`
// reasons. The fix answers a generic message (same status) and logs the error on the server.
import { enclosingFunction, enclosingStatement, indentAt, isAncestor, isStaticMember, memberName, memberObject, unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import { Taint } from '../taint';
import type { FileRule, RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';
import { noLeakPossible } from '../quiet';

const SAFE_PROPS = new Set(['name', 'code', 'status', 'statusCode', 'digest', 'errno', 'length', 'constructor']);
const GENERIC = 'Internal Server Error';

/** The catch / rejection-handler declaration a binding comes from, if any. */
function errorSourceOf(d: ts.Identifier): ts.Identifier | undefined {
  let n: ts.Node = d;
  while (n.parent && (ts.isBindingElement(n.parent) || ts.isObjectBindingPattern(n.parent) || ts.isArrayBindingPattern(n.parent))) n = n.parent;
  const owner = n.parent;
  if (!owner) return undefined;
  if (ts.isVariableDeclaration(owner) && owner.parent && ts.isCatchClause(owner.parent)) return d;
  if (ts.isParameter(owner)) {
    const fn = owner.parent;
    const index = fn.parameters.indexOf(owner);
    const call = fn.parent;
    if (index !== 0 || !call || !ts.isCallExpression(call)) return undefined;
    const method = memberName(unwrap(call.expression));
    if (method === 'catch' && call.arguments[0] === fn) return d;
    if (method === 'then' && call.arguments[1] === fn) return d;
  }
  return undefined;
}

function isAllSettledCall(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isCallExpression(u) && isStaticMember(u.expression, ['Promise'], 'allSettled');
}

export const leakedErrorMessage: FileRule = {
  meta: {
    id: 'leaked-error-message',
    defaultSeverity: 'warning',
    description: 'A value derived from a caught error reaches a response body sent to the client.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api'],
  quiet: noLeakPossible,
  check(ctx) {
    if (!/catch|allSettled|then/.test(ctx.text)) return;
    checkSinks(ctx, reachableSinks(ctx));
  },
};

/** The same rule without the name-based pre-pass: every call and `new` is checked (tests compare the two). */
export const leakedErrorMessageUnfiltered: FileRule = {
  ...leakedErrorMessage,
  check(ctx) {
    if (!/catch|allSettled|then/.test(ctx.text)) return;
    checkSinks(ctx, [...ctx.index.calls, ...ctx.index.news].sort((a, b) => a.pos - b.pos));
  },
};

function checkSinks(ctx: RuleContext, sinks: readonly ts.Node[]): void {
  const sf = ctx.sourceFile;
  const settledMemo = new Map<ts.Node, boolean>();
  const isSettled = (expr: ts.Expression, depth = 0): boolean => {
    const e = unwrap(expr);
    if (depth > 8) return false;
    const m = settledMemo.get(e);
    if (m !== undefined) return m;
    settledMemo.set(e, false);
    let r = false;
    if (isAllSettledCall(e)) r = true;
    else if (ts.isAwaitExpression(e)) r = isSettled(e.expression, depth + 1);
    else if (ts.isElementAccessExpression(e)) r = isSettled(e.expression, depth + 1);
    else if (ts.isCallExpression(e) && ['filter', 'slice', 'concat', 'sort', 'reverse', 'flat', 'at', 'find', 'findLast'].includes(memberName(unwrap(e.expression)) ?? '')) {
      r = isSettled(memberObject(unwrap(e.expression))!, depth + 1);
    }
    else if (ts.isIdentifier(e)) {
      const d = ctx.scopes.declarationOf(e);
      let n: ts.Node | undefined = d;
      while (n?.parent && (ts.isBindingElement(n.parent) || ts.isArrayBindingPattern(n.parent) || ts.isObjectBindingPattern(n.parent))) n = n.parent;
      const owner = n?.parent;
      if (owner && ts.isVariableDeclaration(owner)) {
        if (owner.initializer) r = isSettled(owner.initializer, depth + 1);
        const loop = owner.parent?.parent;
        if (!r && loop && ts.isForOfStatement(loop)) r = isSettled(loop.expression, depth + 1);
      } else if (owner && ts.isParameter(owner)) {
        const call = owner.parent.parent;
        const obj = call && ts.isCallExpression(call) ? memberObject(unwrap(call.expression)) : undefined;
        if (obj) r = isSettled(obj, depth + 1);
        // `Promise.allSettled(…).then((results) => …)`
        if (!r && call && ts.isCallExpression(call) && memberName(unwrap(call.expression)) === 'then' && obj && isAllSettledCall(obj)) r = true;
      }
    }
    settledMemo.set(e, r);
    return r;
  };
  if (sinks.length === 0) return;
  const taint = new Taint(sf, ctx.scopes, {
    isSource: (e) => memberName(e) === 'reason' && isSettled(memberObject(e)!),
    isSourceDecl: (d) => errorSourceOf(d) !== undefined,
    safeProperty: (name) => SAFE_PROPS.has(name),
    sanitizes: () => false,
  }, ctx.index);

  for (const n of sinks) {
    const sink = sinkOf(n, ctx);
    if (!sink) continue;
    for (const arg of sink.args) {
      if (!arg || !taint.tainted(arg)) continue;
      const source = findSource(arg, ctx, taint);
      ctx.report({
        span: { start: arg.getStart(sf), end: arg.getEnd() },
        message: `${sink.what} sends ${describe(arg, sf)}, derived from the caught error${source ? ` '${source.text}'` : ''}, to the client: error messages expose internals. Answer a generic message and log the error on the server.`,
        related: source ? [{ span: { start: source.getStart(sf), end: source.getEnd() }, message: 'The caught error' }] : [],
        fixes: genericFix(ctx, n, arg, sink.generic, source),
      });
    }
  }
}

const K = ts.SyntaxKind;

/** The name a function is known by in this file: its declaration name, or the variable or property it is assigned to. */
function functionNames(fn: ts.Node): string[] {
  if (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) {
    if (fn.name) return [fn.name.text];
  }
  let p = fn.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return [p.name.text];
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return [fn.name.text];
  return [];
}

function bindingNames(name: ts.BindingName | undefined, out: Set<string>, add: (n: string) => void): void {
  if (!name) return;
  if (ts.isIdentifier(name)) {
    if (!out.has(name.text)) add(name.text);
  } else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out, add);
}

/**
 * A cheap over-approximation run before the precise taint analysis: follows, by NAME only (no scopes), where values
 * from a caught error can go — into variables, assignments, arrays, helper parameters and return values — and
 * returns the sink calls they can reach. Every sink the precise analysis could flag is in this list (names
 * over-approximate declarations), so the precise analysis only runs on these. A file whose catch blocks only log
 * (the common case) costs a scan of its identifiers.
 */
function reachableSinks(ctx: RuleContext): ts.Node[] {
  const index = ctx.index;
  const names = new Set<string>();
  const queue: string[] = [];
  const add = (n: string): void => {
    names.add(n);
    queue.push(n);
  };
  const sinks = new Set<ts.Node>();
  const callbackParams = (e: ts.Expression | undefined): void => {
    const f = e && unwrap(e);
    if (f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f))) for (const p of f.parameters) bindingNames(p.name, names, add);
  };
  // Sources: catch bindings, `.catch(cb)` and `.then(_, cb)` parameters, and `.reason` of settled results.
  for (const c of index.catchClauses) bindingNames(c.variableDeclaration?.name, names, add);
  const fnsByName = new Map<string, ts.FunctionLikeDeclaration[]>();
  for (const call of index.calls) {
    const m = memberName(unwrap(call.expression));
    if (m === 'catch') callbackParams(call.arguments[0]);
    else if (m === 'then') callbackParams(call.arguments[1]);
  }
  // What happens above a node depends only on the node, so a path is climbed once: a chain of helpers used many
  // times (each call climbing through the same returns and calls) stays linear.
  const climbed = new Set<ts.Node>();
  const climb = (from: ts.Node): void => {
    let n = from;
    for (let guard = 0; guard < 10_000; guard++) {
      if (climbed.has(n)) return;
      climbed.add(n);
      const p = n.parent;
      if (!p) return;
      if (ts.isNewExpression(p) || ts.isCallExpression(p)) {
        if (p.arguments?.includes(n as ts.Expression)) {
          sinks.add(p);
          // a same-file helper: its parameters receive the value
          const callee = unwrap(p.expression);
          const calleeName = ts.isIdentifier(callee) ? callee.text : memberName(callee);
          if (calleeName !== undefined) {
            if (fnsByName.size === 0) for (const f of index.functions) for (const fname of functionNames(f)) fnsByName.set(fname, [...(fnsByName.get(fname) ?? []), f]);
            for (const f of fnsByName.get(calleeName) ?? []) for (const prm of f.parameters) bindingNames(prm.name, names, add);
          }
          // `arr.push(x)`: the array carries it
          if (calleeName === 'push') {
            let o = memberObject(callee);
            while (o && (ts.isPropertyAccessExpression(o) || ts.isElementAccessExpression(o) || ts.isCallExpression(o))) o = o.expression;
            if (o && ts.isIdentifier(o) && !names.has(o.text)) add(o.text);
          }
        }
        // callbacks of a call on (or with) the value: `items.map((item) => …)`
        for (const a of p.arguments ?? []) callbackParams(a);
      } else if (ts.isVariableDeclaration(p) || ts.isBindingElement(p) || ts.isParameter(p)) {
        if (p.initializer === n) bindingNames(p.name, names, add);
        return;
      } else if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind >= K.FirstAssignment && p.operatorToken.kind <= K.LastAssignment) {
        let left: ts.Expression = p.left;
        while (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) left = left.expression;
        if (ts.isIdentifier(left) && !names.has(left.text)) add(left.text);
      } else if (ts.isForOfStatement(p) || ts.isForInStatement(p)) {
        if (p.expression === n && ts.isVariableDeclarationList(p.initializer)) for (const d of p.initializer.declarations) bindingNames(d.name, names, add);
        return;
      } else if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n)) {
        // the function returns it: calls of the function (by name) carry it, and so does the function value itself
        const fn = ts.isArrowFunction(p) ? p : enclosingFunction(p);
        if (!fn) return;
        for (const fname of functionNames(fn)) if (!names.has(fname)) add(fname);
        n = fn;
        continue;
      } else if ((p.kind >= K.FirstStatement && p.kind <= K.LastStatement) || ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isCatchClause(p) || ts.isCaseBlock(p) || ts.isModuleBlock(p)) {
        return;
      }
      n = p;
    }
  };
  for (const m of ctx.text.includes('allSettled') ? index.members : []) if (memberName(m) === 'reason') climb(m);
  if (names.size === 0 && sinks.size === 0) return [];
  // Uses of a name: a linear scan for the first few names, then a table by name (a chain of derived variables
  // would otherwise scan every identifier once per variable).
  let byName: Map<ts.__String, ts.Identifier[]> | undefined;
  let scans = 0;
  const usesOf = (name: ts.__String): readonly ts.Identifier[] => {
    if (!byName && ++scans <= 4) return index.identifiers.filter((id) => id.escapedText === name); // `.text` unescapes on every read
    if (!byName) {
      byName = new Map();
      for (const id of index.identifiers) {
        const list = byName.get(id.escapedText);
        if (list) list.push(id);
        else byName.set(id.escapedText, [id]);
      }
    }
    return byName.get(name) ?? [];
  };
  while (queue.length > 0) {
    for (const id of usesOf(ts.escapeLeadingUnderscores(queue.pop()!))) {
      const p = id.parent;
      // the declaration itself, a property name, a label: not a use of the value
      if (!p || ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name === id && !ts.isShorthandPropertyAssignment(p))) continue;
      if ((ts.isPropertyAccessExpression(p) && p.name === id) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) continue;
      climb(id);
    }
  }
  return [...sinks].sort((a, b) => a.pos - b.pos);
}

function describe(arg: ts.Expression, sf: ts.SourceFile): string {
  const t = arg.getText(sf).replace(/\s+/g, ' ');
  return `\`${t.length > 40 ? `${t.slice(0, 40)}…` : t}\``;
}

interface Sink {
  what: string;
  args: Array<ts.Expression | undefined>;
  generic: string;
}

function sinkOf(n: ts.Node, ctx: RuleContext): Sink | undefined {
  if (ts.isNewExpression(n)) {
    const c = unwrap(n.expression);
    if (ts.isIdentifier(c) && (c.text === 'Response' || c.text === 'NextResponse')) return { what: `new ${c.text}()`, args: [n.arguments?.[0], n.arguments?.[1]], generic: `'${GENERIC}'` };
    return undefined;
  }
  if (!ts.isCallExpression(n)) return undefined;
  if (isStaticMember(n.expression, ['Response', 'NextResponse'], 'json')) return { what: `${(memberObject(unwrap(n.expression)) as ts.Identifier).text}.json()`, args: [n.arguments[0], n.arguments[1]], generic: `{ error: '${GENERIC}' }` };
  // Pages Router: res.json/send/end/write, res.status(n).json(…)
  const callee = unwrap(n.expression);
  const method = memberName(callee);
  if (!method || !['json', 'send', 'end', 'write'].includes(method)) return undefined;
  let obj = memberObject(callee);
  while (obj && ts.isCallExpression(unwrap(obj)) && ['status', 'setHeader'].includes(memberName(unwrap((unwrap(obj) as ts.CallExpression).expression)) ?? '')) {
    obj = memberObject(unwrap((unwrap(obj) as ts.CallExpression).expression));
  }
  const o = obj && unwrap(obj);
  if (!o || !ts.isIdentifier(o) || !isResponseObject(o, ctx)) return undefined;
  return { what: `res.${method}()`, args: [n.arguments[0]], generic: method === 'json' ? `{ error: '${GENERIC}' }` : `'${GENERIC}'` };
}

/** A Pages Router / Node response: the second parameter of a handler, or typed NextApiResponse/ServerResponse. */
function isResponseObject(id: ts.Identifier, ctx: RuleContext): boolean {
  const d = ctx.scopes.declarationOf(id);
  const p = d?.parent;
  if (!p || !ts.isParameter(p)) return false;
  const t = p.type;
  if (t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && /^(NextApiResponse|ServerResponse)$/.test(t.typeName.text)) return true;
  return p.parent.parameters.indexOf(p) === 1 && (ctx.kind === 'pages-api' || /^res(ponse)?$/.test(id.text));
}

/** The error declaration the tainted argument comes from (first found), for related information and the log. */
function findSource(arg: ts.Expression, ctx: RuleContext, taint: Taint): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const seen = new Set<ts.Node>();
  const visit = (e: ts.Node, depth: number): void => {
    if (found || depth > 6 || seen.has(e)) return;
    seen.add(e);
    if (ts.isIdentifier(e)) {
      const d = ctx.scopes.declarationOf(e);
      if (d && errorSourceOf(d)) {
        found = d;
        return;
      }
      const decl = d?.parent;
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && taint.tainted(decl.initializer)) visit(decl.initializer, depth + 1);
      return;
    }
    ts.forEachChild(e, (c) => visit(c, depth));
  };
  visit(arg, 0);
  return found;
}

function genericFix(ctx: RuleContext, sinkNode: ts.Node, arg: ts.Expression, generic: string, source: ts.Identifier | undefined): Fix[] {
  const sf = ctx.sourceFile;
  const edits: TextEdit[] = [{ start: arg.getStart(sf), end: arg.getEnd(), newText: generic }];
  // Is it the init argument (statusText/headers)? Then only that is replaced; the body stays.
  const isInit = (ts.isNewExpression(sinkNode) || ts.isCallExpression(sinkNode)) && sinkNode.arguments?.[1] === arg;
  if (isInit) edits[0].newText = `{ status: 500 }`;
  const st = enclosingStatement(sinkNode);
  // Log only where the error variable is in scope (the sink sits inside the catch block or the callback).
  const scopeOwner = source?.parent && (ts.isVariableDeclaration(source.parent) ? source.parent.parent : source.parent.parent);
  if (source && st && scopeOwner && isAncestor(scopeOwner, st) && !/console\.(error|warn)\(/.test(st.getFullText(sf))) {
    const at = st.getStart(sf);
    const semi = ctx.facts.semicolon();
    edits.unshift({ start: at, end: at, newText: `console.error(${source.text})${semi}\n${indentAt(ctx.text, at)}` });
  }
  // An arrow that returns the sink directly has no statement of its own: only replace the message there.
  if (st && ts.isArrowFunction(st) && edits.length > 1) edits.shift();
  return [{ title: 'Answer a generic message and log the error on the server', edits, isPreferred: true }];
}
