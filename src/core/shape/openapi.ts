// An OpenAPI 3.1 document of an app's App Router route handlers, from their request shapes: paths (dynamic
// segments as path parameters, catch-alls documented, an optional catch-all as two paths), the exported methods,
// request bodies, query and header parameters, and the status codes and JSON bodies the handlers answer.
// OpenAPI 3.1 schemas are JSON Schema 2020-12, which the shapes already are; a part not known statically keeps
// `x-bff-unknown` (a specification extension) and says why in its description.
import type { HttpMethod } from '../http/methods';
import type { RouteParam } from '../http/types';
import type { RouteShapeWithParams } from './extract';
import { isUnknown, type JsonSchema, type MethodShape } from './types';

export interface OpenApiRoute {
  /** `/api/users/[id]` */
  pattern: string;
  /** The route file, relative to the app root (shown in each operation's description). */
  file: string;
  shape: RouteShapeWithParams;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

type Json = Record<string, unknown>;

export const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** `/api/users/[id]` -> `/api/users/{id}`; `[[...slug]]` gives two paths (without and with the segment). */
export function openApiPaths(pattern: string): Array<{ path: string; params: RouteParam[] }> {
  const parts = pattern.split('/').filter((p) => p !== '');
  const out: string[] = [];
  const params: RouteParam[] = [];
  let optionalAt: number | undefined;
  for (const p of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^\[\[\.\.\.(.+)\]\]$/.exec(p))) {
      optionalAt = out.length;
      params.push({ name: m[1], kind: 'optionalCatchAll' });
      out.push(`{${m[1]}}`);
    } else if ((m = /^\[\.\.\.(.+)\]$/.exec(p))) {
      params.push({ name: m[1], kind: 'catchAll' });
      out.push(`{${m[1]}}`);
    } else if ((m = /^\[(.+)\]$/.exec(p))) {
      params.push({ name: m[1], kind: 'single' });
      out.push(`{${m[1]}}`);
    } else out.push(p);
  }
  const full = { path: `/${out.join('/')}`, params };
  if (optionalAt === undefined) return [full];
  return [{ path: `/${out.slice(0, optionalAt).join('/')}`, params: params.filter((p) => p.kind !== 'optionalCatchAll') }, full];
}

function pathParam(p: RouteParam): Json {
  const param: Json = { name: p.name, in: 'path', required: true, schema: { type: 'string' } };
  if (p.kind === 'catchAll') param.description = `Catch-all segment \`[...${p.name}]\`: one or more path segments, joined by \`/\` (the handler receives them as a string array).`;
  if (p.kind === 'optionalCatchAll') param.description = `Optional catch-all segment \`[[...${p.name}]]\`: one or more path segments joined by \`/\`; the path without it is documented separately.`;
  return param;
}

/** A schema for the document: unknown parts keep their marker and say why. */
function clean(s: JsonSchema): JsonSchema {
  const reason = s['x-bff-unknown'];
  if (reason !== undefined) return { description: `Shape not known statically: ${reason}.`, 'x-bff-unknown': reason };
  const out: JsonSchema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, clean(v)]));
  if (s.items) out.items = clean(s.items);
  if (s.prefixItems) out.prefixItems = s.prefixItems.map(clean);
  if (s.anyOf) out.anyOf = s.anyOf.map(clean);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = clean(s.additionalProperties);
  return out;
}

function requestBody(m: MethodShape): Json | undefined {
  const b = m.body;
  if (b.kind === 'none') return undefined;
  if (b.kind === 'json') {
    const desc = b.source === 'unchecked'
      ? 'Any JSON: the handler reads the body without checking it against a schema or a type.'
      : `From the handler's ${b.source === 'type' ? 'TypeScript type' : `${b.source} schema`}${b.at?.name ? ` \`${b.at.name}\`` : ''}.`;
    return { required: true, description: desc, content: { 'application/json': { schema: clean(b.schema) } } };
  }
  if (b.kind === 'form') {
    const schema: JsonSchema = b.schema ? clean(b.schema) : { type: 'object', properties: {} };
    if (!b.schema) {
      for (const f of b.fields) {
        const one: JsonSchema = f.type === 'file' ? { type: 'string', format: 'binary' } : { type: 'string' };
        schema.properties![f.name] = f.multiple ? { type: 'array', items: one } : one;
      }
      const req = b.fields.filter((f) => f.required).map((f) => f.name);
      if (req.length > 0) schema.required = req;
    }
    const content: Json = { 'multipart/form-data': { schema } };
    if (!b.fields.some((f) => f.type === 'file')) content['application/x-www-form-urlencoded'] = { schema };
    return { required: true, content };
  }
  if (b.kind === 'text') return { required: true, content: { 'text/plain': { schema: { type: 'string' } } } };
  return { description: `Shape not known statically: ${b.reason}.`, content: { 'application/json': { schema: { 'x-bff-unknown': b.reason } } } };
}

function responses(m: MethodShape): Json {
  const out: Json = {};
  for (const r of m.responses) {
    const code = String(r.status);
    const entry: Json = { description: r.status === 'default' ? 'A status the code computes' : r.redirect ? `${REASONS[r.status as number] ?? 'Redirect'} (redirect; see Location)` : (REASONS[r.status as number] ?? `Status ${r.status}`) };
    if (r.redirect) entry.headers = { Location: { description: 'Where the redirect points', schema: { type: 'string', format: 'uri' } } };
    if (r.contentType && r.status !== 204) entry.content = { [r.contentType]: r.schema && !isUnknown(r.schema) ? { schema: clean(r.schema) } : {} };
    out[code] = entry;
  }
  if (Object.keys(out).length === 0) out.default = { description: 'The responses are not known statically (no Response or NextResponse call with a literal status in the handler).' };
  return out;
}

function operationId(method: HttpMethod, path: string, used: Set<string>): string {
  const words = path.split('/').filter(Boolean).map((p) => p.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')));
  const base = method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  let id = base || method.toLowerCase();
  for (let i = 2; used.has(id); i++) id = `${base}${i}`;
  used.add(id);
  return id;
}

export function openApiDocument(info: OpenApiInfo, routes: readonly OpenApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  const used = new Set<string>();
  const sorted = [...routes].sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
  for (const route of sorted) {
    for (const { path, params } of openApiPaths(route.pattern)) {
      const item: Json = paths[path] ?? {};
      for (const m of route.shape.methods) {
        const op: Json = {
          operationId: operationId(m.method, path, used),
          summary: `${m.method} ${route.pattern}`,
          description: [`Route handler \`${m.method}\` in \`${route.file}\`.`, ...m.notes.map((n) => `Note: ${n}.`)].join('\n\n'),
        };
        const parameters = [
          ...params.map(pathParam),
          ...m.query.map((q) => ({ name: q.name, in: 'query', required: q.required, schema: clean(q.multiple && q.schema.type !== 'array' ? { type: 'array', items: q.schema } : q.schema), ...(q.multiple ? { explode: true } : {}) })),
          ...m.headers.map((h) => ({ name: h.name, in: 'header', required: h.required, schema: clean(h.schema) })),
        ];
        if (parameters.length > 0) op.parameters = parameters;
        const body = requestBody(m);
        if (body) op.requestBody = body;
        op.responses = responses(m);
        item[m.method.toLowerCase()] = op;
      }
      if (route.shape.unknown) item.description = `The route file could not be read: ${route.shape.unknown}.`;
      if (Object.keys(item).length > 0) paths[path] = item;
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
  };
}
