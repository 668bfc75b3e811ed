// A small abstract interpreter over one function body: it walks statements and expressions in evaluation
// order, forks at branches (if, ?:, &&, ||, ??, switch, catch), joins where paths meet, follows early returns,
// throws, break/continue (labels included) and try/catch/finally, and runs loop bodies until the state is
// stable (at most a few rounds). A rule supplies the state, `join`, and `visit`, called after a node's
// operands were evaluated. Nested functions and classes are not entered: they run at another time.
import { unwrap } from './ast';
import { ts } from './ts';

export interface FlowDomain<S> {
  join(a: S, b: S): S;
  same(a: S, b: S): boolean;
  /** After `node`'s operands were evaluated. Return `undefined` when the path cannot go on (a call that never returns). */
  visit(node: ts.Node, state: S): S | undefined;
}

export interface FlowResult<S> {
  /** State where control falls off the end of the body; undefined when it cannot. */
  end: S | undefined;
  /**
   * The work budget ran out (MAX_EVALUATIONS): the analysis stopped part-way, `end` and `returns` are incomplete.
   * What a domain reported before that was found on real paths and stands; conclusions from the result do not.
   */
  truncated?: boolean;
  /** States at each `return` (with the return statement). */
  returns: Array<{ node: ts.ReturnStatement | ts.Expression; state: S }>;
}

interface Jump<S> {
  label: string | undefined;
  state: S;
}

interface Outcome<S> {
  normal: S | undefined;
  breaks: Jump<S>[];
  continues: Jump<S>[];
  /** Joined states that leave by return or throw (for finally). */
  exits: S | undefined;
}

// The frames of the statement driver (see drive): one plain object per compound statement being run, with how far
// it got (`phase`) and what it keeps between the statements it runs.
const LIST = 1, IF = 2, TRY = 3, SWITCH = 4, LABEL = 5, LOOP = 6;
interface ListFrame<S> { k: typeof LIST; phase: number; statements: readonly ts.Statement[]; i: number; out: Outcome<S> }
interface IfFrame<S> { k: typeof IF; phase: number; st: ts.IfStatement; c: S; first: Outcome<S> | undefined }
interface TryFrame<S> { k: typeof TRY; phase: number; st: ts.TryStatement; s: S; collector: { state: S | undefined }; after: Outcome<S> | undefined }
interface SwitchFrame<S> { k: typeof SWITCH; phase: number; clauses: readonly ts.CaseOrDefaultClause[]; i: number; d: S; out: Outcome<S>; fall: S | undefined; exit: S | undefined; hasDefault: boolean }
interface LabelFrame<S> { k: typeof LABEL; phase: number; st: ts.LabeledStatement; s: S }
interface LoopFrame<S> {
  k: typeof LOOP;
  phase: number;
  label: string | undefined;
  /** The entry state (the memo's key). */
  s: S;
  head: (st: S) => S | undefined;
  body: ts.Statement;
  update: ((st: S) => S | undefined) | undefined;
  exitsWhenHeadFalse: boolean;
  bodyFirst: boolean;
  collector: { state: S | undefined } | undefined;
  result: Outcome<S>;
  entry: S | undefined;
  exitState: S | undefined;
  round: number;
}
type Frame<S> = ListFrame<S> | IfFrame<S> | TryFrame<S> | SwitchFrame<S> | LabelFrame<S> | LoopFrame<S>;

const MAX_LOOP_ROUNDS = 4;
/** Entry states remembered per loop (see `loop`): a loop is entered with a few distinct states at most. */
const MEMO_PER_LOOP = 4;
/**
 * Node evaluations per function, at most. Real handlers need a few thousand; generated or adversarial code (deeply
 * nested loops, thousands of branches) must not hold the extension host: the fuzz benchmark's cap is 50 ms a file.
 */
export const MAX_EVALUATIONS = 100_000;

/** Operators whose right side may not run. */
const SHORT_CIRCUIT = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken]);
const EXHAUSTED = Symbol('flow budget exhausted');

// How evalNode treats each node kind, looked up in a table (a chain of ts.isX calls per node cost more than the
// analysis itself): TYPE nodes are skipped, OPAQUE ones (functions, classes: they run at another time) are only
// visited, PLAIN ones have their children evaluated in order and are no throw point; OTHER kinds take the
// general path (branches in ?:, &&, ||, ??; calls, `new` and await may throw).
const TYPE = 1, OPAQUE = 2, PLAIN = 3;
const KIND = new Uint8Array(ts.SyntaxKind.Count + 1);
for (let k = 0; k <= ts.SyntaxKind.Count; k++) if (ts.isTypeNode({ kind: k } as ts.Node)) KIND[k] = TYPE;
for (const k of [ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression]) KIND[k] = OPAQUE;
for (const k of [ts.SyntaxKind.Identifier, ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateExpression, ts.SyntaxKind.TemplateSpan, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail, ts.SyntaxKind.ObjectLiteralExpression, ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.SpreadAssignment, ts.SyntaxKind.ArrayLiteralExpression, ts.SyntaxKind.SpreadElement, ts.SyntaxKind.ParenthesizedExpression, ts.SyntaxKind.AsExpression, ts.SyntaxKind.SatisfiesExpression, ts.SyntaxKind.NonNullExpression, ts.SyntaxKind.PrefixUnaryExpression, ts.SyntaxKind.PostfixUnaryExpression, ts.SyntaxKind.TypeOfExpression, ts.SyntaxKind.VoidExpression, ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword, ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.VariableDeclarationList, ts.SyntaxKind.ObjectBindingPattern, ts.SyntaxKind.ArrayBindingPattern, ts.SyntaxKind.BindingElement, ts.SyntaxKind.ComputedPropertyName]) KIND[k] = PLAIN;

export function runFlow<S>(fn: ts.FunctionLikeDeclaration, initial: S, domain: FlowDomain<S>): FlowResult<S> {
  const returns: FlowResult<S>['returns'] = [];
  const throwCollectors: Array<{ state: S | undefined }> = [];
  const j = (a: S | undefined, b: S | undefined): S | undefined => (a === undefined ? b : b === undefined ? a : domain.join(a, b));

  const noteThrowable = (s: S | undefined): void => {
    if (s !== undefined && throwCollectors.length > 0) {
      const top = throwCollectors[throwCollectors.length - 1];
      top.state = j(top.state, s);
    }
  };

  const evalChildren = (node: ts.Node, s: S | undefined): S | undefined => {
    let cur = s;
    ts.forEachChild(node, (c) => {
      if (cur === undefined) return true; // unreachable: stop
      cur = evalNode(c, cur);
      return undefined;
    });
    return cur;
  };

  let evaluations = 0;
  const loopMemo = new Map<ts.Statement, Array<{ entry: S; collector: { state: S | undefined } | undefined; result: Outcome<S> }>>();

  function evalNode(node: ts.Node, s: S | undefined): S | undefined {
    if (s === undefined) return undefined;
    if (++evaluations > MAX_EVALUATIONS) throw EXHAUSTED;
    const k = KIND[node.kind];
    if (k === TYPE) return s;
    if (k === OPAQUE) return domain.visit(node, s);
    if (k === PLAIN) {
      // the common case, by table: no branch, no throw point of its own
      const out = evalChildren(node, s);
      if (out === undefined) return undefined;
      const v = domain.visit(node, out);
      if (v === undefined) noteThrowable(s);
      return v;
    }
    if (ts.isConditionalExpression(node)) {
      const c = evalNode(node.condition, s);
      const joined = j(evalNode(node.whenTrue, c), evalNode(node.whenFalse, c));
      return joined === undefined ? undefined : domain.visit(node, joined);
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (SHORT_CIRCUIT.has(op)) {
        const l = evalNode(node.left, s);
        const r = evalNode(node.right, l);
        const joined = j(l, r);
        return joined === undefined ? undefined : domain.visit(node, joined);
      }
      // A chain of other operators (`a + b + …`: left-deep, and the parser builds it 50,000 levels deep without
      // recursion) is followed by a loop down its left side, in the order the recursion below would take.
      if (ts.isBinaryExpression(node.left) && !SHORT_CIRCUIT.has(node.left.operatorToken.kind)) {
        const spine: ts.BinaryExpression[] = [];
        let left: ts.Expression = node;
        for (; ts.isBinaryExpression(left) && !SHORT_CIRCUIT.has(left.operatorToken.kind); left = left.left) spine.push(left);
        evaluations += spine.length - 1;
        if (evaluations > MAX_EVALUATIONS) throw EXHAUSTED;
        let cur = evalNode(left, s);
        for (let i = spine.length - 1; i >= 0 && cur !== undefined; i--) {
          const b = spine[i];
          cur = evalNode(b.operatorToken, cur);
          if (cur !== undefined) cur = evalNode(b.right, cur);
          if (cur === undefined) return undefined;
          cur = domain.visit(b, cur);
          if (cur === undefined) noteThrowable(s);
        }
        return cur;
      }
    }
    let out = evalChildren(node, s);
    if (out === undefined) return undefined;
    out = domain.visit(node, out);
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) noteThrowable(out);
    if (out === undefined) noteThrowable(s);
    return out;
  }

  const none = (normal: S | undefined): Outcome<S> => ({ normal, breaks: [], continues: [], exits: undefined });

  function merge(into: Outcome<S>, from: Outcome<S>): void {
    into.breaks.push(...from.breaks);
    into.continues.push(...from.continues);
    into.exits = j(into.exits, from.exits);
  }

  function isConstTrue(e: ts.Expression | undefined): boolean {
    if (!e) return true; // for (;;)
    const u = unwrap(e);
    return u.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(u) && Number(u.text) !== 0);
  }

  const isFrame = (r: Outcome<S> | Frame<S>): r is Frame<S> => (r as Frame<S>).k !== undefined;
  const listFrame = (statements: readonly ts.Statement[], s: S | undefined): Frame<S> => ({ k: LIST, phase: 0, statements, i: 0, out: none(s) });

  /**
   * Runs statements with an explicit stack of plain frames: a statement inside another (a loop's body, a branch, a
   * block's statements) is a frame the driver runs, not a call on the machine stack, so statement nesting costs heap,
   * not stack. Called recursively, 950 nested loops used the whole stack where the TypeScript parser takes 3,600.
   * (Expressions are still evaluated by recursion: the parser itself recurses on them at least as deeply.) The
   * frames are plain objects stepped by one function: generators (a first version) allocated a generator and its
   * context per statement, which quadrupled the GC time of an analysis (test/bench/analysis.bench.ts, GC line).
   */
  function drive(first: Frame<S>): Outcome<S> {
    const stack: Array<Frame<S>> = [first];
    let value: Outcome<S> | undefined;
    for (;;) {
      const r = step(stack[stack.length - 1], value);
      if (isFrame(r)) {
        stack.push(r);
        value = undefined;
      } else {
        stack.pop();
        if (stack.length === 0) return r;
        value = r;
      }
    }
  }

  /** A statement: its outcome at once (no statement inside it), or the frame that runs it. */
  function start(st: ts.Statement, s: S | undefined): Outcome<S> | Frame<S> {
    if (s === undefined) return none(undefined); // unreachable: it ends at once
    if (++evaluations > MAX_EVALUATIONS) throw EXHAUSTED;
    if (ts.isBlock(st)) return listFrame(st.statements, s);
    if (ts.isExpressionStatement(st) || ts.isVariableStatement(st)) return none(evalNode(st, s));
    if (ts.isReturnStatement(st)) {
      const r = st.expression ? evalNode(st.expression, s) : s;
      if (r !== undefined) {
        const v = domain.visit(st, r);
        if (v !== undefined) returns.push({ node: st, state: v });
        return { normal: undefined, breaks: [], continues: [], exits: v };
      }
      return none(undefined);
    }
    if (ts.isThrowStatement(st)) {
      const r = evalNode(st.expression, s);
      noteThrowable(r);
      return { normal: undefined, breaks: [], continues: [], exits: r };
    }
    if (ts.isIfStatement(st)) {
      const c = evalNode(st.expression, s);
      return c === undefined ? none(undefined) : { k: IF, phase: 0, st, c, first: undefined };
    }
    if (ts.isTryStatement(st)) return { k: TRY, phase: 0, st, s, collector: { state: s }, after: undefined };
    if (ts.isSwitchStatement(st)) {
      const d = evalNode(st.expression, s);
      return d === undefined ? none(undefined) : { k: SWITCH, phase: 0, clauses: st.caseBlock.clauses, i: 0, d, out: none(undefined), fall: undefined, exit: undefined, hasDefault: false };
    }
    if (ts.isLabeledStatement(st)) return { k: LABEL, phase: 0, st, s };
    if (ts.isIterationStatement(st, false)) return execLoop(st, s, undefined);
    if (ts.isBreakStatement(st)) return { normal: undefined, breaks: [{ label: st.label?.text, state: s }], continues: [], exits: undefined };
    if (ts.isContinueStatement(st)) return { normal: undefined, breaks: [], continues: [{ label: st.label?.text, state: s }], exits: undefined };
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEmptyStatement(st)) {
      return none(s);
    }
    return none(evalNode(st, s));
  }

  /** Runs `f` on with `v`, the outcome of the statement it last asked for (undefined the first time). */
  function step(f: Frame<S>, v: Outcome<S> | undefined): Outcome<S> | Frame<S> {
    switch (f.k) {
      case LIST: {
        const out = f.out;
        if (v) {
          merge(out, v);
          out.normal = v.normal;
        }
        while (f.i < f.statements.length && out.normal !== undefined) {
          const r = start(f.statements[f.i++], out.normal);
          if (isFrame(r)) return r;
          merge(out, r);
          out.normal = r.normal;
        }
        return out;
      }
      case IF: {
        const st = f.st;
        for (;;) {
          if (f.phase === 0) {
            f.phase = 1;
            const r = start(st.thenStatement, f.c);
            if (isFrame(r)) return r;
            v = r;
          } else if (f.phase === 1) {
            f.first = v;
            f.phase = 2;
            if (!st.elseStatement) v = none(f.c);
            else {
              const r = start(st.elseStatement, f.c);
              if (isFrame(r)) return r;
              v = r;
            }
          } else {
            const t = f.first!;
            const e = v!;
            const out = none(j(t.normal, e.normal));
            merge(out, t);
            merge(out, e);
            return out;
          }
        }
      }
      case TRY: {
        const st = f.st;
        if (f.phase === 0) {
          f.phase = 1;
          throwCollectors.push(f.collector);
          return listFrame(st.tryBlock.statements, f.s);
        }
        if (f.phase === 1) {
          throwCollectors.pop();
          const t = v!;
          if (st.catchClause) {
            f.after = t;
            f.phase = 2;
            return listFrame(st.catchClause.block.statements, f.collector.state);
          }
          t.exits = j(t.exits, f.collector.state);
          noteThrowable(f.collector.state);
          f.after = t;
          f.phase = 3;
          v = undefined;
        }
        if (f.phase === 2) {
          const t = f.after!;
          const c = v!;
          const after = none(j(t.normal, c.normal));
          merge(after, t);
          merge(after, c);
          f.after = after;
          f.phase = 3;
        }
        const after = f.after!;
        if (f.phase === 3) {
          if (!st.finallyBlock) return after;
          f.phase = 4;
          const jumps = [after.normal, after.exits, ...after.breaks.map((b) => b.state), ...after.continues.map((c) => c.state)].reduce<S | undefined>((a, b) => j(a, b), undefined);
          return listFrame(st.finallyBlock!.statements, jumps);
        }
        const fin = v!;
        if (fin.normal === undefined) return fin; // the finally block itself returns or throws on every path
        return {
          normal: after.normal !== undefined ? fin.normal : undefined,
          breaks: [...after.breaks.map((b) => ({ label: b.label, state: fin.normal as S })), ...fin.breaks],
          continues: [...after.continues.map((c) => ({ label: c.label, state: fin.normal as S })), ...fin.continues],
          exits: j(after.exits !== undefined ? fin.normal : undefined, fin.exits),
        };
      }
      case SWITCH: {
        const out = f.out;
        if (v) {
          for (const b of v.breaks) {
            if (b.label === undefined) f.exit = j(f.exit, b.state);
            else out.breaks.push(b);
          }
          out.continues.push(...v.continues);
          out.exits = j(out.exits, v.exits);
          f.fall = v.normal;
        }
        if (f.i < f.clauses.length) {
          const clause = f.clauses[f.i++];
          if (ts.isDefaultClause(clause)) f.hasDefault = true;
          const test = ts.isCaseClause(clause) ? evalNode(clause.expression, f.d) : f.d;
          return listFrame(clause.statements, j(test, f.fall));
        }
        let exit = j(f.exit, f.fall);
        if (!f.hasDefault) exit = j(exit, f.d);
        out.normal = exit;
        return out;
      }
      case LABEL: {
        const label = f.st.label.text;
        if (f.phase === 0) {
          f.phase = 1;
          const inner = f.st.statement;
          const r = ts.isIterationStatement(inner, false) ? execLoop(inner, f.s, label) : start(inner, f.s);
          if (isFrame(r)) return r;
          v = r;
        }
        const o = v!;
        const out = none(o.normal);
        for (const b of o.breaks) {
          if (b.label === label) out.normal = j(out.normal, b.state);
          else out.breaks.push(b);
        }
        out.continues.push(...o.continues);
        out.exits = o.exits;
        return out;
      }
      case LOOP:
        return loopStep(f, v);
    }
  }

  /**
   * A loop entered again with a state it was entered with before, under the same `try` (whose catch collects what
   * the body may throw), ends the same way: its outcome is reused. Without this, each round of an outer loop re-ran
   * every loop nested in it, and n nested loops cost n^2 / 2 rounds (2,000 of them exhausted the budget, and a double
   * read in the innermost went unreported). Every domain's `visit` gives the same answer for the same node and state
   * (what it reports is reported once), so skipping the repeat loses nothing.
   */
  function loop(label: string | undefined, s: S, head: (st: S) => S | undefined, body: ts.Statement, update: ((st: S) => S | undefined) | undefined, exitsWhenHeadFalse: boolean, bodyFirst: boolean): Outcome<S> | Frame<S> {
    const collector = throwCollectors[throwCollectors.length - 1];
    const hit = loopMemo.get(body)?.find((m) => m.collector === collector && domain.same(m.entry, s));
    if (hit) return { normal: hit.result.normal, breaks: [...hit.result.breaks], continues: [...hit.result.continues], exits: hit.result.exits };
    return { k: LOOP, phase: 0, label, s, head, body, update, exitsWhenHeadFalse, bodyFirst, collector, result: none(undefined), entry: s, exitState: undefined, round: 0 };
  }

  function loopStep(f: LoopFrame<S>, v: Outcome<S> | undefined): Outcome<S> | Frame<S> {
    const result = f.result;
    for (;;) {
      if (f.phase === 0) {
        if (f.round >= MAX_LOOP_ROUNDS || f.entry === undefined) break;
        const first = f.bodyFirst && f.round === 0;
        const afterHead: S | undefined = first ? f.entry : f.head(f.entry);
        if (f.exitsWhenHeadFalse && !first) f.exitState = j(f.exitState, afterHead);
        if (afterHead === undefined) break;
        f.phase = 1;
        const r = start(f.body, afterHead);
        if (isFrame(r)) return r;
        v = r;
      }
      const o = v!;
      f.phase = 0;
      let next: S | undefined = o.normal;
      const continues: Jump<S>[] = [];
      for (const c of o.continues) {
        if (c.label === undefined || c.label === f.label) next = j(next, c.state);
        else continues.push(c);
      }
      for (const b of o.breaks) {
        if (b.label === undefined || b.label === f.label) f.exitState = j(f.exitState, b.state);
        else result.breaks.push(b);
      }
      result.continues.push(...continues);
      result.exits = j(result.exits, o.exits);
      if (next !== undefined && f.update) next = f.update(next);
      if (f.bodyFirst && f.round === 0 && next !== undefined && f.exitsWhenHeadFalse) {
        // do-while: the condition runs after the body
        const afterHead = f.head(next);
        f.exitState = j(f.exitState, afterHead);
        next = afterHead;
      }
      const newEntry: S | undefined = j(f.entry, next);
      // Stable after this round (the first one included): another round would visit the same states again.
      // Stopping at once keeps nested loops linear instead of 2^depth.
      if (newEntry !== undefined && f.entry !== undefined && domain.same(newEntry, f.entry)) break;
      f.entry = newEntry;
      f.round++;
    }
    result.normal = f.exitState;
    const memo = { entry: f.s, collector: f.collector, result: { normal: result.normal, breaks: [...result.breaks], continues: [...result.continues], exits: result.exits } };
    const seen = loopMemo.get(f.body);
    if (!seen) loopMemo.set(f.body, [memo]);
    else if (seen.length < MEMO_PER_LOOP) seen.push(memo);
    return result;
  }

  function execLoop(st: ts.IterationStatement, s: S, label: string | undefined): Outcome<S> | Frame<S> {
    if (ts.isWhileStatement(st)) {
      const infinite = isConstTrue(st.expression);
      return loop(label, s, (x) => evalNode(st.expression, x), st.statement, undefined, !infinite, false);
    }
    if (ts.isDoStatement(st)) {
      const infinite = isConstTrue(st.expression);
      return loop(label, s, (x) => evalNode(st.expression, x), st.statement, undefined, !infinite, true);
    }
    if (ts.isForStatement(st)) {
      const init = st.initializer ? evalNode(st.initializer, s) : s;
      if (init === undefined) return none(undefined);
      const infinite = isConstTrue(st.condition);
      return loop(label, init, (x) => (st.condition ? evalNode(st.condition, x) : x), st.statement, st.incrementor ? (x) => evalNode(st.incrementor!, x) : undefined, !infinite, false);
    }
    if (ts.isForOfStatement(st) || ts.isForInStatement(st)) {
      const iter = evalNode(st.expression, s);
      if (iter === undefined) return none(undefined);
      const withBinding = evalNode(st.initializer, iter);
      if (withBinding === undefined) return none(undefined);
      return loop(label, withBinding, (x) => x, st.statement, undefined, true, false);
    }
    return none(s);
  }

  try {
    return run();
  } catch (e) {
    // Too much work: stop rather than hold up the caller. (Nesting deeper than the stack is not caught here: the
    // caller, analyzeSource, reports the file as skipped instead of reading a truncated result as a clean one.)
    if (e === EXHAUSTED) return { end: undefined, returns, truncated: true };
    throw e;
  }

  function run(): FlowResult<S> {
    const body = fn.body;
    if (!body) return { end: undefined, returns };
    if (!ts.isBlock(body)) {
      const r = evalNode(body, initial);
      if (r !== undefined) returns.push({ node: body, state: r });
      return { end: undefined, returns };
    }
    const o = drive(listFrame(body.statements, initial));
    // A break or continue with no matching loop is a syntax error; treat it as falling off the end.
    let end = o.normal;
    for (const b of o.breaks) end = j(end, b.state);
    for (const c of o.continues) end = j(end, c.state);
    return { end, returns };
  }
}
