// `{{$dotenv NAME}}`: the app's .env files, read in the order Next.js loads them for `next dev`
// (nextjs.org/docs/app/guides/environment-variables, "Environment Variable Load Order"): process.env is
// not read (the extension host's environment is not the app's), then .env.development.local, .env.local,
// .env.development, .env. The first file that defines a name wins, so `.env.local` wins over `.env`.
// Parsed with dotenv's `parse`, the parser @next/env itself uses; `$VAR` expansion (dotenv-expand in Next)
// is not applied.
import * as path from 'node:path';
import { parse } from 'dotenv';
import { readTextFileSync } from '../fileRead';

export const DOTENV_ORDER = ['.env.development.local', '.env.local', '.env.development', '.env'] as const;

export interface DotenvValues {
  /** The value of NAME and the file it came from, or undefined. */
  get(name: string): { value: string; file: string } | undefined;
  /** Files that exist and were read, in load order. */
  files: string[];
  /** Files that exist but could not be read (a FIFO, too large...), with the reason. */
  problems: string[];
}

/** Reads the app's .env files now (they are small; a send reads them again so an edit counts at once). */
export function loadDotenv(appRoot: string): DotenvValues {
  const files: string[] = [];
  const problems: string[] = [];
  const layers: Array<{ file: string; values: Record<string, string> }> = [];
  for (const name of DOTENV_ORDER) {
    const file = path.join(appRoot, name);
    const r = readTextFileSync(file);
    if (!r.ok) {
      if (r.refusal !== 'missing') problems.push(`${name}: ${r.reason}`);
      continue;
    }
    files.push(file);
    layers.push({ file, values: parse(r.text) });
  }
  return {
    files,
    problems,
    get(name) {
      for (const l of layers) if (Object.prototype.hasOwnProperty.call(l.values, name)) return { value: l.values[name], file: l.file };
      return undefined;
    },
  };
}
