// Offsets <-> line/column. Offsets are UTF-16 code units (what TypeScript and VS Code use);
// lines and characters are 0-based, as in VS Code's Position.

export interface Position {
  line: number;
  character: number;
}

/** Offsets at which each line starts. Line breaks: \n, \r\n, \r, U+2028, U+2029 (as TypeScript counts them). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function startsOf(textOrStarts: string | readonly number[]): readonly number[] {
  return typeof textOrStarts === 'string' ? lineStarts(textOrStarts) : textOrStarts;
}

/** The position of `offset` (clamped to the text). Pass precomputed `lineStarts` to avoid rescanning. */
export function positionAt(textOrStarts: string | readonly number[], offset: number): Position {
  const starts = startsOf(textOrStarts);
  const max = typeof textOrStarts === 'string' ? textOrStarts.length : Number.MAX_SAFE_INTEGER;
  const o = Math.max(0, Math.min(offset, max));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: o - starts[lo] };
}

/** The offset of a position (clamped to its line and to the text). */
export function offsetAt(text: string, position: Position, starts: readonly number[] = lineStarts(text)): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[position.line];
  const nextStart = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  // Do not step past the line break into the next line.
  let lineEnd = nextStart;
  if (position.line + 1 < starts.length) {
    lineEnd -= text[lineEnd - 1] === '\n' && text[lineEnd - 2] === '\r' ? 2 : 1;
  }
  return lineStart + Math.max(0, Math.min(position.character, lineEnd - lineStart));
}
