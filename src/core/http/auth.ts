// Auth helpers: Bearer, Basic and API key (header or query), per request or inherited from the
// environment. The values may hold `{{variables}}` (a token from the private env file); they are resolved
// first, then turned into the header or query row the request carries. The host keeps the values in
// SecretStorage; previews show the rows with the secret part masked.
import { hasTemplate, resolveText, type VariableScope } from './variables';

export type AuthConfig =
  | { type: 'inherit' }
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'apikey'; name: string; value: string; in: 'header' | 'query' };

export const AUTH_TYPES = ['inherit', 'none', 'bearer', 'basic', 'apikey'] as const;

/** A row the auth adds: `value` is sent, `display` is what a preview may show. */
export interface AuthRow {
  name: string;
  value: string;
  display: string;
}

export type AuthResult = { ok: true; headers: AuthRow[]; query: AuthRow[] } | { ok: false; message: string };

export const MASK = '•••';

/** The auth that applies: the request's own, else (inherit) the environment's. */
export function effectiveAuth(request: AuthConfig | undefined, environment: AuthConfig | undefined): AuthConfig {
  const own = request ?? { type: 'inherit' };
  if (own.type !== 'inherit') return own;
  return environment && environment.type !== 'inherit' ? environment : { type: 'none' };
}

/** `Basic base64(user:password)` as RFC 7617 writes it (UTF-8). */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/** A secret value for a preview: a value made only of `{{variables}}` shows them, anything typed is masked. */
function shown(template: string, display: string): string {
  return hasTemplate(template) && template.replace(/\{\{[^{}]*\}\}/g, '').trim() === '' ? display : MASK;
}

/** The header or query row an auth adds (none for `none`/`inherit`), its values resolved in `scope`. */
export function authRows(auth: AuthConfig, scope: VariableScope): AuthResult {
  const resolve = (text: string, what: string): { value: string; display: string } | string => {
    const r = resolveText(text, scope);
    return r.ok ? { value: r.value, display: r.display } : `Auth (${what}): ${r.message}`;
  };
  switch (auth.type) {
    case 'inherit':
    case 'none':
      return { ok: true, headers: [], query: [] };
    case 'bearer': {
      const t = resolve(auth.token, 'Bearer token');
      if (typeof t === 'string') return { ok: false, message: t };
      if (t.value.trim() === '') return { ok: false, message: 'Auth: the Bearer token is empty. Enter it under Auth, or choose "No auth".' };
      if (/[\r\n]/.test(t.value)) return { ok: false, message: 'Auth: the Bearer token has a line break.' };
      return { ok: true, headers: [{ name: 'Authorization', value: `Bearer ${t.value.trim()}`, display: `Bearer ${shown(auth.token, t.display)}` }], query: [] };
    }
    case 'basic': {
      const u = resolve(auth.username, 'Basic user name');
      if (typeof u === 'string') return { ok: false, message: u };
      const p = resolve(auth.password, 'Basic password');
      if (typeof p === 'string') return { ok: false, message: p };
      if (u.value.includes(':')) return { ok: false, message: 'Auth: a Basic user name cannot contain ":" (RFC 7617).' };
      return { ok: true, headers: [{ name: 'Authorization', value: `Basic ${basicCredentials(u.value, p.value)}`, display: `Basic ${MASK}` }], query: [] };
    }
    case 'apikey': {
      const name = auth.name.trim();
      if (name === '') return { ok: false, message: 'Auth: the API key needs a header or query parameter name.' };
      const v = resolve(auth.value, `API key ${name}`);
      if (typeof v === 'string') return { ok: false, message: v };
      const row = { name, value: v.value, display: shown(auth.value, v.display) };
      return auth.in === 'query' ? { ok: true, headers: [], query: [row] } : { ok: true, headers: [row], query: [] };
    }
  }
}
