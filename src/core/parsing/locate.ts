// Finding nodes from the text instead of walking the tree: a word's occurrences by regular expression, then a
// descent from the root to the node at each offset. A descent visits one path (the children of each node on it),
// so a rule that needs a few places of a large file pays for those places, not for the file. Each descent sets
// the parent pointers along its path (the parse leaves them unset), so code may climb from the node it returns.
import { ts } from './ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new Map<string, RegExp>();

/** [0-9]. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The start of the ASCII identifier whose last character is at `end - 1`, read backwards; -1 when no word
 * character is there, when the word starts with a digit, or when it continues a longer, non-ASCII name.
 */
export function identifierStartBefore(text: string, end: number): number {
  let b = end;
  while (b > 0 && isWordChar(text.charCodeAt(b - 1))) b--;
  if (b === end || isDigit(text.charCodeAt(b)) || (b > 0 && text.charCodeAt(b - 1) >= 0x80)) return -1;
  return b;
}

/** [A-Za-z0-9_$]: what `\w` and `$` match, the characters that continue an ASCII identifier (false for NaN). */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Lower-case letters from the most to the least common in JavaScript source (roughly). */
const COMMON_LETTERS = 'etarsnoilcdupmhfgybwvkxjqz';
const probes = new Map<string, string>();

/**
 * The part of `name` to test its absence with: at most 6 characters from its least common letter on. V8 finds a
 * pattern of up to 6 characters by jumping to each occurrence of its first character, so a rare first character
 * makes the test several times faster (on the bench file, `hen` is found absent in a fifth of the time `then` takes).
 */
function probeOf(name: string): string {
  let p = probes.get(name);
  if (p === undefined) {
    let k = 0;
    let best = Infinity;
    for (let j = 0; j < name.length; j++) {
      const c = name[j];
      const rank = COMMON_LETTERS.indexOf(c); // -1 for upper case, digits, `_`, `$`: rarer than any lower-case letter
      const score = rank < 0 ? -1 : COMMON_LETTERS.length - rank;
      if (score < best) {
        best = score;
        k = j;
      }
    }
    p = name.slice(k, k + 6);
    if (probes.size < 1000) probes.set(name, p);
  }
  return p;
}

/**
 * Offsets of `name` as a whole word in `text[from, to)`: not preceded or followed by [A-Za-z0-9_$]. With
 * `members: false`, an occurrence right after a `.` (a property name, `x.name`) is left out.
 */
export function wordOccurrences(text: string, name: string, options: { members: boolean; from?: number; to?: number }): number[] {
  const out: number[] = [];
  const from = Math.max(0, options.from ?? 0);
  const to = Math.min(options.to ?? text.length, text.length);
  if (name.length === 0 || from >= to) return out;
  // A range is searched in a slice of it (V8 slices without copying), so the search stops at its end: searching
  // the whole text from `from` would run on to the next match however far it is.
  const hay = to - from < text.length ? text.slice(from, Math.min(text.length, to + name.length)) : text;
  const base = hay === text ? 0 : from;
  if (hay.indexOf(probeOf(name)) < 0) return out; // (indexOf is far faster than the expression)
  const keep = (i: number): boolean => {
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (isWordChar(before) || (!options.members && before === 46 /* . */)) return false;
    return !isWordChar(i + name.length < text.length ? text.charCodeAt(i + name.length) : 0);
  };
  if (/^\w(?:.*\w)?$/.test(name)) {
    // `\bname\b` finds the candidates fastest (the engine skips ahead on the literal; an indexOf loop pays a call
    // per hit, thousands for `e`); `keep` then also rules out a `$` next to it, and checks the slice's edges
    // against the whole text.
    let re = patterns.get(name);
    if (!re) {
      re = new RegExp(`\\b${escape(name)}\\b`, 'g');
      if (patterns.size < 1000) patterns.set(name, re);
    }
    // (`test` moves lastIndex past each match without building a match array: no garbage per occurrence)
    re.lastIndex = 0;
    while (re.test(hay)) {
      const at = re.lastIndex - name.length + base;
      if (at >= to) break;
      if (keep(at)) out.push(at);
    }
    return out;
  }
  for (let i = hay.indexOf(name); i >= 0 && i + base < to; i = hay.indexOf(name, i + 1)) if (keep(i + base)) out.push(i + base);
  return out;
}

/**
 * Could an identifier in `text` be spelled with escapes (`r\u0065quest`, `\u{65}`)? Then its occurrences are not
 * where a search for its name looks, and a proof that reads names from the text has nothing to stand on.
 */
export function identifiersMayBeEscaped(text: string): boolean {
  return text.includes('\\u');
}

/** White space and line breaks as JavaScript (and `\s`) counts them. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}

/** The offset of the first character at or after `i` that is not white space (the text's length if none). */
export function skipSpace(text: string, i: number): number {
  let k = i;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return k;
}

/** The first character at or after `i` that is not white space (-1 at the end). */
export function nextNonSpace(text: string, i: number): number {
  const k = skipSpace(text, i);
  return k < text.length ? text.charCodeAt(k) : -1;
}

/** The offset of the last character before `i` that is not white space (-1 if none). */
export function previousNonSpace(text: string, i: number): number {
  let k = i - 1;
  while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
  return k;
}

const K = ts.SyntaxKind;
const FUNCTION_KINDS = new Set([K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor, K.GetAccessor, K.SetAccessor]);

/**
 * The descents into one tree, sharing their way down: the path of the last descent is kept (on the root, so it lives
 * and dies with the tree), and the next descent climbs it only as far as the first node that holds its offset. A rule
 * that descends to every occurrence of a word, in source order, so pays for the part of the tree those paths cover,
 * once, instead of the depth of each occurrence: 3,200 reads nested in a ternary chain were 3,200 descents of up to
 * 3,200 levels each (quadratic; see test/bench/analysis.bench.ts, pathological shapes).
 */
class Descent {
  /** The path of the last descent, the root first. */
  private readonly path: ts.Node[];
  /** For each node of `path`, the index in `path` of the innermost function-like at or above it (-1: none). */
  private readonly fns: number[] = [-1];

  constructor(root: ts.Node) {
    this.path = [root];
  }

  to(at: number): ts.Node {
    const path = this.path;
    while (path.length > 1) {
      const top = path[path.length - 1];
      if (top.pos <= at && at < top.end) break;
      path.pop();
      this.fns.pop();
    }
    let n = path[path.length - 1];
    let next: ts.Node | undefined;
    const pick = (c: ts.Node): true | undefined => {
      if (c.pos <= at && at < c.end) {
        next = c;
        return true;
      }
      return undefined;
    };
    // A list is skipped or searched by its own range: its elements are only read on the way to the one that holds
    // `at` (on a freshly parsed tree every node read is a likely cache miss: that is most of a descent's cost).
    const pickIn = (list: ts.NodeArray<ts.Node>): true | undefined => {
      if (!(list.pos <= at && at < list.end)) return undefined;
      next = elementAt(list, at); // none: `at` is in the list's own trivia or punctuation, and no child holds it
      return true;
    };
    // Each step goes one level down a finite tree: no bound is needed (a tree may be deeper than any bound we
    // could pick: `a + b + …` is parsed without recursion, 50,000 levels deep).
    for (;;) {
      next = undefined;
      ts.forEachChild(n, pick, pickIn);
      const child = next as ts.Node | undefined; // (set by the callbacks, which the compiler does not see)
      if (!child) break;
      (child as { parent: ts.Node }).parent = n;
      this.fns.push(FUNCTION_KINDS.has(child.kind) ? path.length : this.fns[path.length - 1]);
      path.push(child);
      n = child;
    }
    return n;
  }

  /** The innermost function-like above the node the last descent returned (not that node itself). */
  functionAbove(): ts.FunctionLikeDeclaration | undefined {
    const i = this.fns[this.path.length - 2] ?? -1;
    return i >= 0 ? (this.path[i] as ts.FunctionLikeDeclaration) : undefined;
  }
}

const DESCENT = Symbol('descent');

/** The descents into `root` (see Descent), kept on it. */
export function descentInto(root: ts.Node): Descent {
  const holder = root as unknown as Record<symbol, Descent | undefined>;
  return (holder[DESCENT] ??= new Descent(root));
}

/**
 * The deepest node under `root` whose range (leading trivia included) holds offset `at`, setting the parent
 * pointer of every node on the way down. `root` itself when no child holds it (an offset in trailing trivia or in
 * a token that is not a node, such as a keyword or punctuation). Lists of children are binary-searched; the way down
 * is shared with the previous descent into the same root (see Descent).
 */
export function descend(root: ts.Node, at: number): ts.Node {
  return descentInto(root).to(at);
}

/**
 * Is offset `at` inside a '…' or "…" string literal, as far as its own line shows? Read without the tree, and
 * only where the line alone decides it: a file without JSX (where `it's {x}` could be text then code), no backtick,
 * `/` or `${` before `at` on the line (a template, a regular expression or a comment could change what a quote
 * means), and a previous line that does not end with a backslash (a string continued from it). False when unsure:
 * the caller then descends. A line inside a block comment or a template's text that looks quoted is text anyway.
 */
export function quotedAt(sf: ts.SourceFile, text: string, at: number): boolean {
  if (sf.languageVariant !== ts.LanguageVariant.Standard) return false;
  // the line's start: after the last \n before `at`, or a lone \r after it (native searches, not a loop per
  // character; the \r search runs in the line only, or it would scan back to the start of a file without one)
  let start = text.lastIndexOf('\n', at - 1) + 1;
  const cr = at > start ? text.slice(start, at).lastIndexOf('\r') : -1;
  if (cr >= 0) start += cr + 1;
  if (start > 0) {
    const k = text.charCodeAt(start - 1) === 10 && text.charCodeAt(start - 2) === 13 ? start - 3 : start - 2;
    if (k >= 0 && text.charCodeAt(k) === 92) return false; // `\` line continuation
  }
  let quote = 0;
  for (let i = start; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 96 || c === 47 || (c === 36 && text.charCodeAt(i + 1) === 123)) return false; // ` / ${
    if (quote === 0) {
      if (c === 39 || c === 34) quote = c;
    } else if (c === 92) i++; // an escape inside the string
    else if (c === quote) quote = 0;
  }
  return quote !== 0;
}

/** The identifier spelled `name` that starts at `at` (found by descent), or undefined when the word there is text. */
export function identifierAt(root: ts.Node, at: number, name: string): ts.Identifier | undefined {
  const n = descend(root, at);
  return ts.isIdentifier(n) && n.end === at + name.length && n.text === name ? n : undefined;
}

/** Every identifier spelled `name` in `text[from, to)`, found by word search and descent (their paths get parents). */
export function identifiersNamed(sf: ts.SourceFile, text: string, name: string, from = 0, to = text.length): ts.Identifier[] {
  return wordOccurrences(text, name, { members: true, from, to }).flatMap((at) => identifierAt(sf, at, name) ?? []);
}

/** The top-level statement holding `node` (by position). */
export function topStatementOf(sf: ts.SourceFile, node: ts.Node): ts.Statement | undefined {
  return statementAt(sf, node.pos < node.end ? node.getStart(sf) : node.pos);
}

/** The top-level statement whose range (leading trivia included) holds offset `at`. */
export function statementAt(sf: ts.SourceFile, at: number): ts.Statement | undefined {
  return elementAt(sf.statements, at);
}

/** The element of `list` (in source order, ranges not overlapping) whose range holds offset `at`, by binary search. */
function elementAt<T extends ts.Node>(list: readonly T[], at: number): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= at) lo = mid + 1;
    else hi = mid;
  }
  const el = list[lo];
  return el && el.pos <= at ? el : undefined;
}
