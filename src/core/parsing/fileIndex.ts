// One walk over a parsed file that every rule shares. It sets parent pointers (the parse skips them: doing it
// here saves a second full walk) and collects, in source order, the few node kinds the rules look for. Rules
// then look at tens of nodes instead of walking thousands: on a 1,000-line route file one walk costs about a
// fifth of the parse, and the target for all rules is 1.3x the parse (test/bench/analysis.bench.ts), so the
// walk happens once and stores bare node references (no object per node).
import type { FunctionLike } from './ast';
import { ts } from './ts';

export type MemberAccess = ts.PropertyAccessExpression | ts.ElementAccessExpression;

const K = ts.SyntaxKind;
const ASSIGNMENTS = new Set([K.EqualsToken, K.PlusEqualsToken, K.QuestionQuestionEqualsToken, K.BarBarEqualsToken]);

// What the walk does with each node kind, looked up in a table: a switch over `ts.SyntaxKind.X` cases would
// re-read those enum properties for every node (measured: three times slower than this).
const IDENT = 1, CALL = 2, NEW = 3, MEMBER = 4, VARIABLE = 5, VAR_LIST = 6, BINARY = 7, TEMPLATE = 8, CATCH = 9, FUNCTION = 10, RETURN = 11, STRING = 12;
const KIND_CLASS = new Uint8Array(K.Count + 1);
KIND_CLASS[K.Identifier] = IDENT;
KIND_CLASS[K.CallExpression] = CALL;
KIND_CLASS[K.NewExpression] = NEW;
KIND_CLASS[K.PropertyAccessExpression] = MEMBER;
KIND_CLASS[K.ElementAccessExpression] = MEMBER;
KIND_CLASS[K.VariableDeclaration] = VARIABLE;
KIND_CLASS[K.VariableDeclarationList] = VAR_LIST;
KIND_CLASS[K.BinaryExpression] = BINARY;
KIND_CLASS[K.TemplateExpression] = TEMPLATE;
KIND_CLASS[K.CatchClause] = CATCH;
KIND_CLASS[K.ReturnStatement] = RETURN;
KIND_CLASS[K.StringLiteral] = STRING;
KIND_CLASS[K.NoSubstitutionTemplateLiteral] = STRING;
for (const k of [K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor]) KIND_CLASS[k] = FUNCTION;
const NOT_HOISTED = ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using;
/** Levels walked by recursion before the walk keeps a stack of its own. */
const DEEP = 1000;

export class FileIndex {
  readonly functions: FunctionLike[] = [];
  readonly calls: ts.CallExpression[] = [];
  readonly news: ts.NewExpression[] = [];
  readonly members: MemberAccess[] = [];
  readonly variables: ts.VariableDeclaration[] = [];
  /** `x = …`, `x += …`, `x ??= …`, `x ||= …` (any left side). */
  readonly assignments: ts.BinaryExpression[] = [];
  readonly templates: ts.TemplateExpression[] = [];
  readonly catchClauses: ts.CatchClause[] = [];
  readonly returns: ts.ReturnStatement[] = [];
  /** String literals and templates without substitutions. */
  readonly strings: Array<ts.StringLiteral | ts.NoSubstitutionTemplateLiteral> = [];
  /** Every identifier, in source order (name-based pre-filters scan this instead of the tree). */
  readonly identifiers: ts.Identifier[] = [];
  /** `var` declaration lists by the function (or the source file) they are hoisted to. */
  readonly varLists = new Map<ts.Node, ts.VariableDeclarationList[]>();
  /** Number of nodes walked. */
  size = 0;

  constructor(readonly sourceFile: ts.SourceFile) {
    let size = 0;
    let fn: FunctionLike | undefined;
    let parent: ts.Node = sourceFile;
    // One shared visitor (no closure per node): the current parent, function and loop depth live in locals.
    const visit = (n: ts.Node): undefined => {
      (n as { parent: ts.Node }).parent = parent;
      size++;
      switch (KIND_CLASS[n.kind]) {
        case IDENT:
          this.identifiers.push(n as ts.Identifier);
          return undefined; // no children
        case CALL:
          this.calls.push(n as ts.CallExpression);
          break;
        case NEW:
          this.news.push(n as ts.NewExpression);
          break;
        case MEMBER:
          this.members.push(n as MemberAccess);
          break;
        case VARIABLE:
          this.variables.push(n as ts.VariableDeclaration);
          break;
        case VAR_LIST:
          if (!((n as ts.VariableDeclarationList).flags & NOT_HOISTED)) {
            const owner = fn ?? sourceFile;
            const lists = this.varLists.get(owner);
            if (lists) lists.push(n as ts.VariableDeclarationList);
            else this.varLists.set(owner, [n as ts.VariableDeclarationList]);
          }
          break;
        case BINARY:
          if (ASSIGNMENTS.has((n as ts.BinaryExpression).operatorToken.kind)) this.assignments.push(n as ts.BinaryExpression);
          break;
        case TEMPLATE:
          this.templates.push(n as ts.TemplateExpression);
          break;
        case CATCH:
          this.catchClauses.push(n as ts.CatchClause);
          break;
        case RETURN:
          this.returns.push(n as ts.ReturnStatement);
          break;
        case STRING:
          this.strings.push(n as ts.StringLiteral);
          return undefined; // no children
        case FUNCTION: {
          this.functions.push(n as FunctionLike);
          const savedFn = fn;
          const savedParent = parent;
          fn = n as FunctionLike;
          parent = n;
          children(n);
          fn = savedFn;
          parent = savedParent;
          return undefined;
        }
      }
      const savedParent = parent;
      parent = n;
      children(n);
      parent = savedParent;
      return undefined;
    };
    // The children of `n`, visited by recursion up to DEEP levels; below that (`a + b + …` parses without recursion
    // into a tree 50,000 levels deep), by a stack of its own, in the same order: the model of any tree the parser
    // built can be made, and a rule that needs to follow such a tree is what runs out of stack (the file is then
    // skipped with its reason, see analysis/index.ts).
    let depth = 0;
    let pending: Array<[ts.Node, ts.Node, FunctionLike | undefined]> | undefined;
    const children = (n: ts.Node): void => {
      if (pending) {
        const kids: ts.Node[] = [];
        ts.forEachChild(n, (c) => {
          kids.push(c);
        });
        for (let i = kids.length - 1; i >= 0; i--) pending.push([kids[i], n, fn]);
        return;
      }
      if (depth < DEEP) {
        depth++;
        ts.forEachChild(n, visit);
        depth--;
        return;
      }
      const [savedFn, savedParent] = [fn, parent];
      const stack: Array<[ts.Node, ts.Node, FunctionLike | undefined]> = (pending = []);
      children(n);
      for (let next = stack.pop(); next; next = stack.pop()) {
        [, parent, fn] = next;
        visit(next[0]);
      }
      pending = undefined;
      [fn, parent] = [savedFn, savedParent];
    };
    ts.forEachChild(sourceFile, visit);
    this.size = size;
  }

  private readonly fnOf = new Map<ts.Node, FunctionLike | undefined>();

  /**
   * The innermost function containing `node`, memoised for every node on the way up: nodes deep in one function
   * (a 3,200-ternary chain, each branch reading the body) share their ancestors, so walking up from each would cost
   * the depth per node (quadratic).
   */
  functionOf(node: ts.Node): FunctionLike | undefined {
    const below: ts.Node[] = [];
    let fn: FunctionLike | undefined;
    for (let n: ts.Node | undefined = node; ; n = n.parent) {
      if (this.fnOf.has(n)) {
        fn = this.fnOf.get(n);
        break;
      }
      below.push(n);
      const p: ts.Node | undefined = n.parent;
      if (!p || KIND_CLASS[p.kind] === FUNCTION) {
        fn = p as FunctionLike | undefined;
        break;
      }
    }
    for (const n of below) this.fnOf.set(n, fn);
    return fn;
  }

  /**
   * The nodes of `list` inside `fn` (its subtree, `fn` excluded), in source order; with `direct`, only those
   * whose innermost function is `fn` itself. Lists are in pre-order, so sorted by `pos`: a binary search finds
   * the range.
   */
  within<T extends ts.Node>(list: readonly T[], fn: ts.Node, direct = false): T[] {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].pos < fn.pos) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let i = lo; i < list.length && list[i].pos < fn.end; i++) {
      const n = list[i];
      if (n === fn || n.end > fn.end || (n.pos === fn.pos && n.end === fn.end && isAncestor(n, fn))) continue;
      if (direct && this.functionOf(n) !== fn) continue;
      out.push(n);
    }
    return out;
  }
}

/** The innermost function-like containing `node` (not `node` itself). */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (KIND_CLASS[n.kind] === FUNCTION) return n as FunctionLike;
  return undefined;
}

function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** A loop of the innermost function of `node` encloses it (a condition, update or body that can run again). */
export function inLoop(node: ts.Node): boolean {
  for (let n = node.parent; n && KIND_CLASS[n.kind] !== FUNCTION && !ts.isClassLike(n); n = n.parent) if (ts.isIterationStatement(n, false)) return true;
  return false;
}
