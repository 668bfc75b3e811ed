// Facts about one file that several rules need, each computed on first use and then shared: which functions
// take a request, and which nodes read a request body. Built on the file's index, so nothing here walks the tree.
import { memberName, unwrap, type FunctionLike } from '../parsing/ast';
import { reachableCalls } from './errorReach';
import { nodeStyleErrorParam, resultErrorBinding } from './errorSources';
import { indexSource, type TaintSource } from './taint';
import type { FileIndex } from '../parsing/fileIndex';
import { ts } from '../parsing/ts';
import { bodyReadAt, BODY_METHODS, handlersOf, type BodyRead } from './handlers';
import type { RuleContext } from './rule';

const REQUEST_TYPES = new Set(['Request', 'NextRequest']);

function isRequestTyped(p: ts.ParameterDeclaration): boolean {
  const t = p.type;
  return !!t && ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && REQUEST_TYPES.has(t.typeName.text);
}

function propertyName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

export class FileFacts {
  private requestFns: Array<{ fn: FunctionLike; requests: ts.Identifier[] }> | undefined;
  private candidates: (readonly ts.Node[])[] | undefined;
  private readonly reads = new Map<ts.Node, BodyRead | undefined>();

  /** The context's index is read only by the facts that need it (`semicolon` and `unusedName` read the text alone). */
  constructor(private readonly ctx: Pick<RuleContext, 'text' | 'kind' | 'exports' | 'scopes' | 'index'>) {}

  private get index(): FileIndex {
    return this.ctx.index;
  }

  /**
   * Every function with a Web Request parameter: the handlers' first parameter (route, proxy, middleware), and any
   * parameter typed `Request`/`NextRequest`; with the declaring identifiers of its request parameters.
   */
  requestFunctions(): ReadonlyArray<{ fn: FunctionLike; requests: ts.Identifier[] }> {
    if (this.requestFns) return this.requestFns;
    const map = new Map<FunctionLike, Set<ts.Identifier>>();
    if (this.ctx.kind !== 'pages-api') {
      for (const h of handlersOf(this.ctx, { anyCase: true })) if (h.request) map.set(h.fn, new Set([h.request]));
    }
    for (const fn of this.index.functions) {
      for (const p of fn.parameters) {
        if (isRequestTyped(p) && ts.isIdentifier(p.name)) {
          const set = map.get(fn) ?? new Set();
          set.add(p.name);
          map.set(fn, set);
        }
      }
    }
    // source order, as a walk would find them
    this.requestFns = [...map].map(([fn, set]) => ({ fn, requests: [...set] })).sort((a, b) => a.fn.pos - b.fn.pos);
    return this.requestFns;
  }

  /**
   * Nodes that can read a body, before resolving what they read, as three lists in source order (calls, `new`
   * expressions, `.body` accesses): `x.json()` and the other body methods, `fetch(x)`, `new Request(…)`/
   * `new NextRequest(…)`, `x.body`.
   */
  bodyReadCandidates(): readonly (readonly ts.Node[])[] {
    if (this.candidates) return this.candidates;
    const calls: ts.Node[] = [];
    for (const c of this.index.calls) {
      const callee = c.expression;
      const name = propertyName(callee);
      if ((name !== undefined && BODY_METHODS.has(name)) || (ts.isIdentifier(callee) && callee.text === 'fetch')) calls.push(c);
      else if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) calls.push(c); // `(x.json)()`: bodyReadAt unwraps
    }
    const news = this.index.news.filter((n) => !ts.isIdentifier(n.expression) || n.expression.text === 'Request' || n.expression.text === 'NextRequest');
    const members = this.index.members.filter((m) => propertyName(m) === 'body');
    this.candidates = [calls, news, members];
    return this.candidates;
  }

  /** The body-read candidates inside `fn` (with `direct`, not inside a nested function). */
  bodyReadCandidatesIn(fn: ts.Node, direct = false): ts.Node[] {
    const out: ts.Node[] = [];
    for (const list of this.bodyReadCandidates()) out.push(...this.index.within(list, fn, direct));
    return out;
  }

  private errorSources: boolean | undefined;

  /**
   * Does the file hold anything leaked-error-message counts as a caught error: a catch clause, a `.catch(cb)`,
   * `.then(_, cb)` or `.onError(cb)` callback, a `Promise.allSettled` result, a node-style `(err, …)` callback, a
   * result's `error`? Read from the index, with the same tests the taint analysis applies (an over-approximation of
   * them): without one, no value in the file derives from a caught error.
   */
  hasErrorSources(): boolean {
    if (this.errorSources !== undefined) return this.errorSources;
    const idx = this.index;
    this.errorSources =
      idx.catchClauses.length > 0 ||
      idx.calls.some((c) => {
        const m = memberName(unwrap(c.expression));
        return m === 'catch' || m === 'then' || m === 'allSettled' || m === 'onError';
      }) ||
      idx.functions.some((fn) => nodeStyleErrorParam(fn) !== undefined) ||
      idx.variables.some((v) => resultErrorBinding(v) !== undefined);
    return this.errorSources;
  }

  private reach: readonly ts.Node[] | undefined;

  /**
   * The calls and `new`s a value from a caught error can reach, by name (errorReach.ts), in source order; empty
   * without an error source. What the precise leak analysis has to look at. `carrying`: the local names of imported
   * functions that may return what they are given (their summaries say so): the reach goes on past their calls.
   */
  errorReach(carrying?: ReadonlySet<string>): readonly ts.Node[] {
    if (!this.hasErrorSources()) return [];
    if (carrying && carrying.size > 0) return reachableCalls(this.index, carrying);
    return (this.reach ??= reachableCalls(this.index));
  }

  private assignments: TaintSource | undefined;

  /** What each variable is given after its declaration (assignments, `push`), shared by the taint analyses. */
  taintSource(): TaintSource {
    return (this.assignments ??= indexSource(this.index, this.ctx.scopes));
  }

  private semi: string | undefined;
  private readonly freeNames = new Map<string, string>();

  /** ';' when the file ends statements with semicolons, else '' (fixes follow the file's style). */
  semicolon(): string {
    this.semi ??= endsAStatementWithSemicolon(this.ctx.text) ? ';' : '';
    return this.semi;
  }

  /** `base`, or `base2`, `base3`… : the first that the file does not use as a word yet. */
  unusedName(base: string): string {
    let name = this.freeNames.get(base);
    if (name === undefined) {
      name = base;
      for (let i = 2; new RegExp(`\\b${name}\\b`).test(this.ctx.text); i++) name = `${base}${i}`;
      this.freeNames.set(base, name);
    }
    return name;
  }

  /** `bodyReadAt`, memoised (double-body-read and body-in-get ask about the same nodes). */
  bodyRead(node: ts.Node): BodyRead | undefined {
    if (this.reads.has(node)) return this.reads.get(node);
    const r = bodyReadAt(node, this.ctx.scopes);
    this.reads.set(node, r);
    return r;
  }
}

/**
 * A `;` followed by nothing but spaces or tabs up to a line break (`/;[ \t]*\r?\n/`), found from each `;`: the
 * expression scans every character of a file without one, several times slower.
 */
function endsAStatementWithSemicolon(text: string): boolean {
  for (let i = text.indexOf(';'); i >= 0; i = text.indexOf(';', i + 1)) {
    let k = i + 1;
    while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
    if (text.charCodeAt(k) === 13) k++;
    if (text.charCodeAt(k) === 10) return true;
  }
  return false;
}
