// What the panel and the editor show of one handler's shape: "Fill from handler" (a sample body or form fields
// and the query parameters with their types), the body's errors at their lines while the user types (a JSON path
// mapped to the text with jsonc-parser, the parser VS Code uses for its own JSON), and the hover's summary of a
// handler's inputs and status codes. Plain data in, plain data out: the webview and the hover share it.
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { sampleOf } from './sample';
import { REASONS } from './openapi';
import { isUnknown, type JsonSchema, type MethodShape, type NamedInput } from './types';
import { describe, validateShape } from './validate';

/** Why an unchecked JSON body has no fields to show. */
export const UNCHECKED = 'the handler reads request.json() without checking it against a schema or a type';

export interface FillInput {
  name: string;
  /** `string`, `number (integer)`, `"a" | "b"`… */
  type: string;
  required: boolean;
  multiple: boolean;
  /** A value that passes the parameter's schema. */
  sample: string;
}

export type FillBody =
  | { kind: 'none' }
  | { kind: 'json'; text: string; schema: JsonSchema; /** What the body is read against: `zod`, `CreateOrder (type)`, `unchecked`. */ from: string }
  | { kind: 'text'; text: string }
  | { kind: 'form'; multipart: boolean; fields: Array<{ name: string; type: 'string' | 'file'; required: boolean; value: string }> }
  | { kind: 'unknown'; reason: string };

export interface FillView {
  body: FillBody;
  query: FillInput[];
  headers: FillInput[];
  /** Status codes the handler answers (`default`: one the code computes). */
  statuses: Array<number | 'default'>;
  /** Parts that could not be read, each with its reason. */
  notes: string[];
}

function inputOf(p: NamedInput): FillInput {
  const v = sampleOf(p.schema, p.name);
  return { name: p.name, type: describe(p.schema), required: p.required, multiple: p.multiple, sample: typeof v === 'string' ? v : JSON.stringify(v) ?? '' };
}

export function fillOf(m: MethodShape): FillView {
  let body: FillBody;
  const b = m.body;
  if (b.kind === 'json') {
    const from = b.at?.name ? `${b.at.name} (${b.source})` : b.source;
    // Any JSON passes an unchecked read: an empty object is the least a handler's later code can trip on.
    const sample = b.source === 'unchecked' ? {} : sampleOf(b.schema);
    body = { kind: 'json', text: JSON.stringify(sample, null, 2) ?? 'null', schema: b.schema, from };
  } else if (b.kind === 'form') {
    const props = b.schema?.properties ?? {};
    body = {
      kind: 'form',
      multipart: b.fields.some((f) => f.type === 'file'),
      fields: b.fields.map((f) => {
        const s = props[f.name];
        const v = f.type === 'file' ? '' : s && !isUnknown(s) ? sampleOf(s, f.name) : sampleOf({ type: 'string' }, f.name);
        return { name: f.name, type: f.type, required: f.required, value: typeof v === 'string' ? v : JSON.stringify(v) ?? '' };
      }),
    };
  } else if (b.kind === 'unknown') body = { kind: 'unknown', reason: b.reason };
  else if (b.kind === 'text') body = { kind: 'text', text: 'Hello from BFF Routes' };
  else body = { kind: 'none' };
  return { body, query: m.query.map(inputOf), headers: m.headers.map(inputOf), statuses: m.responses.map((r) => r.status), notes: m.notes };
}

export interface BodyError {
  /** 1-based line and column of the value in the body text (its nearest existing parent for a missing field). */
  line: number;
  column: number;
  path: string;
  message: string;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The errors of a JSON body against the handler's schema, each at its line. A body that is not JSON gives no
 * shape errors (the panel already says where its syntax breaks); an empty body is one error at line 1.
 */
export function bodyErrors(text: string, schema: JsonSchema): BodyError[] {
  if (text.trim() === '') return [{ line: 1, column: 1, path: '$', message: `the body is empty; the handler expects ${describe(schema)}` }];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length > 0) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return validateShape(value, schema).map((e) => {
    let node: Node | undefined;
    for (let n = e.segments.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, e.segments.slice(0, n));
    // A property's value: point at its key, where the eye looks for the field.
    const at = node?.parent?.type === 'property' ? node.parent : node ?? root;
    return { ...lineCol(text, at.offset), path: e.path, message: e.message };
  });
}

/** Markup of a summary: Markdown for the editor's hover, plain text for a tooltip. */
interface Markup { strong(s: string): string; code(s: string): string; em(s: string): string }
const MARKDOWN: Markup = { strong: (s) => `**${s}**`, code: (s) => `\`${s}\``, em: (s) => `_${s}_` };
const PLAIN: Markup = { strong: (s) => s, code: (s) => s, em: (s) => s };

function fieldLines(schema: JsonSchema, k: Markup, limit = 20): string[] {
  const props = schema.properties;
  if (!props) return [`- body: ${k.code(describe(schema))}`];
  const req = new Set(schema.required ?? []);
  const names = Object.keys(props);
  const lines = names.slice(0, limit).map((n) => `- ${k.code(n)}${req.has(n) ? '' : '?'}: ${k.code(describe(props[n]))}`);
  if (names.length > limit) lines.push(`- … ${names.length - limit} more`);
  return lines;
}

/**
 * A handler's inputs and the status codes it answers: Markdown for the hover on an exported handler, or plain
 * text (`plain`) for the tooltip of its route in the sidebar.
 */
export function handlerSummary(m: MethodShape, pattern?: string, plain = false): string {
  const k = plain ? PLAIN : MARKDOWN;
  const out: string[] = [k.strong(`${m.method}${pattern ? ` ${pattern}` : ''}`), ''];
  const b = m.body;
  if (b.kind === 'json' && b.source === 'unchecked') out.push(`${k.strong('JSON body:')} any JSON (${UNCHECKED})`);
  else if (b.kind === 'json') out.push(`${k.strong('JSON body')} (${b.at?.name ? `${k.code(b.at.name)}, ` : ''}${b.source}):`, ...fieldLines(b.schema, k));
  else if (b.kind === 'form') out.push(k.strong('Form fields:'), ...b.fields.map((f) => `- ${k.code(f.name)}${f.required ? '' : '?'}: ${k.code(`${f.type}${f.multiple ? '[]' : ''}`)}`));
  else if (b.kind === 'unknown') out.push(`${k.strong('Body:')} shape not known (${b.reason})`);
  else if (b.kind === 'text') out.push(`${k.strong('Body:')} text`);
  for (const [title, list] of [['Query parameters', m.query], ['Headers', m.headers]] as const) {
    if (list.length > 0) out.push('', k.strong(`${title}:`), ...list.map((p) => `- ${k.code(p.name)}${p.required ? '' : '?'}: ${k.code(`${describe(p.schema)}${p.multiple ? '[]' : ''}`)}`));
  }
  out.push('', `${k.strong('Answers:')} ` + (m.responses.length === 0
    ? 'no status found (no Response or NextResponse call with a literal status)'
    : m.responses.map((r) => (r.status === 'default' ? 'a computed status' : `${r.status}${REASONS[r.status] ? ` ${REASONS[r.status]}` : ''}${r.redirect ? ' (redirect)' : ''}`)).join(', ')));
  if (m.notes.length > 0) out.push('', ...m.notes.map((n) => k.em(n)));
  return out.join('\n');
}
