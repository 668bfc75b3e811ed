// Value-flow ("taint") tracking inside one file: does an expression carry a value derived from a source?
// Flow-insensitive per variable (a variable is tainted if anything tainted is ever assigned to it), scope-aware,
// through property reads, string building, objects/arrays, ternaries, ?? and ||, awaits, destructuring,
// for-of, array callbacks, and same-file helper functions (by their return values). Cycles are cut.
import { bindingIdentifiers, isFunctionLike, memberName, memberObject, unwrap, walk, type FunctionLike, type Scopes } from '../parsing/ast';
import type { FileIndex } from '../parsing/fileIndex';
import { ts } from '../parsing/ts';

export interface TaintSpec {
  /** A direct source (an expression that is tainted by itself). */
  isSource(e: ts.Expression, t: Taint): boolean;
  /** A declaration (identifier) that is tainted by itself: catch parameters, callback parameters… */
  isSourceDecl(d: ts.Identifier, t: Taint): boolean;
  /** Properties that do not carry the taint (`err.name`, `err.status`). */
  safeProperty(name: string): boolean;
  /** Calls that launder the value (escapers, boolean predicates), by callee name. */
  sanitizes(call: ts.CallExpression, calleeName: string | undefined): boolean;
  /** A use of a tainted name that does not carry its taint where it stands (a narrowing, see leaked-error-message). */
  cleanUse?(id: ts.Identifier): boolean;
  /**
   * A call the file cannot see into (a function of another module, known by its summary): does its value carry
   * the taint of its arguments? Undefined when unknown (the call is then treated as any other).
   */
  callResult?(call: ts.CallExpression, argTainted: (i: number) => boolean): boolean | undefined;
  /**
   * A same-file helper already summarized: does it return the taint of these arguments? Undefined: read its body
   * (a chain of helpers summarized one after the other then costs each one once, not each one again per caller).
   */
  localResult?(fn: FunctionLike, argTaint: readonly boolean[]): boolean | undefined;
}

/** Calls whose result carries their arguments' taint (by callee name). */
export const STRING_BUILDERS: ReadonlySet<string> = new Set(['String', 'JSON.stringify', 'encodeURI', 'Object.values', 'Object.entries', 'Array.from', 'structuredClone']);
/** Methods whose result carries their arguments' taint (`a.concat(e)`, a TextEncoder's `encode(text)`). */
export const ARGUMENT_METHODS: ReadonlySet<string> = new Set(['concat', 'join', 'replace', 'replaceAll', 'encode']);
const PREDICATES = new Set(['includes', 'startsWith', 'endsWith', 'test', 'has', 'some', 'every', 'indexOf', 'lastIndexOf', 'findIndex', 'localeCompare', 'hasOwnProperty', 'isArray']);
const ARRAY_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'reduce', 'reduceRight', 'sort', 'then']);

/** `f`, `obj.m` (for a plain identifier object) or `m`: the name a call is known by. */
export function calleeName(e: ts.Expression): string | undefined {
  const u = unwrap(e);
  if (ts.isIdentifier(u)) return u.text;
  const name = memberName(u);
  const obj = memberObject(u);
  if (name && obj && ts.isIdentifier(unwrap(obj))) return `${(unwrap(obj) as ts.Identifier).text}.${name}`;
  return name;
}

/** Where the taint analysis finds what it cannot see going down from an expression. */
export interface TaintSource {
  /** Values given to the variable `d` declares: `d = v`, `d.x = v`, `d += v`, `d ??= v`, `d ||= v`, `d.push(v)`. */
  assignmentsTo(d: ts.Identifier): readonly ts.Expression[];
}

/** Over the file's index: every node has its parent, every assignment is listed. */
export function indexSource(index: FileIndex, scopes: Scopes): TaintSource {
  let map: Map<ts.Identifier, ts.Expression[]> | undefined;
  return {
    assignmentsTo(d) {
      if (!map) {
        map = new Map();
        for (const n of index.assignments) {
          // `o.m = value` puts the value into `o` (as `{ m: value }` would)
          let left: ts.Expression = n.left;
          while (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) left = left.expression;
          if (!ts.isIdentifier(left)) continue;
          const decl = scopes.declarationOf(left);
          if (decl) map.set(decl, [...(map.get(decl) ?? []), n.right]);
        }
        for (const n of index.calls) {
          if (memberName(unwrap(n.expression)) !== 'push') continue;
          const obj = memberObject(unwrap(n.expression));
          const u = obj && unwrap(obj);
          const decl = u && ts.isIdentifier(u) ? scopes.declarationOf(u) : undefined;
          if (decl) map.set(decl, [...(map.get(decl) ?? []), ...n.arguments]);
        }
      }
      return map.get(d) ?? [];
    },
  };
}

export class Taint {
  /**
   * Results for the current evaluation: the file's at the top, and a fresh one while a helper's returns are
   * evaluated for one pattern of tainted arguments (helperMemo keeps the helper's result). Memoising inside
   * helpers too keeps a chain of derived variables linear (without it, `v2 = v1 + v1; v3 = v2 + v2; …` in a
   * helper doubled the work at each step).
   */
  private memo = new Map<ts.Node, boolean>();
  private readonly inProgress = new Set<ts.Node>();
  /** Parameter taint while a helper's returns are evaluated. */
  private readonly paramTaint = new Map<ts.Identifier, boolean>();
  private readonly helperMemo = new Map<string, boolean>();

  constructor(readonly sf: ts.SourceFile, readonly scopes: Scopes, readonly spec: TaintSpec, readonly source: TaintSource) {}

  /** `child` of `parent`, made readable going down (its parent set, then its subtree's). */
  private child<T extends ts.Node>(parent: ts.Node, child: T): T {
    (child as { parent: ts.Node }).parent = parent;
    return child;
  }

  tainted(expr: ts.Expression): boolean {
    const m = this.memo.get(expr);
    if (m !== undefined) return m;
    if (this.inProgress.has(expr)) return false;
    this.inProgress.add(expr);
    let r = false;
    try {
      r = this.compute(expr);
    } finally {
      this.inProgress.delete(expr);
    }
    this.memo.set(expr, r);
    return r;
  }

  /** Is the variable declared by `d` ever given a tainted value? */
  declTainted(d: ts.Identifier): boolean {
    const p = this.paramTaint.get(d);
    if (p !== undefined) return p;
    const m = this.memo.get(d);
    if (m !== undefined) return m;
    if (this.inProgress.has(d)) return false;
    this.inProgress.add(d);
    let r = false;
    try {
      r = this.computeDecl(d);
    } finally {
      this.inProgress.delete(d);
    }
    this.memo.set(d, r);
    return r;
  }

  private computeDecl(d: ts.Identifier): boolean {
    if (this.spec.isSourceDecl(d, this)) return true;
    // Where the binding gets its value: a declaration initializer (through destructuring), a for-of, a callback.
    let n: ts.Node = d;
    while (n.parent && ts.isBindingElement(n.parent)) {
      const be = n.parent;
      if (be.initializer && this.tainted(this.child(be, be.initializer))) return true;
      n = be.parent.parent; // the pattern's owner: BindingElement, VariableDeclaration or Parameter
      if (!n) break;
      if (!ts.isBindingElement(n)) break;
    }
    const owner = ts.isBindingElement(d.parent) ? n : d.parent;
    if (owner && ts.isVariableDeclaration(owner)) {
      if (owner.initializer && this.tainted(this.child(owner, owner.initializer))) return true;
      const list = owner.parent;
      const loop = list && list.parent;
      if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isForOfStatement(loop) && this.tainted(this.child(loop, loop.expression))) return true;
    }
    if (owner && ts.isParameter(owner)) {
      const fn = owner.parent;
      // A callback's parameter: `items.map((item) => …)` over a tainted array.
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parent && ts.isCallExpression(fn.parent)) {
        const call = fn.parent;
        this.child(call, call.expression);
        const name = memberName(unwrap(call.expression));
        const obj = memberObject(unwrap(call.expression));
        if (name && obj && ARRAY_CALLBACKS.has(name) && name !== 'then' && this.tainted(obj)) return true;
      }
    }
    for (const value of this.source.assignmentsTo(d)) if (this.tainted(value)) return true;
    return false;
  }

  /** The same-file function a call of `callee` runs: a function declaration, or a variable given a function. */
  private localFunction(callee: ts.Expression): FunctionLike | undefined {
    const u = unwrap(callee);
    if (!ts.isIdentifier(u)) return undefined;
    const d = this.scopes.declarationOf(u);
    const p = d?.parent;
    if (!p) return undefined;
    if (ts.isFunctionDeclaration(p) && p.name === d && p.body) {
      return p;
    }
    if (ts.isVariableDeclaration(p) && p.name === d && p.initializer) {
      const f = unwrap(p.initializer);
      if (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) {
        return f;
      }
    }
    return undefined;
  }

  /** Does a same-file helper return a tainted value, given which of its arguments are tainted? */
  private helperReturnsTaint(fn: FunctionLike, argTaint: boolean[]): boolean {
    const key = `${fn.pos}:${argTaint.map((b) => (b ? 1 : 0)).join('')}`;
    const m = this.helperMemo.get(key);
    if (m !== undefined) return m;
    if (this.inProgress.has(fn)) return false;
    this.inProgress.add(fn);
    // Set this helper's parameters, remembering only what they replace (copying the whole map at every level
    // made a chain of helpers quadratic).
    const replaced: Array<[ts.Identifier, boolean | undefined]> = [];
    const savedMemo = this.memo;
    this.memo = new Map();
    fn.parameters.forEach((p, i) => {
      for (const id of bindingIdentifiers(p.name)) {
        replaced.push([id, this.paramTaint.get(id)]);
        this.paramTaint.set(id, argTaint[i] ?? false);
      }
    });
    let r = false;
    try {
      if (fn.body && !ts.isBlock(fn.body)) r = this.tainted(fn.body);
      else if (fn.body) {
        walk(fn.body, (n) => {
          if (r) return false;
          if (isFunctionLike(n)) return false;
          if (ts.isReturnStatement(n) && n.expression && this.tainted(n.expression)) r = true;
          return undefined;
        });
      }
    } finally {
      for (let k = replaced.length - 1; k >= 0; k--) {
        const [id, previous] = replaced[k];
        if (previous === undefined) this.paramTaint.delete(id);
        else this.paramTaint.set(id, previous);
      }
      this.memo = savedMemo;
      this.inProgress.delete(fn);
    }
    this.helperMemo.set(key, r);
    return r;
  }

  private compute(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    if (this.spec.isSource(e, this)) return true;
    if (ts.isIdentifier(e)) {
      const d = this.scopes.declarationOf(e);
      return d ? this.declTainted(d) && !this.spec.cleanUse?.(e) : false;
    }
    if (ts.isAwaitExpression(e) || ts.isSpreadElement(e)) return this.tainted(e.expression);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = memberName(e);
      if (name !== undefined && this.spec.safeProperty(name)) return false;
      return this.tainted(e.expression);
    }
    if (ts.isTemplateExpression(e)) return e.templateSpans.some((s) => this.tainted(s.expression));
    if (ts.isTaggedTemplateExpression(e)) return false;
    if (ts.isConditionalExpression(e)) return this.tainted(e.whenTrue) || this.tainted(e.whenFalse);
    if (ts.isBinaryExpression(e)) {
      switch (e.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken:
        case ts.SyntaxKind.BarBarToken:
        case ts.SyntaxKind.QuestionQuestionToken:
        case ts.SyntaxKind.AmpersandAmpersandToken:
        case ts.SyntaxKind.CommaToken:
          return (e.operatorToken.kind !== ts.SyntaxKind.CommaToken && this.tainted(e.left)) || this.tainted(e.right);
        case ts.SyntaxKind.EqualsToken:
          return this.tainted(e.right);
        default:
          return false;
      }
    }
    if (ts.isObjectLiteralExpression(e)) {
      return e.properties.some((p) => {
        if (ts.isPropertyAssignment(p)) return this.tainted(p.initializer);
        if (ts.isShorthandPropertyAssignment(p)) {
          const d = this.scopes.declarationOf(p.name);
          return d ? this.declTainted(d) && !this.spec.cleanUse?.(p.name) : false;
        }
        if (ts.isSpreadAssignment(p)) return this.tainted(p.expression);
        return false;
      });
    }
    if (ts.isArrayLiteralExpression(e)) return e.elements.some((x) => this.tainted(x));
    if (ts.isCallExpression(e)) {
      const name = calleeName(e.expression);
      if (this.spec.sanitizes(e, name)) return false;
      const callee = unwrap(e.expression);
      const local = this.localFunction(callee);
      if (local) {
        const argTaint = e.arguments.map((a) => this.tainted(a));
        return this.spec.localResult?.(local, argTaint) ?? this.helperReturnsTaint(local, argTaint);
      }
      const external = this.spec.callResult?.(e, (i) => !!e.arguments[i] && this.tainted(e.arguments[i]));
      if (external !== undefined) return external;
      if (name && STRING_BUILDERS.has(name)) return e.arguments.some((a) => this.tainted(a));
      const method = memberName(callee);
      const obj = memberObject(callee);
      if (method && obj) {
        if (PREDICATES.has(method)) return false;
        // Methods on a tainted value (`.toString()`, `.slice()`, `.map(…)`, `.join()`) keep the taint,
        // and so does an array callback that returns tainted values.
        if (this.tainted(obj)) return true;
        // a promise's fallback: `p.catch((e) => ({ error: e.message }))` is worth what the handler returns
        const handler = method === 'catch' ? e.arguments[0] : method === 'then' ? e.arguments[1] : undefined;
        const h = handler && unwrap(handler);
        if (h && (ts.isArrowFunction(h) || ts.isFunctionExpression(h)) && this.callbackReturnsTaint(h)) return true;
        if ((method === 'map' || method === 'flatMap') && e.arguments[0]) {
          const cb = unwrap(e.arguments[0]);
          if ((ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && this.callbackReturnsTaint(cb)) return true;
        }
        if (ARGUMENT_METHODS.has(method)) return e.arguments.some((a) => this.tainted(a));
      }
      return false;
    }
    if (ts.isNewExpression(e)) {
      const name = calleeName(e.expression);
      return name !== undefined && /Error$/.test(name) && (e.arguments ?? []).some((a) => this.tainted(a));
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return false;
    return false;
  }

  /** Does `fn` return a tainted value (its returns, not those of functions nested in it)? */
  returnsTainted(fn: FunctionLike): boolean {
    if (!fn.body) return false;
    if (!ts.isBlock(fn.body)) return this.tainted(fn.body);
    let r = false;
    walk(fn.body, (n) => {
      if (r || isFunctionLike(n)) return false;
      if (ts.isReturnStatement(n) && n.expression && this.tainted(n.expression)) r = true;
      return undefined;
    });
    return r;
  }

  private callbackReturnsTaint(cb: ts.ArrowFunction | ts.FunctionExpression): boolean {
    if (!ts.isBlock(cb.body)) return this.tainted(cb.body);
    let r = false;
    walk(cb.body, (n) => {
      if (r || isFunctionLike(n)) return false;
      if (ts.isReturnStatement(n) && n.expression && this.tainted(n.expression)) r = true;
      return undefined;
    });
    return r;
  }
}
