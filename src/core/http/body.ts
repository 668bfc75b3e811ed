// Request bodies: validation before sending (a JSON error with its line and column) and
// conversion to what fetch sends (string, URLSearchParams, FormData with files streamed from disk).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { BodyCheck, HttpMethod, RequestBody, TextPosition } from './types';

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

/** Strict JSON (no comments, no trailing commas); the first error with its position. */
export function checkJson(text: string): BodyCheck {
  if (text.trim() === '') return { ok: false, message: 'The JSON body is empty. Choose "none" to send no body.' };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const e = errors[0];
    const pos = positionAt(text, e.offset);
    const what = ERROR_TEXT[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error);
    return { ok: false, message: `The JSON body does not parse: ${what} at line ${pos.line}, column ${pos.column}.`, position: pos };
  }
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (err) {
    // jsonc-parser is more lenient than JSON.parse in a few corners; JSON.parse has the last word.
    return { ok: false, message: `The JSON body does not parse: ${(err as Error).message}` };
  }
}

/** Checks a body before sending: JSON must parse; multipart files must be readable. */
export function validateBody(body: RequestBody, method?: HttpMethod): BodyCheck {
  if (body.kind !== 'none' && (method === 'GET' || method === 'HEAD')) {
    return { ok: false, message: `A ${method} request cannot carry a body (fetch refuses it). Choose "none" or another method.` };
  }
  switch (body.kind) {
    case 'json':
      return checkJson(body.text);
    case 'multipart':
      for (const f of body.fields) {
        if (f.enabled === false) continue;
        if (f.name === '') return { ok: false, message: 'A form field has no name.' };
        if (f.kind === 'file') {
          try {
            if (!fs.statSync(f.path).isFile()) return { ok: false, message: `Field "${f.name}": ${f.path} is not a file.` };
            fs.accessSync(f.path, fs.constants.R_OK);
          } catch {
            return { ok: false, message: `Field "${f.name}": cannot read ${f.path}.` };
          }
        }
      }
      return { ok: true };
    default:
      return { ok: true };
  }
}

const MIME_BY_EXT: Record<string, string> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

export function guessMime(file: string): string {
  return MIME_BY_EXT[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface FetchBody {
  body?: string | URLSearchParams | FormData;
  /** Content-Type to set when the user gave none (undefined: let fetch decide, as for FormData). */
  contentType?: string;
}

/**
 * What fetch sends. Files are opened as Blobs backed by the file (not read into memory).
 * Rejects only with a message meant for the user (a file that vanished since validation).
 */
export async function toFetchBody(body: RequestBody): Promise<FetchBody> {
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { body: body.text, contentType: 'application/json' };
    case 'text':
      return { body: body.text, contentType: body.contentType ?? 'text/plain;charset=utf-8' };
    case 'urlencoded': {
      const params = new URLSearchParams();
      for (const f of body.fields) if (f.enabled !== false && f.name !== '') params.append(f.name, f.value);
      return { body: params, contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    case 'multipart': {
      const form = new FormData();
      for (const f of body.fields) {
        if (f.enabled === false || f.name === '') continue;
        if (f.kind === 'text') {
          form.append(f.name, f.value);
          continue;
        }
        let blob: Blob;
        try {
          blob = await fs.openAsBlob(f.path, { type: f.contentType ?? guessMime(f.path) });
        } catch (err) {
          throw new Error(`Field "${f.name}": cannot read ${f.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
        }
        form.append(f.name, blob, f.filename ?? path.basename(f.path));
      }
      return { body: form };
    }
  }
}
