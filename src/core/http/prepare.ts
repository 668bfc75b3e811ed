// A request as typed (with `{{variables}}` and an auth choice) turned into the request that is sent:
// every name and value of the URL (base, params, query), headers, cookies and body resolved in the active
// environment, the auth rows added. Beside it a `display` copy where secrets stay `{{name}}` and auth values
// are masked, for the live preview and for exports. The first problem stops it: nothing is sent.
import { authRows, type AuthConfig } from './auth';
import type { CookieHooks } from './types';
import { buildUrl } from './url';
import { hasTemplate, resolveText, type VariableScope } from './variables';

/** What a send needs from the active environment. */
export interface RequestEnvironment {
  name?: string;
  /** The environment's `baseUrl` as written (may hold variables); it wins over the dev lock. */
  baseUrl?: string;
  scope: VariableScope;
  auth: AuthConfig;
  cookies?: CookieHooks;
  /** Why the active environment cannot be used (an error inside it in its file). */
  problem?: string;
}


interface Row {
  name: string;
  value: string;
  enabled: boolean;
  secret?: boolean;
}

type Field = { kind: 'text'; name: string; value: string; enabled: boolean } | { kind: 'file'; name: string; enabled: boolean; path: string };

/** The parts of a draft that may hold variables (structurally the panel's RequestDraft). */
export interface TemplatedDraft {
  route: string;
  method: string;
  params: Record<string, string>;
  query: Row[];
  headers: Row[];
  cookies: Row[];
  body: { kind: 'none' } | { kind: 'json'; text: string } | { kind: 'text'; text: string; contentType: string } | { kind: 'urlencoded'; fields: Row[] } | { kind: 'multipart'; fields: Field[] };
}

export type Prepared<D extends TemplatedDraft> =
  | { ok: true; draft: D; display: D; baseUrl: string; displayBaseUrl: string; secret: boolean }
  | { ok: false; message: string; variable?: string };

class Stop extends Error {
  constructor(readonly text: string, readonly variable?: string) {
    super(text);
  }
}

/**
 * Resolves `draft` in `scope` against `baseUrl` (the environment's, itself possibly templated, else the dev
 * server's) and adds the rows of `auth`.
 */
export function prepareDraft<D extends TemplatedDraft>(draft: D, scope: VariableScope, baseUrl: string, auth: AuthConfig): Prepared<D> {
  let secret = false;
  const r = (text: string, where: string): [string, string] => {
    if (!text.includes('{{')) return [text, text];
    const x = resolveText(text, scope);
    if (!x.ok) throw new Stop(`${where}: ${x.message}`, x.variable);
    secret ||= x.secret;
    return [x.value, x.display];
  };
  try {
    const [base, displayBase] = r(baseUrl, 'The base URL');
    const rows = (list: Row[], what: string): [Row[], Row[]] => {
      const v: Row[] = [];
      const d: Row[] = [];
      for (const row of list) {
        if (!row.enabled || row.name === '') {
          v.push(row);
          d.push(row);
          continue;
        }
        const [n, nd] = r(row.name, `${what} name "${row.name}"`);
        const [val, vd] = r(row.value, `${what} ${row.name}`);
        v.push({ ...row, name: n, value: val });
        d.push({ ...row, name: nd, value: vd });
      }
      return [v, d];
    };
    const params: Record<string, string> = {};
    const displayParams: Record<string, string> = {};
    for (const [k, val] of Object.entries(draft.params)) [params[k], displayParams[k]] = r(val, `Path parameter ${k}`);
    const [query, dQuery] = rows(draft.query, 'Query parameter');
    const [headers, dHeaders] = rows(draft.headers, 'Header');
    const [cookies, dCookies] = rows(draft.cookies, 'Cookie');
    let body = draft.body;
    let dBody = draft.body;
    if (body.kind === 'json' || body.kind === 'text') {
      const [t, td] = r(body.text, 'The body');
      body = { ...body, text: t };
      dBody = { ...body, text: td };
    } else if (body.kind === 'urlencoded') {
      const [f, fd] = rows(body.fields, 'Form field');
      body = { ...body, fields: f };
      dBody = { ...body, fields: fd };
    } else if (body.kind === 'multipart') {
      const f: Field[] = [];
      const fd: Field[] = [];
      for (const field of body.fields) {
        if (field.kind !== 'text' || !field.enabled) {
          f.push(field);
          fd.push(field);
          continue;
        }
        const [v, vd] = r(field.value, `Form field ${field.name}`);
        f.push({ ...field, value: v });
        fd.push({ ...field, value: vd });
      }
      body = { ...body, fields: f };
      dBody = { ...body, fields: fd };
    }
    const a = authRows(auth, scope);
    if (!a.ok) throw new Stop(a.message);
    if (a.headers.length + a.query.length > 0) secret = true;
    const authHeader = (list: typeof a.headers, display: boolean): Row[] => list.map((x) => ({ name: x.name, value: display ? x.display : x.value, enabled: true, secret: true }));
    // An auth header replaces a header row of the same name (the auth choice is the more specific one).
    const without = (list: Row[]): Row[] => list.filter((h) => !a.headers.some((x) => x.name.toLowerCase() === h.name.trim().toLowerCase()));
    const value = { ...draft, params, query: [...query, ...authHeader(a.query, false)], headers: [...without(headers), ...authHeader(a.headers, false)], cookies, body };
    const display = { ...draft, params: displayParams, query: [...dQuery, ...authHeader(a.query, true)], headers: [...without(dHeaders), ...authHeader(a.headers, true)], cookies: dCookies, body: dBody };
    return { ok: true, draft: value, display, baseUrl: base, displayBaseUrl: displayBase, secret };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, message: e.text, ...(e.variable ? { variable: e.variable } : {}) };
    throw e;
  }
}

const HOLE = (i: number): string => `bffvar${i}x`;

/**
 * The URL of a display draft, its `{{variables}}` kept as written (buildUrl would percent-encode the braces):
 * for the preview and for exports, never for sending.
 */
export function displayUrl(base: string, draft: Pick<TemplatedDraft, 'route' | 'params' | 'query'>): { ok: true; url: string } | { ok: false; error: string } {
  const held: string[] = [];
  const hold = (s: string): string => (hasTemplate(s) ? s.replace(/\{\{[^{}]*\}\}/g, (m) => HOLE(held.push(m) - 1)) : s);
  // A templated base (`{{host}}`) cannot be parsed as a URL: it is put back in front of the path.
  const templatedBase = hasTemplate(base);
  const built = buildUrl(templatedBase ? 'http://bffvar-base.invalid' : base, draft.route,
    Object.fromEntries(Object.entries(draft.params).map(([k, v]) => [k, hold(v)])),
    draft.query.map((q) => ({ ...q, name: hold(q.name), value: hold(q.value) })));
  if (!built.ok) return { ok: false, error: built.error };
  let url = templatedBase ? base.replace(/\/+$/, '') + built.url.slice('http://bffvar-base.invalid'.length) : built.url;
  url = url.replace(/bffvar(\d+)x/g, (m, i: string) => held[Number(i)] ?? m);
  return { ok: true, url };
}

/** The auth rows a .http file writes: `{{variables}}` as typed (REST Client's `Basic user password` form). */
function httpAuthRows(auth: AuthConfig): { headers: Row[]; query: Row[] } {
  switch (auth.type) {
    case 'bearer': return { headers: [{ name: 'Authorization', value: `Bearer ${auth.token}`, enabled: true, secret: true }], query: [] };
    case 'basic': return { headers: [{ name: 'Authorization', value: `Basic ${auth.username} ${auth.password}`, enabled: true, secret: true }], query: [] };
    case 'apikey': {
      const row = { name: auth.name, value: auth.value, enabled: true, secret: true };
      return auth.in === 'query' ? { headers: [], query: [row] } : { headers: [row], query: [] };
    }
    default: return { headers: [], query: [] };
  }
}

export interface ExportForm<D extends TemplatedDraft> {
  /** The draft to export (secret rows blanked) and the URL it is written with. */
  draft: D;
  url: string;
  /** `@baseUrl` of a .http file / BASE_URL of cURL and fetch; undefined when the environment provides it. */
  baseUrl?: string;
  secretHeaders: string[];
  keepTemplates: boolean;
}

/**
 * What an export writes in the active environment. A .http file keeps every `{{variable}}` as typed (REST
 * Client and httpYac resolve them with the same env files) and `{{baseUrl}}` when the environment has one;
 * cURL and fetch get the values resolved, except secrets, which stay `{{name}}` or become shell variables.
 */
export function exportForm<D extends TemplatedDraft>(format: 'curl' | 'fetch' | 'http', draft: D, env: RequestEnvironment | undefined, devBase: string): { ok: true; form: ExportForm<D> } | { ok: false; message: string } {
  const marked = (d: D): string[] => d.headers.filter((h) => h.secret).map((h) => h.name);
  if (!env) {
    const url = displayUrl(devBase, draft);
    return url.ok ? { ok: true, form: { draft, url: url.url, ...(format === 'http' ? { baseUrl: devBase } : {}), secretHeaders: marked(draft), keepTemplates: false } } : { ok: false, message: url.error };
  }
  if (env.problem) return { ok: false, message: env.problem };
  if (format === 'http') {
    const rows = httpAuthRows(env.auth);
    const names = new Set(rows.headers.map((r) => r.name.toLowerCase()));
    const d = { ...draft, headers: [...draft.headers.filter((h) => !names.has(h.name.trim().toLowerCase())), ...rows.headers], query: [...draft.query, ...rows.query] };
    const base = env.baseUrl !== undefined ? '{{baseUrl}}' : devBase;
    const url = displayUrl(base, d);
    if (!url.ok) return { ok: false, message: url.error };
    return { ok: true, form: { draft: d, url: url.url, ...(env.baseUrl === undefined ? { baseUrl: devBase } : {}), secretHeaders: marked(d), keepTemplates: true } };
  }
  const p = prepareDraft(draft, env.scope, env.baseUrl ?? devBase, env.auth);
  if (!p.ok) return { ok: false, message: p.message };
  const url = displayUrl(p.displayBaseUrl, p.display);
  if (!url.ok) return { ok: false, message: url.error };
  return { ok: true, form: { draft: p.display, url: url.url, secretHeaders: marked(p.display), keepTemplates: false } };
}
