// The cookie jar: Set-Cookie from responses kept and sent back on later requests, one jar per environment
// and origin (two apps on two ports of localhost never share a session, although RFC 6265 ignores ports).
// The rules are tough-cookie's (RFC 6265bis, the library request/got/jsdom use): path and domain matching,
// expiry and Max-Age, HttpOnly kept (this is an HTTP client, not a page script), Secure cookies stored and
// sent only over https or to a loopback host (allowSecureOnLocal), a Domain that is not the host's (another
// site, a public suffix) refused. tldts (its dependency) holds the public suffix list that refuses
// `Domain=com`.
import { Cookie, CookieJar } from 'tough-cookie';

export interface CookieView {
  name: string;
  /** The value's first characters only (cookies are secrets). */
  preview: string;
  domain: string;
  path: string;
  /** ISO date, or 'session'. */
  expires: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
}

export interface StoreOutcome {
  stored: string[];
  /** Cookies refused, each with the reason (another domain, Secure over http...). */
  ignored: string[];
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

export class CookieJars {
  private readonly jars = new Map<string, CookieJar>();

  private key(environment: string | undefined, origin: string): string {
    return `${environment ?? ''}\n${origin}`;
  }

  private jar(environment: string | undefined, url: string, create: boolean): CookieJar | undefined {
    const k = this.key(environment, originOf(url));
    let j = this.jars.get(k);
    if (!j && create) {
      j = new CookieJar(undefined, { allowSecureOnLocal: true, rejectPublicSuffixes: true, prefixSecurity: 'strict' });
      this.jars.set(k, j);
    }
    return j;
  }

  /** The Cookie header value for a request to `url`, or undefined when the jar has none for it. */
  header(environment: string | undefined, url: string): string | undefined {
    const j = this.jar(environment, url, false);
    if (!j) return undefined;
    const s = j.getCookieStringSync(url, { http: true });
    return s === '' ? undefined : s;
  }

  /** Keeps the Set-Cookie values of a response from `url`. */
  store(environment: string | undefined, url: string, setCookies: readonly string[]): StoreOutcome {
    const out: StoreOutcome = { stored: [], ignored: [] };
    if (setCookies.length === 0) return out;
    const j = this.jar(environment, url, true)!;
    for (const raw of setCookies) {
      const parsed = Cookie.parse(raw);
      const name = parsed?.key ?? raw.split('=')[0].slice(0, 60);
      if (!parsed) {
        out.ignored.push(`${name}: not a valid Set-Cookie`);
        continue;
      }
      try {
        const kept = j.setCookieSync(parsed, url, { http: true });
        if (kept) out.stored.push(parsed.key);
        else out.ignored.push(`${parsed.key}: refused (a __Host-/__Secure- prefix rule)`);
      } catch (e) {
        out.ignored.push(`${parsed.key}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return out;
  }

  /** The cookies the jar would send to `url`'s origin, for the panel (values cut). */
  list(environment: string | undefined, url: string): CookieView[] {
    const j = this.jar(environment, url, false);
    if (!j) return [];
    const origin = originOf(url);
    const all = j.serializeSync()?.cookies ?? [];
    return all.map((c) => Cookie.fromJSON(c)).filter((c): c is Cookie => !!c && (c.expiryTime() ?? Infinity) > Date.now()).map((c) => {
      const value = String(c.value);
      return {
        name: c.key, preview: value.length > 6 ? `${value.slice(0, 4)}…` : value.replace(/./g, '•'), domain: c.domain ?? new URL(origin).hostname, path: c.path ?? '/',
        expires: c.expires instanceof Date ? c.expires.toISOString() : typeof c.maxAge === 'number' ? new Date(c.expiryTime() ?? Date.now()).toISOString() : 'session',
        httpOnly: c.httpOnly, secure: c.secure, ...(c.sameSite ? { sameSite: c.sameSite } : {}),
      };
    });
  }

  /** Forgets the cookies of one origin of an environment, or of the whole environment. */
  clear(environment: string | undefined, url?: string): void {
    if (url !== undefined) this.jars.delete(this.key(environment, originOf(url)));
    else for (const k of [...this.jars.keys()]) if (k.startsWith(`${environment ?? ''}\n`)) this.jars.delete(k);
  }

  /** Plain JSON for storage (the host keeps it in SecretStorage: session cookies are credentials). */
  serialize(): string {
    const out: Record<string, unknown> = {};
    for (const [k, j] of this.jars) out[k] = j.serializeSync();
    return JSON.stringify(out);
  }

  /** Restores what `serialize` wrote; a damaged entry is dropped, never thrown. */
  static deserialize(text: string | undefined): CookieJars {
    const jars = new CookieJars();
    if (!text) return jars;
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      for (const [k, v] of Object.entries(data)) {
        try {
          // The serialized jar carries its options (prefixSecurity, rejectPublicSuffixes); allowSecureOnLocal is the default.
          jars.jars.set(k, CookieJar.deserializeSync(v as string));
        } catch {
          // dropped
        }
      }
    } catch {
      // a damaged store starts empty
    }
    return jars;
  }
}
