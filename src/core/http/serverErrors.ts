// The server-side error behind a 5xx: first the dev server's MCP endpoint (`/_next/mcp`, tool
// `get_errors`), else `<distDir>/dev/logs/next-development.log`. Stacks are parsed into frames mapped
// to workspace files so the UI can open the source line.
import type { NextApp } from '../project/nextApps';
import type { ServerErrorReport, StackFrame } from './types';

export interface FetchServerErrorsOptions {
  /** The dev server's origin, e.g. http://127.0.0.1:3000. */
  url: string;
  app: Pick<NextApp, 'root' | 'distDir'>;
  /** Only log entries written at or after this time (epoch ms) when reading the log. */
  sinceMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function fetchServerErrors(options: FetchServerErrorsOptions): Promise<ServerErrorReport> {
  void options;
  throw new Error('fetchServerErrors: not implemented yet (H4a, in progress)');
}

/** Frames of a V8 stack (`at fn (file:line:col)`), with workspace files resolved under `appRoot`. */
export function parseStack(stack: string, appRoot: string): StackFrame[] {
  void stack; void appRoot;
  throw new Error('parseStack: not implemented yet (H4a, in progress)');
}
