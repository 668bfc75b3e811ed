// Finding the app's running `next dev`: `<distDir>/dev/lock` ({pid, port, hostname, appUrl, startedAt}),
// stale when its pid is gone or its URL does not answer; else the configured base URL.
import type { NextApp } from '../project/nextApps';
import type { DevLock, DevServerStatus } from './types';

export function devLockPath(app: Pick<NextApp, 'root' | 'distDir'>): string {
  void app;
  throw new Error('devLockPath: not implemented yet (H4a, in progress)');
}

export function parseDevLock(text: string): { ok: true; lock: DevLock } | { ok: false; error: string } {
  void text;
  throw new Error('parseDevLock: not implemented yet (H4a, in progress)');
}

export interface FindDevServerOptions {
  /** `bffRoutes.baseUrl`, used when no live lock is found. */
  baseUrl?: string;
  /** Per-probe timeout. Default 2 000 ms. */
  probeTimeoutMs?: number;
  signal?: AbortSignal;
}

export async function findDevServer(app: Pick<NextApp, 'root' | 'distDir'>, options: FindDevServerOptions = {}): Promise<DevServerStatus> {
  void app; void options;
  throw new Error('findDevServer: not implemented yet (H4a, in progress)');
}
