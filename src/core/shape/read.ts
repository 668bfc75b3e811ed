// Reads a schema written in code into a JSON Schema, without running it and without a type checker:
// zod (3 and 4: method chains from the `z` namespace), valibot (`v.pipe(v.string(), v.email())`) and TypeScript
// types (interfaces, aliases, `z.infer<typeof S>`, Pick/Omit/Partial). A part it cannot read becomes an explicit
// unknown with its reason. Bounded: depth, node count and union size (types.ts LIMITS); recursion is detected.
import { ts } from '../parsing/ts';
import { unwrap } from '../parsing/ast';
import { Modules, pickConst, pickType, type ModuleInfo, type TypeDecl } from './modules';
import { LIMITS, UNKNOWN, isUnknown, type JsonSchema, type SchemaSource } from './types';

/** A read schema and whether its property may be left out (`.optional()`, `?:`, a default). */
export interface Read {
  s: JsonSchema;
  optional?: boolean;
}

const ZOD = /^zod(\/(v3|v4|mini|v4-mini))?$/;
const VALIBOT = /^valibot$/;

function literalValue(e: ts.Expression): { ok: true; value: unknown } | { ok: false } {
  const x = unwrap(e);
  if (ts.isStringLiteralLike(x)) return { ok: true, value: x.text };
  if (ts.isNumericLiteral(x)) return { ok: true, value: Number(x.text) };
  if (ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(x.operand)) return { ok: true, value: -Number(x.operand.text) };
  if (x.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
  if (x.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
  if (x.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
  if (ts.isArrayLiteralExpression(x)) {
    const out: unknown[] = [];
    for (const el of x.elements) {
      const v = literalValue(el);
      if (!v.ok) return v;
      out.push(v.value);
    }
    return { ok: true, value: out };
  }
  if (ts.isObjectLiteralExpression(x)) {
    const out: Record<string, unknown> = {};
    for (const p of x.properties) {
      if (!ts.isPropertyAssignment(p)) return { ok: false };
      const k = propName(p.name);
      const v = literalValue(p.initializer);
      if (k === undefined || !v.ok) return { ok: false };
      out[k] = v.value;
    }
    return { ok: true, value: out };
  }
  return { ok: false };
}

export function propName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function num(e: ts.Expression | undefined): number | undefined {
  if (!e) return undefined;
  const v = literalValue(e);
  return v.ok && typeof v.value === 'number' ? v.value : undefined;
}

function typeOf(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

function nullable(s: JsonSchema): JsonSchema {
  if (isUnknown(s) || (s.type === undefined && !s.anyOf && s.const === undefined && !s.enum)) return s;
  if (s.type !== undefined && !s.enum && s.const === undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    return types.includes('null') ? s : { ...s, type: [...types, 'null'] };
  }
  return { anyOf: [s, { type: 'null' }] };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function objectOf(props: Map<string, Read>, order: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const k of order) {
    const r = props.get(k)!;
    properties[k] = r.s;
    if (!r.optional) required.push(k);
  }
  const s: JsonSchema = { type: 'object', properties };
  if (required.length > 0) s.required = required;
  return s;
}

/** Property names of an object schema with their optionality (for `.extend`, `.pick`, Pick<>…). */
function entries(s: JsonSchema): Map<string, Read> | undefined {
  if (typeOf(s) !== 'object' || !s.properties) return undefined;
  const req = new Set(s.required ?? []);
  return new Map(Object.entries(s.properties).map(([k, v]) => [k, { s: v, optional: !req.has(k) }]));
}

function withProps(base: JsonSchema, props: Map<string, Read>): JsonSchema {
  const o = objectOf(props, [...props.keys()]);
  if (base.additionalProperties !== undefined) o.additionalProperties = base.additionalProperties;
  if (base.description) o.description = base.description;
  return o;
}

function keysOf(e: ts.Expression | undefined): string[] | undefined {
  if (!e) return undefined;
  const x = unwrap(e);
  if (ts.isObjectLiteralExpression(x)) return x.properties.map((p) => (p.name ? propName(p.name as ts.PropertyName) : undefined)).filter((k): k is string => k !== undefined);
  if (ts.isArrayLiteralExpression(x)) return x.elements.map((el) => (ts.isStringLiteralLike(el) ? el.text : undefined)).filter((k): k is string => k !== undefined);
  return undefined;
}

const STRING_FORMATS: Record<string, string> = {
  email: 'email', uuid: 'uuid', guid: 'uuid', uuidv4: 'uuid', uuidv7: 'uuid', url: 'uri', httpUrl: 'uri', datetime: 'date-time', date: 'date', time: 'time',
  ipv4: 'ipv4', ipv6: 'ipv6', ip: 'ipv4', isoDateTime: 'date-time', isoTimestamp: 'date-time', isoDate: 'date', isoTime: 'time', duration: 'duration',
};

export class SchemaReader {
  private nodes = 0;
  private readonly stack = new Set<string>();

  constructor(private readonly modules: Modules) {}

  private budget(): string | undefined {
    return ++this.nodes > LIMITS.nodes ? `more than ${LIMITS.nodes} schema parts` : undefined;
  }

  /** The library a namespace or function name comes from in module `m`. */
  private library(m: ModuleInfo, name: string): 'zod' | 'valibot' | undefined {
    const imp = this.modules.importOf(m, name);
    if (!imp) return undefined;
    if (ZOD.test(imp.specifier)) return 'zod';
    if (VALIBOT.test(imp.specifier)) return 'valibot';
    return undefined;
  }

  /** The library a schema expression is written with (its innermost call's namespace), if any. */
  sourceOf(m: ModuleInfo, expr: ts.Expression, depth = 0): SchemaSource | undefined {
    let e = unwrap(expr);
    for (let i = 0; i < 64; i++) {
      if (ts.isCallExpression(e)) e = unwrap(e.expression);
      else if (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
      else break;
    }
    if (!ts.isIdentifier(e)) return undefined;
    const lib = this.library(m, e.text);
    if (lib) return lib;
    if (depth > 8) return undefined;
    const found = this.modules.lookup(m, e.text, pickConst);
    return 'mod' in found ? this.sourceOf(found.mod, found.value, depth + 1) : undefined;
  }

  /** A schema expression (zod or valibot), read. */
  expr(m: ModuleInfo, expr: ts.Expression, depth = 0): Read {
    const over = this.budget();
    if (over) return { s: UNKNOWN(over) };
    if (depth > LIMITS.depth) return { s: UNKNOWN(`nested deeper than ${LIMITS.depth} levels`) };
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) return this.named(m, e.text, depth);
    if (ts.isCallExpression(e)) return this.call(m, e, depth);
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) && e.name.text === 'shape') return { s: UNKNOWN('`.shape` of a schema is not read') };
    return { s: UNKNOWN(`\`${short(e, m.sf)}\` is not a schema this extension reads`) };
  }

  private named(m: ModuleInfo, name: string, depth: number): Read {
    const found = this.modules.lookup(m, name, pickConst);
    if (!('mod' in found)) return { s: UNKNOWN(`${name}: ${found.reason}`) };
    const key = `${found.mod.file}#${found.name}`;
    if (this.stack.has(key)) return { s: UNKNOWN(`${name} refers to itself (a recursive schema)`) };
    this.stack.add(key);
    try {
      return this.expr(found.mod, found.value, depth + 1);
    } finally {
      this.stack.delete(key);
    }
  }

  private call(m: ModuleInfo, call: ts.CallExpression, depth: number): Read {
    const callee = unwrap(call.expression);
    const args = call.arguments;
    // `v.object(...)`, `z.object(...)`, `z.coerce.number()`, `z.iso.datetime()`, or an imported `object(...)`.
    if (ts.isIdentifier(callee)) {
      const lib = this.library(m, callee.text);
      const imported = this.modules.importOf(m, callee.text)?.name ?? callee.text;
      if (lib === 'valibot') return this.valibot(m, imported, args, depth);
      if (lib === 'zod') return this.zodBase(m, imported, args, depth);
      return { s: UNKNOWN(`${callee.text}() is not a schema this extension reads`) };
    }
    if (!ts.isPropertyAccessExpression(callee)) return { s: UNKNOWN(`\`${short(callee, m.sf)}\` is not a schema this extension reads`) };
    const method = callee.name.text;
    const obj = unwrap(callee.expression);
    const ns = ts.isIdentifier(obj) ? obj : ts.isPropertyAccessExpression(obj) && ts.isIdentifier(obj.expression) && ['coerce', 'iso', 'string_format'].includes(obj.name.text) ? obj.expression : undefined;
    if (ns) {
      const lib = this.library(m, ns.text);
      if (lib === 'zod') {
        const r = this.zodBase(m, method, args, depth);
        if (obj !== ns && ts.isPropertyAccessExpression(obj) && obj.name.text === 'iso' && method === 'date') r.s = { type: 'string', format: 'date' };
        return r;
      }
      if (lib === 'valibot') return this.valibot(m, method, args, depth);
    }
    return this.zodMethod(m, this.expr(m, obj, depth + 1), method, args, depth);
  }

  private list(m: ModuleInfo, e: ts.Expression | undefined, depth: number, read: (m: ModuleInfo, x: ts.Expression, depth: number) => Read): JsonSchema[] | string {
    const x = e ? unwrap(e) : undefined;
    if (!x || !ts.isArrayLiteralExpression(x)) return 'its options are not a literal list';
    if (x.elements.length > LIMITS.union) return `${x.elements.length} options, more than ${LIMITS.union}`;
    return x.elements.map((el) => read.call(this, m, el, depth + 1).s);
  }

  private props(m: ModuleInfo, e: ts.Expression | undefined, depth: number, read: (m: ModuleInfo, x: ts.Expression, depth: number) => Read): Map<string, Read> | string {
    const x = e ? unwrap(e) : undefined;
    if (!x) return new Map();
    if (!ts.isObjectLiteralExpression(x)) {
      const r = read.call(this, m, x, depth + 1);
      return entries(r.s) ?? 'its fields are not written as an object literal';
    }
    const out = new Map<string, Read>();
    for (const p of x.properties) {
      if (ts.isPropertyAssignment(p)) {
        const k = propName(p.name);
        if (k === undefined) return 'a computed field name';
        out.set(k, read.call(this, m, p.initializer, depth + 1));
      } else if (ts.isShorthandPropertyAssignment(p)) out.set(p.name.text, read.call(this, m, p.name, depth + 1));
      else if (ts.isSpreadAssignment(p)) {
        // `{ ...Base.shape, x }` (zod) or `{ ...Base.entries, x }` (valibot)
        const inner = unwrap(p.expression);
        const base = ts.isPropertyAccessExpression(inner) ? inner.expression : inner;
        const spread = entries(read.call(this, m, base, depth + 1).s);
        if (!spread) return 'a spread it cannot read';
        for (const [k, v] of spread) out.set(k, v);
      } else return 'a method or accessor among its fields';
    }
    return out;
  }

  private zodBase(m: ModuleInfo, name: string, args: ts.NodeArray<ts.Expression>, depth: number): Read {
    const read = this.expr;
    switch (name) {
      case 'object':
      case 'strictObject':
      case 'looseObject': {
        const props = this.props(m, args[0], depth, read);
        if (typeof props === 'string') return { s: UNKNOWN(`an object schema with ${props}`) };
        const s = objectOf(props, [...props.keys()]);
        if (name === 'strictObject') s.additionalProperties = false;
        return { s };
      }
      case 'string':
        return { s: { type: 'string' } };
      case 'number':
      case 'float32':
      case 'float64':
        return { s: { type: 'number' } };
      case 'int':
      case 'int32':
      case 'uint32':
        return { s: name === 'uint32' ? { type: 'integer', minimum: 0 } : { type: 'integer' } };
      case 'boolean':
        return { s: { type: 'boolean' } };
      case 'null':
        return { s: { type: 'null' } };
      case 'any':
      case 'unknown':
        return { s: {}, optional: true };
      case 'undefined':
      case 'void':
        return { s: {}, optional: true };
      case 'literal': {
        const v = args[0] ? literalValue(args[0]) : { ok: false as const };
        if (!v.ok) return { s: UNKNOWN('a literal that is not a constant') };
        if (Array.isArray(v.value)) return { s: { enum: v.value } };
        return { s: { const: v.value } };
      }
      case 'enum':
      case 'nativeEnum': {
        const values = this.enumValues(m, args[0]);
        return typeof values === 'string' ? { s: UNKNOWN(`an enum whose ${values}`) } : { s: enumOf(values) };
      }
      case 'union':
      case 'discriminatedUnion': {
        const list = this.list(m, name === 'union' ? args[0] : args[1], depth, read);
        return typeof list === 'string' ? { s: UNKNOWN(`a union: ${list}`) } : { s: { anyOf: list } };
      }
      case 'intersection': {
        const a = args[0] ? entries(this.expr(m, args[0], depth + 1).s) : undefined;
        const b = args[1] ? entries(this.expr(m, args[1], depth + 1).s) : undefined;
        if (!a || !b) return { s: UNKNOWN('an intersection of schemas that are not both objects') };
        const all = new Map([...a, ...b]);
        return { s: objectOf(all, [...all.keys()]) };
      }
      case 'array': {
        const items = args[0] ? this.expr(m, args[0], depth + 1).s : {};
        return { s: { type: 'array', items } };
      }
      case 'tuple': {
        const list = this.list(m, args[0], depth, read);
        if (typeof list === 'string') return { s: UNKNOWN(`a tuple: ${list}`) };
        return { s: { type: 'array', prefixItems: list, minItems: list.length, maxItems: list.length } };
      }
      case 'record': {
        const value = args.length >= 2 ? args[1] : args[0];
        return { s: { type: 'object', additionalProperties: value ? this.expr(m, value, depth + 1).s : {} } };
      }
      case 'optional':
      case 'nullable':
      case 'nullish':
        return this.zodMethod(m, args[0] ? this.expr(m, args[0], depth + 1) : { s: {} }, name, [] as unknown as ts.NodeArray<ts.Expression>, depth);
      case 'lazy':
        return { s: UNKNOWN('z.lazy() (a recursive schema)') };
      case 'date':
        return { s: UNKNOWN('z.date() accepts a Date object, which a JSON body cannot carry') };
      case 'bigint':
        return { s: UNKNOWN('z.bigint() accepts a BigInt, which a JSON body cannot carry') };
      case 'instanceof': {
        const cls = args[0] ? unwrap(args[0]) : undefined;
        if (cls && ts.isIdentifier(cls) && (cls.text === 'File' || cls.text === 'Blob')) return { s: { type: 'string', format: 'binary' } };
        return { s: UNKNOWN('z.instanceof() of a class') };
      }
      case 'custom':
        return { s: UNKNOWN('z.custom() (checked by code)') };
      case 'preprocess':
        return args[1] ? this.expr(m, args[1], depth + 1) : { s: UNKNOWN('z.preprocess() without a schema') };
      case 'stringbool':
        return { s: { type: 'string', enum: ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] } };
      default: {
        const format = STRING_FORMATS[name];
        if (format) return { s: { type: 'string', format } };
        if (['cuid', 'cuid2', 'ulid', 'nanoid', 'emoji', 'base64', 'base64url', 'jwt', 'cidrv4', 'cidrv6', 'e164', 'hostname'].includes(name)) return { s: { type: 'string', description: `a ${name}` } };
        return { s: UNKNOWN(`z.${name}() is not read`) };
      }
    }
  }

  private enumValues(m: ModuleInfo, arg: ts.Expression | undefined): unknown[] | string {
    if (!arg) return 'values are missing';
    const v = literalValue(arg);
    if (v.ok && Array.isArray(v.value)) return v.value.slice(0, LIMITS.union);
    if (v.ok && v.value && typeof v.value === 'object') return Object.values(v.value as Record<string, unknown>).slice(0, LIMITS.union);
    const x = unwrap(arg);
    if (ts.isIdentifier(x)) {
      const c = this.modules.lookup(m, x.text, pickConst);
      if ('mod' in c) {
        const cv = literalValue(c.value);
        if (cv.ok && Array.isArray(cv.value)) return cv.value.slice(0, LIMITS.union);
        if (cv.ok && cv.value && typeof cv.value === 'object') return Object.values(cv.value as Record<string, unknown>).slice(0, LIMITS.union);
      }
      const t = this.modules.lookup(m, x.text, pickType);
      const decl = 'mod' in t ? t.value.find(ts.isEnumDeclaration) : undefined;
      if (decl) return enumMembers(decl);
    }
    return 'values are not written as a literal list';
  }

  private zodMethod(m: ModuleInfo, base: Read, method: string, args: ts.NodeArray<ts.Expression>, depth: number): Read {
    const s = base.s;
    if (isUnknown(s) && !['optional', 'nullable', 'nullish', 'default', 'describe', 'array'].includes(method)) return base;
    const n = num(args[0]);
    const t = typeOf(s);
    const str = t === 'string';
    const arr = t === 'array';
    const set = (patch: JsonSchema): Read => ({ ...base, s: { ...s, ...patch } });
    switch (method) {
      case 'optional':
        return { s, optional: true };
      case 'nullable':
        return { ...base, s: nullable(s) };
      case 'nullish':
        return { s: nullable(s), optional: true };
      case 'default':
      case 'prefault':
      case 'catch': {
        const v = args[0] ? literalValue(args[0]) : { ok: false as const };
        return { s: v.ok && method !== 'catch' ? { ...s, default: v.value } : s, optional: true };
      }
      case 'describe':
        return args[0] && ts.isStringLiteralLike(unwrap(args[0])) ? set({ description: (unwrap(args[0]) as ts.StringLiteral).text }) : base;
      case 'min':
      case 'gte':
        if (n === undefined) return base;
        return set(str ? { minLength: n } : arr ? { minItems: n } : { minimum: n });
      case 'max':
      case 'lte':
        if (n === undefined) return base;
        return set(str ? { maxLength: n } : arr ? { maxItems: n } : { maximum: n });
      case 'length':
        if (n === undefined) return base;
        return set(str ? { minLength: n, maxLength: n } : { minItems: n, maxItems: n });
      case 'gt':
        return n === undefined ? base : set({ exclusiveMinimum: n });
      case 'lt':
        return n === undefined ? base : set({ exclusiveMaximum: n });
      case 'positive':
        return set({ exclusiveMinimum: 0 });
      case 'nonnegative':
        return set({ minimum: 0 });
      case 'negative':
        return set({ exclusiveMaximum: 0 });
      case 'nonpositive':
        return set({ maximum: 0 });
      case 'int':
      case 'safe':
        return set({ type: Array.isArray(s.type) ? s.type.map((x) => (x === 'number' ? 'integer' : x)) : 'integer' });
      case 'nonempty':
        return set(str ? { minLength: 1 } : { minItems: 1 });
      case 'regex': {
        const re = args[0] ? unwrap(args[0]) : undefined;
        if (!re || !ts.isRegularExpressionLiteral(re)) return base;
        const body = re.text.slice(1, re.text.lastIndexOf('/'));
        return s.pattern ? base : set({ pattern: body });
      }
      case 'startsWith':
      case 'endsWith':
      case 'includes': {
        const a = args[0] ? unwrap(args[0]) : undefined;
        if (!a || !ts.isStringLiteralLike(a) || s.pattern) return base;
        const p = escapeRegex(a.text);
        return set({ pattern: method === 'startsWith' ? `^${p}` : method === 'endsWith' ? `${p}$` : p });
      }
      case 'strict':
        return set({ additionalProperties: false });
      case 'passthrough':
      case 'loose':
      case 'strip': {
        const { additionalProperties: _a, ...rest } = s;
        return { ...base, s: rest };
      }
      case 'extend':
      case 'merge':
      case 'safeExtend': {
        const own = entries(s);
        const more = method === 'merge' ? (args[0] ? entries(this.expr(m, args[0], depth + 1).s) : undefined) : this.props(m, args[0], depth, this.expr);
        if (!own || !more || typeof more === 'string') return { s: UNKNOWN(`.${method}() of a schema that is not a known object`) };
        return { ...base, s: withProps(s, new Map([...own, ...more])) };
      }
      case 'pick':
      case 'omit': {
        const own = entries(s);
        const keys = keysOf(args[0]);
        if (!own || !keys) return { s: UNKNOWN(`.${method}() with keys that are not literal`) };
        const keep = new Map([...own].filter(([k]) => keys.includes(k) === (method === 'pick')));
        return { ...base, s: withProps(s, keep) };
      }
      case 'partial':
      case 'required': {
        const own = entries(s);
        if (!own) return base;
        const keys = keysOf(args[0]);
        const out = new Map([...own].map(([k, v]) => [k, !keys || keys.includes(k) ? { s: v.s, optional: method === 'partial' } : v]));
        return { ...base, s: withProps(s, out) };
      }
      case 'keyof': {
        const own = entries(s);
        return own ? { s: { type: 'string', enum: [...own.keys()] } } : { s: UNKNOWN('.keyof() of a schema that is not a known object') };
      }
      case 'array':
        return { s: { type: 'array', items: s } };
      case 'or': {
        const other = args[0] ? this.expr(m, args[0], depth + 1).s : {};
        return { s: { anyOf: [s, other] } };
      }
      case 'and': {
        const own = entries(s);
        const more = args[0] ? entries(this.expr(m, args[0], depth + 1).s) : undefined;
        return own && more ? { ...base, s: withProps(s, new Map([...own, ...more])) } : { s: UNKNOWN('.and() of schemas that are not both objects') };
      }
      default: {
        const format = STRING_FORMATS[method];
        if (format && str) return set({ format });
        // refine, superRefine, check, transform, pipe, brand, readonly, trim, toLowerCase…: the input shape stays.
        return base;
      }
    }
  }

  private valibot(m: ModuleInfo, name: string, args: ts.NodeArray<ts.Expression>, depth: number): Read {
    const read = this.expr;
    switch (name) {
      case 'object':
      case 'strictObject':
      case 'looseObject':
      case 'objectWithRest': {
        const props = this.props(m, args[0], depth, read);
        if (typeof props === 'string') return { s: UNKNOWN(`an object schema with ${props}`) };
        const s = objectOf(props, [...props.keys()]);
        if (name === 'strictObject') s.additionalProperties = false;
        return { s };
      }
      case 'string':
        return { s: { type: 'string' } };
      case 'number':
        return { s: { type: 'number' } };
      case 'boolean':
        return { s: { type: 'boolean' } };
      case 'null_':
      case 'null':
        return { s: { type: 'null' } };
      case 'any':
      case 'unknown':
        return { s: {}, optional: true };
      case 'literal': {
        const v = args[0] ? literalValue(args[0]) : { ok: false as const };
        return v.ok ? { s: { const: v.value } } : { s: UNKNOWN('a literal that is not a constant') };
      }
      case 'picklist':
      case 'enum_':
      case 'enum': {
        const values = this.enumValues(m, args[0]);
        return typeof values === 'string' ? { s: UNKNOWN(`an enum whose ${values}`) } : { s: enumOf(values) };
      }
      case 'union':
      case 'variant': {
        const list = this.list(m, name === 'union' ? args[0] : args[1], depth, read);
        return typeof list === 'string' ? { s: UNKNOWN(`a union: ${list}`) } : { s: { anyOf: list } };
      }
      case 'array':
        return { s: { type: 'array', items: args[0] ? this.expr(m, args[0], depth + 1).s : {} } };
      case 'record':
        return { s: { type: 'object', additionalProperties: args[1] ? this.expr(m, args[1], depth + 1).s : {} } };
      case 'optional':
      case 'exactOptional':
      case 'nullable':
      case 'nullish': {
        const inner = args[0] ? this.expr(m, args[0], depth + 1).s : {};
        const d = args[1] ? literalValue(args[1]) : { ok: false as const };
        const s = name === 'nullable' || name === 'nullish' ? nullable(inner) : inner;
        const withDefault = d.ok ? { ...s, default: d.value } : s;
        return { s: withDefault, optional: name !== 'nullable' || d.ok };
      }
      case 'pipe': {
        let r = args[0] ? this.expr(m, args[0], depth + 1) : { s: UNKNOWN('an empty pipe') };
        for (const action of args.slice(1)) {
          const a = unwrap(action);
          if (!ts.isCallExpression(a)) continue;
          const c = unwrap(a.expression);
          const an = ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? (this.modules.importOf(m, c.text)?.name ?? c.text) : undefined;
          if (an === undefined) continue;
          const map: Record<string, string> = { minLength: 'min', maxLength: 'max', length: 'length', minValue: 'min', maxValue: 'max', minSize: 'min', maxSize: 'max', minEntries: 'min', maxEntries: 'max', integer: 'int', nonEmpty: 'nonempty', regex: 'regex', startsWith: 'startsWith', endsWith: 'endsWith', includes: 'includes', description: 'describe' };
          const zm = map[an] ?? (STRING_FORMATS[an] ? an : undefined);
          if (zm === 'int' || zm === 'nonempty') r = this.zodMethod(m, r, zm, a.arguments, depth);
          else if (zm && STRING_FORMATS[zm]) r = { ...r, s: { ...r.s, format: STRING_FORMATS[zm] } };
          else if (zm) r = this.zodMethod(m, r, zm, a.arguments, depth);
        }
        return r;
      }
      case 'lazy':
        return { s: UNKNOWN('v.lazy() (a recursive schema)') };
      case 'date':
        return { s: UNKNOWN('v.date() accepts a Date object, which a JSON body cannot carry') };
      default:
        return { s: UNKNOWN(`v.${name}() is not read`) };
    }
  }

  // ---- TypeScript types ----

  /** A type written in code, read. */
  type(m: ModuleInfo, node: ts.TypeNode, depth = 0): Read {
    const over = this.budget();
    if (over) return { s: UNKNOWN(over) };
    if (depth > LIMITS.depth) return { s: UNKNOWN(`nested deeper than ${LIMITS.depth} levels`) };
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { s: { type: 'string' } };
      case ts.SyntaxKind.NumberKeyword:
        return { s: { type: 'number' } };
      case ts.SyntaxKind.BooleanKeyword:
        return { s: { type: 'boolean' } };
      case ts.SyntaxKind.NullKeyword:
        return { s: { type: 'null' } };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { s: {} };
      case ts.SyntaxKind.UndefinedKeyword:
        return { s: {}, optional: true };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.type(m, node.type, depth);
    if (ts.isLiteralTypeNode(node)) {
      const l = node.literal;
      if (l.kind === ts.SyntaxKind.NullKeyword) return { s: { type: 'null' } };
      if (l.kind === ts.SyntaxKind.TrueKeyword) return { s: { const: true } };
      if (l.kind === ts.SyntaxKind.FalseKeyword) return { s: { const: false } };
      const v = literalValue(l as ts.Expression);
      return v.ok ? { s: { const: v.value } } : { s: UNKNOWN('a literal type') };
    }
    if (ts.isArrayTypeNode(node)) return { s: { type: 'array', items: this.type(m, node.elementType, depth + 1).s } };
    if (ts.isTupleTypeNode(node)) {
      const items = node.elements.map((el) => this.type(m, ts.isNamedTupleMember(el) ? el.type : el, depth + 1).s);
      return { s: { type: 'array', prefixItems: items, minItems: items.length, maxItems: items.length } };
    }
    if (ts.isTypeLiteralNode(node)) return { s: this.members(m, node.members, depth) };
    if (ts.isUnionTypeNode(node)) return this.union(m, node.types, depth);
    if (ts.isIntersectionTypeNode(node)) {
      const all = new Map<string, Read>();
      for (const t of node.types) {
        const e = entries(this.type(m, t, depth + 1).s);
        if (!e) return { s: UNKNOWN('an intersection of types that are not all objects') };
        for (const [k, v] of e) all.set(k, v);
      }
      return { s: objectOf(all, [...all.keys()]) };
    }
    if (ts.isTypeReferenceNode(node)) return this.reference(m, node, depth);
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return this.type(m, node.type, depth);
    return { s: UNKNOWN(`the type \`${short(node, m.sf)}\` is not read`) };
  }

  private union(m: ModuleInfo, types: readonly ts.TypeNode[], depth: number): Read {
    if (types.length > LIMITS.union) return { s: UNKNOWN(`a union of ${types.length} types, more than ${LIMITS.union}`) };
    let optional = false;
    let hasNull = false;
    const parts: JsonSchema[] = [];
    for (const t of types) {
      const r = this.type(m, t, depth + 1);
      if (t.kind === ts.SyntaxKind.UndefinedKeyword) optional = true;
      else if (r.s.type === 'null') hasNull = true;
      else parts.push(r.s);
    }
    let s: JsonSchema;
    if (parts.length > 0 && parts.every((p) => p.const !== undefined)) {
      const values = parts.map((p) => p.const);
      const kinds = new Set(values.map((v) => typeof v));
      s = kinds.size === 1 && kinds.has('string') ? { type: 'string', enum: values } : { enum: values };
      if (kinds.size === 1 && kinds.has('boolean') && values.length === 2) s = { type: 'boolean' };
    } else if (parts.length === 1) s = parts[0];
    else s = { anyOf: parts };
    if (hasNull) s = nullable(s);
    return optional ? { s, optional } : { s };
  }

  private members(m: ModuleInfo, members: readonly ts.TypeElement[], depth: number, into = new Map<string, Read>()): JsonSchema {
    let additional: JsonSchema | undefined;
    for (const mem of members) {
      if (ts.isPropertySignature(mem) && mem.type) {
        const k = propName(mem.name);
        if (k === undefined) continue;
        const r = this.type(m, mem.type, depth + 1);
        into.set(k, { s: r.s, optional: !!mem.questionToken || r.optional });
      } else if (ts.isIndexSignatureDeclaration(mem)) additional = this.type(m, mem.type, depth + 1).s;
    }
    const s = objectOf(into, [...into.keys()]);
    if (additional) s.additionalProperties = additional;
    return s;
  }

  private reference(m: ModuleInfo, node: ts.TypeReferenceNode, depth: number): Read {
    const args = node.typeArguments ?? [];
    const tn = node.typeName;
    if (ts.isQualifiedName(tn)) {
      // z.infer<typeof S>, z.input<…>, z.output<…>, v.InferOutput<typeof S>, v.InferInput<…>
      if (ts.isIdentifier(tn.left) && ['infer', 'input', 'output', 'InferOutput', 'InferInput', 'Infer'].includes(tn.right.text) && this.library(m, tn.left.text)) return this.inferred(m, args[0], depth);
      return { s: UNKNOWN(`the type ${short(tn, m.sf)} is not read`) };
    }
    const name = tn.text;
    switch (name) {
      case 'Array':
      case 'ReadonlyArray':
        return { s: { type: 'array', items: args[0] ? this.type(m, args[0], depth + 1).s : {} } };
      case 'Record':
        return { s: { type: 'object', additionalProperties: args[1] ? this.type(m, args[1], depth + 1).s : {} } };
      case 'Partial':
      case 'Required':
      case 'Readonly': {
        if (!args[0]) break;
        const r = this.type(m, args[0], depth + 1);
        const e = entries(r.s);
        if (!e || name === 'Readonly') return r;
        return { s: withProps(r.s, new Map([...e].map(([k, v]) => [k, { s: v.s, optional: name === 'Partial' }]))) };
      }
      case 'Pick':
      case 'Omit': {
        if (!args[0] || !args[1]) break;
        const e = entries(this.type(m, args[0], depth + 1).s);
        const keys = this.type(m, args[1], depth + 1).s;
        const list = keys.enum ?? (keys.const !== undefined ? [keys.const] : undefined);
        if (!e || !list) return { s: UNKNOWN(`${name}<> of a type that is not a known object or with keys that are not literal`) };
        return { s: objectOf(new Map([...e].filter(([k]) => list.includes(k) === (name === 'Pick'))), [...e.keys()].filter((k) => list.includes(k) === (name === 'Pick'))) };
      }
      case 'Date':
        return { s: { type: 'string', format: 'date-time' } };
      case 'File':
      case 'Blob':
        return { s: { type: 'string', format: 'binary' } };
      case 'Infer':
      case 'InferOutput':
      case 'InferInput':
        if (this.library(m, name)) return this.inferred(m, args[0], depth);
    }
    const imp = this.modules.importOf(m, name);
    if (imp && (ZOD.test(imp.specifier) || VALIBOT.test(imp.specifier)) && ['infer', 'input', 'output', 'Infer', 'InferOutput', 'InferInput'].includes(imp.name)) return this.inferred(m, args[0], depth);
    const found = this.modules.lookup(m, name, pickType);
    if (!('mod' in found)) return { s: UNKNOWN(`${name}: ${found.reason}`) };
    const key = `${found.mod.file}#type:${found.name}`;
    if (this.stack.has(key)) return { s: UNKNOWN(`${name} refers to itself (a recursive type)`) };
    this.stack.add(key);
    try {
      return this.decl(found.mod, found.value, depth + 1);
    } finally {
      this.stack.delete(key);
    }
  }

  private decl(m: ModuleInfo, decls: TypeDecl[], depth: number): Read {
    const first = decls[0];
    if (ts.isTypeAliasDeclaration(first)) {
      if (first.typeParameters?.length) return { s: UNKNOWN(`${first.name.text} is generic`) };
      return this.type(m, first.type, depth);
    }
    if (ts.isEnumDeclaration(first)) return { s: { enum: enumMembers(first) } };
    const props = new Map<string, Read>();
    // An interface: its `extends` first, then every declaration's members (declaration merging).
    for (const d of decls) {
      if (!ts.isInterfaceDeclaration(d)) continue;
      for (const h of d.heritageClauses ?? []) {
        for (const t of h.types) {
          if (!ts.isIdentifier(t.expression)) continue;
          const ref = ts.factory.createTypeReferenceNode(t.expression, t.typeArguments);
          const e = entries(this.reference(m, ref, depth + 1).s);
          if (e) for (const [k, v] of e) props.set(k, v);
        }
      }
    }
    let s: JsonSchema = objectOf(props, [...props.keys()]);
    for (const d of decls) if (ts.isInterfaceDeclaration(d)) s = this.members(m, d.members, depth, props);
    return { s };
  }

  private inferred(m: ModuleInfo, arg: ts.TypeNode | undefined, depth: number): Read {
    if (!arg || !ts.isTypeQueryNode(arg) || !ts.isIdentifier(arg.exprName)) return { s: UNKNOWN('an inferred type of something other than `typeof Schema`') };
    return this.named(m, arg.exprName.text, depth);
  }
}

function enumOf(values: unknown[]): JsonSchema {
  return values.every((v) => typeof v === 'string') ? { type: 'string', enum: values } : { enum: values };
}

function enumMembers(decl: ts.EnumDeclaration): unknown[] {
  let next = 0;
  const out: unknown[] = [];
  for (const mem of decl.members.slice(0, LIMITS.union)) {
    const v = mem.initializer ? literalValue(mem.initializer) : { ok: true as const, value: next };
    if (v.ok) {
      out.push(v.value);
      if (typeof v.value === 'number') next = v.value + 1;
    }
  }
  return out;
}

export function short(node: ts.Node, sf: ts.SourceFile): string {
  let text: string;
  try {
    text = node.getText(sf);
  } catch {
    text = ts.SyntaxKind[node.kind];
  }
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
