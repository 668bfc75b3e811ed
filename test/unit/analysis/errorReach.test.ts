// leaked-error-message's text proof (analysis/errorReach.ts) lets a file whose catch blocks log the error through a
// helper or a logger skip the whole-tree walk. It must never hide a leak: the calls it reaches from the text must
// include every call the index-based reach finds (the precise analysis only looks at those), on every input.
import * as assert from 'node:assert/strict';
import { analyzeSourceWith, type Finding } from '../../../src/core/analysis/index';
import { indexFinder, mayBeSink, namesMayBeEscaped, noSinkReachable, reachableCalls, textFinder } from '../../../src/core/analysis/errorReach';
import { leakedErrorMessage } from '../../../src/core/analysis/rules/leakedErrorMessage';
import { FileIndex } from '../../../src/core/parsing/fileIndex';
import { parseFile } from '../../../src/core/parsing/sourceFile';
import type { ts } from '../../../src/core/parsing/ts';
import { routeFile, VARIANTS } from '../../bench/analysis.bench';
import { ADVERSARIAL, fuzzInput, mutate, rng, SEEDS } from './fuzzCorpus';
import { only } from './harness';

const handler = (body: string, head = ''): string => `${head}export async function POST(request: Request) {\n  try {\n    return Response.json(await request.json())\n  } catch (err) {\n${body}\n  }\n}\n`;

/** Catch blocks that log the error and answer a constant: the proof must hold on each. */
const LOGGED = [
  handler(`    log(err)\n    return new Response('Internal Server Error', { status: 500 })`, `function log(e: unknown) { console.error(e) }\n`),
  handler(`    logger.error(err)\n    return new Response('Internal Server Error', { status: 500 })`, `import { logger } from '@/lib/logger'\n`),
  handler(`    Sentry.captureException(err, { tags: { route: 'x' } })\n    return Response.json({ error: 'failed' }, { status: 500 })`, `import * as Sentry from '@sentry/nextjs'\n`),
  handler(`    const id = report(err)\n    return Response.json({ error: 'failed', id }, { status: 500 })`, `function report(e: unknown): string { console.error(e); return crypto.randomUUID() }\n`),
  handler(`    await audit({ at: Date.now(), error: err })\n    return new Response(null, { status: 500 })`, `const audit = async (entry: object) => { console.error(entry) }\n`),
  handler(`    if (err instanceof TypeError) console.warn(err)\n    else console.error(err)\n    return new Response('bad', { status: 400 })`),
];

/** Leaks the proof must not claim: the error reaches something shaped like a sink. */
const NOT_PROVABLE = [
  handler(`    return new Response(describe(err), { status: 500 })`, `function describe(e: unknown) { return String(e) }\n`),
  handler(`    const m = (err as Error).message\n    return Response.json({ m })`),
  handler(`    const list: unknown[] = []\n    list.push(err)\n    return new Response(list.join())`),
  handler(`    return fetch('https://x').catch((e) => new Response(e.message))`),
  `export async function GET() {\n  const rs = await Promise.allSettled([fetch('https://x')])\n  return Response.json(rs.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')))\n}\n`,
  `export default function handler(req: unknown, res: { send(b: unknown): void }) {\n  load().then(() => res.send('ok'), (e) => res.send(e.message))\n}\ndeclare function load(): Promise<void>\n`,
  `export default function handler(req: unknown, res: { status(n: number): { json(b: unknown): void } }) {\n  try { throw new Error('x') } catch (err) {\n    res.status(500).json({ error: (err as Error).message })\n  }\n}\n`,
  `export async function GET() {\n  return fetch('https://x')[/* on failure */ 'catch']((e: Error) => new Response(e.message))\n}\n`,
];

/** Escapes the text finder cannot see through: the proof must give up. */
const ESCAPED = [
  handler(`    return new Response(String(\\u0065rr))`),
  `export async function GET() {\n  return fetch('https://x')['c\\x61tch']((e: Error) => new Response(e.message))\n}\n`,
  `export async function GET() {\n  return fetch('https://x')['\\c\\atc\\h']((e: Error) => new Response(e.message))\n}\n`,
  `export async function GET() {\n  return fetch('https://x')[/* on failure */ 'c\\x61tch']((e: Error) => new Response(e.message))\n}\n`,
  `export async function GET() {\n  return fetch('https://x')['cat\\\nch']((e: Error) => new Response(e.message))\n}\n`,
];

const FILE = '/p/app/api/x/route.ts';
const noQuiet = { ...leakedErrorMessage, quiet: undefined };
const leaks = (text: string, file = FILE): Finding[] => analyzeSourceWith([noQuiet], { file, text }, { rules: only('leaked-error-message') }).findings;

/**
 * The calls the text reach and the index reach find on one parse of `text` (the text one runs first), and whether
 * the reach followed an empty name (a binding the parser made up for broken code: the text cannot find its uses).
 */
function both(text: string): { fromText: Set<ts.Node>; fromIndex: ts.Node[]; namesFromText: Set<string>; namesFromIndex: string[]; proof: boolean; emptyName: boolean } {
  const sf = parseFile(FILE, text).sourceFile;
  let emptyName = false;
  const namesFromText = new Set<string>();
  const fromText = new Set<ts.Node>(reachableCalls(text, textFinder(sf, text), (name) => {
    namesFromText.add(name);
    emptyName ||= name === '';
  }));
  const proof = noSinkReachable(sf, text);
  const namesFromIndex: string[] = [];
  const fromIndex: ts.Node[] = reachableCalls(text, indexFinder(new FileIndex(sf)), (name) => namesFromIndex.push(name));
  return { fromText, fromIndex, namesFromText, namesFromIndex, proof, emptyName };
}

describe('leaked-error-message: the text proof', () => {
  it('holds where catch blocks only log, through a helper, a logger or an audit call, or answer an id from a helper (and on the benchmark variants)', () => {
    for (const text of [...LOGGED, ...VARIANTS.map(([, variant]) => variant(routeFile(400)))]) {
      const sf = parseFile(FILE, text).sourceFile;
      assert.equal(noSinkReachable(sf, text), true, text);
      assert.deepEqual(leaks(text), [], text);
    }
  });

  it('gives no proof where the error can reach a response, and those leaks are reported', () => {
    for (const text of NOT_PROVABLE) {
      const sf = parseFile(FILE, text).sourceFile;
      assert.equal(noSinkReachable(sf, text), false, text);
    }
    // each of these is a real leak (the pages one in a pages/api file)
    for (const text of NOT_PROVABLE.filter((t) => !t.includes('res.'))) assert.ok(leaks(text).length > 0, text);
    for (const text of NOT_PROVABLE.filter((t) => t.includes('res.'))) assert.ok(leaks(text, '/p/pages/api/x.ts').length > 0, text);
  });

  it('gives up on names written with escapes, and the rule still reports those leaks', () => {
    for (const text of ESCAPED) {
      assert.equal(namesMayBeEscaped(text), true, text);
      const sf = parseFile(FILE, text).sourceFile;
      assert.equal(noSinkReachable(sf, text), false, text);
      assert.ok(leaks(text).length > 0, `a leak behind an escape:\n${text}`);
    }
    assert.equal(namesMayBeEscaped(`const re = /\\d+/\nconst s = 'a\\nb'\nconst o = x['plain']\n`), false);
  });

  it('reaches every sink-shaped call and every name the index-based reach finds, and claims no file where the rule reports (5,000 inputs)', () => {
    const r = rng(7);
    const corpus = [
      ...SEEDS, ...LOGGED, ...NOT_PROVABLE, ...ADVERSARIAL.map((make) => make(20)), routeFile(300),
      ...Array.from({ length: 3000 }, (_, i) => fuzzInput(i)),
      // mutations of the shapes the proof is for, so broken variants of them are compared too
      ...Array.from({ length: 2000 }, (_, i) => mutate([...LOGGED, ...NOT_PROVABLE][i % (LOGGED.length + NOT_PROVABLE.length)], r)),
    ];
    let proofs = 0;
    let reached = 0;
    for (const [k, text] of corpus.entries()) {
      if (namesMayBeEscaped(text)) continue;
      const { fromText, fromIndex, namesFromText, namesFromIndex, proof, emptyName } = both(text);
      if (emptyName) {
        assert.equal(proof, false, `input ${k}: a proof that follows an empty name`);
        continue;
      }
      // The text reach leaves out the plain calls it explains from the text (`log(e)`): none is shaped like a sink.
      for (const call of fromIndex.filter(mayBeSink)) assert.ok(fromText.has(call), `input ${k}: the text reach misses \`${call.getText().slice(0, 60)}\` (at ${call.pos}):\n${text}`);
      for (const name of namesFromIndex) assert.ok(namesFromText.has(name), `input ${k}: the text reach does not follow '${name}':\n${text}`);
      reached += fromIndex.length;
      if (proof) {
        proofs++;
        assert.ok(!fromIndex.some(mayBeSink), `input ${k}: proof despite a sink-shaped call`);
        assert.deepEqual(leaks(text), [], `input ${k}: the proof hid a finding:\n${text}`);
      }
    }
    assert.ok(proofs > 500, `the proof should hold on many inputs (${proofs})`);
    assert.ok(reached > 2000, `the corpus must reach calls to compare (${reached})`);
  });
});
