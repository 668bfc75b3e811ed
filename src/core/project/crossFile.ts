// What the editor (and the benchmark of its incremental path) keeps across files once route analyses follow
// imports: which modules each analysed file depended on (a reverse index, to re-analyse every route importing a
// changed helper, directly or not: an analysis's `dependencies` already hold every module it reached), and the
// findings each analysis placed in other files (a helper that builds the leaking response), merged across routes
// so a helper shows one diagnostic whatever number of routes reach it. Plain data: no vscode, no disk.
// The merge itself is the engine's (analysis/index.ts mergeFindings), handed in: the editor loads the engine, and
// with it the TypeScript parser, lazily, and this index lives in the extension's own bundle.
import type { Finding } from '../analysis/types';

/** What one file's analysis contributes: its findings (some may belong to other files) and its dependencies. */
export interface AnalysisOutcome {
  findings: readonly Finding[];
  dependencies: readonly string[];
}

/** Joins equal findings (rule, file, span) reached from several analyses: the engine's mergeFindings. */
export type MergeFindings = (findings: readonly Finding[]) => Finding[];

export class CrossFileIndex {
  constructor(private readonly merge: MergeFindings) {}

  /** Analysed file → the modules its last analysis depended on. */
  private readonly dependencies = new Map<string, readonly string[]>();
  /** Module → the analysed files that depend on it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Analysed file → its last findings placed in other files. */
  private readonly placed = new Map<string, readonly Finding[]>();
  /** File → the analysed files that placed findings in it. */
  private readonly placers = new Map<string, Set<string>>();

  /**
   * Records the latest analysis of `file` (absolute). Returns the other files whose placed findings may have
   * changed (to re-publish them). Findings in `file` itself are the caller's.
   */
  update(file: string, outcome: AnalysisOutcome): string[] {
    this.setDependencies(file, outcome.dependencies);
    return this.setPlaced(file, outcome.findings.filter((f) => f.file !== file));
  }

  /** Forgets `file` (deleted, closed and gone, no longer a target). Returns the files to re-publish. */
  remove(file: string): string[] {
    this.setDependencies(file, []);
    this.dependencies.delete(file);
    return this.setPlaced(file, []);
  }

  /** The analysed files whose last analysis read `module` (directly or through other modules). */
  dependentsOf(module: string): string[] {
    return [...(this.dependents.get(module) ?? [])].sort();
  }

  /** Whether some analysis depended on `module`. */
  isDependency(module: string): boolean {
    return (this.dependents.get(module)?.size ?? 0) > 0;
  }

  /** Every finding that analyses of other files placed in `file`, merged (equal findings joined). */
  findingsIn(file: string): Finding[] {
    const from = this.placers.get(file);
    if (!from) return [];
    const all: Finding[] = [];
    for (const placer of [...from].sort()) for (const f of this.placed.get(placer) ?? []) if (f.file === file) all.push(f);
    return this.merge(all);
  }

  /** Files holding findings placed by other files' analyses. */
  filesWithPlacedFindings(): string[] {
    return [...this.placers.keys()];
  }

  private setDependencies(file: string, deps: readonly string[]): void {
    for (const d of this.dependencies.get(file) ?? []) {
      const set = this.dependents.get(d);
      set?.delete(file);
      if (set && set.size === 0) this.dependents.delete(d);
    }
    this.dependencies.set(file, [...deps]);
    for (const d of deps) {
      let set = this.dependents.get(d);
      if (!set) this.dependents.set(d, (set = new Set()));
      set.add(file);
    }
  }

  private setPlaced(file: string, findings: readonly Finding[]): string[] {
    const before = new Set((this.placed.get(file) ?? []).map((f) => f.file));
    for (const target of before) {
      const set = this.placers.get(target);
      set?.delete(file);
      if (set && set.size === 0) this.placers.delete(target);
    }
    if (findings.length === 0) this.placed.delete(file);
    else this.placed.set(file, findings);
    const after = new Set(findings.map((f) => f.file));
    for (const target of after) {
      let set = this.placers.get(target);
      if (!set) this.placers.set(target, (set = new Set()));
      set.add(file);
    }
    return [...new Set([...before, ...after])].sort();
  }
}
