// Strict JSON checking with the position of the first error: Node-free, so the extension host (before
// sending) and the webview (as the user types) run the same check and show the same message.
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { BodyCheck, TextPosition } from './types';

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: '":" is expected',
  CommaExpected: '"," is expected',
  CloseBraceExpected: '"}" is expected',
  CloseBracketExpected: '"]" is expected',
  EndOfFileExpected: 'nothing may follow the value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character in a string',
};

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: end, line, column: end - lineStart + 1 };
}

/**
 * Strict JSON (no comments, no trailing commas); the first error with its position. `reason` is the
 * short phrase ("a value is expected") for a UI that shows the position itself.
 */
export function checkJson(text: string): BodyCheck {
  if (text.trim() === '') return { ok: false, message: 'The JSON body is empty: write a JSON value, or send no body.', reason: 'the body is empty' };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const e = errors[0];
    const pos = positionAt(text, e.offset);
    const code = printParseErrorCode(e.error);
    const trailingComma = /,\s*$/.test(text.slice(0, e.offset)) && /^[}\]]/.test(text.slice(e.offset));
    const reason = trailingComma ? 'trailing commas are not allowed in JSON' : (ERROR_TEXT[code] ?? code);
    return { ok: false, message: `The JSON body does not parse: ${reason} at line ${pos.line}, column ${pos.column}.`, position: pos, reason };
  }
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (err) {
    // jsonc-parser is more lenient than JSON.parse in a few corners; JSON.parse has the last word.
    const reason = (err as Error).message;
    return { ok: false, message: `The JSON body does not parse: ${reason}`, reason };
  }
}
