// Where can a caught error's value go? A cheap over-approximation, part of the file's model (facts.ts), run before
// leaked-error-message's precise taint analysis: it follows, by NAME only, values from a caught error into
// variables, assignments, arrays, helper parameters, return values and the values of imported functions that return
// their arguments, over the file's index, and returns the calls and `new`s they reach. Every sink the precise
// analysis could flag is in that list (names over-approximate declarations), so the precise analysis only runs on
// these: most catch blocks log the error or answer a constant, and a file's other calls (thousands in a large one,
// some of them nested deeper than the taint analysis can follow) are never looked at.
import { bindingIdentifiers, enclosingFunction, isStaticMember, memberName, memberObject, outerWrapper, unwrap, type FunctionLike } from '../parsing/ast';
import { importedCallee } from '../parsing/exports';
import type { FileIndex } from '../parsing/fileIndex';
import { ts } from '../parsing/ts';
import { nodeStyleErrorParam, resultErrorBinding } from './errorSources';
import { ARGUMENT_METHODS, calleeName, STRING_BUILDERS } from './taint';

/** How the reach finds its starting points, the uses of a name and the functions a name declares. */
interface Finder {
  /**
   * The names errors are bound to: catch clause bindings, the parameters of `.catch(cb)`, `.then(_, cb)` and
   * `.onError(cb)` callbacks, node-style error parameters, results' `error`.
   */
  sourceNames(): Iterable<string>;
  /** Member accesses that may be `.reason` of a settled result (only asked when the file calls `allSettled`). */
  reasonMembers(): Iterable<ts.Node>;
  /** Identifiers spelled `name` (any role: the reach skips declarations and property names). */
  usesOf(name: string): Iterable<ts.Identifier>;
  /** Functions a call `name(…)` may run as a same-file helper (see helperNames). */
  functionsNamed(name: string): Iterable<FunctionLike>;
}

/**
 * The names a function is known by in this file: its declaration name, and the variable or property it is
 * assigned to (`const g = function f() {}` is called as `g` and as `f`).
 */
function functionNames(fn: ts.Node): string[] {
  const out: string[] = [];
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) out.push(fn.name.text);
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return out;
  const p = outerWrapper(fn).parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) out.push(p.name.text);
  return out;
}

/**
 * The names a call may use to run `fn` as a same-file helper in the precise analysis (taint.ts `localFunction`): a
 * function declaration's name, the variable an arrow or function expression initializes, and a function
 * expression's own name. Methods and properties are not helpers there.
 */
export function helperNames(fn: ts.Node): string[] {
  const out: string[] = [];
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) out.push(fn.name.text);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return out;
  const p = outerWrapper(fn).parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) out.push(p.name.text);
  return out;
}

/** Does the value of call or `new` `p` carry the taint of its arguments (taint.ts `compute`)? */
function carriesArguments(p: ts.CallExpression | ts.NewExpression): boolean {
  const name = calleeName(p.expression);
  if (ts.isNewExpression(p)) return name !== undefined && /Error$/.test(name);
  if (name !== undefined && STRING_BUILDERS.has(name)) return true;
  const method = memberName(unwrap(p.expression));
  return method !== undefined && ARGUMENT_METHODS.has(method);
}

function collectBindingNames(name: ts.BindingName | undefined, out: Set<string>): void {
  bindingNames(name, out, (n) => out.add(n));
}

/** The parameters of `cb` in `x.catch(cb)`, `x.onError(cb)` and `x.then(_, cb)`. */
function collectSourceParams(call: ts.CallExpression, out: Set<string>): void {
  const m = memberName(unwrap(call.expression));
  const cb = m === 'catch' || m === 'onError' ? call.arguments[0] : m === 'then' ? call.arguments[1] : undefined;
  const f = cb && unwrap(cb);
  if (f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f))) for (const p of f.parameters) collectBindingNames(p.name, out);
}


/** Adds (through `add`) each name `name` binds that `out` does not hold yet. */
function bindingNames(name: ts.BindingName | undefined, out: Set<string>, add: (n: string) => void): void {
  if (name) for (const id of bindingIdentifiers(name)) if (!out.has(id.text)) add(id.text);
}

const K = ts.SyntaxKind;


const NONE: ReadonlySet<string> = new Set();

/**
 * The calls and `new`s a value from a caught error can reach by name, in source order. `carrying`: the local names
 * of imported functions (or namespaces, objects) whose summaries say they may return what they are given.
 */
export function reachableCalls(index: FileIndex, carrying: ReadonlySet<string> = NONE): ts.Node[] {
  const finder = indexFinder(index);
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
  for (const name of finder.sourceNames()) if (!names.has(name)) add(name);
  const helpersSeen = new Set<string>();
  const helperParams = (callee: string): void => {
    if (helpersSeen.has(callee)) return;
    helpersSeen.add(callee);
    for (const f of finder.functionsNamed(callee)) for (const prm of f.parameters) bindingNames(prm.name, names, add);
  };
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
          // a same-file helper called by name: its parameters receive the value (the precise analysis follows
          // them to the helper's returns; it resolves no method, so `obj.m(x)` has no helper here)
          const callee = unwrap(p.expression);
          if (ts.isIdentifier(callee)) helperParams(callee.text);
          // `arr.push(x)`: the array carries it
          else if (memberName(callee) === 'push') {
            let o = memberObject(callee);
            while (o && (ts.isPropertyAccessExpression(o) || ts.isElementAccessExpression(o) || ts.isCallExpression(o))) o = o.expression;
            if (o && ts.isIdentifier(o) && !names.has(o.text)) add(o.text);
          }
        }
        // callbacks of a call on (or with) the value: `items.map((item) => …)`
        for (const a of p.arguments ?? []) callbackParams(a);
        // The call's own value carries an argument only where the precise analysis says so (taint.ts): a string
        // builder (`String(e)`), `concat`/`join`/`replace`, `new …Error(e)`, and a call of an imported function
        // whose summary says it may (`f(…)`, `ns.f(…)` with `f` or `ns` in `carrying`). A same-file helper's value carries it when the helper returns it: then its
        // name is followed (see the return case) and this call is reached again from its callee. Anything else
        // (`log(e)`, `console.error(e)`, `Sentry.captureException(e)` of a global) ends the path here.
        // A callback that returns the value (reached through its return) goes on: `items.map((x) => x.message)`.
        if (p.arguments?.includes(n as ts.Expression) && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n) && !carriesArguments(p) && !(carrying.size > 0 && ts.isCallExpression(p) && importedCallee(p, carrying))) return;
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
  if (index.calls.some((c) => memberName(unwrap(c.expression)) === 'allSettled')) for (const m of finder.reasonMembers()) if (memberName(m) === 'reason') climb(m);
  if (names.size === 0 && sinks.size === 0) return [];
  while (queue.length > 0) {
    for (const id of finder.usesOf(queue.pop()!)) {
      const p = id.parent;
      // the declaration itself, a property name, a label: not a use of the value
      if (!p || ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name === id && !ts.isShorthandPropertyAssignment(p))) continue;
      if ((ts.isPropertyAccessExpression(p) && p.name === id) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) continue;
      climb(id);
    }
  }
  return [...sinks].sort((a, b) => a.pos - b.pos);
}

/** The finder over the file's index (every node of the file, parents set). */
function indexFinder(index: FileIndex): Finder {
  // Uses of a name: a linear scan for the first few names, then a table by name (a chain of derived variables
  // would otherwise scan every identifier once per variable).
  let byName: Map<ts.__String, ts.Identifier[]> | undefined;
  let scans = 0;
  let fnsByName: Map<string, FunctionLike[]> | undefined;
  return {
    sourceNames() {
      const out = new Set<string>();
      for (const c of index.catchClauses) collectBindingNames(c.variableDeclaration?.name, out);
      for (const call of index.calls) collectSourceParams(call, out);
      for (const fn of index.functions) {
        const p = nodeStyleErrorParam(fn);
        if (p) out.add(p.text);
      }
      for (const v of index.variables) {
        const r = resultErrorBinding(v);
        if (r) out.add(r.text);
      }
      return out;
    },
    reasonMembers: () => index.members,
    usesOf(name) {
      const escaped = ts.escapeLeadingUnderscores(name);
      if (!byName && ++scans <= 4) return index.identifiers.filter((id) => id.escapedText === escaped); // `.text` unescapes on every read
      if (!byName) {
        byName = new Map();
        for (const id of index.identifiers) {
          const list = byName.get(id.escapedText);
          if (list) list.push(id);
          else byName.set(id.escapedText, [id]);
        }
      }
      return byName.get(escaped) ?? [];
    },
    functionsNamed(name) {
      if (!fnsByName) {
        fnsByName = new Map();
        for (const f of index.functions) for (const fname of helperNames(f)) fnsByName.set(fname, [...(fnsByName.get(fname) ?? []), f]);
      }
      return fnsByName.get(name) ?? [];
    },
  };
}

/** What a Pages Router / Node response sends: `res.json(…)`, `res.send`, `res.end`, `res.write`. */
export const RESPONSE_SENDS: ReadonlySet<string> = new Set(['json', 'send', 'end', 'write']);
/** What a Hono context sends: `c.json(body, status)`, `c.text(…)`, `c.html(…)`, `c.body(…)`. */
export const HONO_SENDS: ReadonlySet<string> = new Set(['json', 'text', 'html', 'body']);

const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Could `n` (a call or `new` the reach found) be a sink of leaked-error-message? The shapes its `sinkOf` accepts,
 * without resolving anything: `new Response/NextResponse`, `Response/NextResponse.json`, and any `x.json/send/end/
 * write(…)` (the Pages Router's response, whatever its name), `x.text/html/body(…)` (a Hono context) or
 * `x.enqueue(…)` (a response stream's controller).
 */
export function mayBeSink(n: ts.Node): boolean {
  if (ts.isNewExpression(n)) {
    const c = unwrap(n.expression);
    if (ts.isIdentifier(c) && (c.text === 'Response' || c.text === 'NextResponse')) return true;
    // `throw new ApiError({ message: e.message })`: a re-wrap into an app error class, maybe (see leakHits)
    const p = outerWrapper(n).parent;
    return !!p && ts.isThrowStatement(p) && !BUILTIN_ERRORS.has(ts.isIdentifier(c) ? c.text : memberName(c) ?? '');
  }
  if (!ts.isCallExpression(n)) return false;
  if (isStaticMember(n.expression, ['Response', 'NextResponse'], 'json')) return true;
  const method = memberName(unwrap(n.expression));
  return method !== undefined && (RESPONSE_SENDS.has(method) || HONO_SENDS.has(method) || method === 'enqueue');
}
