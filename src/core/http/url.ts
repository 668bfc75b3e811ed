// Building the request URL from a route pattern (`/api/users/[id]`), path parameter values and a
// query table, with the encoding each segment kind needs. Never throws: bad input comes back as an
// error sentence naming the parameter.
import type { BuiltUrl, KeyValue, ParamValues, RouteParam } from './types';

const PARAM_RE = /^\[(\[)?(\.\.\.)?([^[\]]+)\]?\]$/;

/** The dynamic parameters of a URL pattern, in order. */
export function patternParams(pattern: string): RouteParam[] {
  const out: RouteParam[] = [];
  for (const seg of pattern.split('/')) {
    const p = segmentParam(seg);
    if (p) out.push(p);
  }
  return out;
}

function segmentParam(seg: string): RouteParam | undefined {
  if (!seg.startsWith('[')) return undefined;
  const m = PARAM_RE.exec(seg);
  if (!m) return undefined;
  const optional = m[1] === '[';
  const rest = m[2] === '...';
  if (optional && !rest) return undefined; // `[[id]]` is not a Next.js segment
  if (optional && !seg.endsWith(']]')) return undefined;
  return { name: m[3], kind: optional ? 'optionalCatchAll' : rest ? 'catchAll' : 'single' };
}

/**
 * A single path segment's encoding. `.` and `..` cannot be sent as a segment at all (URL parsing
 * collapses them, and `%2e` is treated the same), so they are refused.
 */
function encodeSegment(value: string, name: string): { ok: true; text: string } | { ok: false; error: string } {
  if (value === '.' || value === '..') {
    return { ok: false, error: `Parameter "${name}" cannot be "${value}": URLs collapse dot segments, so the route would never receive it.` };
  }
  return { ok: true, text: encodeURIComponent(value) };
}

/**
 * A literal segment (a folder name) as written, except the characters that would end the path, start a
 * query or fragment, turn into a slash (a backslash), or be dropped (tab, line breaks): percent-encoded, as
 * Next.js decodes them before matching. `%` stays (`%5Fname` is how Next.js spells a leading underscore).
 */
function encodeLiteral(seg: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return seg.replace(/[\u0000-\u0020"#<>?`{}\\\u007f]/g, (c) => encodeURIComponent(c));
}

function listOf(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value === '' ? [] : value.split('/');
  return [...value];
}

/** Only the path: `/api/users/a%20b`. */
export function buildPath(pattern: string, params: ParamValues): { ok: true; path: string } | { ok: false; error: string; param?: string } {
  const out: string[] = [];
  for (const seg of pattern.split('/')) {
    if (seg === '') continue;
    const p = segmentParam(seg);
    if (!p) {
      out.push(encodeLiteral(seg));
      continue;
    }
    const value = params[p.name];
    if (p.kind === 'single') {
      const v = typeof value === 'string' ? value : value?.join('/');
      if (v === undefined || v === '') return { ok: false, error: `Parameter "${p.name}" is required.`, param: p.name };
      const enc = encodeSegment(v, p.name);
      if (!enc.ok) return { ...enc, param: p.name };
      out.push(enc.text);
      continue;
    }
    const parts = listOf(value);
    if (parts.length === 0) {
      if (p.kind === 'catchAll') return { ok: false, error: `Parameter "${p.name}" needs at least one segment (it is a catch-all [...${p.name}]).`, param: p.name };
      continue; // [[...slug]] empty: the bare path
    }
    for (const part of parts) {
      if (part === '') return { ok: false, error: `Parameter "${p.name}" has an empty segment (two slashes in a row).`, param: p.name };
      const enc = encodeSegment(part, p.name);
      if (!enc.ok) return { ...enc, param: p.name };
      out.push(enc.text);
    }
  }
  return { ok: true, path: '/' + out.join('/') };
}

/** Query string from the enabled rows, percent-encoded (spaces as %20), without the `?`. */
export function buildQuery(query: readonly KeyValue[]): string {
  return query
    .filter((q) => q.enabled !== false && q.name !== '')
    .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`)
    .join('&');
}

/**
 * `base` is the dev server's origin, optionally with a path prefix (a basePath): `http://127.0.0.1:3000`.
 * The result keeps the pattern's literal segments as written (Next.js matches them literally), with
 * only the characters a path cannot hold percent-encoded.
 */
export function buildUrl(base: string, pattern: string, params: ParamValues = {}, query: readonly KeyValue[] = []): BuiltUrl {
  let baseUrl: URL;
  try {
    baseUrl = new URL(base);
  } catch {
    return { ok: false, error: `The base URL "${base}" is not a valid URL.` };
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    return { ok: false, error: `The base URL must start with http:// or https:// (got "${baseUrl.protocol}").` };
  }
  const built = buildPath(pattern, params);
  if (!built.ok) return built;
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const path = prefix + (built.path === '/' && prefix ? '' : built.path);
  const qs = buildQuery(query);
  const url = `${baseUrl.origin}${path || '/'}${qs ? `?${qs}` : ''}`;
  return { ok: true, url, path: path || '/' };
}
