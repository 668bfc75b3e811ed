// A ModuleHost over plain data, for the engine's unit tests: absolute paths -> text. It resolves relative paths,
// one `@/` alias (as a tsconfig `paths` entry would) and workspace packages by name, probing extensions and index
// files the way TypeScript's bundler resolution does. The real host (src/core/project/resolve.ts) is tested apart.
import * as path from 'node:path';
import type { ModuleHost } from '../../src/core/project/moduleHost';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];

export interface MapHostOptions {
  /** `@/x` -> `<alias>/x` (absolute). */
  alias?: string;
  /** Workspace packages: name -> the absolute file their entry resolves to. */
  packages?: Record<string, string>;
  /** Texts longer than this are not returned (the real host caps the size it reads). */
  maxChars?: number;
}

export class MapModuleHost implements ModuleHost {
  readonly reads: string[] = [];

  constructor(readonly files: Map<string, string>, private readonly options: MapHostOptions = {}) {}

  private probe(base: string): string | undefined {
    if (this.files.has(base)) return base;
    for (const ext of EXTENSIONS) if (this.files.has(base + ext)) return base + ext;
    for (const ext of EXTENSIONS) if (this.files.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return undefined;
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('./') || specifier.startsWith('../')) return this.probe(path.posix.resolve(path.posix.dirname(fromFile), specifier));
    if (specifier.startsWith('@/') && this.options.alias) return this.probe(path.posix.join(this.options.alias, specifier.slice(2)));
    const pkg = this.options.packages?.[specifier];
    return pkg && this.files.has(pkg) ? pkg : undefined;
  }

  read(file: string): string | undefined {
    this.reads.push(file);
    const text = this.files.get(file);
    if (text === undefined || text.length > (this.options.maxChars ?? 4 * 1024 * 1024)) return undefined;
    return text;
  }
}
