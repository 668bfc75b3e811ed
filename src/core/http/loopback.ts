// Where the panel may connect. A cloned repository chooses the URLs (bffRoutes.baseUrl in its
// .vscode/settings.json, its .next/dev/lock, a route's redirect), so a host NAME is never trusted:
// - a literal loopback address (127.0.0.0/8, ::1, ::ffff:127.x) is used as is;
// - `localhost` and `*.localhost` are resolved by their own name, and every address of the answer must be
//   loopback: RFC 6761 asks resolvers to answer such names with loopback, but nothing forces them to (an
//   /etc/hosts line or a DNS server may map `evil.localhost` to another machine), so the name alone proves
//   nothing, and resolving it as plain `localhost` would send to an address the name does not have;
// - anything else is refused before any DNS query or connection, unless the user setting
//   bffRoutes.allowNonLoopback (application scope: a workspace cannot set it) allows it.
// The check runs inside the socket's own `lookup` (net.connect calls it; ./transport hands it to node:http),
// so the addresses checked are the addresses connected to: no second lookup for a rebinding answer to slip
// into. Requests use node:http (./transport), not the global fetch, which VS Code may route through a proxy
// (a proxy would resolve the name itself).
import * as dns from 'node:dns';
import * as net from 'node:net';
import type { NetworkPolicy, Resolver } from './types';

export type { Resolver };

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true });

/** The error code of a connection refused by the policy (the executor turns it into a `non-loopback` failure). */
export const NON_LOOPBACK_CODE = 'ERR_BFF_NON_LOOPBACK';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** A literal address of this machine's loopback interface (IPv4-mapped IPv6 included). Names are not. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(a);
  return family !== 0 && LOOPBACK.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

/** `localhost`, `*.localhost` (RFC 6761), with or without the root dot: loopback only if they resolve to it. */
export function isLocalhostName(hostname: string): boolean {
  return /(^|\.)localhost\.?$/i.test(hostname);
}

const SETTING = 'unless the user setting bffRoutes.allowNonLoopback is on';

/**
 * Whether a connection to this URL's host may be attempted. Loopback literals and localhost names pass
 * (a localhost name counts only when every address it resolves to is loopback); any other host passes only when the policy allows it, with a
 * warning to show.
 */
export function checkHost(url: URL, policy: NetworkPolicy | undefined): { ok: true; warning?: string } | { ok: false; message: string } {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLoopbackAddress(host) || isLocalhostName(host)) return { ok: true };
  if (policy?.allowNonLoopback) return { ok: true, warning: `Sending to ${url.host}, which is not this machine (allowed by bffRoutes.allowNonLoopback).` };
  return { ok: false, message: `${url.host} is not this machine. Requests go only to loopback addresses (127.0.0.1, ::1) and localhost ${SETTING}.` };
}

function refused(what: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${what}. Requests go only to loopback addresses and localhost ${SETTING}.`);
  err.code = NON_LOOPBACK_CODE;
  return err;
}

/**
 * A `lookup` for net.connect / tls.connect (http.request hands it on) that resolves a localhost name by its
 * real name and, unless the policy allows more, answers only when every address is loopback. A name the
 * policy refuses is never sent to the resolver. Node calls it only for names: IP literals connect directly.
 */
export function checkedLookup(policy: NetworkPolicy | undefined, resolve: Resolver = systemResolver): net.LookupFunction {
  return (hostname, options, callback) => {
    const answer = async (): Promise<dns.LookupAddress[]> => {
      const local = isLocalhostName(hostname);
      if (!local && !policy?.allowNonLoopback) throw refused(`${hostname} is not this machine`);
      const all = await resolve(hostname);
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
      if (!policy?.allowNonLoopback) {
        const bad = all.find((a) => !isLoopbackAddress(a.address));
        if (bad) throw refused(`${hostname} resolves to ${bad.address}, which is not this machine`);
      }
      if (wanted.length === 0) throw Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
      return wanted;
    };
    answer().then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
