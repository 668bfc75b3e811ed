// One exported handler, read top-down: what it takes from the request (the JSON body and the schema or type it is
// checked against, form fields, query parameters, headers) and what it answers (status codes, JSON bodies written
// as literals). Patterns, each matched where it is written (no parent pointers needed):
//   Schema.parse(await req.json())  Schema.safeParse(body)  v.parse(Schema, body)  (await req.json()) as T
//   const body: T = await req.json()  form.get('name')  req.nextUrl.searchParams.get('q')  req.headers.get('x')
//   NextResponse.json(x, { status: 201 })  new Response(null, { status: 204 })  NextResponse.redirect(url)
import { ts } from '../parsing/ts';
import { unwrap } from '../parsing/ast';
import { localFunctions } from '../parsing/exports';
import type { HttpMethod } from '../http/methods';
import type { ModuleInfo } from './modules';
import { propName, type Read, type SchemaReader } from './read';
import { LIMITS, isUnknown, type BodyShape, type FormField, type JsonSchema, type MethodShape, type NamedInput, type ResponseShape } from './types';

const PARSE = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa']);
const BODYLESS = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS']);
const BYTES = ['arrayBuffer', 'blob', 'bytes'];

type Binding =
  | { kind: 'json' }
  | { kind: 'form' }
  | { kind: 'search' }
  | { kind: 'headers' }
  | { kind: 'query'; name: string }
  | { kind: 'header'; name: string }
  | { kind: 'field'; name: string };

function stripAwait(e: ts.Expression): ts.Expression {
  let x = unwrap(e);
  while (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  return x;
}

/** `.json()` (or `what`) on the request, or on `request.clone()`. */
function bodyRead(e: ts.Expression, req: ReadonlySet<string>, what: string): boolean {
  const x = stripAwait(e);
  if (!ts.isCallExpression(x) || x.arguments.length > 0) return false;
  const c = unwrap(x.expression);
  if (!ts.isPropertyAccessExpression(c) || c.name.text !== what) return false;
  let o = unwrap(c.expression);
  if (ts.isCallExpression(o) && ts.isPropertyAccessExpression(o.expression) && o.expression.name.text === 'clone') o = unwrap(o.expression.expression);
  return ts.isIdentifier(o) && req.has(o.text);
}

/**
 * The type in a function's `@returns {…}` JSDoc tag. Read from the parsed comment: the files are parsed without
 * parent links, which ts.getJSDocReturnType needs.
 */
function jsDocReturnType(fn: ts.FunctionDeclaration): ts.TypeNode | undefined {
  for (const doc of (fn as { jsDoc?: readonly ts.JSDoc[] }).jsDoc ?? []) {
    for (const tag of doc.tags ?? []) if (ts.isJSDocReturnTag(tag) && tag.typeExpression) return tag.typeExpression.type;
  }
  return undefined;
}

/** How many functions of the module one handler's reading may follow into. */
const MAX_FOLLOWED = 8;

export class HandlerReader {
  private readonly bindings = new Map<string, Binding>();
  private readonly req = new Set<string>();
  private body: BodyShape = { kind: 'none' };
  private readsJson = false;
  private readsForm = false;
  private readonly fields = new Map<string, FormField>();
  private readonly query = new Map<string, NamedInput>();
  private readonly headers = new Map<string, NamedInput>();
  private readonly responses: ResponseShape[] = [];
  private readonly notes: string[] = [];
  private passedOn: string | undefined;
  private readsText = false;
  /** `arrayBuffer` / `blob` / `bytes`: the body read as bytes (a proxy forwarding it, a signature check). */
  private readsBytes: string | undefined;
  /** The bytes are read inside a `fetch(…)` call: forwarded to an upstream, whose shape it is. */
  private forwardsBytes = false;
  private inFetch = 0;
  /** Functions of this module read as part of the handler (each once). */
  private readonly followed = new Set<ts.FunctionLikeDeclaration>();
  private locals: Map<string, ts.FunctionLikeDeclaration> | undefined;
  private visited = 0;

  constructor(private readonly mod: ModuleInfo, private readonly reader: SchemaReader, private readonly method: HttpMethod) {}

  read(fn: ts.FunctionLikeDeclaration): MethodShape {
    const p0 = fn.parameters[0];
    if (p0 && ts.isIdentifier(p0.name)) this.req.add(p0.name.text);
    if (fn.body) this.visit(fn.body);
    if (this.body.kind === 'none') {
      // Read and checked against nothing: any JSON value gets past the read (a wrong one fails later, in code the
      // shape cannot see; the panel says so).
      if (this.readsJson) this.body = { kind: 'json', schema: {}, source: 'unchecked' };
      else if (this.readsForm) this.body = { kind: 'form', fields: [...this.fields.values()] };
      else if (this.readsText) this.body = { kind: 'text' };
      else if (this.readsBytes && !BODYLESS.has(this.method)) {
        this.body = { kind: 'unknown', reason: this.forwardsBytes
          ? `the handler forwards the body as bytes (request.${this.readsBytes}()) to fetch(): what it must carry is the upstream's to say`
          : `the handler reads the body as bytes (request.${this.readsBytes}()), which says nothing of what it must carry` };
      }
      else if (this.passedOn && !BODYLESS.has(this.method)) this.body = { kind: 'unknown', reason: `the request is handed to ${this.passedOn}(), which is not followed` };
    }
    return { method: this.method, body: this.body, query: [...this.query.values()], headers: [...this.headers.values()], responses: mergeResponses(this.responses), notes: this.notes };
  }

  private visit(node: ts.Node): void {
    if (++this.visited > 200_000) return;
    // A nested function runs at another time, but its reads still describe the request (a callback in a
    // `.then`); keep walking, only a function taking its own `request` would mislead and that is rare.
    if (ts.isVariableDeclaration(node)) this.declaration(node);
    else if (ts.isCallExpression(node)) this.call(node);
    else if (ts.isNewExpression(node)) this.construct(node);
    else if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      if (bodyRead(node.expression, this.req, 'json')) this.typed(node.type);
    } else if (ts.isIfStatement(node)) this.guard(node);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) this.instanceOf(node);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) this.assigned(node.left.text, node.right);
    const fetches = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fetch';
    if (fetches) this.inFetch++;
    ts.forEachChild(node, (c) => this.visit(c));
    if (fetches) this.inFetch--;
  }

  private typed(type: ts.TypeNode): void {
    if (this.body.kind === 'json') return;
    const r = this.reader.type(this.mod, type);
    if (Object.keys(r.s).length === 0) {
      this.body = { kind: 'unknown', reason: `the handler types the body as \`${type.getText(this.mod.sf)}\`, which says nothing of what it must carry` };
      return;
    }
    this.setJson(r, 'type', type);
  }

  private setJson(r: Read, source: 'zod' | 'valibot' | 'type', at: ts.Node, name?: string): void {
    if (isUnknown(r.s)) {
      this.body = { kind: 'unknown', reason: r.s['x-bff-unknown']! };
      return;
    }
    const ref = { file: this.mod.file, span: { start: at.getStart(this.mod.sf), end: at.getEnd() }, ...(name ? { name } : {}) };
    this.body = { kind: 'json', schema: r.s, source, at: ref };
  }

  private declaration(d: ts.VariableDeclaration): void {
    const init = d.initializer;
    if (!init) return;
    const x = stripAwait(init);
    if (ts.isIdentifier(d.name)) {
      const name = d.name.text;
      if (bodyRead(init, this.req, 'json')) {
        this.bindings.set(name, { kind: 'json' });
        if (d.type) this.typed(d.type);
        return;
      }
      if (bodyRead(init, this.req, 'formData')) {
        this.readsForm = true;
        this.bindings.set(name, { kind: 'form' });
        return;
      }
      if (ts.isIdentifier(x) && this.req.has(x.text)) this.req.add(name);
      const b = this.source(x);
      if (b) this.bindings.set(name, b);
      return;
    }
    // const { searchParams } = request.nextUrl / new URL(request.url)
    if (ts.isObjectBindingPattern(d.name)) {
      const from = this.urlLike(x);
      for (const el of d.name.elements) {
        const key = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (!ts.isIdentifier(el.name)) continue;
        if (from && key === 'searchParams') this.bindings.set(el.name.text, { kind: 'search' });
        if (key === 'headers' && ts.isIdentifier(x) && this.req.has(x.text)) this.bindings.set(el.name.text, { kind: 'headers' });
      }
      if (d.type && bodyRead(init, this.req, 'json')) this.typed(d.type);
    }
  }

  /** `isInput(body)` where `function isInput(v: unknown): v is Input` is written in this file: the body is an `Input`. */
  private guarded(fn: string, arg: ts.Expression): void {
    const a = unwrap(arg);
    if (!ts.isIdentifier(a) || this.bindings.get(a.text)?.kind !== 'json') return;
    this.locals ??= localFunctions(this.mod.sf);
    const guard = this.locals.get(fn);
    if (!guard) return;
    // `value is Input` in TypeScript; in JavaScript, the same predicate in a `@returns {value is {…}}` JSDoc tag.
    const t = guard.type ?? (ts.isFunctionDeclaration(guard) ? jsDocReturnType(guard) : undefined);
    if (t && ts.isTypePredicateNode(t) && t.type && !t.assertsModifier) this.typed(t.type);
  }

  /** `body = await request.json()` inside a `try` (the generator's templates): the same as a declaration's read. */
  private assigned(name: string, value: ts.Expression): void {
    if (bodyRead(value, this.req, 'json')) {
      this.bindings.set(name, { kind: 'json' });
    } else if (bodyRead(value, this.req, 'formData')) {
      this.readsForm = true;
      this.bindings.set(name, { kind: 'form' });
    }
  }

  /** `request.nextUrl` or `new URL(request.url)`. */
  private urlLike(x: ts.Expression): boolean {
    if (ts.isPropertyAccessExpression(x) && x.name.text === 'nextUrl') {
      const o = unwrap(x.expression);
      return ts.isIdentifier(o) && this.req.has(o.text);
    }
    if (ts.isNewExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'URL' && x.arguments?.[0]) {
      const a = unwrap(x.arguments[0]);
      return ts.isPropertyAccessExpression(a) && a.name.text === 'url' && ts.isIdentifier(unwrap(a.expression)) && this.req.has((unwrap(a.expression) as ts.Identifier).text);
    }
    return false;
  }

  /** What an expression stands for: the search params, the headers, or one read value of them. */
  private source(x: ts.Expression): Binding | undefined {
    const e = stripAwait(x);
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'searchParams' && this.urlLike(unwrap(e.expression))) return { kind: 'search' };
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'headers' && ts.isIdentifier(unwrap(e.expression)) && this.req.has((unwrap(e.expression) as ts.Identifier).text)) return { kind: 'headers' };
    // `headers()` from next/headers
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'headers' && this.mod.imports.get('headers')?.specifier === 'next/headers') return { kind: 'headers' };
    if (ts.isIdentifier(e)) return this.bindings.get(e.text);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const { name } = e.expression;
      const of = this.source(e.expression.expression);
      const arg = e.arguments[0] ? unwrap(e.arguments[0]) : undefined;
      const key = arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
      if (key === undefined) return undefined;
      if (of?.kind === 'search' && ['get', 'getAll', 'has'].includes(name.text)) return { kind: 'query', name: key };
      if (of?.kind === 'headers' && ['get', 'has'].includes(name.text)) return { kind: 'header', name: key };
      if (of?.kind === 'form' && ['get', 'getAll', 'has'].includes(name.text)) return { kind: 'field', name: key };
    }
    return undefined;
  }

  private call(c: ts.CallExpression): void {
    // Every read of the JSON body is recorded here, wherever its value goes (a declaration, an assignment, a schema,
    // `[raw, payload] = await Promise.all([copy.text(), request.json()])`).
    if (bodyRead(c, this.req, 'json')) this.readsJson = true;
    if (bodyRead(c, this.req, 'text')) this.readsText = true;
    const bytes = BYTES.find((what) => bodyRead(c, this.req, what));
    if (bytes) {
      this.readsBytes ??= bytes;
      if (this.inFetch > 0) this.forwardsBytes = true;
    }
    const callee = unwrap(c.expression);
    // searchParams.get('q'), headers.get('x'), form.get('f')
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      const of = this.source(callee.expression);
      const arg = c.arguments[0] ? unwrap(c.arguments[0]) : undefined;
      const key = arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
      if (key !== undefined && of) {
        const multiple = m === 'getAll';
        if (of.kind === 'search' && ['get', 'getAll', 'has'].includes(m)) this.addNamed(this.query, key, multiple);
        else if (of.kind === 'headers' && ['get', 'has'].includes(m)) this.addNamed(this.headers, key, false);
        else if (of.kind === 'form' && ['get', 'getAll', 'has'].includes(m)) {
          const f = this.fields.get(key);
          this.fields.set(key, { name: key, type: f?.type ?? 'string', multiple: multiple || (f?.multiple ?? false), required: f?.required ?? false });
        }
      }
      // Schema.parse(x) / Schema.safeParse(x)
      if (PARSE.has(m) && c.arguments.length === 1) this.applied(callee.expression, c.arguments[0]);
      // v.parse(Schema, x)
      if (PARSE.has(m) && c.arguments.length === 2 && ts.isIdentifier(unwrap(callee.expression)) && this.reader.sourceOf(this.mod, callee.expression) === 'valibot') this.applied(c.arguments[0], c.arguments[1], 'valibot');
      this.response(c, callee);
    } else if (ts.isIdentifier(callee) && PARSE.has(this.mod.imports.get(callee.text)?.name ?? '') && c.arguments.length === 2) {
      this.applied(c.arguments[0], c.arguments[1], 'valibot');
    } else if (ts.isIdentifier(callee) && c.arguments.length >= 1) this.guarded(callee.text, c.arguments[0]);
    // submit(request): a function of this file that takes the request is read as part of the handler (bounded);
    // handed to anything else, the request leaves it.
    const at = c.arguments.findIndex((a) => ts.isIdentifier(unwrap(a)) && this.req.has((unwrap(a) as ts.Identifier).text));
    if (at < 0) return;
    this.locals ??= localFunctions(this.mod.sf);
    const local = ts.isIdentifier(callee) ? this.locals.get(callee.text) : undefined;
    const param = local?.parameters[at];
    if (local?.body && param && ts.isIdentifier(param.name) && !this.followed.has(local) && this.followed.size < MAX_FOLLOWED) {
      this.followed.add(local);
      this.req.add(param.name.text);
      this.visit(local.body);
    } else if (!this.passedOn && !(local && this.followed.has(local))) {
      this.passedOn = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : 'a function';
    }
  }

  /** A schema applied to a value: the JSON body, the form (`Object.fromEntries(form)`), or the query. */
  private applied(schemaExpr: ts.Expression, valueExpr: ts.Expression, lib?: 'valibot'): void {
    const value = stripAwait(valueExpr);
    let target: 'json' | 'form' | 'search' | undefined;
    if (bodyRead(value, this.req, 'json')) {
      target = 'json';
    } else if (ts.isIdentifier(value)) {
      const b = this.bindings.get(value.text);
      if (b?.kind === 'json') target = 'json';
    } else if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'fromEntries' && value.arguments[0]) {
      let inner = stripAwait(value.arguments[0]);
      if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'entries') inner = stripAwait(inner.expression.expression);
      if (bodyRead(inner, this.req, 'formData')) {
        this.readsForm = true;
        target = 'form';
      } else {
        const b = this.source(inner);
        if (b?.kind === 'form') target = 'form';
        if (b?.kind === 'search') target = 'search';
      }
    }
    if (!target) return;
    const source = lib ?? this.reader.sourceOf(this.mod, schemaExpr) ?? 'zod';
    const r = this.reader.expr(this.mod, schemaExpr);
    const name = ts.isIdentifier(unwrap(schemaExpr)) ? (unwrap(schemaExpr) as ts.Identifier).text : undefined;
    if (target === 'json') {
      if (this.body.kind !== 'json') this.setJson(r, source === 'type' ? 'zod' : source, schemaExpr, name);
      return;
    }
    const props = r.s.properties;
    if (!props) {
      this.notes.push(`the ${target === 'form' ? 'form' : 'query'} schema ${name ?? ''} is not known: ${r.s['x-bff-unknown'] ?? 'not an object'}`.replace(/ {2}/, ' '));
      return;
    }
    const required = new Set(r.s.required ?? []);
    if (target === 'form') {
      for (const [k, s] of Object.entries(props)) {
        const multiple = s.type === 'array';
        const file = s.format === 'binary' || s.items?.format === 'binary';
        this.fields.set(k, { name: k, type: file ? 'file' : 'string', multiple, required: required.has(k) });
      }
      this.body = { kind: 'form', fields: [...this.fields.values()], schema: r.s };
    } else {
      for (const [k, s] of Object.entries(props)) this.query.set(k, { name: k, required: required.has(k), multiple: s.type === 'array', schema: s });
    }
  }

  private addNamed(map: Map<string, NamedInput>, name: string, multiple: boolean): void {
    const key = map === this.headers ? name.toLowerCase() : name;
    const had = map.get(key);
    if (had) {
      had.multiple ||= multiple;
      return;
    }
    map.set(key, { name: key, required: false, multiple, schema: multiple ? { type: 'array', items: { type: 'string' } } : { type: 'string' } });
  }

  /** `if (!q) return …` / `if (q === null) throw …`: the read value is required. */
  private guard(st: ts.IfStatement): void {
    if (!exits(st.thenStatement)) return;
    for (const t of orTerms(st.expression)) {
      let id: ts.Expression | undefined;
      if (ts.isPrefixUnaryExpression(t) && t.operator === ts.SyntaxKind.ExclamationToken) id = stripAwait(t.operand);
      else if (ts.isBinaryExpression(t) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(t.operatorToken.kind) && [ts.SyntaxKind.NullKeyword, ts.SyntaxKind.UndefinedKeyword].includes(unwrap(t.right).kind)) id = stripAwait(t.left);
      else if (ts.isBinaryExpression(t) && ts.isIdentifier(unwrap(t.right)) && (unwrap(t.right) as ts.Identifier).text === 'undefined') id = stripAwait(t.left);
      if (!id) continue;
      // The guard is visited before the reads inside it: a read named here is added, then marked.
      const b = this.source(id);
      if (b?.kind === 'query') this.require(this.query, b.name);
      else if (b?.kind === 'header') this.require(this.headers, b.name);
      else if (b?.kind === 'field') {
        const f = this.fields.get(b.name) ?? { name: b.name, type: 'string', multiple: false, required: false };
        f.required = true;
        this.fields.set(b.name, f);
      }
    }
  }

  private require(map: Map<string, NamedInput>, name: string): void {
    this.addNamed(map, name, false);
    map.get(map === this.headers ? name.toLowerCase() : name)!.required = true;
  }

  /** `file instanceof File`: the form field is a file. */
  private instanceOf(b: ts.BinaryExpression): void {
    const right = unwrap(b.right);
    if (!ts.isIdentifier(right) || (right.text !== 'File' && right.text !== 'Blob')) return;
    const src = this.source(b.left);
    if (src?.kind !== 'field') return;
    const f = this.fields.get(src.name);
    if (f) f.type = 'file';
  }

  // ---- responses ----

  private response(c: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    const obj = unwrap(callee.expression);
    if (!ts.isIdentifier(obj) || (obj.text !== 'NextResponse' && obj.text !== 'Response')) return;
    const m = callee.name.text;
    if (m === 'json') {
      const status = this.status(c.arguments[1]) ?? 200;
      const r: ResponseShape = { status, contentType: 'application/json' };
      if (c.arguments[0]) r.schema = this.valueShape(c.arguments[0], 0);
      this.responses.push(r);
    } else if (m === 'redirect') {
      const s = c.arguments[1] ? this.literalNumber(c.arguments[1]) : undefined;
      this.responses.push({ status: s ?? (obj.text === 'NextResponse' ? 307 : 302), redirect: true });
    } else if (m === 'error') this.responses.push({ status: 'default' });
  }

  private construct(n: ts.NewExpression): void {
    const cls = unwrap(n.expression);
    if (!ts.isIdentifier(cls) || (cls.text !== 'Response' && cls.text !== 'NextResponse')) return;
    const args = n.arguments ?? ts.factory.createNodeArray();
    const status = this.status(args[1]) ?? 200;
    const r: ResponseShape = { status };
    const ct = this.headerValue(args[1], 'content-type');
    if (ct) r.contentType = ct;
    const body = args[0] ? unwrap(args[0]) : undefined;
    if (body && ts.isCallExpression(body) && ts.isPropertyAccessExpression(body.expression) && ts.isIdentifier(body.expression.expression) && body.expression.expression.text === 'JSON' && body.expression.name.text === 'stringify' && body.arguments[0]) {
      r.contentType ??= 'application/json';
      r.schema = this.valueShape(body.arguments[0], 0);
    }
    this.responses.push(r);
  }

  private literalNumber(e: ts.Expression): number | undefined {
    const x = unwrap(e);
    if (ts.isNumericLiteral(x)) return Number(x.text);
    if (ts.isIdentifier(x)) {
      const init = this.mod.consts.get(x.text);
      if (init && ts.isNumericLiteral(unwrap(init))) return Number((unwrap(init) as ts.NumericLiteral).text);
    }
    return undefined;
  }

  /** The `status` of a ResponseInit literal; `null` when it is written but not a literal. */
  private status(init: ts.Expression | undefined): number | 'default' | undefined {
    const o = init ? unwrap(init) : undefined;
    if (!o || !ts.isObjectLiteralExpression(o)) return init ? 'default' : undefined;
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p) && propName(p.name) === 'status') return this.literalNumber(p.initializer) ?? 'default';
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'status') return this.literalNumber(p.name) ?? 'default';
    }
    return undefined;
  }

  private headerValue(init: ts.Expression | undefined, name: string): string | undefined {
    const o = init ? unwrap(init) : undefined;
    if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
    for (const p of o.properties) {
      if (!ts.isPropertyAssignment(p) || propName(p.name) !== 'headers') continue;
      const h = unwrap(p.initializer);
      if (!ts.isObjectLiteralExpression(h)) return undefined;
      for (const q of h.properties) {
        if (ts.isPropertyAssignment(q) && propName(q.name)?.toLowerCase() === name && ts.isStringLiteralLike(unwrap(q.initializer))) return (unwrap(q.initializer) as ts.StringLiteral).text.split(';')[0].trim();
      }
    }
    return undefined;
  }

  /** The JSON shape of a value written in a response (literals; a parsed body is the request's schema). */
  private valueShape(e: ts.Expression, depth: number): JsonSchema {
    if (depth > LIMITS.depth) return {};
    const x = unwrap(e);
    if (ts.isStringLiteralLike(x) || ts.isTemplateExpression(x)) return { type: 'string' };
    if (ts.isNumericLiteral(x)) return { type: Number.isInteger(Number(x.text)) ? 'integer' : 'number' };
    if (x.kind === ts.SyntaxKind.TrueKeyword || x.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean' };
    if (x.kind === ts.SyntaxKind.NullKeyword) return { type: 'null' };
    if (ts.isArrayLiteralExpression(x)) return { type: 'array', items: x.elements[0] && !ts.isSpreadElement(x.elements[0]) ? this.valueShape(x.elements[0], depth + 1) : {} };
    if (ts.isObjectLiteralExpression(x)) {
      const properties: Record<string, JsonSchema> = {};
      for (const p of x.properties) {
        if (ts.isPropertyAssignment(p)) {
          const k = propName(p.name);
          if (k !== undefined) properties[k] = this.valueShape(p.initializer, depth + 1);
        } else if (ts.isShorthandPropertyAssignment(p)) properties[p.name.text] = {};
      }
      const keys = Object.keys(properties);
      return keys.length > 0 ? { type: 'object', properties, required: keys } : { type: 'object' };
    }
    return {};
  }
}

function orTerms(e: ts.Expression): ts.Expression[] {
  const x = unwrap(e);
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.BarBarToken) return [...orTerms(x.left), ...orTerms(x.right)];
  return [x];
}

function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) return st.statements.some((s) => ts.isReturnStatement(s) || ts.isThrowStatement(s));
  return false;
}

/** One entry per status; JSON shapes of the same status merged into a union (bounded). */
function mergeResponses(list: ResponseShape[]): ResponseShape[] {
  const by = new Map<string, ResponseShape>();
  for (const r of list) {
    const key = String(r.status);
    const had = by.get(key);
    if (!had) {
      by.set(key, { ...r });
      continue;
    }
    had.contentType ??= r.contentType;
    if (r.schema && had.schema && JSON.stringify(r.schema) !== JSON.stringify(had.schema)) {
      const parts = had.schema.anyOf && !had.schema.type ? had.schema.anyOf : [had.schema];
      if (parts.length < 8 && !parts.some((p) => JSON.stringify(p) === JSON.stringify(r.schema))) had.schema = { anyOf: [...parts, r.schema] };
    } else had.schema ??= r.schema;
  }
  return [...by.values()].sort((a, b) => (a.status === 'default' ? 1 : b.status === 'default' ? -1 : a.status - b.status));
}

