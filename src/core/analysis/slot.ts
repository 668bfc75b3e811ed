// Values computed once per object (a parse, an index, an analysis context) and kept on that object, so they live
// and die with it.
//
// Why not a module-level WeakMap keyed by the object: V8's young-generation collections kept such a map's entries
// alive until a full collection. The values here reach syntax trees (nodes with parent pointers up to the source
// file), so every analysed file's tree survived, was copied, and was promoted. Measured on the 1,000-line bench file
// with one finding (1,000 analyses): with WeakMaps, 206 scavenges and 1,032 ms of GC, the heap growing by about
// 2.5 MB per scavenge; with slots, 128 scavenges and 134 ms, the same as the bare parse (112 scavenges and 95 ms).
// test/unit/analysis/slot.test.ts keeps that from coming back.

/** A named place on objects of type `O` holding a `T`. */
export class Slot<O extends object, T> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(owner: O): T | undefined {
    return (owner as Record<symbol, T | undefined>)[this.key];
  }

  set(owner: O, value: T | undefined): void {
    (owner as Record<symbol, T | undefined>)[this.key] = value;
  }

  /** The value on `owner`, made (and kept) on first use. */
  of(owner: O, make: () => T): T {
    let v = this.get(owner);
    if (v === undefined) {
      v = make();
      this.set(owner, v);
    }
    return v;
  }
}
