// Request bodies: validation before sending (a JSON error with its line and column) and
// conversion to what fetch sends (string, URLSearchParams, FormData with streamed files).
import type { BodyCheck, RequestBody } from './types';

/** Checks a body before sending: JSON must parse (strict JSON, no comments or trailing commas). */
export function validateBody(body: RequestBody): BodyCheck {
  void body;
  throw new Error('validateBody: not implemented yet (H4a, in progress)');
}
