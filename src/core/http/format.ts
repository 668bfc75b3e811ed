// Response body presentation by content type: JSON pretty-printed with fold ranges, XML
// pretty-printed, text, HTML as source, server-sent events as events, images as base64 for an
// <img>, other binary as size plus a hex head; a note when the body was truncated.
import type { FormattedBody, SseEvent } from './types';

export interface FormatOptions {
  /** Bytes the server sent in total (more than `bytes.length` when truncated). */
  totalBytes?: number;
  truncated?: boolean;
}

export function formatBody(bytes: Uint8Array, contentType: string | undefined, options: FormatOptions = {}): FormattedBody {
  void bytes; void contentType; void options;
  throw new Error('formatBody: not implemented yet (H4a, in progress)');
}

/** Events of a text/event-stream body (complete events only). */
export function parseSse(text: string): SseEvent[] {
  void text;
  throw new Error('parseSse: not implemented yet (H4a, in progress)');
}
