// Where can a caught error's value go? A cheap over-approximation run before leaked-error-message's precise taint
// analysis: it follows, by NAME only (no scopes), values from a caught error into variables, assignments, arrays,
// helper parameters and return values, and returns the calls and `new`s they reach. Every sink the precise
// analysis could flag is in that list (names over-approximate declarations), so the precise analysis only runs on
// these.
//
// The places to look at come from a Finder, in one of two ways that give the same list or a larger one:
// - from the file's index (one walk of the whole tree, which also sets every parent pointer): used by the rule;
// - from the text: each name's occurrences by regular expression, each reached by a descent from the root (see
//   parsing/locate.ts). This visits the catch blocks and the uses of the names that flow from them, not the file.
//   It is the rule's `quiet` proof: when no reached call is shaped like a response sink, the rule reports nothing
//   and the whole-tree walk is skipped (a file whose catch blocks log through a helper or a logger).
import { bindingIdentifiers, enclosingFunction, isStaticMember, memberName, memberObject, outerWrapper, unwrap, type FunctionLike } from '../parsing/ast';
import type { FileIndex } from '../parsing/fileIndex';
import { descend, identifierAt, identifiersMayBeEscaped, identifierStartBefore, isWordChar, nextNonSpace, previousNonSpace, wordOccurrences } from '../parsing/locate';
import { ts } from '../parsing/ts';
import { Slot } from './slot';
import { ARGUMENT_METHODS, calleeName, STRING_BUILDERS } from './taint';

/** How the reach finds its starting points, the uses of a name and the functions a name declares. */
export interface Finder {
  /**
   * The names errors are bound to: catch clause bindings and the parameters of `.catch(cb)` and `.then(_, cb)`
   * callbacks (a list that may hold more names than those: the reach then follows more).
   */
  sourceNames(): Iterable<string>;
  /** Member accesses that may be `.reason` of a settled result (only asked when the text has `allSettled`). */
  reasonMembers(): Iterable<ts.Node>;
  /**
   * Identifiers spelled `name` (any role: the reach skips declarations and property names). A string instead of
   * an identifier stands for a use the text already explains: the only argument of a plain call `callee(name)`
   * whose value does not carry it (see plainCallee), so the reach only has to look for `callee` as a helper.
   */
  usesOf(name: string): Iterable<ts.Identifier | string>;
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

/** The parameters of `cb` in `x.catch(cb)` and `x.then(_, cb)`. */
function collectSourceParams(call: ts.CallExpression, out: Set<string>): void {
  const m = memberName(unwrap(call.expression));
  const cb = m === 'catch' ? call.arguments[0] : m === 'then' ? call.arguments[1] : undefined;
  const f = cb && unwrap(cb);
  if (f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f))) for (const p of f.parameters) collectBindingNames(p.name, out);
}

/** Array and promise methods whose callbacks take elements or values first, never an error. */
const NOT_NODE_STYLE = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'sort', 'flatMap', 'then', 'catch', 'finally']);
const ERROR_PARAM = /^(err|error|er|e|ex)$/;

/**
 * The error parameter of a node-style callback: `form.parse(req, (err, fields) => …)`, `zlib.gzip(buf, (err, out)
 * => …)`, `pipeline(a, b, (err) => …)` (the last argument of a call that takes something else first, its first
 * parameter named err/error/er/e/ex), or `stream.on('error', (err) => …)`. (Needs the parents of `fn`.)
 */
export function nodeStyleErrorParam(fn: ts.Node): ts.Identifier | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const p0 = fn.parameters[0]?.name;
  if (!p0 || !ts.isIdentifier(p0) || !ERROR_PARAM.test(p0.text)) return undefined;
  const arg = outerWrapper(fn);
  const call = arg.parent;
  if (!call || !ts.isCallExpression(call)) return undefined;
  const method = memberName(unwrap(call.expression));
  if (method === 'on' || method === 'once' || method === 'addListener') {
    const event = call.arguments[0];
    return event && ts.isStringLiteralLike(event) && event.text === 'error' && call.arguments[1] === arg ? p0 : undefined;
  }
  if (method !== undefined && NOT_NODE_STYLE.has(method)) return undefined;
  return call.arguments.length >= 2 && call.arguments[call.arguments.length - 1] === arg ? p0 : undefined;
}

/** `(err`, `(error: …` and the like: where a node-style callback's error parameter may be declared (sticky-free). */
const NODE_ERROR_PARAM = /\(\s*(err|error|er|e|ex)\s*(?=[,):])/g;

/** Adds (through `add`) each name `name` binds that `out` does not hold yet. */
function bindingNames(name: ts.BindingName | undefined, out: Set<string>, add: (n: string) => void): void {
  if (name) for (const id of bindingIdentifiers(name)) if (!out.has(id.text)) add(id.text);
}

const K = ts.SyntaxKind;

/**
 * The calls and `new`s a value from a caught error can reach by name, in source order. `onName` sees every name
 * the reach follows (the text finder gives up on names it cannot search for).
 */
export function reachableCalls(text: string, finder: Finder, onName?: (name: string) => void): ts.Node[] {
  const names = new Set<string>();
  const queue: string[] = [];
  const add = (n: string): void => {
    names.add(n);
    queue.push(n);
    onName?.(n);
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
        // builder (`String(e)`), `concat`/`join`/`replace`, `new …Error(e)`. A same-file helper's value carries
        // it when the helper returns it: then its name is followed (see the return case) and this call is reached
        // again from its callee. Anything else (`log(e)`, `logger.error(e)`, `Sentry.captureException(e)`) ends
        // the path here.
        // A callback that returns the value (reached through its return) goes on: `items.map((x) => x.message)`.
        if (p.arguments?.includes(n as ts.Expression) && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n) && !carriesArguments(p)) return;
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
  // (`Settle`: a test for `allSettled` from its rare capital, several times faster on a large file; see probeOf)
  if (text.includes('Settle') || namesMayBeEscaped(text)) for (const m of finder.reasonMembers()) if (memberName(m) === 'reason') climb(m);
  if (names.size === 0 && sinks.size === 0) return [];
  while (queue.length > 0) {
    for (const id of finder.usesOf(queue.pop()!)) {
      if (typeof id === 'string') {
        if (id !== '') helperParams(id);
        continue;
      }
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
export function indexFinder(index: FileIndex): Finder {
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

const EQUALS = 61, COLON = 58, BANG = 33, SLASH = 47, STAR = 42, DOT = 46, OPEN_BRACE = 123, OPEN_PAREN = 40, CLOSE_PAREN = 41;
/** `(e)` or `(e: unknown)` after `catch` (sticky); group 1 ends where the name starts. */
const CATCH_BINDING = /(\s*\(\s*)([A-Za-z_$][\w$]*)\s*(?::\s*[A-Za-z_$][\w$]*\s*)?\)/y;

const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'await', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'of', 'satisfies', 'as', 'keyof', 'infer', 'is', 'asserts', 'unique', 'readonly']);
/** Methods a plain-call shortcut must not pass over: the sinks' shapes, `push` (the array carries the value) and the methods that carry an argument. */
const NOT_PLAIN_METHODS = new Set(['json', 'send', 'end', 'write', 'push', ...ARGUMENT_METHODS]);

/**
 * The callee when the word at `at` (of `length`) is, in the text, the only argument of a plain call whose value
 * does not carry it: `log(e)`, `report(e)` (the callee's name, a possible helper), or `console.error(e)`,
 * `logger.warn(e)` ('': a method, no helper). The callee is ASCII identifiers joined by dots, not reserved, not a
 * string builder (`String(e)` carries it), not after `new`, and a method is none of json/send/end/write (a sink's
 * shape), push or concat/join/replace; nothing but white space around the argument. The reach ends such a path at
 * the call (it is no sink), so no descent is needed. Undefined when any of that is unsure. Where the text is not
 * code (a comment, a string), the helper lookup this causes only makes the reach follow more.
 */
function plainCallee(text: string, at: number, length: number): string | undefined {
  if (nextNonSpace(text, at + length) !== CLOSE_PAREN) return undefined;
  const k = previousNonSpace(text, at);
  if (text.charCodeAt(k) !== OPEN_PAREN) return undefined;
  // the callee, read backwards: identifiers joined by dots (its last segment, the one before, the first one and
  // how many; no array: this runs for every use of an error's name)
  let last: string | undefined;
  let previous: string | undefined;
  let first = '';
  let count = 0;
  let start = k;
  for (let guard = 0; guard < 16; guard++) {
    const end = previousNonSpace(text, start) + 1;
    const b = identifierStartBefore(text, end);
    if (b < 0) return undefined; // no identifier there, or part of a longer, non-ASCII name
    first = text.slice(b, end);
    count++;
    if (last === undefined) last = first;
    else if (previous === undefined) previous = first;
    start = b;
    const before = previousNonSpace(text, b);
    if (before >= 0 && text.charCodeAt(before) === DOT) {
      if (before > 0 && (text.charCodeAt(before - 1) === DOT || text.charCodeAt(before - 1) === 63 /* ?. */)) return undefined;
      start = before;
      continue;
    }
    if (before >= 0 && text.charCodeAt(before) === SLASH) return undefined; // after a comment, maybe
    if (before >= 2 && text.startsWith('new', before - 2) && !(before >= 3 && isWordChar(text.charCodeAt(before - 3)))) return undefined;
    break;
  }
  if (last === undefined || count > 8) return undefined;
  if (RESERVED.has(first) || STRING_BUILDERS.has(last) || (previous !== undefined && STRING_BUILDERS.has(`${previous}.${last}`))) return undefined;
  if (count === 1) return last;
  return NOT_PLAIN_METHODS.has(last) ? undefined : ''; // a method is no helper: nothing to look up
}

/**
 * Could the word at `at` (of `length`) name a helper (see helperNames)? After `function`/`function*`, or before
 * `=`, `:` or `!` (a variable declaration); a `/` on either side may open a comment, so it counts too.
 */
function maybeHelperName(text: string, at: number, length: number): boolean {
  const next = nextNonSpace(text, at + length);
  if (next === EQUALS || next === COLON || next === BANG || next === SLASH) return true;
  let k = previousNonSpace(text, at);
  if (text.charCodeAt(k) === SLASH) return true;
  if (text.charCodeAt(k) === STAR) k = previousNonSpace(text, k);
  return k >= 7 && text.startsWith('function', k - 7) && !isWordChar(text.charCodeAt(k - 8));
}

/** An ASCII name, and the runs of name characters (maximal, so a run is a whole word as wordOccurrences means it). */
const ASCII_NAME = /^[A-Za-z_$][\w$]*$/;
const WORD_RUNS = /[\w$]+/g;

/** Nodes on the descent path to `at` (root excluded), innermost last. */
function pathTo(sf: ts.SourceFile, at: number): ts.Node[] {
  const out: ts.Node[] = [];
  for (let n: ts.Node | undefined = descend(sf, at); n && n !== sf; n = n.parent) out.push(n);
  return out.reverse();
}

/**
 * The finder over the text: every identifier spelled `name` is an occurrence of the word `name` in the text (the
 * caller has made sure no identifier is written with escapes), reached by a descent that sets its parents. The
 * `catch` and `then` keywords and member names, and `reason`, are found the same way.
 */
export function textFinder(sf: ts.SourceFile, text: string): Finder {
  // Each word's descent paths and each name's identifiers are found once (a helper's name is looked up as a
  // function, then followed as a name when it returns the value).
  const paths = new Map<string, ts.Node[][]>();
  const pathsOf = (word: string): ts.Node[][] => {
    let list = paths.get(word);
    if (!list) {
      list = wordOccurrences(text, word, { members: true }).map((at) => pathTo(sf, at));
      paths.set(word, list);
    }
    return list;
  };
  const onPaths = <T extends ts.Node>(word: string, is: (n: ts.Node) => n is T): T[] => {
    const out = new Set<T>();
    for (const path of pathsOf(word)) for (const n of path) if (is(n)) out.add(n);
    return [...out];
  };
  // A name's occurrences: a search of the text each, until the reach has looked up many names (a chain of helpers
  // or of derived variables); then one pass indexes every word, so the cost stays linear in the text.
  let lookups = 0;
  let words: Map<string, number[]> | undefined;
  const occurrencesOf = (name: string): number[] => {
    const plain = ASCII_NAME.test(name);
    if (plain && !words && ++lookups > 8) {
      words = new Map();
      for (const m of text.matchAll(WORD_RUNS)) {
        const list = words.get(m[0]);
        if (list) list.push(m.index);
        else words.set(m[0], [m.index]);
      }
    }
    return plain && words ? words.get(name) ?? [] : wordOccurrences(text, name, { members: true });
  };
  const uses = new Map<string, ts.Identifier[]>();
  const calls = new Map<string, string[]>();
  const bindings = new Set<number>();
  const identifiers = (name: string): ts.Identifier[] => {
    let out = uses.get(name);
    if (!out) {
      out = [];
      const callees: string[] = [];
      for (const at of occurrencesOf(name)) {
        if (bindings.has(at)) continue; // a catch binding seen in the text: a declaration, which the reach skips
        const callee = plainCallee(text, at, name.length);
        if (callee !== undefined) {
          callees.push(callee);
          continue;
        }
        const id = identifierAt(sf, at, name);
        if (id) out.push(id);
      }
      uses.set(name, out);
      calls.set(name, callees);
    }
    return out;
  };
  const usesOf = (name: string): Array<ts.Identifier | string> => [...identifiers(name), ...(calls.get(name) ?? [])];
  return {
    sourceNames() {
      const out = new Set<string>();
      for (const at of wordOccurrences(text, 'catch', { members: true })) {
        // `catch {` binds nothing; `catch (e)` / `catch (e: unknown)` binds `e` (or, as `x.catch(e)`, passes a
        // value: no callback there). Only other shapes (destructuring, a callback) need the tree.
        // Read from the text only where `catch` stands alone: after ASCII, not after a `.` (a member) and not
        // glued to a non-ASCII identifier character (`餆catch` is a name).
        const before = at > 0 ? text.charCodeAt(at - 1) : 32;
        if (before < 0x80 && text.charCodeAt(previousNonSpace(text, at)) !== DOT) {
          const after = nextNonSpace(text, at + 5);
          if (after === OPEN_BRACE) continue;
          CATCH_BINDING.lastIndex = at + 5;
          const simple = CATCH_BINDING.exec(text);
          if (simple) {
            out.add(simple[2]);
            bindings.add(at + 5 + simple[1].length);
            continue;
          }
        }
        for (const n of pathTo(sf, at)) {
          if (ts.isCatchClause(n)) collectBindingNames(n.variableDeclaration?.name, out);
          else if (ts.isCallExpression(n)) collectSourceParams(n, out);
        }
      }
      for (const at of wordOccurrences(text, 'then', { members: true })) for (const n of pathTo(sf, at)) if (ts.isCallExpression(n)) collectSourceParams(n, out);
      for (const m of text.matchAll(NODE_ERROR_PARAM)) {
        const name = m[1];
        const id = identifierAt(sf, m.index + m[0].indexOf(name, 1), name);
        const fn = id?.parent && ts.isParameter(id.parent) ? id.parent.parent : undefined;
        if (fn && nodeStyleErrorParam(fn) === id) out.add(name);
      }
      return out;
    },
    reasonMembers: () => onPaths('reason', (n): n is ts.Node => ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)),
    usesOf,
    functionsNamed(name) {
      const out: FunctionLike[] = [];
      // A helper's name follows `function` (or `function*`) or is a variable given a function (`name =`, `name:
      // Type =`); a comment next to it is not looked through. Calls (`name(`) and other uses need no descent.
      const candidates = uses.has(name) && calls.get(name)?.length === 0 ? uses.get(name)! : occurrencesOf(name).filter((at) => maybeHelperName(text, at, name.length)).flatMap((at) => identifierAt(sf, at, name) ?? []);
      for (const id of candidates) {
        const p = id.parent;
        if ((ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p)) && p.name === id) out.push(p);
        else if (ts.isVariableDeclaration(p) && p.name === id && p.initializer) {
          const f = unwrap(p.initializer);
          if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) out.push(f);
        }
      }
      return out;
    },
  };
}

const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * Could `n` (a call or `new` the reach found) be a sink of leaked-error-message? The shapes its `sinkOf` accepts,
 * without resolving anything: `new Response/NextResponse`, `Response/NextResponse.json`, and any `x.json/send/end/
 * write(…)` (the Pages Router's response, whatever its name).
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
  return method === 'json' || method === 'send' || method === 'end' || method === 'write';
}

/**
 * `[` then a comment (rare: no proof), or a string whose first 16 characters hold a backslash: a member name the
 * reach looks for (`catch`, `then`, `reason`, at most 6 characters) written with escapes must have one there.
 * Bounded, so the test stays linear on any text.
 */
const ESCAPED_MEMBER = /\[\s*(?:\/[*/]|(['"`])(?:(?!\1)[^\\]){0,16}\\)/;

/**
 * Could a name the reach looks for be spelled differently in the text? An identifier may be written with `\u`
 * escapes (`c\u0061tch`, `\u{65}`), and a member name given as a string may use any escape (`x['c\x61tch']`,
 * `x['\c\a\t\c\h']`, a line continuation). Then the text finder could miss it, so there is no proof.
 */
export function namesMayBeEscaped(text: string): boolean {
  if (!text.includes('\\')) return false;
  return identifiersMayBeEscaped(text) || ESCAPED_MEMBER.test(text);
}

/** Could the file hold an error source at all (`catch`, `.then(_, cb)`, `allSettled`, a node-style `(err, …)` callback, maybe spelled with escapes)? */
export function mayHaveErrorSources(text: string): boolean {
  return /catch|allSettled|then|\(\s*(?:err|error|er|e|ex)\s*[,):]/.test(text) || namesMayBeEscaped(text);
}

/**
 * leaked-error-message's proof from the text: no value from a caught error can reach anything shaped like a
 * response sink. False (no proof) when the text cannot be trusted (see trustedTextReach).
 */
export function noSinkReachable(sf: ts.SourceFile, text: string): boolean {
  return trustedTextReach(sf, text)?.sinks.length === 0;
}

/** The text reach of the last file, kept for the rule's check: the proof and the check run on the same parse. */
const lastReach = new Slot<ts.SourceFile, { text: string; reach: TextReach | undefined }>('text reach');

export interface TextReach {
  /** The sink-shaped calls the reach found (see mayBeSink). */
  sinks: ts.Node[];
}

/**
 * The reach from the text (textFinder), computed once per parse; undefined where the text cannot stand for the
 * tree: names that may be spelled with escapes, or a name the parser made up for broken code (the reach followed
 * an empty name, whose uses no search can find). Then only the index can tell.
 */
export function trustedTextReach(sf: ts.SourceFile, text: string): TextReach | undefined {
  const known = lastReach.get(sf);
  if (known && known.text === text) return known.reach;
  let reach: TextReach | undefined;
  if (!namesMayBeEscaped(text)) {
    let emptyName = false;
    const calls = reachableCalls(text, textFinder(sf, text), (name) => {
      if (name.length === 0) emptyName = true;
    });
    reach = emptyName ? undefined : { sinks: calls.filter(mayBeSink) };
  }
  lastReach.set(sf, { text, reach });
  return reach;
}
