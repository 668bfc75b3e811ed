// Syntax helpers the rules share: unwrapping, function-likes, a lazy scope resolver (identifier -> its
// declaration) that needs no type checker, and small predicates on calls and property names.
import type { FileIndex } from './fileIndex';
import { ts } from './ts';

export type FunctionLike = ts.FunctionLikeDeclaration;

/** A table by syntax kind (one indexed read where the hottest predicates made five calls through `ts`). */
function kinds(list: readonly ts.SyntaxKind[]): Uint8Array {
  const table = new Uint8Array(ts.SyntaxKind.Count + 1);
  for (const k of list) table[k] = 1;
  return table;
}

const WRAPPER_KINDS = kinds([ts.SyntaxKind.ParenthesizedExpression, ts.SyntaxKind.AsExpression, ts.SyntaxKind.SatisfiesExpression, ts.SyntaxKind.NonNullExpression, ts.SyntaxKind.TypeAssertionExpression]);
const FUNCTION_KINDS = kinds([ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor]);

/** `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`: a node that only wraps its `expression`. */
export function isWrapper(node: ts.Node): node is ts.ParenthesizedExpression | ts.AsExpression | ts.SatisfiesExpression | ts.NonNullExpression | ts.TypeAssertion {
  return WRAPPER_KINDS[node.kind] === 1;
}

/** The outermost wrapper (see isWrapper) holding `node` as its expression, or `node` itself: `unwrap` read upwards. */
export function outerWrapper(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && isWrapper(n.parent) && n.parent.expression === n) n = n.parent;
  return n;
}

export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (isWrapper(e)) e = e.expression;
  return e;
}

/** Unwraps `await`, too: the value a promise resolves to is what the rules usually care about. */
export function unwrapAwait(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  return e;
}

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return FUNCTION_KINDS[node.kind] === 1;
}

/** The name of a property access or of a string-literal element access (`a.b`, `a['b']`). */
export function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return ts.isIdentifier(node.name) ? node.name.text : node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

export function memberObject(node: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return node.expression;
  return undefined;
}

/** `callee` of `X.name(...)`: returns [X, name] */
export function methodCall(node: ts.Node): [ts.Expression, string] | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = unwrap(node.expression);
  const name = memberName(callee);
  const obj = memberObject(callee);
  return name !== undefined && obj ? [obj, name] : undefined;
}

/** `Name.member` where Name is a plain identifier: `Response.json`, `NextResponse.redirect`. */
export function isStaticMember(expr: ts.Expression, objectNames: readonly string[], member: string): boolean {
  const e = unwrap(expr);
  const obj = memberObject(e);
  return memberName(e) === member && obj !== undefined && ts.isIdentifier(unwrap(obj)) && objectNames.includes((unwrap(obj) as ts.Identifier).text);
}

/**
 * Does the node carry the modifier? Read from its `modifiers` list in place (decorators share the list under their
 * own kind): ts.getModifiers copies the list, and exportsOf asks this of every statement of a file.
 */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  for (const m of node.modifiers ?? []) if (m.kind === kind) return true;
  return false;
}

/** Visits every node under `node` in source order; returning false from `cb` skips a node's children. */
export function walk(node: ts.Node, cb: (n: ts.Node) => boolean | void): void {
  const visit = (n: ts.Node): void => {
    if (cb(n) === false) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
}

/** Like walk, but does not enter nested functions or classes (their bodies run at another time). */
export function walkBody(node: ts.Node, cb: (n: ts.Node) => boolean | void): void {
  walk(node, (n) => {
    if (isFunctionLike(n) || ts.isClassLike(n)) return false;
    return cb(n);
  });
}

export function bindingIdentifiers(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingIdentifiers(el.name, out);
  return out;
}

const SCOPE_KINDS = kinds([ts.SyntaxKind.SourceFile, ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.Block, ts.SyntaxKind.CaseBlock, ts.SyntaxKind.CatchClause, ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ModuleBlock]);

/** Nodes climbed from a name to its scope without remembering the way (see Scopes.scopeAt). */
const SHORT_CLIMB = 24;

/** A node that opens a scope (a table lookup: declarationOf asks this for every ancestor of every name). */
function isScope(node: ts.Node): boolean {
  return SCOPE_KINDS[node.kind] === 1;
}

/**
 * Resolves identifiers to the identifier that declares them, by lexical scope (var hoisting included).
 * Lazy and memoised per scope, so a rule pays only for what it asks. Unresolved names (globals,
 * imports are resolved) give undefined.
 */
export class Scopes {
  private readonly decls = new Map<ts.Node, Map<string, ts.Identifier>>();

  /** `var` hoisting reads the index's list of `var` declarations instead of walking each body. */
  constructor(private readonly index: FileIndex) {}

  declarationOf(id: ts.Identifier): ts.Identifier | undefined {
    // An identifier that is itself a declaration name resolves to itself.
    const p = id.parent;
    if (p && ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) && p.name === id)) return id;
    const scope = p && this.scopeAt(p);
    return scope ? this.resolve(scope, id.text) : undefined;
  }

  /**
   * Memos that keep resolution linear in the file: each name's answer per scope, and each node's innermost scope.
   * Climbing from every name to its declaration cost the depth of the name: 3,200 names in a ternary chain were
   * 3,200 climbs of up to 3,200 levels (quadratic; test/bench/analysis.bench.ts, pathological shapes).
   */
  private readonly answers = new Map<ts.Node, Map<string, ts.Identifier | null>>();
  private readonly scopeOfNode = new Map<ts.Node, ts.Node | null>();

  /** The innermost scope at or above `node` (null: none), each node on the way remembered. */
  private scopeAt(node: ts.Node): ts.Node | null {
    const path: ts.Node[] = [];
    let found: ts.Node | null = null;
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      if (isScope(n)) {
        found = n;
        break;
      }
      const known = this.scopeOfNode.get(n);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(n);
    }
    // A short climb (most names sit a few nodes below their scope) is not worth a table entry per node: a map with
    // an entry for every expression node of the file is most of what resolving names allocates. Only a long path,
    // which a later climb could repeat, is remembered.
    if (path.length > SHORT_CLIMB) for (const n of path) this.scopeOfNode.set(n, found);
    return found;
  }

  /** What `name` means in `scope`: its declaration there or in an enclosing scope, remembered for each scope climbed. */
  private resolve(scope: ts.Node, name: string): ts.Identifier | undefined {
    const climbed: Array<Map<string, ts.Identifier | null>> = [];
    let found: ts.Identifier | null = null;
    for (let s: ts.Node | null = scope; s; s = s.parent ? this.scopeAt(s.parent) : null) {
      let answers = this.answers.get(s);
      if (!answers) this.answers.set(s, (answers = new Map()));
      const known = answers.get(name);
      if (known !== undefined) {
        found = known;
        break;
      }
      climbed.push(answers);
      const own = this.scopeDecls(s).get(name);
      if (own) {
        found = own;
        break;
      }
    }
    for (const a of climbed) a.set(name, found);
    return found ?? undefined;
  }

  private scopeDecls(scope: ts.Node): Map<string, ts.Identifier> {
    let m = this.decls.get(scope);
    if (m) return m;
    m = new Map();
    this.decls.set(scope, m);
    // Declarations are read going down from the scope, which has its parents (it was reached by climbing); the
    // path down to each declared name gets its parent pointers here, so a rule can climb from the declaration even
    // where the file's index does not reach (an index over some statements only, see FileIndex).
    const add = (id: ts.Identifier, owner: ts.Node): void => {
      setParent(id, owner);
      if (!m!.has(id.text)) m!.set(id.text, id);
    };
    const addBinding = (name: ts.BindingName, owner: ts.Node): void => {
      if (ts.isIdentifier(name)) return add(name, owner);
      setParent(name, owner);
      for (const el of name.elements) {
        setParent(el, name);
        if (!ts.isOmittedExpression(el)) addBinding(el.name, el);
      }
    };
    /** A variable, parameter or catch variable under `owner`, with every name it binds. */
    const addDeclaration = (d: ts.VariableDeclaration | ts.ParameterDeclaration, owner: ts.Node): void => {
      setParent(d, owner);
      addBinding(d.name, d);
    };
    const addList = (list: ts.VariableDeclarationList, owner: ts.Node): void => {
      setParent(list, owner);
      for (const d of list.declarations) addDeclaration(d, list);
    };
    const lexical = (statements: readonly ts.Statement[], owner: ts.Node): void => {
      for (const st of statements) {
        setParent(st, owner);
        if (ts.isVariableStatement(st)) addList(st.declarationList, st);
        else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) add(st.name, st);
        else if (ts.isImportDeclaration(st) && st.importClause) {
          const c = st.importClause;
          setParent(c, st);
          if (c.name) add(c.name, c);
          const named = c.namedBindings;
          if (named) {
            setParent(named, c);
            if (ts.isNamespaceImport(named)) add(named.name, named);
            else {
              for (const s of named.elements) {
                setParent(s, named);
                add(s.name, s);
              }
            }
          }
        }
      }
    };
    const hoistVars = (node: ts.Node): void => {
      const owner = ts.isSourceFile(node) || isFunctionLike(node) ? node : node.parent;
      for (const list of this.index.varLists.get(owner) ?? []) for (const d of list.declarations) addBinding(d.name, d);
    };
    if (ts.isSourceFile(scope)) {
      lexical(scope.statements, scope);
      hoistVars(scope);
    } else if (isFunctionLike(scope)) {
      if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name) add(scope.name, scope);
      for (const p of scope.parameters) addDeclaration(p, scope);
      if (scope.body && ts.isBlock(scope.body)) {
        setParent(scope.body, scope);
        lexical(scope.body.statements, scope.body);
        hoistVars(scope.body);
      }
    } else if (ts.isBlock(scope) || ts.isModuleBlock(scope)) {
      if (!(scope.parent && isFunctionLike(scope.parent))) lexical(scope.statements, scope);
    } else if (ts.isCaseBlock(scope)) {
      for (const c of scope.clauses) {
        setParent(c, scope);
        lexical(c.statements, c);
      }
    } else if (ts.isCatchClause(scope)) {
      if (scope.variableDeclaration) addDeclaration(scope.variableDeclaration, scope);
    } else if (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) {
      const init = scope.initializer;
      if (init && ts.isVariableDeclarationList(init)) addList(init, scope);
    }
    return m;
  }
}

function setParent(node: ts.Node, parent: ts.Node): void {
  (node as { parent: ts.Node }).parent = parent;
}

/** The innermost function-like containing `node` (not `node` itself). */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/** The statement directly inside a block/source file that contains `node`. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n && n.parent; n = n.parent) {
    if ((ts.isBlock(n.parent) || ts.isSourceFile(n.parent) || ts.isCaseClause(n.parent) || ts.isDefaultClause(n.parent) || ts.isModuleBlock(n.parent)) && ts.isStatement(n as ts.Statement)) return n as ts.Statement;
  }
  return undefined;
}

/** Leading whitespace of the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}

export function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
