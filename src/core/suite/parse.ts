// Request suites as `.http` files, the format REST Client, httpYac and JetBrains' HTTP client open, with httpYac's
// `??` assertions, so a suite written for `bff-routes test` also runs elsewhere:
//
//   @customer = 3f2a8c1e-6b4d-4f7a-9c2e-1d5b7a9e0c41      file variable (REST Client and httpYac)
//   ### Create an order                                   a request starts after `###`
//   # @name createOrder                                   its name, for captures: {{createOrder.id}}
//   POST {{baseUrl}}/api/orders                           method and URL (relative URLs join the base URL)
//   Content-Type: application/json                        headers up to the first blank line, then the body
//
//   { "customerId": "{{customer}}" }
//
//   ?? status == 201                                      assertions (httpYac syntax)
//   ?? body id exists
//   (`# @shape` before the request line: the body must match the handler's response shape for its status)
//
// A line the parser cannot read is an error with its line and column, attached to the request it belongs to;
// the other requests still run.
import { HTTP_METHODS, type HttpMethod } from '../http/methods';

export const PREDICATES = ['==', 'equals', '!=', '>=', '<=', '>', '<', 'startsWith', 'endsWith', 'includes', 'contains', 'exists', 'isTrue', 'isFalse', 'isNumber', 'isString', 'isBoolean', 'isArray', 'matches'] as const;
export type Predicate = (typeof PREDICATES)[number];

export interface Assertion {
  /** The line as written, for reports. */
  text: string;
  line: number;
  field: 'status' | 'header' | 'body' | 'duration';
  /** header: its name; body: a JSON path (`$.a.b[0]` or httpYac's `a.b`), absent for the whole body. */
  target?: string;
  predicate: Predicate;
  expected: string;
}

export interface SuiteProblem {
  line: number;
  column: number;
  message: string;
}

export interface VariableLine {
  name: string;
  value: string;
  line: number;
}

export interface SuiteRequest {
  /** `# @name`, else `METHOD path`. */
  name: string;
  /** Set by `# @name`: later requests refer to its response by this name. */
  ref?: string;
  /** The `###` title, if any. */
  title?: string;
  method: HttpMethod;
  url: string;
  headers: Array<{ name: string; value: string }>;
  body?: string;
  assertions: Assertion[];
  /** `@x = …` lines inside this request's block, evaluated before it is sent (captures of earlier responses). */
  variables: VariableLine[];
  /** Line of the request line (1-based). */
  line: number;
  /** Problems of this block: the request is reported as failed with them, and not sent. */
  problems: SuiteProblem[];
  /**
   * `# @shape`: the response body must match the shape the handler's code answers for its status. A comment
   * directive, so REST Client and httpYac (which ignore metadata they do not know) still run the file.
   */
  shape?: { line: number };
}

export interface Suite {
  /** `@x = …` lines before the first `###`. */
  variables: VariableLine[];
  requests: SuiteRequest[];
  /** Problems outside any request (a block without a request line). */
  problems: SuiteProblem[];
}

const PREDICATE_RE = PREDICATES.map((p) => p.replace(/[=!<>]/g, (c) => `\\${c}`)).join('|');
const ASSERT_RE = new RegExp(`^\\?\\?\\s*(\\S+)(?:\\s+(.*?))?\\s+(${PREDICATE_RE})(?:\\s+(.*?))?\\s*$`);
const VAR_RE = /^@([A-Za-z_][\w.-]*)\s*=\s?(.*)$/;
const REQUEST_RE = new RegExp(`^(${HTTP_METHODS.join('|')})\\s+(\\S+)(?:\\s+HTTP\\/[\\d.]+)?\\s*$`);
const HEADER_RE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*:\s*(.*)$/;

export function parseAssertion(text: string, line: number): Assertion | SuiteProblem {
  const m = ASSERT_RE.exec(text.trim());
  if (!m) return { line, column: 1, message: `cannot read the assertion "${text.trim()}": expected \`?? <status|header NAME|body [PATH]|duration> <${PREDICATES.slice(0, 6).join('|')}|…> [value]\`` };
  const field = m[1];
  if (field !== 'status' && field !== 'header' && field !== 'body' && field !== 'duration') {
    return { line, column: text.indexOf(field) + 1, message: `unknown assertion field "${field}" (status, header, body or duration; js and xpath assertions are httpYac's only)` };
  }
  if (field === 'header' && !m[2]) return { line, column: text.indexOf(field) + 1, message: 'a header assertion names the header: `?? header content-type includes json`' };
  const a: Assertion = { text: text.trim(), line, field, predicate: m[3] as Predicate, expected: m[4] ?? '' };
  if (m[2]) a.target = m[2];
  return a;
}

export function parseSuite(text: string): Suite {
  const suite: Suite = { variables: [], requests: [], problems: [] };
  const lines = text.split(/\r?\n/);
  let i = 0;
  // Blocks are separated by `###` lines; the part before the first one holds file variables (and may hold a request).
  const blocks: Array<{ start: number; title?: string; lines: string[] }> = [];
  let cur: { start: number; title?: string; lines: string[] } = { start: 1, lines: [] };
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (/^###/.test(l)) {
      blocks.push(cur);
      const title = l.replace(/^#+/, '').trim();
      cur = { start: i + 2, lines: [], ...(title ? { title } : {}) };
    } else cur.lines.push(l);
  }
  blocks.push(cur);
  blocks.forEach((b, index) => {
    const r = parseBlock(b.lines, b.start, b.title);
    if (r.request) suite.requests.push(r.request);
    else if (index === 0) {
      suite.variables.push(...r.variables);
      suite.problems.push(...r.problems);
    } else if (r.problems.length > 0 || r.nonEmpty) suite.problems.push(...(r.problems.length > 0 ? r.problems : [{ line: b.start, column: 1, message: 'a block without a request line (METHOD URL)' }]));
    else suite.variables.push(...r.variables);
  });
  return suite;
}

function parseBlock(lines: string[], start: number, title: string | undefined): { request?: SuiteRequest; variables: VariableLine[]; problems: SuiteProblem[]; nonEmpty: boolean } {
  const variables: VariableLine[] = [];
  const problems: SuiteProblem[] = [];
  let name: string | undefined;
  let shape: { line: number } | undefined;
  let j = 0;
  let nonEmpty = false;
  // Before the request line: comments, `# @name`, `@var = value`.
  for (; j < lines.length; j++) {
    const l = lines[j].trim();
    const line = start + j;
    if (l === '') continue;
    const meta = /^(?:#|\/\/)\s*@(\w+)\s*(.*)$/.exec(l);
    if (meta) {
      if (meta[1] === 'name') name = meta[2].trim() || undefined;
      if (meta[1] === 'shape') shape = { line };
      continue;
    }
    if (l.startsWith('#') || l.startsWith('//')) continue;
    const v = VAR_RE.exec(l);
    if (v) {
      variables.push({ name: v[1], value: v[2].trim(), line });
      continue;
    }
    break;
  }
  if (j >= lines.length) return { variables, problems, nonEmpty };
  nonEmpty = true;
  const requestLine = start + j;
  const rl = lines[j].trim();
  const m = REQUEST_RE.exec(rl) ?? (/^(https?:\/\/|\/|\{\{)\S*$/.test(rl) ? (['GET ' + rl, 'GET', rl] as unknown as RegExpExecArray) : null);
  if (!m) {
    const word = rl.split(/\s+/)[0];
    const msg = /^[a-z]+$/i.test(word) && rl.includes(' ')
      ? `unknown method "${word}" (one of ${HTTP_METHODS.join(', ')}, in capitals)`
      : `expected a request line (METHOD URL), got "${rl.length > 40 ? `${rl.slice(0, 37)}…` : rl}"`;
    problems.push({ line: requestLine, column: lines[j].indexOf(word) + 1, message: msg });
  }
  const req: SuiteRequest = {
    name: name ?? (m ? `${m[1]} ${m[2]}` : `line ${requestLine}`),
    method: (m?.[1] ?? 'GET') as HttpMethod,
    url: m?.[2] ?? '',
    headers: [],
    assertions: [],
    variables,
    line: requestLine,
    problems,
    ...(name ? { ref: name } : {}),
    ...(title ? { title } : {}),
    ...(shape ? { shape } : {}),
  };
  j++;
  // Headers up to the first blank line.
  for (; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === '') break;
    if (l.trim().startsWith('??')) break;
    if (/^\s*(#|\/\/)/.test(l)) continue;
    const h = HEADER_RE.exec(l.trim());
    if (h) req.headers.push({ name: h[1], value: h[2].trim() });
    else problems.push({ line: start + j, column: 1, message: `expected a header (Name: value), got "${l.trim().slice(0, 40)}"` });
  }
  // The body, and `??` assertions wherever they stand after the request line.
  const body: string[] = [];
  for (; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim().startsWith('??')) {
      const a = parseAssertion(l, start + j);
      if ('field' in a) req.assertions.push(a);
      else problems.push({ ...a, column: a.column + (l.length - l.trimStart().length) });
      continue;
    }
    if (/^\s*\{\{[^}]*$/.test(l) || /^\s*\{\{\s*$/.test(l)) {
      problems.push({ line: start + j, column: l.indexOf('{{') + 1, message: 'script blocks ({{ … }}) are httpYac scripts, which bff-routes test does not run' });
      continue;
    }
    body.push(l);
  }
  while (body.length > 0 && body[0].trim() === '') body.shift();
  while (body.length > 0 && body[body.length - 1].trim() === '') body.pop();
  if (body.length > 0) req.body = body.join('\n');
  return { request: req, variables: [], problems, nonEmpty };
}
