// App Router folder names <-> URL patterns. Editor-free plain data, shared by the generator, route
// discovery (request panel) and the analyzer. The rules follow Next.js 16's own
// (shared/lib/router/utils/app-paths.js normalizeAppPath, sorted-routes.js), re-checked on upgrade.
import * as path from 'node:path';
import { relativeWithin } from '../paths';

export type SegmentKind =
  | 'static'
  | 'dynamic'
  | 'catchAll'
  | 'optionalCatchAll'
  | 'group'
  | 'private'
  | 'parallel'
  | 'intercepting';

export type ParamKind = 'dynamic' | 'catchAll' | 'optionalCatchAll';

export interface Segment {
  /** The folder name exactly as on disk / as typed. */
  raw: string;
  kind: SegmentKind;
  /**
   * static: the URL text (`%5Fx` decodes to `_x`); dynamic kinds: the param name (`id` of `[...id]`);
   * group: the name inside the parentheses; private: the folder name without `_`; parallel: the slot
   * name without `@`; intercepting: the folder name after the marker (`photo` of `(..)photo`).
   */
  name: string;
  /** intercepting only: the marker, one of `(.)`, `(..)`, `(..)(..)`, `(...)`. */
  marker?: string;
}

export interface RouteParam {
  name: string;
  kind: ParamKind;
}

export interface RouteOfFile {
  /** `/api/users/[id]`: groups, private and parallel folders stripped; what `RouteContext<…>` takes. */
  urlPattern: string;
  /** The folders from the app (or pages) directory to the route file, in order. */
  segments: Segment[];
  params: RouteParam[];
}

export type RoutePathValidation =
  | { ok: true; segments: Segment[]; urlPattern: string }
  | { ok: false; message: string };

const INTERCEPT_RE = /^(\(\.\.\.\)|\(\.\.\)\(\.\.\)|\(\.\.\)|\(\.\))(.*)$/;

/** Classifies one folder name. Never throws; an unbalanced bracket is a (non-routable) static name. */
export function parseSegment(folderName: string): Segment {
  const raw = folderName;
  const intercept = INTERCEPT_RE.exec(raw);
  if (intercept && intercept[2] !== '') return { raw, kind: 'intercepting', name: intercept[2], marker: intercept[1] };
  if (raw.startsWith('[[...') && raw.endsWith(']]') && raw.length > 7) {
    return { raw, kind: 'optionalCatchAll', name: raw.slice(5, -2) };
  }
  if (raw.startsWith('[...') && raw.endsWith(']') && !raw.startsWith('[[') && raw.length > 5) {
    return { raw, kind: 'catchAll', name: raw.slice(4, -1) };
  }
  if (raw.startsWith('[') && raw.endsWith(']') && !raw.startsWith('[[') && raw.length > 2) {
    return { raw, kind: 'dynamic', name: raw.slice(1, -1) };
  }
  if (raw.startsWith('(') && raw.endsWith(')') && raw.length > 2) return { raw, kind: 'group', name: raw.slice(1, -1) };
  if (raw.startsWith('_')) return { raw, kind: 'private', name: raw.slice(1) };
  if (raw.startsWith('@') && raw.length > 1) return { raw, kind: 'parallel', name: raw.slice(1) };
  // `%5F` escapes a leading underscore: the folder is routable and its URL segment starts with `_`.
  if (/^%5F/i.test(raw)) return { raw, kind: 'static', name: `_${raw.slice(3)}` };
  return { raw, kind: 'static', name: raw };
}

function isParamKind(kind: SegmentKind): kind is ParamKind {
  return kind === 'dynamic' || kind === 'catchAll' || kind === 'optionalCatchAll';
}

/**
 * The URL pattern Next.js serves for these folders: groups, private and parallel folders contribute
 * nothing; intercepting folders contribute their name; dynamic ones keep their brackets.
 * `['api', '(admin)', 'users', '[id]']` -> `/api/users/[id]`; no segments -> `/`.
 */
export function urlPatternOf(segments: readonly Segment[]): string {
  const parts: string[] = [];
  for (const s of segments) {
    switch (s.kind) {
      case 'group':
      case 'private':
      case 'parallel':
        break;
      case 'intercepting':
        parts.push(s.name);
        break;
      case 'static':
        parts.push(s.name);
        break;
      default:
        parts.push(s.raw);
    }
  }
  return `/${parts.join('/')}`;
}

/** The params a route receives, in path order. */
export function paramsOf(segments: readonly Segment[]): RouteParam[] {
  const params: RouteParam[] = [];
  for (const s of segments) if (isParamKind(s.kind)) params.push({ name: s.name, kind: s.kind });
  return params;
}

/** Splits `a/b/c` (either separator) into folder names, dropping empty parts. */
function splitPath(rel: string): string[] {
  return rel.split(/[\\/]+/).filter((p) => p !== '');
}

function relativeInside(dir: string, file: string): string | undefined {
  const rel = relativeWithin(dir, file);
  return rel === '' ? undefined : rel;
}

/** Default `pageExtensions` of Next.js. */
export const DEFAULT_PAGE_EXTENSIONS: readonly string[] = ['tsx', 'ts', 'jsx', 'js'];

function routeFileBase(base: string, extensions: readonly string[]): string | undefined {
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const stem = base.slice(0, dot);
  const ext = base.slice(dot + 1);
  if (!extensions.includes(ext) || stem.endsWith('.d')) return undefined;
  return stem;
}

/**
 * The route an App Router `route.*` file serves, or undefined when the file is not a route handler
 * (another file name, outside `appDir`, inside a private `_folder`, or inside an intercepting folder,
 * whose URL is not its own).
 */
export function routeOfFile(
  appDir: string,
  file: string,
  pageExtensions: readonly string[] = DEFAULT_PAGE_EXTENSIONS,
): RouteOfFile | undefined {
  const rel = relativeInside(appDir, file);
  if (rel === undefined) return undefined;
  const parts = splitPath(rel);
  const base = parts.pop();
  if (base === undefined || routeFileBase(base, pageExtensions) !== 'route') return undefined;
  const segments = parts.map(parseSegment);
  if (segments.some((s) => s.kind === 'private' || s.kind === 'intercepting')) return undefined;
  return { urlPattern: urlPatternOf(segments), segments, params: paramsOf(segments) };
}

/**
 * The route a Pages Router API file (`pages/api/**`) serves, or undefined for files outside
 * `pagesDir/api`, declaration files and other extensions. `pages/api/users/[id].ts` -> `/api/users/[id]`,
 * `pages/api/index.ts` -> `/api`. Pages Router has no groups or private folders: every segment is
 * static or dynamic.
 */
export function apiRouteOfFile(
  pagesDir: string,
  file: string,
  pageExtensions: readonly string[] = DEFAULT_PAGE_EXTENSIONS,
): RouteOfFile | undefined {
  const rel = relativeInside(path.join(pagesDir, 'api'), file);
  if (rel === undefined) return undefined;
  const parts = splitPath(rel);
  const base = parts.pop();
  if (base === undefined) return undefined;
  const stem = routeFileBase(base, pageExtensions);
  if (stem === undefined) return undefined;
  if (stem !== 'index') parts.push(stem);
  const segments: Segment[] = [{ raw: 'api', kind: 'static', name: 'api' }];
  for (const p of parts) {
    const s = parseSegment(p);
    segments.push(isParamKind(s.kind) ? s : { raw: p, kind: 'static', name: p });
  }
  return { urlPattern: urlPatternOf(segments), segments, params: paramsOf(segments) };
}

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Param names the generator accepts: an identifier, optionally with `-` inside (`product-id`). */
const PARAM_NAME_RE = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
/**
 * Characters of a static folder the generator accepts: letters and digits of any script and `-._~`
 * (RFC 3986 unreserved). Everything else is either meaningful to Next.js (`[]()@_%`), to URLs (`?#%`),
 * invalid on Windows (`<>:"|?*`), or needs percent-encoding in every request (spaces, `+&=,;'!$`).
 */
const STATIC_RE = /^[\p{L}\p{N}\-.~][\p{L}\p{N}\-._~]*$/u;

/**
 * Names Windows reserves for devices, with or without an extension (`NUL.txt` is NUL), any case; COM and
 * LPT take the digits 0-9 and the superscripts ¹²³. A folder so named cannot be created or checked out there.
 */
const WINDOWS_RESERVED_RE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function bad(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/**
 * Validates a route path typed by a user (relative to the app directory, `/` separated, e.g.
 * `api/users/[id]`) for a NEW route handler. Stricter than what discovery accepts: it refuses
 * everything Next.js would reject at build time, plus names that cannot be requested without
 * percent-encoding. Sibling conflicts with routes already on disk are the generator's job.
 */
export function validateRoutePath(input: string): RoutePathValidation {
  const text = input.trim();
  if (text === '') return bad('Enter a route path relative to the app directory, for example api/users/[id].');
  if (text.includes('\\')) return bad('Use / to separate folders, not \\ (for example api/users/[id]).');
  if (/^[A-Za-z]:/.test(text) || text.startsWith('/') || text.startsWith('~')) {
    return bad('The route path is relative to the app directory (for example api/users/[id]), not an absolute path.');
  }
  if (/\s/.test(text)) return bad('Folder names cannot contain spaces: a URL would need %20. Use - instead (for example api/user-profile).');
  const parts = text.replace(/\/+$/, '').split('/');
  if (parts.some((p) => p === '')) return bad('The route path has an empty folder name (two / in a row).');
  const segments: Segment[] = [];
  const seenParams = new Map<string, string>();
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i];
    if (raw === '..' || raw === '.') return bad(`'${raw}' is not allowed: the route must stay inside the app directory.`);
    if (WINDOWS_RESERVED_RE.test(raw)) {
      return bad(`'${raw}' is a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with an extension): the folder could not be created or checked out there. Choose another name.`);
    }
    if (/[. ]$/.test(raw)) return bad(`'${raw}' ends with '${raw.slice(-1)}', which Windows drops from file names: the folder would get another name there. Remove it.`);
    if (raw.includes('…')) return bad(`'${raw}' contains the one-character ellipsis '…'; a catch-all is written with three dots: [...slug].`);
    if (/^(route|page|layout|template|default|loading|error|not-found)\.[a-z]+$/i.test(raw)) {
      return bad(`'${raw}' is a file name; enter only the folders (the generator adds the route file).`);
    }
    const seg = parseSegment(raw);
    switch (seg.kind) {
      case 'private':
        return bad(`'${raw}' starts with _: Next.js treats it as a private folder and never routes it. Use %5F${raw.slice(1)} for a URL that starts with _.`);
      case 'parallel':
        return bad(`'${raw}' is a parallel route slot; slots render pages, they cannot hold a route handler.`);
      case 'intercepting':
        return bad(`'${raw}' is an intercepting route; those intercept page navigations and cannot hold a route handler.`);
      case 'group':
        if (!STATIC_RE.test(seg.name)) return bad(`The route group '${raw}' may only use letters, digits and - . _ ~ inside the parentheses.`);
        break;
      case 'dynamic':
      case 'catchAll':
      case 'optionalCatchAll': {
        if (seg.name.startsWith('[') || seg.name.endsWith(']')) return bad(`'${raw}' has extra brackets; write [id], [...slug] or [[...slug]].`);
        if (seg.name.startsWith('.')) return bad(`'${raw}' has a period too many or too few; a catch-all is written [...slug].`);
        if (!PARAM_NAME_RE.test(seg.name)) {
          return bad(`The parameter name in '${raw}' must start with a letter, _ or $ and contain only letters, digits, _, $ or -.`);
        }
        if (seg.kind !== 'dynamic' && i !== parts.length - 1) {
          return bad(`The catch-all '${raw}' must be the last folder of the route path.`);
        }
        const key = seg.name.replace(/\W/g, '');
        const prev = seenParams.get(key);
        if (prev === seg.name) return bad(`The parameter name '${seg.name}' is used twice; each dynamic segment of a route needs its own name.`);
        if (prev !== undefined) return bad(`The parameter names '${prev}' and '${seg.name}' differ only by symbols; Next.js cannot tell them apart.`);
        seenParams.set(key, seg.name);
        break;
      }
      case 'static':
        if (raw.startsWith('[[') && !raw.startsWith('[[...')) {
          return bad(`'${raw}': only catch-all segments can be optional; write [[...${raw.replace(/[[\]]/g, '')}]] or [${raw.replace(/[[\]]/g, '')}].`);
        }
        if (/[[\]]/.test(raw)) return bad(`'${raw}' has unbalanced brackets; write [id], [...slug] or [[...slug]].`);
        if (/[()]/.test(raw)) return bad(`'${raw}': parentheses are only allowed around a whole folder name, as a route group like (marketing).`);
        if (!STATIC_RE.test(raw) && !/^%5F/i.test(raw)) {
          const badChar = [...raw].find((c) => !/[\p{L}\p{N}\-._~]/u.test(c)) ?? raw[0];
          return bad(`'${raw}' contains '${badChar}', which a URL cannot carry unencoded or Next.js cannot route. Use letters, digits and - . _ ~.`);
        }
        if (/^%5F/i.test(raw) && !STATIC_RE.test(`x${raw.slice(3)}`)) {
          return bad(`'${raw}' contains characters a URL cannot carry unencoded. Use letters, digits and - . _ ~.`);
        }
        break;
    }
    segments.push(seg);
  }
  const last = segments[segments.length - 1];
  if (last.kind === 'group') return bad('The route path ends with a route group; add the folder the route should serve, for example (shop)/api/cart.');
  return { ok: true, segments, urlPattern: urlPatternOf(segments) };
}

/** True when `name` can be written as a bare identifier (`{ id }`); `product-id` cannot. */
export function isIdentifierName(name: string): boolean {
  return IDENT_RE.test(name);
}

/** A local variable name for a param: `product-id` -> `productId`. */
export function paramIdentifier(name: string): string {
  const camel = name.replace(/-+([A-Za-z0-9_$])/g, (_m, c: string) => c.toUpperCase()).replace(/-/g, '');
  return IDENT_RE.test(camel) ? camel : `_${camel}`;
}

/** The TypeScript type of one param value, as Next.js' ParamMap declares it. */
export function paramValueType(kind: ParamKind): string {
  switch (kind) {
    case 'dynamic':
      return 'string';
    case 'catchAll':
      return 'string[]';
    case 'optionalCatchAll':
      return 'string[] | undefined';
  }
}

/** `{ id: string; slug: string[] }` for the given params (`{}` when none). */
export function paramsTypeLiteral(params: readonly RouteParam[]): string {
  if (params.length === 0) return '{}';
  const fields = params.map((p) => {
    const key = isIdentifierName(p.name) ? p.name : `'${p.name}'`;
    return p.kind === 'optionalCatchAll' ? `${key}?: string[]` : `${key}: ${paramValueType(p.kind)}`;
  });
  return `{ ${fields.join('; ')} }`;
}

/** `RouteContext<'/api/users/[id]'>`: the global Next.js >= 15.5 generates with `next typegen`. */
export function routeContextType(urlPattern: string): string {
  return `RouteContext<'${urlPattern.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'>`;
}

/** The context type without typegen: `{ params: Promise<{ id: string }> }`. */
export function promiseParamsContextType(params: readonly RouteParam[]): string {
  return `{ params: Promise<${paramsTypeLiteral(params)}> }`;
}
