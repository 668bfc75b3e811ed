import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from '../ids';

/** The extension's one LogOutputChannel. Its level follows VS Code's "Developer: Set Log Level". */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
}

/** Logs an unknown thrown value with its stack. */
export function logError(log: Log, what: string, err: unknown): void {
  if (err instanceof Error) log.error(`${what}: ${err.stack ?? err.message}`);
  else log.error(`${what}: ${String(err)}`);
}
