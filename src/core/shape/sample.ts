// A realistic sample value for a JSON Schema: what "Fill from handler" puts in the body. Values come from the
// field's format (email, uuid, url, dates), then from its name (name, price, quantity…), then from its type, and
// are brought inside the schema's bounds. Deterministic (the same schema gives the same sample) and bounded.
import { LIMITS, isUnknown, type JsonSchema } from './types';

const UUID = '3f2a8c1e-6b4d-4f7a-9c2e-1d5b7a9e0c41';
const DATE_TIME = '2026-01-15T09:30:00Z';

const BY_FORMAT: Record<string, string> = {
  email: 'ada@example.com',
  uuid: UUID,
  uri: 'https://example.com',
  'date-time': DATE_TIME,
  date: '2026-01-15',
  time: '09:30:00',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  duration: 'P1D',
  binary: 'file.txt',
};

/** Field-name words and their sample strings (checked in order; the first match wins). */
const STRING_BY_NAME: Array<[RegExp, string]> = [
  [/e-?mail/i, 'ada@example.com'],
  [/^(first_?name|given_?name)$/i, 'Ada'],
  [/^(last_?name|family_?name|surname)$/i, 'Lovelace'],
  [/^(user_?name|login|handle)$/i, 'ada'],
  [/name$/i, 'Ada Lovelace'],
  [/(url|link|website|href|avatar|image)$/i, 'https://example.com'],
  [/(phone|mobile|tel)/i, '+15550100'],
  [/password|secret/i, 'correct-horse-battery'],
  [/token/i, 'tok_example'],
  [/^(id|uuid|guid)$|_id$|Id$/, UUID],
  [/slug/i, 'example-slug'],
  [/title|subject|heading/i, 'Example title'],
  [/(description|summary|bio|comment|message|text|content|body|note)/i, 'Some text'],
  [/(city|town)/i, 'London'],
  [/country/i, 'GB'],
  [/(zip|postal|postcode)/i, 'SW1A 1AA'],
  [/(street|address)/i, '1 Example Street'],
  [/currency/i, 'EUR'],
  [/(lang|locale)/i, 'en'],
  [/colou?r/i, '#336699'],
  [/(date|_at|At)$/, DATE_TIME],
  [/(query|search|^q$)/i, 'example'],
  [/(code|sku)/i, 'ABC-123'],
  [/(role|type|kind|status|category)/i, 'default'],
];

const NUMBER_BY_NAME: Array<[RegExp, number]> = [
  [/^age$|_age$|Age$/, 30],
  [/(quantity|qty|count|amount_?of|items)/i, 1],
  [/(price|amount|total|cost|balance)/i, 9.99],
  [/(page)$/i, 1],
  [/(limit|size|per_?page|take)$/i, 20],
  [/(offset|skip)$/i, 0],
  [/(year)/i, 2026],
  [/(lat)/i, 51.5],
  [/(lng|lon)/i, -0.12],
  [/(rating|score|stars)/i, 4],
  [/(percent)/i, 50],
];

function types(s: JsonSchema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

function fitString(s: JsonSchema, candidates: string[]): string {
  const re = s.pattern !== undefined ? safeRegex(s.pattern) : undefined;
  for (const c of candidates) {
    const v = fitLength(c, s);
    if (!re || re.test(v)) return v;
  }
  // A literal prefix or suffix (`.startsWith('ord_')`, `.endsWith('.pdf')`): wrap the first candidate.
  const lit = /^\^?((?:[^\\[\](){}.*+?|^$]|\\[^\w])*)\$?$/.exec(s.pattern ?? '');
  if (lit && s.pattern) {
    const text = lit[1].replace(/\\(.)/g, '$1');
    const v = s.pattern.startsWith('^') ? fitLength(text + candidates[0], s) : s.pattern.endsWith('$') ? fitLength(candidates[0] + text, s) : fitLength(text, s);
    if (re?.test(v)) return v;
  }
  return fitLength(candidates[0], s);
}

function fitLength(v: string, s: JsonSchema): string {
  let out = v;
  if (s.maxLength !== undefined && out.length > s.maxLength) out = out.slice(0, s.maxLength);
  if (s.minLength !== undefined && out.length < s.minLength) out = out + 'x'.repeat(s.minLength - out.length);
  return out;
}

export function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function fitNumber(v: number, s: JsonSchema, integer: boolean): number {
  let n = integer ? Math.round(v) : v;
  const step = integer ? 1 : 0.01;
  if (s.minimum !== undefined && n < s.minimum) n = integer ? Math.ceil(s.minimum) : s.minimum;
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) n = integer ? Math.floor(s.exclusiveMinimum) + 1 : s.exclusiveMinimum + step;
  if (s.maximum !== undefined && n > s.maximum) n = integer ? Math.floor(s.maximum) : s.maximum;
  if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) n = integer ? Math.ceil(s.exclusiveMaximum) - 1 : s.exclusiveMaximum - step;
  return Number(n.toFixed(integer ? 0 : 2));
}

export function sampleOf(schema: JsonSchema, name = '', depth = 0): unknown {
  if (depth > LIMITS.depth || isUnknown(schema)) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.anyOf && schema.anyOf.length > 0) {
    const pick = schema.anyOf.find((a) => !types(a).includes('null') || types(a).length > 1) ?? schema.anyOf[0];
    return sampleOf(pick, name, depth + 1);
  }
  const t = types(schema).filter((x) => x !== 'null');
  const type = t[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'string': {
      const byFormat = schema.format ? BY_FORMAT[schema.format] : undefined;
      if (byFormat) return byFormat;
      const byName = STRING_BY_NAME.filter(([re]) => re.test(name)).map(([, v]) => v);
      return fitString(schema, [...byName, 'example', 'a', '0']);
    }
    case 'number':
    case 'integer': {
      const byName = NUMBER_BY_NAME.find(([re]) => re.test(name))?.[1] ?? 1;
      return fitNumber(byName, schema, type === 'integer');
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map((p, i) => sampleOf(p, `${name}[${i}]`, depth + 1));
      const n = Math.min(Math.max(1, schema.minItems ?? 1), schema.maxItems ?? 1, 16);
      const item = schema.items ?? {};
      const singular = name.replace(/(ies)$/, 'y').replace(/s$/, '');
      return Array.from({ length: n }, () => sampleOf(item, singular, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        if (isUnknown(v) && !(schema.required ?? []).includes(k)) continue;
        out[k] = sampleOf(v, k, depth + 1);
      }
      return out;
    }
    default:
      if (types(schema).includes('null')) return null;
      return null;
  }
}
