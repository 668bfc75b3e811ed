// Pure display helpers of the request panel (no DOM): unit-tested in plain Node.
import { checkJson } from '../core/http/json';
import { buildUrl } from '../core/http/url';
import type { DevStatus, RequestDraft, RequestErrorKind, ToViewOf } from '../protocol';

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

/**
 * Where a JSON body fails to parse, as the user should see it before sending: the core's strict check
 * (the one the host runs before sending), the first error with its 1-based line and column.
 */
export function jsonProblem(text: string): { message: string; line?: number; column?: number } | undefined {
  // `{{variables}}` are resolved by the host before the body is checked again: here each counts as a value.
  const r = checkJson(text.includes('{{') ? text.replace(/\{\{[^{}]*\}\}/g, (m) => '0'.padEnd(m.length)) : text);
  if (r.ok) return undefined;
  const message = r.reason ?? r.message;
  return r.position ? { message, line: r.position.line, column: r.position.column } : { message };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The URL the draft would be sent to, or why it cannot be built yet. */
export function previewUrl(base: string | undefined, draft: Pick<RequestDraft, 'route' | 'params' | 'query'>): { ok: true; url: string } | { ok: false; error: string; param?: string } {
  const built = buildUrl(base ?? 'http://127.0.0.1:3000', draft.route, draft.params, draft.query);
  if (!built.ok) return built.param ? { ok: false, error: built.error, param: built.param } : { ok: false, error: built.error };
  // {{name}} is resolved by the host when sending: shown as typed, not as %7B%7Bname%7D%7D.
  const url = (base ? built.url : built.path).replace(/%7B%7B(.*?)%7D%7D/gi, (_, v: string) => `{{${decodeURIComponentSafe(v)}}}`);
  return { ok: true, url };
}

export function devStatusText(dev: DevStatus): string {
  switch (dev.state) {
    case 'running':
      return dev.source === 'lock' ? `next dev running at ${dev.url}` : `Using ${dev.url} (bffRoutes.baseUrl)`;
    case 'starting':
      return 'Starting next dev…';
    case 'notRunning':
      // The host's reason often says "not running" itself: say it once.
      if (!dev.reason) return 'next dev not running';
      return /not running/i.test(dev.reason) ? dev.reason.replace(/\.$/, '') : `next dev not running: ${dev.reason}`;
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

/** Says where the error came from, and how its location was found when there was no stack. */
export function serverErrorSource(err: Pick<ToViewOf<'serverError'>, 'source' | 'location'>): string {
  const from = err.source === 'output'
    ? 'From the output of the next dev the panel started.'
    : err.source === 'mcp' ? 'Reported by the dev server (/_next/mcp get_errors).' : 'From the dev server log (.next/dev/logs/next-development.log).';
  if (err.location?.how === 'message') {
    return `${from} It carries no stack: the line is where the message appears in the route file. Start next dev from this panel to see the whole stack.`;
  }
  return from;
}
