// One HTTP exchange on node:http / node:https, every connection made through ./loopback's checked lookup
// (Node's socket calls it, so the address checked is the address connected to). Node's own client instead of a
// fetch library: the global fetch may be routed through VS Code's proxy (which would resolve the name itself),
// and undici's fetch with its Agent cost 540 KB of the extension bundle for what these few lines do.
// What fetch did and this keeps: request bodies encoded as fetch encodes them (Node's Response does it, boundary
// included), `accept: */*` and `accept-encoding: gzip, deflate` unless given, a compressed body decoded, redirects
// left to the caller (manual), one connection per exchange (closed when done), an AbortSignal that cancels.
// The request is built with `new http.ClientRequest`, not `http.request`: VS Code's extension host replaces
// `http.request`/`https.request` with versions that route through its proxy resolver (http.proxySupport), which
// keeps a direct connection only for `localhost` and 127.0.0.1; a proxy would resolve `::1` or `x.localhost`
// itself, past the checked lookup.
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import * as zlib from 'node:zlib';
import { checkedLookup, type Resolver } from './loopback';
import type { NetworkPolicy } from './types';

/** What a request body may be (as fetch takes it): the executor's bodies (./body) and the MCP call's JSON. */
export type SendBody = string | URLSearchParams | FormData;

export interface SendInit {
  method: string;
  headers: Headers;
  body?: SendBody;
  signal: AbortSignal;
  /** Where the connection may go (loopback and localhost only unless the policy allows more). */
  policy?: NetworkPolicy;
  resolve?: Resolver;
}

export interface Sent {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as it arrives, decoded; it throws (a reset, the abort) where the exchange failed. */
  body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body and the connection (a redirect that is followed, an early return). */
  cancel(): void;
  /** The whole body as text (the MCP call's small JSON answers). */
  text(): Promise<string>;
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

function headersOf(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // a header fetch would refuse too (an invalid name or value): left out
    }
  }
  return headers;
}

/** Sends one request and resolves with the response head; rejects as the connection or the signal fails. */
export async function send(url: URL, init: SendInit): Promise<Sent> {
  const { signal } = init;
  if (signal.aborted) throw abortError(signal);
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate');
  let payload: Buffer | Readable | undefined;
  if (init.body !== undefined) {
    // Node's Response encodes a body exactly as fetch does (a multipart boundary, a Blob streamed from disk).
    const encoded = new Response(init.body);
    const type = encoded.headers.get('content-type');
    if (type !== null && !headers.has('content-type')) headers.set('content-type', type);
    if (init.body instanceof FormData) payload = encoded.body ? Readable.fromWeb(encoded.body as import('node:stream/web').ReadableStream<Uint8Array>) : undefined;
    else payload = Buffer.from(await encoded.arrayBuffer());
    if (Buffer.isBuffer(payload)) headers.set('content-length', String(payload.byteLength));
  }
  const outgoing: Record<string, string> = {};
  headers.forEach((v, k) => (outgoing[k] = v));
  // Its own agent, so no connection is shared or kept alive; destroyed when the exchange ends.
  const agent = url.protocol === 'https:' ? new https.Agent() : new http.Agent();

  return new Promise<Sent>((resolve, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = new http.ClientRequest({ ...urlToHttpOptions(url), method: init.method, headers: outgoing, lookup: checkedLookup(init.policy, init.resolve), agent });
    const onAbort = (): void => {
      const err = abortError(signal);
      req.destroy(err);
      response?.destroy(err);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      agent.destroy();
    };
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.once('response', (res) => {
      response = res;
      res.once('close', done);
      const coding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
      const decoder = DECODERS[coding];
      let body: Readable = res;
      if (decoder && init.method !== 'HEAD' && res.statusCode !== 204 && res.statusCode !== 304) {
        body = res.pipe(decoder() as unknown as zlib.Gunzip);
        res.once('error', (err) => body.destroy(err));
      }
      // The caller's iteration receives a failure; this listener only keeps one that comes before it from
      // being an uncaught 'error' event.
      body.on('error', () => undefined);
      const cancel = (): void => {
        body.destroy();
        res.destroy();
      };
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: headersOf(res.rawHeaders),
        body: body as AsyncIterable<Uint8Array>,
        cancel,
        text: async () => {
          const parts: Buffer[] = [];
          for await (const chunk of body) parts.push(chunk as Buffer);
          return Buffer.concat(parts).toString('utf8');
        },
      });
    });
    if (payload === undefined) req.end();
    else if (Buffer.isBuffer(payload)) req.end(payload);
    else {
      payload.once('error', (err) => req.destroy(err));
      payload.pipe(req);
    }
  });
}
