// Where a project finding sits in its file. The project rules look at file NAMES only; the location is chosen
// afterwards, for the flagged file and each related file: the line where the export that matters is declared
// (the route's first method handler, the page's default export, the middleware or proxy function), else the first
// line with code. It starts at the `export` keyword, so a file that begins with its export reads as line 1,
// column 1, as before; when the text cannot be read the span stays at offset 0, zero-length.
import { readTextSync } from '../fileRead';
import { exportedHandlers, isHttpMethod } from '../parsing/exports';
import type { Span } from './types';

/** Larger files are not read for a location (a route, page or proxy file of 1 MB is not a real one). */
const MAX_BYTES = 1024 * 1024;

export type ReadText = (file: string) => string | undefined;

export function readFromDisk(file: string): string | undefined {
  return readTextSync(file, MAX_BYTES);
}

export type Role = 'route' | 'page' | 'middleware' | 'proxy';

const PREFERS: Record<Role, (name: string) => boolean> = {
  route: (name) => isHttpMethod(name),
  page: (name) => name === 'default',
  middleware: (name) => name === 'middleware' || name === 'default',
  proxy: (name) => name === 'proxy' || name === 'default',
};

function lineEnd(text: string, from: number): number {
  let e = from;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return e;
}

/** The span for a file in the given role (see the header); `{0, 0}` when there is no text. */
export function projectSpan(file: string, role: Role, readText: ReadText): Span {
  let text: string | undefined;
  try {
    text = readText(file);
  } catch {
    text = undefined;
  }
  if (!text) return { start: 0, end: 0 };
  const exp = exportedHandlers(file, text).find((e) => PREFERS[role](e.name));
  if (exp) return { start: exp.statementSpan.start, end: Math.min(exp.statementSpan.end, lineEnd(text, exp.statementSpan.start)) };
  const m = /\S/.exec(text);
  if (!m) return { start: 0, end: 0 };
  let end = lineEnd(text, m.index);
  while (end > m.index && /\s/.test(text[end - 1])) end--;
  return { start: m.index, end };
}
