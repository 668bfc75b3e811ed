// Response body presentation by content type: JSON pretty-printed with fold ranges, XML
// pretty-printed, text, HTML as source, server-sent events as events, images as base64 for an
// <img>, other binary as size plus a hex head; a note when the body was truncated.
// The JSON printer re-indents the original tokens instead of JSON.parse + stringify, so numbers
// beyond 2^53 and key order print exactly as the server sent them.
import type { FoldRange, FormattedBody, SseEvent } from './types';

export interface FormatOptions {
  /** Bytes the server sent in total (more than `bytes.length` when truncated). */
  totalBytes?: number;
  truncated?: boolean;
  /** Bytes shown in the hex head of a binary body. Default 256. */
  hexBytes?: number;
}

export interface MediaType {
  mime: string;
  charset?: string;
}

export function parseContentType(contentType: string | undefined): MediaType {
  if (!contentType) return { mime: '' };
  const [type, ...params] = contentType.split(';');
  const out: MediaType = { mime: type.trim().toLowerCase() };
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";]+)"?/i.exec(p);
    if (m) out.charset = m[1].trim().toLowerCase();
  }
  return out;
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function decode(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Valid UTF-8 without NUL or other C0 controls (except tab, CR, LF, FF, ESC) in the first 8 KB. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  for (const b of head) if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) return false;
  try {
    // A multi-byte character cut at the 8 KB boundary is fine: `stream: true` keeps it pending.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** `00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|` lines. */
export function hexDump(bytes: Uint8Array, max = 256): string {
  const lines: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let off = 0; off < n; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, n));
    const hex: string[] = [];
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex.push(row[i].toString(16).padStart(2, '0'));
        ascii += row[i] >= 32 && row[i] < 127 ? String.fromCharCode(row[i]) : '.';
      } else hex.push('  ');
      if (i === 7) hex.push('');
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.join(' ')}  |${ascii}|`);
  }
  return lines.join('\n');
}

/**
 * Re-indents valid JSON text with two spaces, keeping every token as written. Returns undefined
 * when the text is not JSON. Fold ranges cover each non-empty object and array.
 */
export function prettyJson(text: string): { text: string; folds: FoldRange[] } | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const folds: FoldRange[] = [];
  const open: number[] = [];
  let line = 0;
  let indent = 0;
  const newline = (): void => {
    out.push('\n', '  '.repeat(indent));
    line++;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j;
    } else if (c === '{' || c === '[') {
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\n' || text[j] === '\r' || text[j] === '\t')) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        out.push(c === '{' ? '{}' : '[]');
        i = j;
        continue;
      }
      out.push(c);
      open.push(line);
      indent++;
      newline();
    } else if (c === '}' || c === ']') {
      indent--;
      newline();
      out.push(c);
      folds.push({ startLine: open.pop()!, endLine: line });
    } else if (c === ',') {
      out.push(',');
      newline();
    } else if (c === ':') {
      out.push(': ');
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      let j = i;
      while (j < n && !' \n\r\t,:]}'.includes(text[j])) j++;
      out.push(text.slice(i, j));
      i = j - 1;
    }
  }
  folds.sort((a, b) => a.startLine - b.startLine);
  return { text: out.join(''), folds };
}

const XML_TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<\/?[A-Za-z_:][^>]*>|[^<]+/g;

/** Indents XML by element depth; an element holding only text stays on one line. Undefined when unbalanced. */
export function prettyXml(text: string): string | undefined {
  const tokens = text.match(XML_TOKEN);
  if (!tokens || tokens.join('') !== text) return undefined;
  const lines: string[] = [];
  const stack: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const pad = '  '.repeat(stack.length);
    if (!t.startsWith('<')) {
      const s = t.trim();
      if (s) lines.push(pad + s);
      continue;
    }
    if (t.startsWith('</')) {
      const name = /^<\/\s*([^\s>]+)/.exec(t)?.[1];
      if (stack.pop() !== name) return undefined;
      lines.push('  '.repeat(stack.length) + t);
      continue;
    }
    if (t.startsWith('<!') || t.startsWith('<?') || t.endsWith('/>')) {
      lines.push(pad + t);
      continue;
    }
    const name = /^<\s*([^\s/>]+)/.exec(t)?.[1] ?? '';
    // <a>text</a> on one line
    const textTok = tokens[i + 1];
    const close = tokens[i + 2];
    if (textTok !== undefined && !textTok.startsWith('<') && close !== undefined && new RegExp(`^</\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>$`).test(close)) {
      lines.push(pad + t + textTok.trim() + close);
      i += 2;
      continue;
    }
    if (textTok !== undefined && close === undefined) return undefined;
    lines.push(pad + t);
    stack.push(name);
  }
  if (stack.length > 0) return undefined;
  return lines.join('\n');
}

/**
 * Complete events of a text/event-stream body (each ended by a blank line, as the spec requires; an
 * unterminated tail is left out, so this also works on a stream received so far).
 */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  const blocks = text.split(/\r\n\r\n|\n\n|\r\r/).slice(0, -1);
  for (const block of blocks) {
    const data: string[] = [];
    const ev: SseEvent = { data: '' };
    let any = false;
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') {
        data.push(value);
        any = true;
      } else if (field === 'event') ev.event = value;
      else if (field === 'id') ev.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) ev.retry = Number(value);
    }
    if (!any) continue;
    ev.data = data.join('\n');
    events.push(ev);
  }
  return events;
}

const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/svg+xml']);

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

function isXmlMime(mime: string): boolean {
  return mime === 'application/xml' || mime === 'text/xml' || (mime.endsWith('+xml') && mime !== 'image/svg+xml');
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/javascript' || mime === 'application/x-www-form-urlencoded' || mime === 'application/graphql' || mime === 'application/x-ndjson' || mime === 'application/ecmascript';
}

export function formatBody(bytes: Uint8Array, contentType: string | undefined, options: FormatOptions = {}): FormattedBody {
  const total = options.totalBytes ?? bytes.length;
  const truncated = options.truncated ?? total > bytes.length;
  const note = truncated
    ? `Showing the first ${humanSize(bytes.length)} of ${humanSize(total)}. Save the whole body to see the rest.`
    : undefined;
  const withNote = <T extends FormattedBody>(b: T): T => (note ? { ...b, note } : b);
  if (bytes.length === 0) return { kind: 'empty', ...(total > 0 ? { note: `${humanSize(total)} received but none kept.` } : {}) };
  const { mime, charset } = parseContentType(contentType);

  if (IMAGE_MIMES.has(mime)) {
    if (!truncated) return { kind: 'image', mime, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
    return { kind: 'binary', hexHead: hexDump(bytes, options.hexBytes), bytes: total, note: `${note} The image is too large to display.` };
  }
  const textual = isJsonMime(mime) || isXmlMime(mime) || isTextMime(mime) || mime === 'text/event-stream' || (mime === '' || mime === 'application/octet-stream' ? looksLikeText(bytes) : false);
  if (!textual) return withNote({ kind: 'binary', hexHead: hexDump(bytes, options.hexBytes), bytes: total });

  const text = decode(bytes, charset);
  if (mime === 'text/event-stream') return withNote({ kind: 'sse', events: parseSse(text), text });
  if (mime === 'text/html') return withNote({ kind: 'html', text });
  if (isJsonMime(mime) || (mime === '' && /^\s*[[{]/.test(text))) {
    const pretty = truncated ? undefined : prettyJson(text);
    if (pretty) return { kind: 'json', text: pretty.text, folds: pretty.folds };
    if (isJsonMime(mime)) {
      return { kind: 'text', text, note: note ?? 'The body is labelled JSON but does not parse; shown as text.' };
    }
  }
  if (isXmlMime(mime) || (mime === '' && /^\s*<\?xml/.test(text))) {
    const pretty = truncated ? undefined : prettyXml(text.trim());
    if (pretty !== undefined) return { kind: 'xml', text: pretty };
    return withNote({ kind: 'text', text });
  }
  return withNote({ kind: 'text', text });
}
