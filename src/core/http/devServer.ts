// Finding the app's running `next dev`: `<distDir>/dev/lock` ({pid, port, hostname, appUrl, startedAt}),
// stale when its pid is gone or its URL does not answer; else the configured base URL.
// With the default host the lock says http://localhost:P; requests go to 127.0.0.1 when that answers
// (no IPv6/IPv4 guessing). Both come from the repository, so a probe connects only where a request
// may go (./loopback: loopback addresses and localhost, checked as resolved) unless the user allows more.
import * as net from 'node:net';
import * as path from 'node:path';
import { readTextFile } from '../fileRead';
import type { NextApp } from '../project/nextApps';
import { checkHost, checkedLookup, NON_LOOPBACK_CODE, type Resolver } from './loopback';
import { DevLockSchema, type DevLock, type DevServerStatus, type NetworkPolicy } from './types';

export function devLockPath(app: Pick<NextApp, 'root' | 'distDir'>): string {
  return path.join(app.root, app.distDir, 'dev', 'lock');
}

export function devLogPath(app: Pick<NextApp, 'root' | 'distDir'>): string {
  return path.join(app.root, app.distDir, 'dev', 'logs', 'next-development.log');
}

export function parseDevLock(text: string): { ok: true; lock: DevLock } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: text.trim() === '' ? 'the lock file is empty (next dev is starting or was killed while writing it)' : 'the lock file is not JSON' };
  }
  const r = DevLockSchema.safeParse(json);
  if (!r.success) return { ok: false, error: `the lock file has an unexpected shape (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})` };
  try {
    const u = new URL(r.data.appUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, error: `the lock's appUrl is not http(s): ${r.data.appUrl}` };
  } catch {
    return { ok: false, error: `the lock's appUrl is not a URL: ${r.data.appUrl}` };
  }
  return { ok: true, lock: r.data };
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Hosts other than loopback and localhost are probed only when this allows them. */
  policy?: NetworkPolicy;
  resolve?: Resolver;
}

/**
 * Whether something accepts TCP connections at the URL's host and port. A connect is enough (with the
 * pid check) and, unlike an HTTP request, never makes next dev compile a page. A host the policy refuses
 * answers `refused` without any lookup or connection.
 */
export function probeUrl(url: string, options: ProbeOptions = {}): Promise<{ open: boolean; refused?: string }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve({ open: false });
  }
  const host = checkHost(u, options.policy);
  if (!host.ok) return Promise.resolve({ open: false, refused: host.message });
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const { signal } = options;
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ open: false });
    const socket = net.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port, lookup: checkedLookup(options.policy, options.resolve) });
    let settled = false;
    const done = (open: boolean, refused?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(refused ? { open, refused } : { open });
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(false), options.timeoutMs ?? 2000);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code === NON_LOOPBACK_CODE ? err.message : undefined));
  });
}

/**
 * appUrl with `localhost` replaced by 127.0.0.1 (first) and appUrl itself; a wildcard host (`next dev -H
 * 0.0.0.0` or `::`) as 127.0.0.1 only, the address of this machine such a server answers on.
 */
export function candidateUrls(appUrl: string): string[] {
  const u = new URL(appUrl);
  const origin = u.origin;
  const wildcard = u.hostname === '0.0.0.0' || u.hostname === '[::]';
  if (u.hostname === 'localhost' || wildcard) {
    u.hostname = '127.0.0.1';
    return wildcard ? [u.origin] : [u.origin, origin];
  }
  return [origin];
}

export interface FindDevServerOptions {
  /** `bffRoutes.baseUrl`, used when no live lock is found. */
  baseUrl?: string;
  /** Per-probe timeout. Default 2 000 ms. */
  probeTimeoutMs?: number;
  signal?: AbortSignal;
  /** `bffRoutes.allowNonLoopback`: without it only loopback addresses and localhost are probed. */
  policy?: NetworkPolicy;
  resolve?: Resolver;
}

function clause(sentence: string): string {
  return sentence.replace(/\.$/, '');
}

/** Never rejects. */
export async function findDevServer(app: Pick<NextApp, 'root' | 'distDir'>, options: FindDevServerOptions = {}): Promise<DevServerStatus> {
  const lockFile = devLockPath(app);
  const probe: ProbeOptions = { timeoutMs: options.probeTimeoutMs ?? 2000, ...(options.signal ? { signal: options.signal } : {}), ...(options.policy ? { policy: options.policy } : {}), ...(options.resolve ? { resolve: options.resolve } : {}) };
  let staleLock: Extract<DevServerStatus, { state: 'not-running' }>['staleLock'];
  let text: string | undefined;
  // No lock (or no regular file there): next dev is not running for this app.
  const read = await readTextFile(lockFile);
  if (read.ok) text = read.text;
  if (text !== undefined) {
    const parsed = parseDevLock(text);
    if (!parsed.ok) staleLock = { lockFile, why: parsed.error };
    else {
      const lock = parsed.lock;
      if (!pidAlive(lock.pid)) staleLock = { lockFile, lock, why: `its process ${lock.pid} is gone` };
      else {
        let refused: string | undefined;
        for (const url of candidateUrls(lock.appUrl)) {
          const p = await probeUrl(url, probe);
          if (p.open) return { state: 'running', source: 'lock', url, lock, lockFile };
          refused ??= p.refused;
        }
        staleLock = { lockFile, lock, why: refused ? `its appUrl was not probed (${clause(refused)})` : `${lock.appUrl} does not answer` };
      }
    }
  }
  const base = options.baseUrl?.trim();
  if (base) {
    let origin: string | undefined;
    try {
      const u = new URL(base);
      if (u.protocol === 'http:' || u.protocol === 'https:') origin = base.replace(/\/+$/, '');
    } catch {
      origin = undefined;
    }
    if (!origin) {
      return { state: 'not-running', reason: `bffRoutes.baseUrl "${base}" is not an http(s) URL.`, ...(staleLock ? { staleLock } : {}) };
    }
    const p = await probeUrl(origin, probe);
    if (p.open) return { state: 'running', source: 'config', url: origin };
    const why = p.refused ? `bffRoutes.baseUrl ${origin} was not probed (${clause(p.refused)})` : `Nothing answers at ${origin} (bffRoutes.baseUrl)`;
    return {
      state: 'not-running',
      reason: `${why}${staleLock ? `, and the dev lock is stale: ${staleLock.why}` : ''}.`,
      configuredUrl: origin,
      ...(staleLock ? { staleLock } : {}),
    };
  }
  if (staleLock) return { state: 'not-running', reason: `next dev is not running (stale lock: ${staleLock.why}).`, staleLock };
  return { state: 'not-running', reason: 'next dev is not running for this app.' };
}

