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

/** A statement step (see drive): it yields the statements it runs inside it, and is handed back their outcome. */
type Steps<S> = Generator<[ts.Statement, S | undefined], Outcome<S>, Outcome<S>>;

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

const MAX_LOOP_ROUNDS = 4;
/** Entry states remembered per loop (see `loop`): a loop is entered with a few distinct states at most. */
const MEMO_PER_LOOP = 4;
/**
 * Node evaluations per function, at most. Real handlers need a few thousand; generated or adversarial code (deeply
 * nested loops, thousands of branches) must not hold the extension host: the fuzz benchmark's cap is 50 ms a file.
 */
export const MAX_EVALUATIONS = 100_000;
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
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken) {
        const l = evalNode(node.left, s);
        const r = evalNode(node.right, l);
        const joined = j(l, r);
        return joined === undefined ? undefined : domain.visit(node, joined);
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

  /**
   * Runs statement steps with an explicit stack: a statement inside another (a loop's body, a branch, a block's
   * statements) is a step the driver runs, not a call on the machine stack, so statement nesting costs heap, not
   * stack. Called recursively, 950 nested loops used the whole stack where the TypeScript parser takes 3,600.
   * (Expressions are still evaluated by recursion: the parser itself recurses on them at least as deeply.)
   */
  function drive(first: Steps<S>): Outcome<S> {
    const stack: Array<Steps<S>> = [first];
    let value: Outcome<S> | undefined;
    for (;;) {
      const top = stack[stack.length - 1];
      const r = top.next(value as Outcome<S>);
      if (r.done) {
        stack.pop();
        if (stack.length === 0) return r.value;
        value = r.value;
      } else {
        const [st, state] = r.value;
        // (an unreachable statement ends at once: no step for it)
        if (state === undefined) value = none(undefined);
        else {
          stack.push(exec(st, state));
          value = undefined;
        }
      }
    }
  }

  function merge(into: Outcome<S>, from: Outcome<S>): void {
    into.breaks.push(...from.breaks);
    into.continues.push(...from.continues);
    into.exits = j(into.exits, from.exits);
  }

  function* execList(statements: readonly ts.Statement[], s: S | undefined): Steps<S> {
    const out = none(s);
    for (const st of statements) {
      if (out.normal === undefined) break;
      const o = yield [st, out.normal];
      merge(out, o);
      out.normal = o.normal;
    }
    return out;
  }

  function isConstTrue(e: ts.Expression | undefined): boolean {
    if (!e) return true; // for (;;)
    const u = unwrap(e);
    return u.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(u) && Number(u.text) !== 0);
  }

  function* loop(
    label: string | undefined,
    s: S,
    head: (st: S) => S | undefined,
    body: ts.Statement,
    update: ((st: S) => S | undefined) | undefined,
    exitsWhenHeadFalse: boolean,
    bodyFirst: boolean,
  ): Steps<S> {
    // A loop entered again with a state it was entered with before, under the same `try` (whose catch collects
    // what the body may throw), ends the same way: its outcome is reused. Without this, each round of an outer loop
    // re-ran every loop nested in it, and n nested loops cost n^2 / 2 rounds (2,000 of them exhausted the budget, and
    // a double read in the innermost went unreported). Every domain's `visit` gives the same answer for the same
    // node and state (what it reports is reported once), so skipping the repeat loses nothing.
    const collector = throwCollectors[throwCollectors.length - 1];
    const seen = loopMemo.get(body);
    const hit = seen?.find((m) => m.collector === collector && domain.same(m.entry, s));
    if (hit) return { normal: hit.result.normal, breaks: [...hit.result.breaks], continues: [...hit.result.continues], exits: hit.result.exits };
    const result = none(undefined);
    let entry: S | undefined = s;
    let exitState: S | undefined;
    for (let round = 0; round < MAX_LOOP_ROUNDS && entry !== undefined; round++) {
      let afterHead: S | undefined = bodyFirst && round === 0 ? entry : head(entry);
      if (exitsWhenHeadFalse && !(bodyFirst && round === 0)) exitState = j(exitState, afterHead);
      if (afterHead === undefined) break;
      const o = yield [body, afterHead];
      let next: S | undefined = o.normal;
      const continues: Jump<S>[] = [];
      for (const c of o.continues) {
        if (c.label === undefined || c.label === label) next = j(next, c.state);
        else continues.push(c);
      }
      for (const b of o.breaks) {
        if (b.label === undefined || b.label === label) exitState = j(exitState, b.state);
        else result.breaks.push(b);
      }
      result.continues.push(...continues);
      result.exits = j(result.exits, o.exits);
      if (next !== undefined && update) next = update(next);
      if (bodyFirst && round === 0 && next !== undefined && exitsWhenHeadFalse) {
        // do-while: the condition runs after the body
        afterHead = head(next);
        exitState = j(exitState, afterHead);
        next = afterHead;
      }
      const newEntry: S | undefined = j(entry, next);
      // Stable after this round (the first one included): another round would visit the same states again.
      // Stopping at once keeps nested loops linear instead of 2^depth.
      if (newEntry !== undefined && entry !== undefined && domain.same(newEntry, entry)) break;
      entry = newEntry;
    }
    result.normal = exitState;
    const memo = { entry: s, collector, result: { normal: result.normal, breaks: [...result.breaks], continues: [...result.continues], exits: result.exits } };
    if (!seen) loopMemo.set(body, [memo]);
    else if (seen.length < MEMO_PER_LOOP) seen.push(memo);
    return result;
  }

  function* exec(st: ts.Statement, s: S): Steps<S> {
    if (++evaluations > MAX_EVALUATIONS) throw EXHAUSTED;
    if (ts.isBlock(st)) return yield* execList(st.statements, s);
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
      if (c === undefined) return none(undefined);
      const t = yield [st.thenStatement, c];
      const e = st.elseStatement ? yield [st.elseStatement, c] : none(c);
      const out = none(j(t.normal, e.normal));
      merge(out, t);
      merge(out, e);
      return out;
    }
    if (ts.isTryStatement(st)) {
      const collector: { state: S | undefined } = { state: s };
      throwCollectors.push(collector);
      const t = yield* execList(st.tryBlock.statements, s);
      throwCollectors.pop();
      let after: Outcome<S>;
      if (st.catchClause) {
        const c = yield* execList(st.catchClause.block.statements, collector.state);
        after = none(j(t.normal, c.normal));
        merge(after, t);
        merge(after, c);
      } else {
        after = t;
        after.exits = j(after.exits, collector.state);
        noteThrowable(collector.state);
      }
      if (!st.finallyBlock) return after;
      const jumps = [after.normal, after.exits, ...after.breaks.map((b) => b.state), ...after.continues.map((c) => c.state)].reduce<S | undefined>((a, b) => j(a, b), undefined);
      const f = yield* execList(st.finallyBlock.statements, jumps);
      if (f.normal === undefined) return f; // the finally block itself returns or throws on every path
      return {
        normal: after.normal !== undefined ? f.normal : undefined,
        breaks: [...after.breaks.map((b) => ({ label: b.label, state: f.normal as S })), ...f.breaks],
        continues: [...after.continues.map((c) => ({ label: c.label, state: f.normal as S })), ...f.continues],
        exits: j(after.exits !== undefined ? f.normal : undefined, f.exits),
      };
    }
    if (ts.isSwitchStatement(st)) {
      const d = evalNode(st.expression, s);
      if (d === undefined) return none(undefined);
      const out = none(undefined);
      let fall: S | undefined;
      let hasDefault = false;
      let exit: S | undefined;
      for (const clause of st.caseBlock.clauses) {
        if (ts.isDefaultClause(clause)) hasDefault = true;
        const test = ts.isCaseClause(clause) ? evalNode(clause.expression, d) : d;
        const o = yield* execList(clause.statements, j(test, fall));
        for (const b of o.breaks) {
          if (b.label === undefined) exit = j(exit, b.state);
          else out.breaks.push(b);
        }
        out.continues.push(...o.continues);
        out.exits = j(out.exits, o.exits);
        fall = o.normal;
      }
      exit = j(exit, fall);
      if (!hasDefault) exit = j(exit, d);
      out.normal = exit;
      return out;
    }
    if (ts.isLabeledStatement(st)) {
      const label = st.label.text;
      const inner = st.statement;
      let o: Outcome<S>;
      if (ts.isIterationStatement(inner, false)) o = yield* execLoop(inner, s, label);
      else o = yield [inner, s];
      const out = none(o.normal);
      for (const b of o.breaks) {
        if (b.label === label) out.normal = j(out.normal, b.state);
        else out.breaks.push(b);
      }
      out.continues.push(...o.continues);
      out.exits = o.exits;
      return out;
    }
    if (ts.isIterationStatement(st, false)) return yield* execLoop(st, s, undefined);
    if (ts.isBreakStatement(st)) return { normal: undefined, breaks: [{ label: st.label?.text, state: s }], continues: [], exits: undefined };
    if (ts.isContinueStatement(st)) return { normal: undefined, breaks: [], continues: [{ label: st.label?.text, state: s }], exits: undefined };
    if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEmptyStatement(st)) {
      return none(s);
    }
    return none(evalNode(st, s));
  }

  function* execLoop(st: ts.IterationStatement, s: S, label: string | undefined): Steps<S> {
    if (ts.isWhileStatement(st)) {
      const infinite = isConstTrue(st.expression);
      return yield* loop(label, s, (x) => evalNode(st.expression, x), st.statement, undefined, !infinite, false);
    }
    if (ts.isDoStatement(st)) {
      const infinite = isConstTrue(st.expression);
      return yield* loop(label, s, (x) => evalNode(st.expression, x), st.statement, undefined, !infinite, true);
    }
    if (ts.isForStatement(st)) {
      const init = st.initializer ? evalNode(st.initializer, s) : s;
      if (init === undefined) return none(undefined);
      const infinite = isConstTrue(st.condition);
      return yield* loop(label, init, (x) => (st.condition ? evalNode(st.condition, x) : x), st.statement, st.incrementor ? (x) => evalNode(st.incrementor!, x) : undefined, !infinite, false);
    }
    if (ts.isForOfStatement(st) || ts.isForInStatement(st)) {
      const iter = evalNode(st.expression, s);
      if (iter === undefined) return none(undefined);
      const withBinding = evalNode(st.initializer, iter);
      if (withBinding === undefined) return none(undefined);
      return yield* loop(label, withBinding, (x) => x, st.statement, undefined, true, false);
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
    const o = drive(execList(body.statements, initial));
    // A break or continue with no matching loop is a syntax error; treat it as falling off the end.
    let end = o.normal;
    for (const b of o.breaks) end = j(end, b.state);
    for (const c of o.continues) end = j(end, c.state);
    return { end, returns };
  }
}
