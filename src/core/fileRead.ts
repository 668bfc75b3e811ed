// The one way src/ reads a file of the user's repository (the CLI, the core and the extension host alike;
// eslint.config.mjs forbids readFile/readFileSync elsewhere). A cloned repository is hostile input: git keeps
// symlinks, so `package.json` may point at /dev/zero (an endless read) or be a FIFO (an open that blocks forever,
// holding a libuv pool thread when done asynchronously). So:
// - only regular files are read: a stat refuses anything else without opening it, and the opened descriptor is
//   checked again with fstat (the path may have been swapped between the stat and the open);
// - the open never blocks: O_NONBLOCK (a FIFO swapped in after the stat opens at once and fails the fstat check);
// - at most `cap + 1` bytes are read, whatever the stat said (a file growing under us, a lying size), so a file
//   over the cap is refused after a bounded read.
// The text is decoded as UTF-8 with a leading byte-order mark removed, as the editor does: offsets and columns
// of the CLI then agree with the editor's. Nothing here throws: a refusal comes back with its reason.
import * as fs from 'node:fs';

/** The most any file read of src/ returns (2 MiB): a route, config or package.json is far smaller. */
export const MAX_READ_BYTES = 2 * 1024 * 1024;

export type ReadRefusal = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export interface ReadFailure {
  ok: false;
  refusal: ReadRefusal;
  /** One line, for a report: "not a regular file (a FIFO)". */
  reason: string;
}

export type ReadResult = { ok: true; text: string } | ReadFailure;

/** O_NONBLOCK does not exist on Windows (where a named pipe is not a file path anyway). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function sizeText(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${n} bytes`;
}

/** A stat's verdict: undefined when the file may be read. */
function refuse(st: fs.Stats, cap: number): ReadFailure | undefined {
  if (!st.isFile()) return { ok: false, refusal: 'not-regular', reason: `not a regular file (${kindOf(st)})` };
  if (st.size > cap) return tooLarge(cap);
  return undefined;
}

function tooLarge(cap: number): ReadFailure {
  return { ok: false, refusal: 'too-large', reason: `larger than ${sizeText(cap)} (the read cap)` };
}

function failed(err: unknown): ReadFailure {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, refusal: 'missing', reason: 'no such file' };
  if (code === 'ELOOP') return { ok: false, refusal: 'unreadable', reason: 'too many levels of symbolic links' };
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, refusal: 'unreadable', reason: `cannot read: ${message}` };
}

const decoder = new TextDecoder('utf-8');

function decode(buf: Uint8Array): string {
  // TextDecoder drops a leading BOM (ignoreBOM false) and replaces invalid sequences, like the editor.
  return decoder.decode(buf);
}

/**
 * Reads up to cap + 1 bytes through `read` into a buffer grown as needed; undefined when over the cap. `size` is
 * what fstat said: a read that comes back short once that much is in is the end of a regular file (no further read
 * to see 0 bytes: one system call less per file). A size of 0 (procfs, a lying file system) proves nothing: then
 * the read goes on to a 0.
 */
function collect(size: number, cap: number, read: (buf: Buffer, at: number) => number): Buffer | undefined {
  let buf = Buffer.allocUnsafe(Math.min(cap + 1, Math.max(size + 1, 64)));
  let len = 0;
  for (;;) {
    if (len === buf.length) {
      if (len > cap) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(cap + 1, buf.length * 2));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    const wanted = buf.length - len;
    const n = read(buf, len);
    if (n === 0) break;
    len += n;
    if (n < wanted && size > 0 && len >= size) break;
  }
  return len > cap ? undefined : buf.subarray(0, len);
}

/**
 * Opens a regular file for reading without blocking, checked on the open descriptor; a refusal otherwise.
 * The caller closes the descriptor. (The dev-server log reader reads a tail through it.)
 */
export function openRegularSync(file: string, cap = Infinity): { fd: number; size: number } | ReadFailure {
  let fd: number;
  try {
    const verdict = refuse(fs.statSync(file), cap);
    if (verdict) return verdict;
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    return failed(e);
  }
  try {
    const st = fs.fstatSync(fd);
    const verdict = refuse(st, cap);
    if (!verdict) return { fd, size: st.size };
    fs.closeSync(fd);
    return verdict;
  } catch (e) {
    fs.closeSync(fd);
    return failed(e);
  }
}

/** Synchronous read (the CLI, and the core's bounded look at a few small files). */
export function readTextFileSync(file: string, cap = MAX_READ_BYTES): ReadResult {
  const opened = openRegularSync(file, cap);
  if ('ok' in opened) return opened;
  const { fd, size } = opened;
  try {
    const buf = collect(size, cap, (b, at) => fs.readSync(fd, b, at, b.length - at, null));
    return buf ? { ok: true, text: decode(buf) } : tooLarge(cap);
  } catch (e) {
    return failed(e);
  } finally {
    fs.closeSync(fd);
  }
}

/** Asynchronous read (the extension host: no pool thread is ever held by a FIFO or an endless device). */
export async function readTextFile(file: string, cap = MAX_READ_BYTES): Promise<ReadResult> {
  let handle: fs.promises.FileHandle;
  try {
    const verdict = refuse(await fs.promises.stat(file), cap);
    if (verdict) return verdict;
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (e) {
    return failed(e);
  }
  try {
    const st = await handle.stat();
    const verdict = refuse(st, cap);
    if (verdict) return verdict;
    const chunks: Buffer[] = [];
    let len = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(cap + 1 - len, Math.max(st.size + 1 - len, 64 * 1024)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      len += bytesRead;
      if (len > cap) return tooLarge(cap);
    }
    return { ok: true, text: decode(Buffer.concat(chunks, len)) };
  } catch (e) {
    return failed(e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The text, or undefined for any refusal (callers that only skip what they cannot read). */
export function readTextSync(file: string, cap = MAX_READ_BYTES): string | undefined {
  const r = readTextFileSync(file, cap);
  return r.ok ? r.text : undefined;
}

/** The parsed JSON of a file, or undefined when it cannot be read or parsed. */
export function readJsonSync(file: string, cap = MAX_READ_BYTES): unknown {
  const text = readTextSync(file, cap);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
