// A request as typed (with `{{variables}}` and an auth choice) turned into the request that is sent:
// every name and value of the URL (base, params, query), headers, cookies and body resolved in the active
// environment, the auth rows added. Beside it a `display` copy where secrets stay `{{name}}` and auth values
// are masked, for the live preview and for exports. The first problem stops it: nothing is sent.
import { authRows, type AuthConfig } from './auth';
import { buildUrl } from './url';
import { hasTemplate, resolveText, type VariableScope } from './variables';

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
