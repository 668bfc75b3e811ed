// Runs parsed suites: variables and captures substituted (`{{name}}`, `{{login.token}}` as httpYac reads a named
// response, `{{login.response.body.$.token}}` and `{{login.response.headers.X}}` as REST Client does), each request
// sent through the executor (loopback only unless the policy allows more), each assertion checked, a failure
// explained with expected and actual values. Never rejects; a request that cannot be built fails alone.
import { randomUUID } from 'node:crypto';
import { executeRequest } from '../http/executor';
import type { ExecuteOptions, ResponseSummary } from '../http/types';
import type { JsonSchema } from '../shape/types';
import { validateShape } from '../shape/validate';
import type { Assertion, Suite, SuiteProblem, SuiteRequest } from './parse';

export interface AssertionResult {
  text: string;
  line: number;
  passed: boolean;
  /** Why it failed: expected and actual, a diff for JSON values. */
  message?: string;
}

export interface RequestResult {
  file: string;
  name: string;
  method: string;
  url: string;
  line: number;
  passed: boolean;
  status?: number;
  durationMs?: number;
  assertions: AssertionResult[];
  /** Set when the request was not sent or got no response (a suite error, a refused host, a timeout). */
  error?: string;
  /** The head of the response body, for a failure's context. */
  bodyExcerpt?: string;
}

export interface RunOptions {
  baseUrl: string;
  /** Variables of the chosen environment (`--env`), below the file's own. */
  env?: Record<string, string>;
  execute?: ExecuteOptions;
  timeoutMs?: number;
  /** Called after each request (the CLI prints as it goes). */
  onResult?(r: RequestResult): void;
  /**
   * For `# @shape`: the JSON Schema the handler answers for a method, URL path and status (read from its code),
   * or why it is not known.
   */
  responseShape?(method: string, path: string, status: number): { schema: JsonSchema } | { reason: string };
}

interface Named {
  status: number;
  headers: Array<[string, string]>;
  text: string;
  json: unknown;
}

const MAX_EXCERPT = 600;

export function problemText(file: string, p: SuiteProblem): string {
  return `${file}:${p.line}:${p.column}: ${p.message}`;
}

/** A value at a JSON path: `$.a.b[0]`, `$["x y"]`, or httpYac's `a.b.0` / `a.b[0]`. */
export function atPath(value: unknown, path: string): { found: boolean; value?: unknown } {
  const p = path.trim().replace(/^\$/, '');
  const segs: Array<string | number> = [];
  const re = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'[^']*')\]|\.(\d+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < p.length && (m = re.exec(p))) {
    at = re.lastIndex;
    if (m[1] !== undefined) segs.push(m[1]);
    else if (m[2] !== undefined) segs.push(Number(m[2]));
    else if (m[3] !== undefined) segs.push(m[3].startsWith('"') ? (JSON.parse(m[3]) as string) : m[3].slice(1, -1));
    else if (m[4] !== undefined) segs.push(Number(m[4]));
  }
  if (at !== p.length) return { found: false };
  let v: unknown = value;
  for (const s of segs) {
    if (v === null || typeof v !== 'object' || !(s in (v as object))) return { found: false };
    v = (v as Record<string | number, unknown>)[s];
  }
  return { found: true, value: v };
}

function show(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

/** The expected text converted to the actual value's type, as httpYac does. */
function convert(actual: unknown, expected: string): unknown {
  if (typeof actual === 'number') return expected.trim() === '' ? NaN : Number(expected);
  if (typeof actual === 'boolean') return expected === 'true';
  if (actual === null && expected === 'null') return null;
  if (actual !== null && typeof actual === 'object') {
    try {
      return JSON.parse(expected);
    } catch {
      return expected;
    }
  }
  if (typeof actual === 'string' && /^".*"$/.test(expected)) {
    try {
      return JSON.parse(expected) as string;
    } catch {
      return expected;
    }
  }
  return expected;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `- expected` / `+ actual` lines of two JSON values (a line diff by longest common subsequence), common lines kept. */
export function jsonDiff(expected: unknown, actual: unknown): string {
  const e = (JSON.stringify(expected, null, 2) ?? 'undefined').split('\n').slice(0, 200);
  const a = (JSON.stringify(actual, null, 2) ?? 'undefined').split('\n').slice(0, 200);
  const lcs: number[][] = Array.from({ length: e.length + 1 }, () => new Array<number>(a.length + 1).fill(0));
  for (let i = e.length - 1; i >= 0; i--) for (let j = a.length - 1; j >= 0; j--) lcs[i][j] = e[i] === a[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < e.length || j < a.length) {
    if (i < e.length && j < a.length && e[i] === a[j]) {
      out.push(`  ${e[i++]}`);
      j++;
    } else if (j >= a.length || (i < e.length && lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${e[i++]}`);
    else out.push(`+ ${a[j++]}`);
  }
  return out.join('\n');
}

function check(a: Assertion, actual: unknown, present: boolean): { passed: boolean; message?: string } {
  const exp = convert(actual, a.expected);
  const p = a.predicate;
  const num = (x: unknown): number => (typeof x === 'number' ? x : Number(x));
  let ok: boolean;
  switch (p) {
    case '==':
    case 'equals':
      ok = present && deepEqual(actual, exp);
      break;
    case '!=':
      ok = !deepEqual(actual, exp);
      break;
    case '>':
      ok = present && num(actual) > num(exp);
      break;
    case '>=':
      ok = present && num(actual) >= num(exp);
      break;
    case '<':
      ok = present && num(actual) < num(exp);
      break;
    case '<=':
      ok = present && num(actual) <= num(exp);
      break;
    case 'startsWith':
      ok = present && String(actual).startsWith(a.expected);
      break;
    case 'endsWith':
      ok = present && String(actual).endsWith(a.expected);
      break;
    case 'includes':
    case 'contains':
      ok = present && (Array.isArray(actual) ? actual.some((x) => deepEqual(x, convert(x, a.expected))) : String(typeof actual === 'object' ? JSON.stringify(actual) : actual).includes(a.expected));
      break;
    case 'exists':
      ok = present && actual !== undefined && actual !== null;
      break;
    case 'isTrue':
      ok = present && !!actual;
      break;
    case 'isFalse':
      ok = !actual;
      break;
    case 'isNumber':
      ok = typeof actual === 'number';
      break;
    case 'isString':
      ok = typeof actual === 'string';
      break;
    case 'isBoolean':
      ok = typeof actual === 'boolean';
      break;
    case 'isArray':
      ok = Array.isArray(actual);
      break;
    case 'matches': {
      let re: RegExp | undefined;
      try {
        re = new RegExp(a.expected);
      } catch {
        return { passed: false, message: `/${a.expected}/ is not a valid regular expression` };
      }
      ok = present && re.test(String(actual));
      break;
    }
  }
  if (ok) return { passed: true };
  const what = a.field === 'header' ? `header ${a.target}` : a.field === 'body' && a.target ? `body ${a.target}` : a.field;
  if ((p === '==' || p === 'equals') && actual !== null && typeof actual === 'object' && exp !== null && typeof exp === 'object') {
    return { passed: false, message: `${what} differs (- expected, + actual):\n${jsonDiff(exp, actual)}` };
  }
  const expectedText = ['exists', 'isTrue', 'isFalse', 'isNumber', 'isString', 'isBoolean', 'isArray'].includes(p) ? p : `${p} ${typeof exp === 'string' ? JSON.stringify(exp) : show(exp)}`;
  return { passed: false, message: `${what}\n  expected: ${expectedText}\n  actual:   ${present ? show(actual) : '(missing)'}` };
}

function decode(body: Uint8Array): { text: string; json: unknown } {
  const text = new TextDecoder().decode(body);
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    return { text, json: undefined };
  }
}

export function assertionValue(a: Assertion, res: ResponseSummary, parsed: { text: string; json: unknown }): { actual: unknown; present: boolean } {
  switch (a.field) {
    case 'status':
      return { actual: res.status, present: true };
    case 'duration':
      return { actual: Math.round(res.totalMs), present: true };
    case 'header': {
      const name = (a.target ?? '').toLowerCase();
      const values = res.headers.filter(([k]) => k === name).map(([, v]) => v);
      return values.length === 0 ? { actual: undefined, present: false } : { actual: values.join(', '), present: true };
    }
    case 'body': {
      if (!a.target) return { actual: parsed.json !== undefined && a.predicate !== 'includes' && a.predicate !== 'contains' ? parsed.json : parsed.text, present: true };
      if (parsed.json === undefined) return { actual: undefined, present: false };
      const r = atPath(parsed.json, a.target);
      return { actual: r.value, present: r.found };
    }
  }
}

/** Replaces every `{{…}}`; unknown names are collected, not guessed. */
export function substitute(text: string, lookup: (name: string) => string | undefined, missing: string[]): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, expr: string) => {
    const v = lookup(expr);
    if (v === undefined) {
      missing.push(expr);
      return whole;
    }
    return v;
  });
}

function asText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export class SuiteRunner {
  private readonly named = new Map<string, Named>();
  private readonly vars = new Map<string, string>();

  constructor(private readonly options: RunOptions) {
    for (const [k, v] of Object.entries(options.env ?? {})) this.vars.set(k, v);
    this.vars.set('baseUrl', options.baseUrl.replace(/\/+$/, ''));
  }

  private lookup = (expr: string): string | undefined => {
    if (expr === '$guid' || expr === '$uuid' || expr === '$randomUUID') return randomUUID();
    if (expr === '$timestamp') return String(Math.floor(Date.now() / 1000));
    if (expr === '$isoTimestamp') return new Date().toISOString();
    const ri = /^\$randomInt\s+(-?\d+)\s+(-?\d+)$/.exec(expr);
    if (ri) return String(Number(ri[1]) + Math.floor(Math.random() * (Number(ri[2]) - Number(ri[1]))));
    const pe = /^\$processEnv\s+([A-Za-z_]\w*)$/.exec(expr);
    if (pe) return process.env[pe[1]];
    if (this.vars.has(expr)) return this.vars.get(expr);
    const dot = expr.indexOf('.');
    if (dot < 0) return undefined;
    const res = this.named.get(expr.slice(0, dot));
    if (!res) return undefined;
    const rest = expr.slice(dot + 1);
    // REST Client: name.response.body.$.a / name.response.body.* / name.response.headers.X
    const rc = /^response\.(body|headers)\.(.+)$/.exec(rest);
    if (rc) {
      if (rc[1] === 'headers') return res.headers.find(([k]) => k === rc[2].toLowerCase())?.[1];
      if (rc[2] === '*') return res.text;
      const r = atPath(res.json, rc[2]);
      return r.found ? asText(r.value) : undefined;
    }
    if (rest === 'status' || rest === 'response.status') return String(res.status);
    // httpYac: name.field reads the named response's parsed body
    const r = atPath(res.json, rest);
    return r.found ? asText(r.value) : undefined;
  };

  /** `# @shape`: the body against the handler's response shape for the answered status. */
  private shapeCheck(req: SuiteRequest, status: number, path: string, json: unknown): AssertionResult {
    const base = { text: '# @shape', line: req.shape!.line };
    const known = this.options.responseShape?.(req.method, path, status) ?? { reason: 'no handler shapes were given to this run' };
    if ('reason' in known) return { ...base, passed: false, message: `the handler's response shape for ${status} is not known: ${known.reason}` };
    if (json === undefined) return { ...base, passed: false, message: `the handler answers JSON for ${status}; the body is not JSON` };
    const errors = validateShape(json, known.schema);
    if (errors.length === 0) return { ...base, passed: true };
    return { ...base, passed: false, message: `the body does not match the handler's response shape for ${status}:\n${errors.slice(0, 20).map((e) => `  ${e.path}: ${e.message}`).join('\n')}` };
  }

  /** Runs one file's suite in order; the file's variables first, each request's own variables before it. */
  async runSuite(file: string, suite: Suite): Promise<RequestResult[]> {
    const results: RequestResult[] = [];
    const missing: string[] = [];
    for (const v of suite.variables) this.vars.set(v.name, substitute(v.value, this.lookup, missing));
    for (const req of suite.requests) {
      const r = await this.runRequest(file, req);
      results.push(r);
      this.options.onResult?.(r);
    }
    return results;
  }

  private async runRequest(file: string, req: SuiteRequest): Promise<RequestResult> {
    const base: RequestResult = { file, name: req.name, method: req.method, url: req.url, line: req.line, passed: false, assertions: [] };
    if (req.problems.length > 0) return { ...base, error: req.problems.map((p) => problemText(file, p)).join('\n') };
    const missing: string[] = [];
    for (const v of req.variables) this.vars.set(v.name, substitute(v.value, this.lookup, missing));
    let url = substitute(req.url, this.lookup, missing);
    const headers = req.headers.map((h) => ({ name: substitute(h.name, this.lookup, missing), value: substitute(h.value, this.lookup, missing) }));
    const body = req.body === undefined ? undefined : substitute(req.body, this.lookup, missing);
    if (missing.length > 0) {
      const names = [...new Set(missing)].map((m) => `{{${m}}}`).join(', ');
      return { ...base, error: `${file}:${req.line}:1: ${names} ${missing.length === 1 ? 'is' : 'are'} not defined (a variable, an --env value, or a field of an earlier named response that it did not have)` };
    }
    if (url.startsWith('/')) url = `${this.vars.get('baseUrl')}${url}`;
    base.url = url;
    const res = await executeRequest(
      {
        method: req.method,
        url,
        headers: headers.map((h) => ({ name: h.name, value: h.value })),
        body: body === undefined ? { kind: 'none' } : { kind: 'text', text: body },
        timeoutMs: this.options.timeoutMs ?? 30_000,
      },
      {},
      { bodyCapBytes: 2 * 1024 * 1024, ...this.options.execute },
    );
    if (!res.ok) return { ...base, error: res.message };
    const parsed = decode(res.body);
    if (req.ref) this.named.set(req.ref, { status: res.status, headers: res.headers, text: parsed.text, json: parsed.json });
    const assertions = req.assertions.map((a): AssertionResult => {
      const { actual, present } = assertionValue(a, res, parsed);
      const c = check(a, actual, present);
      return { text: a.text, line: a.line, passed: c.passed, ...(c.message ? { message: c.message } : {}) };
    });
    if (req.shape) assertions.push(this.shapeCheck(req, res.status, new URL(url).pathname, parsed.json));
    const passed = assertions.every((a) => a.passed);
    const out: RequestResult = { ...base, passed, status: res.status, durationMs: Math.round(res.totalMs), assertions };
    if (!passed) out.bodyExcerpt = parsed.text.length > MAX_EXCERPT ? `${parsed.text.slice(0, MAX_EXCERPT)}…` : parsed.text;
    return out;
  }
}
