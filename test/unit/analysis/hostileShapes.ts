// Pathological route files for the analysis's cost and robustness (test/unit/analysis/hostile.test.ts and the
// pathological-shapes lines of test/bench/analysis.bench.ts): long chains and deep nesting of each construct the
// model follows, as functions of a size `n`, each with the findings every size gives. Analysis cost must stay linear
// in the file whatever the shape; a shape nested beyond what the stack allows is skipped with a reason, never thrown.

const times = (n: number, f: (k: number) => string, sep = ''): string => Array.from({ length: n }, (_, k) => f(k)).join(sep);

/** A POST handler whose try block holds `body` and whose catch answers a constant. */
const inTry = (body: string): string => `export async function POST(request: Request) {\n  try {\n${body}\n    return new Response('ok')\n  } catch (e) {\n    console.error(e)\n    return new Response('x', { status: 500 })\n  }\n}\n`;

export interface Shape {
  name: string;
  text(n: number): string;
  /** The rule ids of the findings at size `n`, sorted. */
  findings(n: number): string[];
}

const none = (): string[] => [];
const repeat = (id: string, count: number): string[] => Array.from({ length: count }, () => id);

export const SHAPES: readonly Shape[] = [
  {
    // the fuzz corpus's chain (fuzzCorpus.ts ADVERSARIAL): each branch reads the body, on exclusive paths
    name: 'ternary chain, each branch reading the body',
    text: (n) => `export async function POST(request: Request) {\n  const b = ${times(n, (k) => `request.headers.has('h${k}') ? await request.json() : `)}null\n  return Response.json(b)\n}\n`,
    findings: none,
  },
  {
    name: "ternary chain ending in the caught error's message",
    text: (n) => `export async function GET(request: Request) {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    const b = ${times(n, (k) => `request.headers.has('h${k}') ? 'c${k}' : `)}(e as Error).message\n    return new Response(b, { status: 500 })\n  }\n}\n`,
    findings: () => ['leaked-error-message'],
  },
  {
    // one loop per level, without braces (the TypeScript parser takes about 3,600 levels of these; with braces,
    // about 1,300: see `nested loops with braces`)
    name: 'nested loops around a body read',
    text: (n) => `export async function POST(request: Request) {\n${'for (const x of [1, 2])\n'.repeat(n)}  await request.text()\n  return new Response('')\n}\n`,
    findings: () => ['double-body-read'],
  },
  {
    name: 'nested loops with braces around a body read',
    text: (n) => `export async function POST(request: Request) {\n${'for (const x of [1, 2]) {\n'.repeat(n)}  await request.text()\n${'}\n'.repeat(n)}  return new Response('')\n}\n`,
    findings: () => ['double-body-read'],
  },
  {
    name: 'else-if chain, each branch answering',
    text: (n) => `export async function POST(request: Request) {\n${times(n, (k) => `  ${k ? 'else ' : ''}if (request.headers.has('h${k}')) return new Response('${k}')\n`)}  return Response.json(await request.json())\n}\n`,
    findings: none,
  },
  {
    // every return is inside the same try: unawaited-return-in-try finds the try of each once (it walked up the
    // whole chain from every return: quadratic)
    name: 'else-if chain in a try, each branch returning a fetch',
    text: (n) => inTry(times(n, (k) => `    ${k ? 'else ' : ''}if (request.headers.has('h${k}')) return fetch('https://api.example.com/${k}')\n`)),
    findings: (n) => repeat('unawaited-return-in-try', n),
  },
  {
    name: 'nested ifs, each with an else',
    text: (n) => `export async function POST(request: Request) {\n${times(n, (k) => `if (request.headers.has('h${k}')) {\n`)}  return Response.json(await request.json())\n${"} else { return new Response('') }\n".repeat(n)}}\n`,
    findings: none,
  },
  { name: '&& chain', text: (n) => inTry(`    const ok = ${times(n, (k) => `request.headers.has('h${k}')`, ' && ')}\n    return Response.json(ok)`), findings: none },
  { name: '|| chain', text: (n) => inTry(`    const v = ${times(n, (k) => `request.headers.get('h${k}')`, ' || ')}\n    return Response.json(v)`), findings: none },
  { name: '?? chain', text: (n) => inTry(`    const v = ${times(n, (k) => `request.headers.get('h${k}')`, ' ?? ')}\n    return Response.json(v)`), findings: none },
  {
    name: 'nested calls around a body read',
    text: (n) => inTry(`    const v = ${'f('.repeat(n)}await request.json()${')'.repeat(n)}\n    return Response.json(v)`) + 'function f(x: unknown) { return x }\n',
    findings: none,
  },
  {
    name: 'nested arrow functions',
    text: (n) => inTry(`    const v = ${times(n, (k) => `(a${k}: Request) => `)}request.json()\n    return Response.json(v)`),
    findings: none,
  },
  {
    name: 'long template literal',
    text: (n) => inTry(`    const v = \`${times(n, (k) => `p${k}=\${request.headers.get('h${k}')}&`)}\`\n    return new Response(v)`),
    findings: none,
  },
  {
    name: 'many try/catch blocks, each logging',
    text: (n) => `export async function POST(request: Request) {\n${times(n, (k) => `  try { await fetch('https://x/${k}') } catch (e${k}) { console.error(e${k}) }\n`)}  return new Response(request.url)\n}\n`,
    findings: none,
  },
  {
    name: 'many try/catch blocks, each leaking',
    text: (n) => `export async function POST(request: Request) {\n${times(n, (k) => `  try { await fetch('https://x/${k}') } catch (e${k}) { if (request.headers.has('a')) return new Response(String(e${k}), { status: 500 }) }\n`)}  return new Response('ok')\n}\n`,
    findings: (n) => repeat('leaked-error-message', n),
  },
  {
    name: 'huge object literal holding the error message',
    text: (n) => `export async function GET(request: Request) {\n  try {\n    return new Response('ok')\n  } catch (e) {\n    return Response.json({ ${times(n, (k) => `k${k}: request.headers.get('h${k}')`, ', ')}, m: (e as Error).message }, { status: 500 })\n  }\n}\n`,
    findings: () => ['leaked-error-message'],
  },
  {
    name: 'switch whose cases fall through to a second read',
    text: (n) => `export async function POST(request: Request) {\n  switch (request.method) {\n${times(n, (k) => `    case 'M${k}': if (request.url) break; await request.text()\n`)}    default: return new Response('')\n  }\n  return new Response('')\n}\n`,
    findings: (n) => repeat('double-body-read', n - 1),
  },
  {
    name: 'many statements',
    text: (n) => inTry(times(n, (k) => `    const v${k} = request.headers.get('h${k}')\n`)),
    findings: none,
  },
];

/** Expressions and statements 50,000 levels deep: more than the TypeScript parser's stack takes (it throws). */
export const TOO_DEEP_TO_PARSE: ReadonlyArray<[string, string]> = (() => {
  const n = 50_000;
  const value = (e: string): string => `export async function POST(request: Request) {\n  const v = ${e}\n  return Response.json(v)\n}\n`;
  return [
    ['parentheses', value(`${'('.repeat(n)}request.url${')'.repeat(n)}`)],
    ['calls', value(`${'f('.repeat(n)}1${')'.repeat(n)}`)],
    ['ternaries', value(`${times(n, (k) => `a${k} ? ${k} : `)}null`)],
    ['arrays', value(`${'['.repeat(n)}${']'.repeat(n)}`)],
    ['objects', value(`${'{ a: '.repeat(n)}1${' }'.repeat(n)}`)],
    ['arrow functions', value(`${'() => '.repeat(n)}1`)],
    ['templates', value(`${'`${'.repeat(n)}1${'}`'.repeat(n)}`)],
    ['unary operators', value(`${'!'.repeat(n)}x`)],
    ['awaits', value(`${'await '.repeat(n)}x`)],
    ['ifs', `export async function POST(request: Request) {\n${'if (request.url) '.repeat(n)}return new Response('')\n}\n`],
    ['blocks', `export async function POST(request: Request) {\n${'{'.repeat(n)}${'}'.repeat(n)}\n  return new Response('')\n}\n`],
    ['generic types', `type T = ${'A<'.repeat(n)}x${'>'.repeat(n)}\nexport async function GET() {\n  return new Response('')\n}\n`],
  ];
})();
