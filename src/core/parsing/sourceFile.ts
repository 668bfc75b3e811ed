import { ts } from './ts';

/**
 * Did `err` come from running out of stack? The TypeScript parser recurses once or more per level of nesting (50,000
 * nested parentheses overflow it), and so do the analysis's walks (a chain of `a + b + …` parses without recursion
 * into a tree as deep as the chain is long). Catching the overflow is cheap and safe: it happens within about the
 * time of a parse of the same text, and the parser starts each parse from a clean state (test/unit/analysis/
 * hostile.test.ts analyses other files after overflows and compares).
 */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/** A parsed file, kept so the next parse of the same file after a small edit can be incremental. */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
}

export function scriptKindOf(file: string): ts.ScriptKind {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  // Plain .js route files routinely contain JSX-free code; parsing them as JS keeps TS-only syntax errors visible
  // while still accepting everything valid in JavaScript.
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parses `text`. With `previous` (the same file, parsed before) the parse is incremental: TypeScript reuses
 * every syntax node outside the changed range, found here as the longest common prefix and suffix.
 * A fresh parse does not set parent pointers (that is a full extra walk); `FileIndex` sets them in the walk the
 * rules need anyway. An incremental parse sets them itself. Code that walks upwards must index the file first.
 */
export function parseFile(file: string, text: string, previous?: ParsedFile): ParsedFile {
  if (previous && previous.file === file && previous.sourceFile.text === previous.text) {
    if (previous.text === text) return previous;
    const old = previous.text;
    let prefix = 0;
    const maxPrefix = Math.min(old.length, text.length);
    while (prefix < maxPrefix && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    const maxSuffix = Math.min(old.length, text.length) - prefix;
    while (suffix < maxSuffix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    const range = ts.createTextChangeRange(ts.createTextSpan(prefix, old.length - suffix - prefix), text.length - suffix - prefix);
    try {
      const sourceFile = ts.updateSourceFile(previous.sourceFile, text, range);
      return { file, text, sourceFile };
    } catch {
      // The incremental parser asserts on inconsistent input; a full parse is always correct.
    }
  }
  return { file, text, sourceFile: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file)) };
}
