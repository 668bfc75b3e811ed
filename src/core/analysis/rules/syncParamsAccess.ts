// Since Next.js 15 a route's `params` is a Promise: `params.id` is undefined (and logs "params is a Promise and
// must be unwrapped with await"). The fix awaits it, making the handler async when needed.
import { enclosingFunction, hasModifier, indentAt, isFunctionLike, memberName, unwrap, walk, type FunctionLike } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import type { FileRule, RuleContext } from '../rule';
import type { Fix, TextEdit } from '../types';

const PROMISE_MEMBERS = new Set(['then', 'catch', 'finally']);

function asyncEdit(fn: FunctionLike, sf: ts.SourceFile): TextEdit[] {
  if (hasModifier(fn, ts.SyntaxKind.AsyncKeyword)) return [];
  const mods = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) ?? [] : [];
  const exp = mods.filter((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
  const at = exp.length > 0 ? exp[exp.length - 1].getEnd() + 1 : fn.getStart(sf);
  const edits: TextEdit[] = [{ start: at, end: at, newText: 'async ' }];
  if (fn.type) edits.push({ start: fn.type.getStart(sf), end: fn.type.getEnd(), newText: `Promise<${fn.type.getText(sf)}>` });
  return edits;
}

export const syncParamsAccess: FileRule = {
  meta: {
    id: 'sync-params-access',
    defaultSeverity: 'error',
    description: 'params is read without await; since Next.js 15 it is a Promise.',
  },
  kinds: ['route'],
  check(ctx) {
    if (ctx.nextMajor < 15) return;
    const sf = ctx.sourceFile;
    for (const h of ctx.handlers) {
      const c = h.context;
      if (!c) continue;
      /** Declarations that hold the params promise; and `context` identifiers whose `.params` is it. */
      const paramsDecls = new Set<ts.Identifier>();
      const contextDecls = new Set<ts.Identifier>();
      if (ts.isIdentifier(c.name)) contextDecls.add(c.name);
      else if (ts.isObjectBindingPattern(c.name)) {
        for (const el of c.name.elements) {
          const prop = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
          if (prop !== 'params') continue;
          if (ts.isIdentifier(el.name)) paramsDecls.add(el.name);
          else reportSignatureDestructure(ctx, h.fn, c, el);
        }
      }
      // Names are compared before anything is resolved: most identifiers of a handler are none of these.
      const contextNames = new Set([...contextDecls].map((d) => d.text));
      const isContext = (id: ts.Identifier): boolean => contextNames.has(id.text) && contextDecls.has(ctx.scopes.declarationOf(id)!);
      // `const { params } = context` and `const p = context.params` (without await) also hold the promise.
      walk(h.fn, (n) => {
        if (!ts.isVariableDeclaration(n) || !n.initializer) return;
        const init = unwrap(n.initializer);
        if (ts.isIdentifier(init) && ts.isObjectBindingPattern(n.name) && isContext(init)) {
          for (const el of n.name.elements) {
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
            if (prop === 'params' && ts.isIdentifier(el.name)) paramsDecls.add(el.name);
            else if (prop === 'params' && ts.isObjectBindingPattern(el.name)) reportNestedDestructure(ctx, n, el.name, init.text);
          }
        }
        if (ts.isIdentifier(n.name) && memberName(init) === 'params') {
          const obj = unwrap((init as ts.PropertyAccessExpression).expression);
          if (ts.isIdentifier(obj) && isContext(obj)) paramsDecls.add(n.name);
        }
      });
      // Uses of the promise.
      const paramsNames = new Set([...paramsDecls].map((d) => d.text));
      walk(h.fn, (n) => {
        let promiseExpr: ts.Expression | undefined;
        if (ts.isIdentifier(n) && paramsNames.has(n.text) && !(n.parent && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
          const d = ctx.scopes.declarationOf(n);
          if (d && d !== n && paramsDecls.has(d)) promiseExpr = n;
        } else if (memberName(n) === 'params') {
          const obj = unwrap((n as ts.PropertyAccessExpression).expression);
          if (ts.isIdentifier(obj) && isContext(obj)) promiseExpr = n as ts.Expression;
        }
        if (!promiseExpr) return;
        let outer: ts.Expression = promiseExpr;
        while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isNonNullExpression(outer.parent) || ts.isAsExpression(outer.parent))) outer = outer.parent;
        const p = outer.parent;
        if (!p) return;
        if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === outer) {
          const name = memberName(p);
          if (name !== undefined && PROMISE_MEMBERS.has(name)) return;
          if (name === 'params' && contextDecls.size > 0) return; // handled as `context.params` itself
          ctx.report({
            span: { start: p.getStart(sf), end: p.getEnd() },
            message: `params is a Promise since Next.js 15: \`${p.getText(sf).slice(0, 40)}\` is undefined at run time. Await it: (await ${promiseExpr.getText(sf)})${p.getText(sf).slice(outer.getText(sf).length)}.`,
            fixes: awaitFix(ctx, h.fn, promiseExpr, outer),
          });
          return false;
        }
        if (ts.isVariableDeclaration(p) && p.initializer === outer && ts.isObjectBindingPattern(p.name)) {
          reportDestructure(ctx, p.name, outer, promiseExpr.getText(sf));
        }
        return undefined;
      });
    }
  },
};

function awaitFix(ctx: RuleContext, handler: FunctionLike, promiseExpr: ts.Expression, outer: ts.Expression): Fix[] {
  const sf = ctx.sourceFile;
  const fn = enclosingFunction(promiseExpr);
  if (!fn) return [];
  const edits: TextEdit[] = [...asyncEdit(fn, sf), { start: outer.getStart(sf), end: outer.getEnd(), newText: `(await ${promiseExpr.getText(sf)})` }];
  return [{ title: `Await ${promiseExpr.getText(sf)}`, edits, isPreferred: fn === handler }];
}

function reportDestructure(ctx: RuleContext, pattern: ts.ObjectBindingPattern, init: ts.Expression, what: string): void {
  const sf = ctx.sourceFile;
  const fn = enclosingFunction(init);
  const edits: TextEdit[] = fn ? [...asyncEdit(fn, sf), { start: init.getStart(sf), end: init.getStart(sf), newText: 'await ' }] : [];
  ctx.report({
    span: { start: pattern.getStart(sf), end: pattern.getEnd() },
    message: `params is a Promise since Next.js 15: destructuring ${what} without await gives undefined values. Write \`= await ${what}\`.`,
    fixes: edits.length > 0 ? [{ title: `Await ${what}`, edits, isPreferred: fn !== undefined && isFunctionLike(fn) && ctx.exports.some((e) => e.fn === fn) }] : [],
  });
}

/** `const { params: { id } } = context`: rewritten to `const { id } = await context.params` when params is all it takes. */
function reportNestedDestructure(ctx: RuleContext, decl: ts.VariableDeclaration, inner: ts.ObjectBindingPattern, contextName: string): void {
  const sf = ctx.sourceFile;
  const fn = enclosingFunction(decl);
  const outer = decl.name as ts.ObjectBindingPattern;
  const fixes: Fix[] = [];
  if (fn && outer.elements.length === 1) {
    fixes.push({
      title: `Await ${contextName}.params`,
      edits: [...asyncEdit(fn, sf), { start: decl.name.getStart(sf), end: decl.getEnd(), newText: `${inner.getText(sf)} = await ${contextName}.params` }],
      isPreferred: ctx.exports.some((e) => e.fn === fn),
    });
  }
  ctx.report({
    span: { start: inner.getStart(sf), end: inner.getEnd() },
    message: `params is a Promise since Next.js 15: destructuring ${contextName}.params without await gives undefined values. Write \`const ${inner.getText(sf).replace(/\s+/g, ' ')} = await ${contextName}.params\`.`,
    fixes,
  });
}

/** `GET(req, { params: { id } })`: destructured in the signature, before anyone could await it. */
function reportSignatureDestructure(ctx: RuleContext, fn: FunctionLike, param: ts.ParameterDeclaration, el: ts.BindingElement): void {
  const sf = ctx.sourceFile;
  const inner = el.name;
  const edits: TextEdit[] = [];
  if (fn.body && ts.isBlock(fn.body)) {
    edits.push(...asyncEdit(fn, sf));
    edits.push({ start: el.getStart(sf), end: el.getEnd(), newText: 'params' });
    const first = fn.body.statements[0];
    const semi = ctx.facts.semicolon();
    if (first) {
      const at = first.getStart(sf);
      edits.push({ start: at, end: at, newText: `const ${inner.getText(sf)} = await params${semi}\n${indentAt(ctx.text, at)}` });
    } else {
      const at = fn.body.getStart(sf) + 1;
      edits.push({ start: at, end: at, newText: ` const ${inner.getText(sf)} = await params${semi} ` });
    }
  }
  void param;
  ctx.report({
    span: { start: inner.getStart(sf), end: inner.getEnd() },
    message: 'params is a Promise since Next.js 15: destructuring it in the signature gives undefined values. Take { params } and write `const { … } = await params`.',
    fixes: edits.length > 0 ? [{ title: 'Await params in the body', edits, isPreferred: true }] : [],
  });
}
