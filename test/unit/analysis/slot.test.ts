// Slot (src/core/analysis/slot.ts) keeps per-object values on the object itself. The analyzer must not go back to
// module-level WeakMaps keyed by a parse, an index or a context: V8's young-generation collections kept their
// entries alive, and with them whole syntax trees (the benchmark's GC line measures the cost: test/bench).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Slot } from '../../../src/core/analysis/slot';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('Slot', () => {
  it('keeps a value per owner, made once on first use', () => {
    const slot = new Slot<object, number[]>('test');
    const a = {};
    const b = {};
    let made = 0;
    const first = slot.of(a, () => [++made]);
    assert.equal(slot.of(a, () => [++made]), first);
    assert.deepEqual(slot.of(b, () => [++made]), [2]);
    assert.equal(made, 2);
    slot.set(a, undefined);
    assert.equal(slot.get(a), undefined);
    assert.deepEqual(Object.keys(a), [], 'the value is not an enumerable property of its owner');
  });

  it('two slots of the same name are distinct', () => {
    const s1 = new Slot<object, string>('same');
    const s2 = new Slot<object, string>('same');
    const o = {};
    s1.set(o, 'one');
    assert.equal(s2.get(o), undefined);
  });

  it('the analyzer keeps per-file values in slots, never in module-level WeakMaps', () => {
    const root = path.join(__dirname, '../../../../src/core');
    const offenders = sources(root).filter((f) => /new WeakMap\b/.test(fs.readFileSync(f, 'utf8')));
    assert.ok(sources(root).length > 20, `the core's sources are where this test looks (${root})`);
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });
});
