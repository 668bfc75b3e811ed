// Request bodies: validation before sending (JSON through ./json, shared with the webview) and
// conversion to what fetch sends (string, URLSearchParams, FormData with files streamed from disk),
// which ./transport encodes as fetch does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkJson } from './json';
import type { BodyCheck, HttpMethod, RequestBody } from './types';

export { checkJson, positionAt } from './json';

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
