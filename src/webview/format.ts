// Pure display helpers of the request panel (no DOM): unit-tested in plain Node.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { buildUrl } from '../core/http/url';
import type { DevStatus, RequestDraft, RequestErrorKind } from '../protocol';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** CSS class for a status code's family. */
export function statusClass(status: number): 'info' | 'ok' | 'redirect' | 'client-error' | 'server-error' {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status >= 300) return 'redirect';
  if (status >= 200) return 'ok';
  return 'info';
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'nothing may follow the value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Where a JSON body fails to parse, as the user should see it before sending: strict JSON (no
 * comments, no trailing commas), the first error with its 1-based line and column.
 */
export function jsonProblem(text: string): { message: string; line?: number; column?: number } | undefined {
  if (text.trim() === '') return { message: 'The JSON body is empty. Choose "No body" or write a JSON value.' };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) {
    try {
      JSON.parse(text); // the authority on strict JSON; jsonc-parser only locates
      return undefined;
    } catch (e) {
      return { message: e instanceof Error ? e.message : String(e) };
    }
  }
  const err = errors[0];
  const before = text.slice(0, err.offset);
  const line = before.split('\n').length;
  const column = err.offset - before.lastIndexOf('\n');
  const code = printParseErrorCode(err.error);
  const message = code === 'ValueExpected' && /,\s*$/.test(before) ? 'trailing commas are not allowed in JSON' : (JSON_ERRORS[code] ?? code);
  return { message, line, column };
}

/** The URL the draft would be sent to, or why it cannot be built yet. */
export function previewUrl(base: string | undefined, draft: Pick<RequestDraft, 'route' | 'params' | 'query'>): { ok: true; url: string } | { ok: false; error: string; param?: string } {
  const built = buildUrl(base ?? 'http://127.0.0.1:3000', draft.route, draft.params, draft.query);
  if (!built.ok) return built.param ? { ok: false, error: built.error, param: built.param } : { ok: false, error: built.error };
  return { ok: true, url: base ? built.url : built.path };
}

export function devStatusText(dev: DevStatus): string {
  switch (dev.state) {
    case 'running':
      return dev.source === 'lock' ? `next dev running at ${dev.url}` : `Using ${dev.url} (bffRoutes.baseUrl)`;
    case 'starting':
      return 'Starting next dev…';
    case 'notRunning':
      return dev.reason ? `next dev not running: ${dev.reason}` : 'next dev not running';
  }
}

/** A short title per failure kind, shown above the host's sentence. */
export function failureTitle(kind: RequestErrorKind): string {
  const titles: Record<string, string> = {
    'invalid-request': 'The request is not valid',
    'invalid-header': 'A header is not valid',
    'invalid-url': 'Invalid URL',
    'non-loopback': 'Blocked: not a loopback address',
    'invalid-body': 'The body is not valid',
    'file-unreadable': 'A file to upload cannot be read',
    refused: 'Connection refused',
    dns: 'Host not found',
    reset: 'Connection reset',
    timeout: 'Timed out',
    cancelled: 'Cancelled',
    'too-many-redirects': 'Too many redirects',
    network: 'Network error',
    'not-running': 'next dev is not running',
    'invalid-param': 'A path parameter is not valid',
    'route-deleted': 'The route file was deleted',
    internal: 'Internal error',
  };
  return titles[kind] ?? 'Request failed';
}

/** Content type from a response's headers (first one wins). */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** Lines hidden by the folds that are closed: a set of 0-based line numbers. */
export function hiddenLines(folds: ReadonlyArray<{ startLine: number; endLine: number }>, closed: ReadonlySet<number>): Set<number> {
  const hidden = new Set<number>();
  for (const f of folds) {
    if (!closed.has(f.startLine)) continue;
    for (let l = f.startLine + 1; l < f.endLine; l++) hidden.add(l);
  }
  return hidden;
}
