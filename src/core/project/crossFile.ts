// What the editor (and the benchmark of its incremental path) keeps across files once route analyses follow
// imports: which modules each analysed file depended on (a reverse index, to re-analyse every route importing a
// changed helper, directly or not: an analysis's `dependencies` already hold every module it reached), and the
// findings each analysis placed in other files (a helper that builds the leaking response), merged across routes
// so a helper shows one diagnostic whatever number of routes reach it. Plain data: no vscode, no disk.
import type { Finding, RelatedLocation } from '../analysis/types';

/** What one file's analysis contributes: its findings (some may belong to other files) and its dependencies. */
export interface AnalysisOutcome {
  findings: readonly Finding[];
  dependencies: readonly string[];
}

function findingKey(f: Finding): string {
  return `${f.ruleId}\0${f.file}\0${f.span.start}\0${f.span.end}`;
}

function relatedKey(r: RelatedLocation, owner: string): string {
  return `${r.file ?? owner}\0${r.span.start}\0${r.span.end}\0${r.message}`;
}

/**
 * Joins equal findings (rule, file, span) reached from several analyses into one holding the union of their related
 * locations: one shared helper that builds a leaking response is one problem. Order of first appearance kept.
 */
export function mergeAcrossFiles(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const known = byKey.get(findingKey(f));
    if (!known) {
      byKey.set(findingKey(f), { ...f, related: [...f.related] });
      continue;
    }
    const seen = new Set(known.related.map((r) => relatedKey(r, known.file)));
    for (const r of f.related) if (!seen.has(relatedKey(r, f.file))) known.related.push(r);
  }
  return [...byKey.values()];
}

export class CrossFileIndex {
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
    return mergeAcrossFiles(all);
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
