// The request executor: Node's fetch (undici) with an AbortController for Cancel and the timeout,
// redirects shown (or followed hop by hop under the loopback policy), the body streamed chunk by
// chunk with timings, a capped head kept in memory and the whole optionally spilled to a file.
// Never rejects: every failure is a RequestFailure with a sentence for the user.
import type { ExecuteHooks, ExecuteOptions, RequestResult, RequestSpecInput } from './types';

export async function executeRequest(spec: RequestSpecInput, hooks: ExecuteHooks = {}, options: ExecuteOptions = {}): Promise<RequestResult> {
  void spec; void hooks; void options;
  throw new Error('executeRequest: not implemented yet (H4a, in progress)');
}
