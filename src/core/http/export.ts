// Copy as cURL (POSIX shell), as fetch, and "Save as .http" (the format REST Client and httpYac both
// open). Secret header values (Authorization, Cookie, API keys, those the user marks) are never written:
// cURL and fetch read them from environment variables, .http files from `{{variables}}` the user
// defines in their REST Client / httpYac environment.
// Route patterns come from folder names, which a repository chooses (`x\nGET http:` is a valid one), so
// nothing is written raw where a line break would start a request: URLs are percent-encoded, titles
// escaped, multipart names encoded as browsers do, and a header no HTTP request could carry (a name that
// is not a token, a value with CR, LF or NUL) is left out with a note, in every format.
import * as path from 'node:path';
import { guessMime } from './body';
import { RequestSpecSchema, type ExportOptions, type HttpFileEntry, type KeyValue, type RequestSpec, type RequestSpecInput } from './types';

/** Header names whose values are secret unless the user says otherwise. */
export const DEFAULT_SECRET_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token', 'x-csrf-token'];

export function isSecretHeader(name: string, extra: readonly string[] = []): boolean {
  const n = name.trim().toLowerCase();
  return DEFAULT_SECRET_HEADERS.includes(n) || extra.some((e) => e.trim().toLowerCase() === n);
}

/** `X-Api-Key` -> `X_API_KEY` (environment variable for cURL / fetch). */
export function envName(header: string): string {
  const s = header.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^[0-9]/.test(s) || s === '' ? `H_${s}` : s;
}

/** `X-Api-Key` -> `xApiKey` (a .http variable). */
export function variableName(header: string): string {
  const parts = header.trim().toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const s = parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
  return /^[a-z]/.test(s) ? s : `h${s}`;
}

/** Single-quoted for a POSIX shell: `it's` -> `'it'\''s'`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

interface Header {
  name: string;
  value: string;
  secret: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whitespace and controls percent-encoded: a URL that stays one token on one line. */
function oneLineUrl(url: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return url.replace(/[\u0000-\u0020\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Text for a comment or title line: control characters and line separators written as escapes (`\n`, `\u2028`). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A multipart field name or file name inside `name="..."`, encoded as browsers and undici do. */
function formName(text: string): string {
  return text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function normalize(input: RequestSpecInput): RequestSpec {
  const r = RequestSpecSchema.safeParse(input);
  // Exports run on specs the panel built; an invalid one still exports what it can.
  return r.success ? r.data : { ...(input as RequestSpec), headers: input.headers ?? [], cookies: input.cookies ?? [], body: input.body ?? { kind: 'none' } };
}

/**
 * The headers to write, secrets flagged, with the Cookie header merged and the body's Content-Type added;
 * `left` says which could not be written (no HTTP request carries them: fetch would refuse to send them).
 */
function headersOf(spec: RequestSpec, options: ExportOptions, withContentType: boolean): { headers: Header[]; left: string[] } {
  const extra = options.secretHeaders ?? [];
  const out: Header[] = [];
  const left: string[] = [];
  const on = (kv: KeyValue): boolean => kv.enabled !== false && kv.name.trim() !== '';
  for (const h of spec.headers.filter(on)) {
    const name = h.name.trim();
    if (!TOKEN.test(name)) left.push(`Left out the header ${JSON.stringify(name)}: its name is not a valid HTTP header name.`);
    else if (/[\r\n\0]/.test(h.value)) left.push(`Left out the header ${name}: its value has a line break or NUL, which no HTTP request can carry.`);
    else out.push({ name, value: h.value, secret: (h.secret === true || isSecretHeader(name, extra)) && !(options.keepTemplates && onlyTemplates(h.value)) });
  }
  const cookies = spec.cookies.filter(on);
  if (cookies.length > 0) {
    const existing = out.findIndex((h) => h.name.toLowerCase() === 'cookie');
    const value = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    if (existing >= 0) out[existing] = { ...out[existing], value: `${out[existing].value}; ${value}`, secret: true };
    else out.push({ name: 'Cookie', value, secret: true });
  }
  if (withContentType && !out.some((h) => h.name.toLowerCase() === 'content-type')) {
    const ct = spec.body.kind === 'json' ? 'application/json' : spec.body.kind === 'text' ? spec.body.contentType ?? 'text/plain;charset=utf-8' : spec.body.kind === 'urlencoded' ? 'application/x-www-form-urlencoded' : undefined;
    if (ct) out.push({ name: 'Content-Type', value: ct, secret: false });
  }
  const cookieLine = out.find((h) => h.name === 'Cookie' && /[\r\n\0]/.test(h.value));
  if (cookieLine) {
    out.splice(out.indexOf(cookieLine), 1);
    left.push('Left out the Cookie header: a cookie has a line break or NUL, which no HTTP request can carry.');
  }
  const headers = spec.body.kind === 'multipart' ? out.filter((h) => h.name.toLowerCase() !== 'content-type') : out;
  return { headers, left };
}

/** `Bearer {{token}}`, `Basic {{user}} {{password}}`: variables and at most a scheme word, no literal secret. */
export function onlyTemplates(value: string): boolean {
  return /\{\{[^{}]+\}\}/.test(value) && /^([A-Za-z-]+\s+)?$/.test(value.replace(/\{\{[^{}]+\}\}/g, '').replace(/\s+/g, ' ').trimStart());
}

function encodeForm(fields: readonly KeyValue[]): string {
  return fields.filter((f) => f.enabled !== false && f.name !== '').map((f) => `${encodeURIComponent(f.name)}=${encodeURIComponent(f.value)}`).join('&');
}

/** The URL with a matching base written as `prefix`, e.g. `${BASE_URL}` or `{{baseUrl}}`. */
function urlWithBase(rawUrl: string, base: string | undefined, prefix: string): { text: string; usesBase: boolean } {
  const url = oneLineUrl(rawUrl);
  if (base) {
    const b = oneLineUrl(base).replace(/\/+$/, '');
    if (url === b || url.startsWith(`${b}/`) || url.startsWith(`${b}?`)) return { text: prefix + url.slice(b.length), usesBase: true };
  }
  return { text: url, usesBase: false };
}

/** A cURL command line for a POSIX shell (bash, zsh), one option per line. */
export function toCurl(input: RequestSpecInput, options: ExportOptions = {}): string {
  const spec = normalize(input);
  const args: string[] = ['curl'];
  if (spec.method === 'HEAD') args.push('--head');
  else if (spec.method !== 'GET' && !(spec.method === 'POST' && spec.body.kind !== 'none')) args.push('-X', spec.method);
  if (spec.followRedirects) args.push('--location');
  const u = urlWithBase(spec.url, options.baseUrl, '${BASE_URL}');
  // Double quotes only where a variable must expand; the URL's own characters stay literal otherwise.
  args.push(u.usesBase ? `"\${BASE_URL}"${shellQuote(u.text.slice('${BASE_URL}'.length))}` : shellQuote(u.text));
  const secrets: string[] = [];
  const { headers, left } = headersOf(spec, options, true);
  for (const h of headers) {
    if (h.secret) {
      const v = envName(h.name);
      secrets.push(v);
      // The name stays single-quoted (a token may hold ` and $); only the variable is expanded.
      args.push('-H', `${shellQuote(`${h.name}: `)}"\${${v}}"`);
    } else args.push('-H', shellQuote(`${h.name}: ${h.value}`));
  }
  switch (spec.body.kind) {
    case 'json':
    case 'text':
      args.push('--data-raw', shellQuote(spec.body.text));
      break;
    case 'urlencoded':
      args.push('--data-raw', shellQuote(encodeForm(spec.body.fields)));
      break;
    case 'multipart':
      for (const f of spec.body.fields) {
        if (f.enabled === false || f.name === '') continue;
        if (f.kind === 'text') args.push('--form-string', shellQuote(`${formName(f.name)}=${f.value}`));
        else {
          const type = f.contentType ?? guessMime(f.path);
          // curl's -F syntax: `;` and `"` inside the path or name need the quoted form.
          const fname = formName(f.filename ?? path.basename(f.path));
          args.push('-F', shellQuote(`${formName(f.name)}=@"${f.path.replace(/"/g, '\\"')}";filename="${fname}";type=${type}`));
        }
      }
      break;
    case 'none':
      break;
  }
  const lines: string[] = left.map((l) => `# ${oneLine(l)}`);
  const vars = [...(u.usesBase ? ['BASE_URL'] : []), ...secrets];
  if (vars.length > 0) lines.push(`# Set first: ${vars.map((v) => `${v}=...`).join(' ')}`);
  // The command, method and URL on the first line; each further "option value" on its own line.
  const urlIndex = args.findIndex((a, i) => i > 0 && !a.startsWith('-') && args[i - 1] !== '-X');
  const parts: string[] = [args.slice(0, urlIndex + 1).join(' ')];
  for (let i = urlIndex + 1; i < args.length; i += 2) parts.push(`${args[i]} ${args[i + 1]}`);
  lines.push(parts.join(' \\\n  '));
  return lines.join('\n');
}

function js(s: string): string {
  return JSON.stringify(s);
}

/** A `fetch` call for Node 20+ (top-level await in an ES module, or paste into an async function). */
export function toFetch(input: RequestSpecInput, options: ExportOptions = {}): string {
  const spec = normalize(input);
  const lines: string[] = [];
  const u = urlWithBase(spec.url, options.baseUrl, '');
  const urlExpr = u.usesBase ? `\`\${process.env.BASE_URL}${u.text.replace(/[`\\$]/g, (c) => `\\${c}`)}\`` : js(u.text);
  const { headers: hdrs, left } = headersOf(spec, options, true);
  for (const l of left) lines.push(`// ${oneLine(l)}`);
  const secrets = hdrs.filter((h) => h.secret).map((h) => envName(h.name));
  const envs = [...(u.usesBase ? ['BASE_URL'] : []), ...secrets];
  if (envs.length > 0) lines.push(`// Secret and base values come from the environment: ${envs.join(', ')}`);
  let bodyExpr: string | undefined;
  switch (spec.body.kind) {
    case 'json': {
      let valid = true;
      try {
        JSON.parse(spec.body.text);
      } catch {
        valid = false;
      }
      bodyExpr = valid ? `JSON.stringify(${spec.body.text.trim()})` : js(spec.body.text);
      break;
    }
    case 'text':
      bodyExpr = js(spec.body.text);
      break;
    case 'urlencoded':
      bodyExpr = `new URLSearchParams(${JSON.stringify(spec.body.fields.filter((f) => f.enabled !== false && f.name !== '').map((f) => [f.name, f.value]))})`;
      break;
    case 'multipart': {
      const fields = spec.body.fields.filter((f) => f.enabled !== false && f.name !== '');
      if (fields.some((f) => f.kind === 'file')) lines.push(`import { openAsBlob } from 'node:fs';`);
      lines.push('const form = new FormData();');
      for (const f of fields) {
        if (f.kind === 'text') lines.push(`form.append(${js(f.name)}, ${js(f.value)});`);
        else lines.push(`form.append(${js(f.name)}, await openAsBlob(${js(f.path)}, { type: ${js(f.contentType ?? guessMime(f.path))} }), ${js(f.filename ?? path.basename(f.path))});`);
      }
      bodyExpr = 'form';
      break;
    }
    case 'none':
      break;
  }
  lines.push(`const response = await fetch(${urlExpr}, {`);
  lines.push(`  method: ${js(spec.method)},`);
  if (hdrs.length > 0) {
    lines.push('  headers: {');
    for (const h of hdrs) lines.push(`    ${js(h.name)}: ${h.secret ? `process.env.${envName(h.name)} ?? ''` : js(h.value)},`);
    lines.push('  },');
  }
  if (bodyExpr) lines.push(`  body: ${bodyExpr.split('\n').join('\n  ')},`);
  lines.push(`  redirect: ${js(spec.followRedirects ? 'follow' : 'manual')},`);
  lines.push('});');
  lines.push('console.log(response.status, await response.text());');
  return lines.join('\n');
}

const BOUNDARY = '----BffRoutesFormBoundary';

function httpRequestName(entry: HttpFileEntry, spec: RequestSpec, used: Set<string>): string {
  // camelCase over the words: `GET /api/redirect` -> `getApiRedirect` (the first word lower-cased whole).
  const words = (entry.name ?? `${spec.method} ${new URL(spec.url).pathname}`).split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!/^[A-Za-z_]/.test(base)) base = `req${base}`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

/**
 * A `.http` file: `@baseUrl` as a file variable, one `###`-separated request per entry with `# @name`,
 * `# @no-redirect` unless redirects are followed, and secret values as `{{variables}}` defined only in
 * the user's REST Client / httpYac environment. File parts use `< path` (relative to `options.relativeTo`
 * when given, the folder the .http file is saved in).
 */
export function toHttpFile(entries: readonly HttpFileEntry[], options: ExportOptions & { relativeTo?: string } = {}): string {
  const out: string[] = [];
  const secretVars = new Set<string>();
  const blocks: string[] = [];
  const used = new Set<string>();
  let usesBase = false;
  for (const entry of entries) {
    const spec = normalize(entry.spec);
    const b: string[] = [];
    const title = entry.name ?? `${spec.method} ${(() => {
      try {
        return new URL(spec.url).pathname;
      } catch {
        return spec.url;
      }
    })()}`;
    b.push(`### ${oneLine(title)}`);
    let name: string;
    try {
      name = httpRequestName(entry, spec, used);
    } catch {
      name = `request${used.size + 1}`;
      used.add(name);
    }
    b.push(`# @name ${name}`);
    if (!spec.followRedirects) b.push('# @no-redirect');
    const u = urlWithBase(spec.url, options.baseUrl, '{{baseUrl}}');
    usesBase ||= u.usesBase;
    const { headers, left } = headersOf(spec, options, true);
    if (spec.body.kind === 'multipart') {
      for (const f of spec.body.fields) {
        if (f.enabled !== false && f.kind === 'file' && /[\r\n]/.test(f.path)) left.push(`Left out the file field ${f.name}: a .http file cannot reference the path ${f.path}, which has a line break.`);
      }
    }
    for (const l of left) b.push(`# ${oneLine(l)}`);
    b.push(`${spec.method} ${u.text}`);
    for (const h of headers) {
      if (h.secret) {
        const v = variableName(h.name);
        secretVars.add(v);
        b.push(`${h.name}: {{${v}}}`);
      } else b.push(`${h.name}: ${h.value}`);
    }
    switch (spec.body.kind) {
      case 'json':
      case 'text':
        b.push('', spec.body.text);
        break;
      case 'urlencoded':
        b.push('', encodeForm(spec.body.fields));
        break;
      case 'multipart': {
        b.push(`Content-Type: multipart/form-data; boundary=${BOUNDARY}`, '');
        for (const f of spec.body.fields) {
          if (f.enabled === false || f.name === '' || (f.kind === 'file' && /[\r\n]/.test(f.path))) continue;
          b.push(`--${BOUNDARY}`);
          if (f.kind === 'text') b.push(`Content-Disposition: form-data; name="${formName(f.name)}"`, '', f.value);
          else {
            const file = options.relativeTo ? path.relative(options.relativeTo, f.path).split(path.sep).join('/') : f.path;
            b.push(
              `Content-Disposition: form-data; name="${formName(f.name)}"; filename="${formName(f.filename ?? path.basename(f.path))}"`,
              `Content-Type: ${f.contentType ?? guessMime(f.path)}`,
              '',
              `< ${file.startsWith('.') || path.isAbsolute(file) ? file : `./${file}`}`,
            );
          }
        }
        b.push(`--${BOUNDARY}--`);
        break;
      }
      case 'none':
        break;
    }
    blocks.push(b.join('\n'));
  }
  if (usesBase && options.baseUrl) out.push(`@baseUrl = ${oneLineUrl(options.baseUrl).replace(/\/+$/, '')}`);
  if (secretVars.size > 0) {
    out.push(
      `# Secret values are not stored in this file. Define ${[...secretVars].map((v) => `{{${v}}}`).join(', ')}`,
      '# in your REST Client environment (rest-client.environmentVariables) or httpYac .env file.',
    );
  }
  if (out.length > 0) out.push('');
  out.push(blocks.join('\n\n'));
  return `${out.join('\n')}\n`;
}
