// Following a file's imports to the functions they name, through the ModuleHost (which resolves and reads; the
// engine never touches the disk), re-exports (`export *`, `export { a as b } from`, `export * as ns from`), default
// exports and exported objects' methods. Depth and cycles are bounded; whatever cannot be resolved or read is
// simply unknown (the analysis goes on as if the file stopped there). Summaries come from the shared cache.
// With a snapshot host (one `bff-routes lint` run: no file changes meanwhile), what an export lookup found (the
// function a chain of re-exports leads to) is kept with the modules it read, so the next route importing the same
// name gets it, and its dependencies, without walking the chain again.
import type { ModuleHost } from '../project/moduleHost';
import { Slot } from './slot';
import { BODILESS } from './methodGuard';
import type { ImportedCallee } from '../parsing/exports';
import { summaryCache, type FnSummary, type ModuleSummary, type SummaryCache } from './summaries';

/** Import and re-export hops followed from a route file, at most. */
export const MAX_IMPORT_DEPTH = 8;

export type Resolved =
  | { kind: 'fn'; file: string; fn: FnSummary }
  | { kind: 'object'; file: string; members: ReadonlyMap<string, FnSummary> }
  | { kind: 'namespace'; file: string }
  | { kind: 'class'; file: string; name: string; error: boolean };

/** What a lookup of an exported name found, and every module it read to find it. */
interface Remembered {
  readonly result: Resolved | undefined;
  readonly files: readonly string[];
}

/** Export lookups kept on each snapshot host (by setting, file and name), across the analyses that use it. */
const rememberedOn = new Slot<ModuleHost, Map<string, Remembered>>('remembered exports');
/** Lookups kept per host, at most (then it starts over). */
export const MAX_REMEMBERED_EXPORTS = 100_000;

/** The modules one analysis reaches (one per analysed file: it records the files the result depends on). */
export class ModuleGraph {
  /** Absolute files whose text the analysis read (and so depends on). */
  readonly dependencies = new Set<string>();
  /** Their texts, for this analysis only (suppression comments of findings placed in them). */
  readonly texts = new Map<string, string>();
  private readonly summaries = new Map<string, ModuleSummary | null>();
  /** Across analyses: set when the host is a snapshot. */
  private readonly remembered: Map<string, Remembered> | undefined;
  /** The modules read by each remembered lookup under way. */
  private readonly recording: Array<Set<string>> = [];
  /** Summaries with their `via` resolved (for this analysis: they depend on the other modules' texts). */
  private readonly completed = new Map<FnSummary, FnSummary>();
  private readonly completing = new Set<FnSummary>();

  constructor(private readonly host: ModuleHost, private readonly appErrorMessages: 'deliberate' | 'leak', private readonly cache: SummaryCache = summaryCache) {
    if (host.snapshot === true) this.remembered = rememberedOn.of(host, () => new Map());
  }

  resolve(fromFile: string, specifier: string): string | undefined {
    try {
      const r = this.host.resolve(fromFile, specifier);
      return typeof r === 'string' && r !== fromFile ? r : undefined;
    } catch {
      return undefined; // the contract says it never throws; a host that does costs only this import
    }
  }

  summaryOf(file: string): ModuleSummary | undefined {
    for (const r of this.recording) r.add(file);
    const known = this.summaries.get(file);
    if (known !== undefined) return known ?? undefined;
    let text: string | undefined;
    try {
      text = this.host.read(file);
    } catch {
      text = undefined;
    }
    this.dependencies.add(file);
    let s: ModuleSummary | undefined;
    if (typeof text === 'string') {
      this.texts.set(file, text);
      try {
        s = this.cache.get(file, text, this.appErrorMessages);
      } catch {
        s = undefined; // out of stack on a pathological helper: unknown, like an unreadable one
      }
    }
    this.summaries.set(file, s ?? null);
    return s;
  }

  /** The side effects of reading `file` in summaryOf, for a module a remembered lookup read. */
  private readAgain(file: string): void {
    this.dependencies.add(file);
    let text: string | undefined;
    try {
      text = this.host.read(file);
    } catch {
      text = undefined;
    }
    if (typeof text === 'string') this.texts.set(file, text);
  }

  /** What `name` exported by `file` is (following re-exports and imports, bounded). */
  exportOf(file: string, name: string, depth = 0, seen = new Set<string>()): Resolved | undefined {
    // Only a lookup from the top (no depth spent, nothing seen) is remembered: its result depends on nothing else.
    if (!this.remembered || depth !== 0 || seen.size !== 0) return this.exportOfUncached(file, name, depth, seen);
    const key = `${this.appErrorMessages}\0${file}\0${name}`;
    const known = this.remembered.get(key);
    if (known) {
      for (const f of known.files) this.readAgain(f);
      return known.result;
    }
    const files = new Set<string>();
    this.recording.push(files);
    let result: Resolved | undefined;
    try {
      result = this.exportOfUncached(file, name, depth, seen);
    } finally {
      this.recording.pop();
    }
    if (this.remembered.size >= MAX_REMEMBERED_EXPORTS) this.remembered.clear();
    this.remembered.set(key, { result, files: [...files] });
    return result;
  }

  private exportOfUncached(file: string, name: string, depth: number, seen: Set<string>): Resolved | undefined {
    const key = `${file}\0${name}`;
    if (depth > MAX_IMPORT_DEPTH || seen.has(key)) return undefined;
    seen.add(key);
    const s = this.summaryOf(file);
    if (!s) return undefined;
    const e = s.exports.get(name);
    if (e) {
      if ('local' in e) return this.localOf(file, s, e.local, depth, seen);
      return this.importOf(file, e.from, e.name, depth + 1, seen);
    }
    if (name === 'default') return undefined;
    for (const star of s.stars) {
      const f = this.resolve(file, star);
      const r = f ? this.exportOf(f, name, depth + 1, seen) : undefined;
      if (r) return r;
    }
    return undefined;
  }

  /** What the binding `name` imported as `imported` from `specifier` in `fromFile` is. */
  importOf(fromFile: string, specifier: string, imported: string, depth = 0, seen = new Set<string>()): Resolved | undefined {
    const f = this.resolve(fromFile, specifier);
    if (!f) return undefined;
    if (imported === '*') return { kind: 'namespace', file: f };
    return this.exportOf(f, imported, depth, seen);
  }

  private localOf(file: string, s: ModuleSummary, local: string, depth: number, seen: Set<string>): Resolved | undefined {
    const fn = s.functions.get(local);
    if (fn) return { kind: 'fn', file, fn: this.complete(file, s, fn, depth) };
    const members = s.objects.get(local);
    if (members) return { kind: 'object', file, members: new Map([...members].map(([k, m]) => [k, this.complete(file, s, m, depth)])) };
    if (s.errorClasses.includes(local)) return { kind: 'class', file, name: local, error: true };
    const imp = s.imports.get(local);
    if (imp) return this.importOf(file, imp.from, imp.name, depth + 1, seen);
    return undefined;
  }

  /** Does a function `file` exports (through re-exports and `export *`, bounded) satisfy `pred`? */
  exportsAny(file: string, pred: (fn: FnSummary) => boolean, depth = 0, seen = new Set<string>()): boolean {
    if (depth > MAX_IMPORT_DEPTH || seen.has(file)) return false;
    seen.add(file);
    const s = this.summaryOf(file);
    if (!s) return false;
    for (const name of s.exports.keys()) {
      const r = this.exportOf(file, name, depth);
      if (r?.kind === 'fn' && pred(r.fn)) return true;
      if (r?.kind === 'object' && [...r.members.values()].some(pred)) return true;
      if (r?.kind === 'namespace' && this.exportsAny(r.file, pred, depth + 1, seen)) return true;
    }
    for (const star of s.stars) {
      const f = this.resolve(file, star);
      if (f && this.exportsAny(f, pred, depth + 1, seen)) return true;
    }
    return false;
  }

  /**
   * `fn` of `file` with its `via` (what a parameter does through a function the module imports) resolved into
   * `returns` and `sends`, from the summaries of those functions (themselves completed, bounded; a cycle is cut).
   */
  private complete(file: string, s: ModuleSummary, fn: FnSummary, depth: number): FnSummary {
    if (!fn.via) return fn;
    const known = this.completed.get(fn);
    if (known) return known;
    if (this.completing.has(fn) || depth > MAX_IMPORT_DEPTH) return fn;
    this.completing.add(fn);
    try {
      const returns = [...fn.returns];
      const sends = [...fn.sends];
      const reads = [...fn.reads];
      for (const v of fn.via) {
        const found = this.calleeOf(file, s, v.callee, depth + 1);
        const target = found?.fn;
        if (v.to === 'pass') {
          // its own sends of what it was given are this function's sends, placed where that function builds them
          for (const x of target?.sends ?? []) {
            if (!v.args.includes(x.param)) continue;
            const what = x.file === undefined ? `${x.what} in ${target!.name}()` : x.what;
            sends.push({ ...x, what, param: v.param, how: v.how === 'raw' ? x.how : v.how, file: x.file ?? found!.file });
          }
          continue;
        }
        if (v.to === 'read') {
          const read = target?.reads.filter((r) => v.args.includes(r.param));
          if (!read?.length || reads.some((r) => r.param === v.param)) continue;
          // ruled out for a method when the call is, or when every read it leads to is
          const skippedFor = BODILESS.filter((m) => v.skippedFor.includes(m) || read.every((r) => r.skippedFor.includes(m)));
          reads.push({ param: v.param, span: v.span, how: read[0].how, skippedFor });
          continue;
        }
        const carried = target?.returns.find((r) => v.args.includes(r.param));
        if (!carried) continue;
        // the helper's own word for it when this module's text says nothing (`describeError(e)` returns its message)
        const how = v.how === 'raw' ? carried.how : v.how;
        if (v.to === 'send') sends.push({ param: v.param, how, span: v.span, what: v.what, generic: v.generic });
        else if (!returns.some((r) => r.param === v.param)) returns.push({ param: v.param, how });
      }
      const out: FnSummary = { ...fn, returns, sends, reads };
      this.completed.set(fn, out);
      return out;
    } finally {
      this.completing.delete(fn);
    }
  }

  /** The function an imported callee of module `file` names, and its module. */
  private calleeOf(file: string, s: ModuleSummary, callee: ImportedCallee, depth: number): { fn: FnSummary; file: string } | undefined {
    const imp = s.imports.get(callee.local);
    if (!imp) return undefined;
    let r = this.importOf(file, imp.from, imp.name, depth);
    if (r && callee.member !== undefined) r = this.memberOf(r, callee.member);
    return r?.kind === 'fn' ? { fn: r.fn, file: r.file } : undefined;
  }

  /** A member of a resolved namespace or object (`api.handleError`, `responses.badRequest`). */
  memberOf(r: Resolved, member: string): Resolved | undefined {
    if (r.kind === 'namespace') return this.exportOf(r.file, member);
    if (r.kind === 'object') {
      const fn = r.members.get(member);
      return fn ? { kind: 'fn', file: r.file, fn } : undefined;
    }
    return undefined;
  }
}
