// What a `next dev` started by the extension prints, kept (bounded) so that the error behind a 5xx is
// read from the terminal output with its whole stack: next dev's MCP `get_errors` knows only errors of
// browser sessions, and its log file keeps only the first line of a route handler's error.
// No vscode import: the terminal glue appends, the request runner marks and waits.
import type { ServerError } from './types';
import { parseDevOutput } from './serverErrors';

/** Characters of output kept; older output is dropped (a mark into it reads from what is left). */
export const DEV_OUTPUT_KEEP_CHARS = 4 * 1024 * 1024;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
/** next dev's request log line of a 5xx (` GET /api/boom 500 in 398ms (...)`), printed after the error of that request. */
const SERVER_ERROR_LINE = /^\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ 5\d\d in /m;

function plain(text: string): string {
  return text.replace(ANSI, '').replace(/\r\n?/g, '\n');
}

export interface WaitForErrorOptions {
  /** Give up after this long (the error may never be printed). Default 3 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class DevOutput {
  private text = '';
  /** Absolute offset of text[0] within everything ever appended. */
  private base = 0;
  private listeners = new Set<() => void>();

  /** Adds output as printed (colours and all: they are removed when read, so a sequence split across chunks is whole). */
  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > DEV_OUTPUT_KEEP_CHARS) {
      const drop = this.text.length - DEV_OUTPUT_KEEP_CHARS;
      this.text = this.text.slice(drop);
      this.base += drop;
    }
    for (const l of [...this.listeners]) l();
  }

  /** The current end of the output: pass it to `since` / `waitForError` to read only what follows. */
  mark(): number {
    return this.base + this.text.length;
  }

  /** The output after `mark`, without colours, with \n line ends. */
  since(mark: number): string {
    return plain(this.text.slice(Math.max(0, mark - this.base)));
  }

  /** The last `n` lines (for a message when the process ends early). */
  tail(n: number): string {
    return plain(this.text.slice(-64 * 1024)).split('\n').filter((l) => l.trim() !== '').slice(-n).join('\n');
  }

  /**
   * The last error printed after `mark`, once its block is complete: next dev prints the request's log
   * line (`GET /x 500 in 12ms`) after the error and its stack. Resolves undefined when no error came
   * before the timeout; bounded, event-driven (no polling).
   */
  waitForError(mark: number, appRoot: string, options: WaitForErrorOptions = {}): Promise<ServerError | undefined> {
    const last = (): ServerError | undefined => {
      const errors = parseDevOutput(this.since(mark), appRoot);
      return errors[errors.length - 1];
    };
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.listeners.delete(check);
        options.signal?.removeEventListener('abort', finish);
        resolve(last());
      };
      const check = (): void => {
        if (SERVER_ERROR_LINE.test(this.since(mark))) finish();
      };
      const timer = setTimeout(finish, options.timeoutMs ?? 3000);
      options.signal?.addEventListener('abort', finish, { once: true });
      this.listeners.add(check);
      check();
    });
  }
}
