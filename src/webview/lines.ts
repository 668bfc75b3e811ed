// The response body as lines, for a view that draws only the lines on screen: line offsets, the fold
// ranges of pretty-printed JSON, which lines closed folds hide, search matches, and the JSON path and
// value of a line. No DOM and no per-line strings: a 10 MB body is indexed with charCodeAt and indexOf
// only (test/bench/bodyView.bench.ts measures the tab rendering one). Unit-tested in plain Node.

/** Where each line starts in `text`; `starts[count]` is text.length + 1 (one past the last line's end). */
export interface LineIndex {
  text: string;
  starts: Int32Array;
  count: number;
}

export function indexLines(text: string): LineIndex {
  const ix = new LineIndexer(text);
  ix.step(Infinity);
  return ix.result();
}

/**
 * indexLines in steps, for a text too long to index in one task: `step(n)` scans about n more characters,
 * true once the whole text is indexed. One pass; the offsets array doubles as it fills.
 */
export class LineIndexer {
  private starts = new Int32Array(1024);
  private count = 1;
  private at = 0;

  constructor(private readonly text: string) {}

  step(chars: number): boolean {
    const { text } = this;
    const stop = Math.min(text.length, this.at + chars);
    let i = text.indexOf('\n', this.at);
    while (i !== -1 && i < stop) {
      if (this.count + 1 >= this.starts.length) {
        const grown = new Int32Array(this.starts.length * 2);
        grown.set(this.starts);
        this.starts = grown;
      }
      this.starts[this.count++] = i + 1;
      i = text.indexOf('\n', i + 1);
    }
    this.at = i === -1 ? text.length : i;
    return i === -1;
  }

  result(): LineIndex {
    // (step keeps a free slot after the last start)
    this.starts[this.count] = this.text.length + 1;
    return { text: this.text, starts: this.starts.subarray(0, this.count + 1), count: this.count };
  }
}

export function lineText(ix: LineIndex, line: number): string {
  return ix.text.slice(ix.starts[line], ix.starts[line + 1] - 1);
}

/** The line holding character offset `at` (binary search). */
export function lineOf(ix: LineIndex, at: number): number {
  let lo = 0;
  let hi = ix.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ix.starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const SPACE = 32;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

function firstNonSpace(ix: LineIndex, line: number): number {
  let i = ix.starts[line];
  const end = ix.starts[line + 1] - 1;
  while (i < end && ix.text.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * Fold ranges of JSON printed one value per line (the host's prettyJson): a line ending in `{` or `[`
 * opens, a line starting with `}` or `]` closes. `end[start]` is the closing line of a fold opened at
 * `start`, -1 elsewhere. Unbalanced input (a body cut for display) leaves the open folds unclosed.
 */
export function jsonFolds(ix: LineIndex): Int32Array {
  const end = new Int32Array(ix.count).fill(-1);
  const open: number[] = [];
  for (let l = 0; l < ix.count; l++) {
    const first = firstNonSpace(ix, l);
    const c0 = ix.text.charCodeAt(first);
    if ((c0 === CLOSE_BRACE || c0 === CLOSE_BRACKET) && open.length) end[open.pop()!] = l;
    const stop = ix.starts[l + 1] - 2;
    const last = stop >= first ? ix.text.charCodeAt(stop) : -1;
    if (last === OPEN_BRACE || last === OPEN_BRACKET) open.push(l);
  }
  return end;
}

/** Whether `line` opens a fold (ends in `{` or `[`): known without the fold ranges. */
export function opensFold(ix: LineIndex, line: number): boolean {
  const stop = ix.starts[line + 1] - 2;
  if (stop < ix.starts[line]) return false;
  const c = ix.text.charCodeAt(stop);
  return c === OPEN_BRACE || c === OPEN_BRACKET;
}

/** The lines shown in order, skipping those inside closed folds (a closed fold shows its first and last line). */
export function visibleLines(count: number, foldEnd: Int32Array | undefined, closed: ReadonlySet<number>): Int32Array {
  const out = new Int32Array(count);
  if (!foldEnd || closed.size === 0) {
    for (let l = 0; l < count; l++) out[l] = l;
    return out;
  }
  let n = 0;
  for (let l = 0; l < count; l++) {
    out[n++] = l;
    if (closed.has(l) && foldEnd[l] > l) l = foldEnd[l] - 1;
  }
  return out.subarray(0, n);
}

/** Start lines of the folds that enclose `line` (outermost first). */
export function enclosingFolds(foldEnd: Int32Array, line: number): number[] {
  const out: number[] = [];
  for (let l = 0; l < line; l++) if (foldEnd[l] >= line) out.push(l);
  return out;
}

export interface Match {
  /** Character offsets in the text, end exclusive. */
  start: number;
  end: number;
  line: number;
}

/** Matches kept per search; the count says when there were more. */
export const MAX_MATCHES = 100_000;

/** Case-insensitive occurrences of `query` (none for an empty query), at most `max`. */
export function findMatches(ix: LineIndex, query: string, max = MAX_MATCHES): { matches: Match[]; more: boolean } {
  const matches: Match[] = [];
  if (!query) return { matches, more: false };
  // A case-insensitive regular expression of the literal query: no lower-cased copy of a 10 MB body.
  const re = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  let line = 0;
  for (let m = re.exec(ix.text); m; m = re.exec(ix.text)) {
    if (matches.length === max) return { matches, more: true };
    while (ix.starts[line + 1] <= m.index) line++;
    matches.push({ start: m.index, end: m.index + m[0].length, line });
  }
  return { matches, more: false };
}

// ---- JSON path and value of a line ------------------------------------------------------------

export type PathSegment = string | number;

/** The key a pretty-printed line starts with (`"a\"b": …` -> a"b), or undefined. */
function keyOf(ix: LineIndex, line: number): { key: string; rest: number } | undefined {
  const i = firstNonSpace(ix, line);
  const text = ix.text;
  if (text.charCodeAt(i) !== 34) return undefined;
  let j = i + 1;
  const end = ix.starts[line + 1] - 1;
  while (j < end && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
  if (text.slice(j + 1, j + 3) !== ': ') return undefined;
  try {
    return { key: JSON.parse(text.slice(i, j + 1)) as string, rest: j + 3 };
  } catch {
    return undefined;
  }
}

/**
 * The JSON path of what `line` shows, as segments: keys of objects, indexes of arrays. A closing line
 * belongs to the value it closes. Walks the lines before it once (a click costs one pass, not an index).
 */
export function jsonPathAt(ix: LineIndex, line: number): PathSegment[] {
  // Each open container: its kind and the index of its current element (arrays) or key (objects).
  const stack: Array<{ array: boolean; seg: PathSegment | undefined; index: number }> = [];
  let own: PathSegment | undefined;
  for (let l = 0; l <= line; l++) {
    const first = firstNonSpace(ix, l);
    const c0 = ix.text.charCodeAt(first);
    if (c0 === CLOSE_BRACE || c0 === CLOSE_BRACKET) {
      const closed = stack.pop();
      own = closed?.seg;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.array) own = ++top.index;
    else own = keyOf(ix, l)?.key;
    const stop = ix.starts[l + 1] - 2;
    const last = stop >= first ? ix.text.charCodeAt(stop) : -1;
    if ((last === OPEN_BRACE || last === OPEN_BRACKET) && l < line) stack.push({ array: last === OPEN_BRACKET, seg: own, index: -1 });
  }
  const path = stack.map((s) => s.seg).filter((s): s is PathSegment => s !== undefined);
  if (own !== undefined) path.push(own);
  return path;
}

/** `$.users[3]["first name"]`: JavaScript / JSONPath notation, quoted where a key is not an identifier. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * The JSON text of the value `line` shows (its key left out): a scalar as written, or the whole object
 * or array down to its closing line. A closing line gives the value it closes. Undefined when the lines
 * do not parse (a body cut for display).
 */
export function jsonValueAt(ix: LineIndex, foldEnd: Int32Array, line: number): string | undefined {
  let start = line;
  const c0 = ix.text.charCodeAt(firstNonSpace(ix, line));
  if (c0 === CLOSE_BRACE || c0 === CLOSE_BRACKET) {
    start = -1;
    for (let l = line - 1; l >= 0; l--) if (foldEnd[l] === line) { start = l; break; }
    if (start < 0) return undefined;
  }
  const key = keyOf(ix, start);
  const from = key ? key.rest : firstNonSpace(ix, start);
  const last = foldEnd[start] > start ? foldEnd[start] : start;
  let text = ix.text.slice(from, ix.starts[last + 1] - 1).trimEnd();
  if (text.endsWith(',')) text = text.slice(0, -1);
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  // Re-indent a container to start at column 0 (its lines keep the nesting's indentation).
  const indent = firstNonSpace(ix, start) - ix.starts[start];
  return indent > 0 ? text.split('\n').map((t, i) => (i === 0 ? t : t.slice(Math.min(indent, t.length - t.trimStart().length)))).join('\n') : text;
}
