// Checks a value against a JSON Schema of shapes/types.ts and gives every error with its JSON path (`$.items[0].qty`)
// and its path segments (for the panel to find the error's line in the body text). Bounded: depth and error count.
import { safeRegex } from './sample';
import { LIMITS, isUnknown, type JsonSchema } from './types';

export interface ShapeError {
  /** JSONPath of the value: `$`, `$.email`, `$.items[0].qty`, `$["a b"]`. */
  path: string;
  segments: Array<string | number>;
  message: string;
}

const MAX_ERRORS = 100;

export function jsonPath(segments: ReadonlyArray<string | number>): string {
  return '$' + segments.map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
}

const FORMATS: Record<string, (v: string) => boolean> = {
  email: (v) => /^(?!\.)(?!.*\.\.)([\w'+\-.]*)[\w+-]@([a-z0-9][a-z0-9-]*\.)+[a-z]{2,}$/i.test(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  uri: (v) => {
    try {
      return new URL(v).protocol.length > 1;
    } catch {
      return false;
    }
  },
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  time: (v) => /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v),
  ipv4: (v) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(v) && v.split('.').every((p) => Number(p) <= 255),
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  const actual = typeName(v);
  // A fractional number against `integer` is reported by the number checks ("must be an integer").
  return actual === t || ((t === 'number' || t === 'integer') && (actual === 'integer' || actual === 'number'));
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function equal(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Every error of `value` against `schema`, in document order. An empty list: the value passes. */
export function validateShape(value: unknown, schema: JsonSchema): ShapeError[] {
  const errors: ShapeError[] = [];
  check(value, schema, [], errors, 0);
  return errors;
}

function check(v: unknown, s: JsonSchema, at: Array<string | number>, out: ShapeError[], depth: number): void {
  if (out.length >= MAX_ERRORS || depth > LIMITS.depth || isUnknown(s)) return;
  const err = (message: string, where = at): void => {
    out.push({ path: jsonPath(where), segments: [...where], message });
  };
  if (s.anyOf) {
    const branches = s.anyOf.map((b) => {
      const e: ShapeError[] = [];
      check(v, b, at, e, depth + 1);
      return e;
    });
    if (branches.some((e) => e.length === 0)) return;
    // A discriminated union: report the errors of the branch whose tag matches.
    const tagged = discriminated(v, s.anyOf);
    if (tagged !== undefined) {
      out.push(...branches[tagged]);
      return;
    }
    const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
    if (s.anyOf.length > 1 && best.every((e) => e.path === jsonPath(at))) err(`expected one of: ${s.anyOf.map(describe).join(' | ')}; got ${show(v)}`);
    else out.push(...best);
    return;
  }
  if (s.const !== undefined && !equal(v, s.const)) return err(`expected ${show(s.const)}, got ${show(v)}`);
  if (s.enum && !s.enum.some((e) => equal(e, v))) return err(`expected one of ${s.enum.map(show).join(', ')}, got ${show(v)}`);
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  if (types.length > 0 && !types.some((t) => matchesType(v, t))) {
    return err(v === undefined ? `required, expected ${types.join(' or ')}` : `expected ${types.join(' or ')}, got ${typeName(v)}`);
  }
  if (typeof v === 'string') {
    if (s.minLength !== undefined && [...v].length < s.minLength) err(`must have at least ${s.minLength} character${s.minLength === 1 ? '' : 's'}`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) err(`must have at most ${s.maxLength} character${s.maxLength === 1 ? '' : 's'}`);
    if (s.format && FORMATS[s.format] && !FORMATS[s.format](v)) err(`must be a valid ${s.format}`);
    if (s.pattern !== undefined) {
      const re = safeRegex(s.pattern);
      if (re && !re.test(v)) err(`must match /${s.pattern}/`);
    }
  } else if (typeof v === 'number') {
    if (types.includes('integer') && !types.includes('number') && !Number.isInteger(v)) err('must be an integer');
    if (s.minimum !== undefined && v < s.minimum) err(`must be >= ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) err(`must be <= ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) err(`must be > ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) err(`must be < ${s.exclusiveMaximum}`);
  } else if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) err(`must have at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
    if (s.maxItems !== undefined && v.length > s.maxItems) err(`must have at most ${s.maxItems} item${s.maxItems === 1 ? '' : 's'}`);
    v.forEach((item, i) => {
      const is = s.prefixItems?.[i] ?? (s.prefixItems ? undefined : s.items);
      if (is) check(item, is, [...at, i], out, depth + 1);
    });
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    for (const [k, ps] of Object.entries(props)) {
      if (o[k] !== undefined) check(o[k], ps, [...at, k], out, depth + 1);
      else if (required.has(k)) err(`required, expected ${describe(ps)}`, [...at, k]);
    }
    for (const [k, val] of Object.entries(o)) {
      if (props[k]) continue;
      if (s.additionalProperties === false) err('is not allowed here (unknown field)', [...at, k]);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(val, s.additionalProperties, [...at, k], out, depth + 1);
    }
  }
}

function discriminated(v: unknown, options: JsonSchema[]): number | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const first = options[0]?.properties;
  if (!first) return undefined;
  for (const key of Object.keys(first)) {
    if (!options.every((o) => o.properties?.[key]?.const !== undefined)) continue;
    const tag = (v as Record<string, unknown>)[key];
    const i = options.findIndex((o) => equal(o.properties![key].const, tag));
    return i >= 0 ? i : undefined;
  }
  return undefined;
}

/** A short description of a schema for messages: `string (email)`, `"card" | "cash"`, `object`. */
export function describe(s: JsonSchema): string {
  if (isUnknown(s)) return 'anything';
  if (s.const !== undefined) return show(s.const);
  if (s.enum) return s.enum.slice(0, 6).map(show).join(' | ') + (s.enum.length > 6 ? ' | …' : '');
  if (s.anyOf) return s.anyOf.slice(0, 4).map(describe).join(' | ');
  const t = s.type === undefined ? 'anything' : Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  return s.format ? `${t} (${s.format})` : t;
}
