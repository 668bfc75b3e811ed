// Copy as cURL (POSIX shell), as fetch, and "Save as .http" (REST Client / httpYac). Secret header
// values (Authorization, Cookie, those the user marks) are never written: they become variables.
import type { ExportOptions, HttpFileEntry, RequestSpecInput } from './types';

export function isSecretHeader(name: string, extra: readonly string[] = []): boolean {
  void name; void extra;
  throw new Error('isSecretHeader: not implemented yet (H4a, in progress)');
}

export function toCurl(spec: RequestSpecInput, options: ExportOptions = {}): string {
  void spec; void options;
  throw new Error('toCurl: not implemented yet (H4a, in progress)');
}

export function toFetch(spec: RequestSpecInput, options: ExportOptions = {}): string {
  void spec; void options;
  throw new Error('toFetch: not implemented yet (H4a, in progress)');
}

export function toHttpFile(entries: readonly HttpFileEntry[], options: ExportOptions = {}): string {
  void entries; void options;
  throw new Error('toHttpFile: not implemented yet (H4a, in progress)');
}
