// `bff-routes new <pattern> <route-path>`: the editor's "New Route Handler" generator from a terminal,
// with the same validation and the same refusals (never overwrites, never writes outside the app root,
// symbolic links resolved). Exit code: 0 created (or listed), 1 refused (bad or reserved name, file
// exists, conflict, a folder linked outside the app, read-only, no app), 2 usage error.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { planRoute, writePlanSync } from '../core/generator';
import { describeNextApp, findNextApps, type NextApp } from '../core/project/nextApps';
import { PATTERNS } from '../core/templates';

export const NEW_USAGE = `Usage: bff-routes new <pattern> <route-path> [options]
       bff-routes new --list

Creates a Route Handler from a pattern of the Next.js Backend-for-Frontend guide.
<route-path> is relative to the app directory (app/ or src/app/), e.g. api/users/[id];
for pages-api it starts with api/; for proxy-file it is the matcher prefix (e.g. api).

Options:
      --app <dir>            the Next.js app (default: the app around or under the current directory)
      --js | --ts            language (default: TypeScript when the app has a tsconfig.json)
  -m, --method <METHOD>      a method to export, for patterns with a choice (repeatable, or GET,POST)
      --zod | --guard        validate with zod or a hand-written type guard (default: zod if the app has it)
      --dry-run              print the file instead of writing it
  -l, --list                 list the patterns
  -h, --help                 print this help

Nothing is written outside the app: a folder linked outside it, or a route file that
exists as a symbolic link, is refused. Existing files are never overwritten.

Exit code: 0 created, 1 refused (nothing written; the reason on stderr), 2 usage error.
`;

export interface NewIo {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

function listText(): string {
  const width = Math.max(...PATTERNS.map((p) => p.id.length));
  const lines = PATTERNS.map((p) => `  ${p.id.padEnd(width)}  ${String(p.group).padStart(2)}. ${p.label}: ${p.description} (default path: ${p.defaultPath})`);
  return `Patterns:\n${lines.join('\n')}\n`;
}

/** The app around `cwd` (cwd or an ancestor), else the only app under it. */
export function resolveApp(cwd: string, appArg: string | undefined): NextApp | string {
  if (appArg !== undefined) {
    const root = path.resolve(cwd, appArg);
    return describeNextApp(root) ?? `${root} is not a Next.js app (no next.config.* and no next dependency in package.json).`;
  }
  let d = path.resolve(cwd);
  for (let i = 0; i < 30; i++) {
    const app = describeNextApp(d);
    if (app) return app;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const apps = findNextApps([cwd]);
  if (apps.length === 1) return apps[0];
  if (apps.length === 0) return `No Next.js app found in or around ${cwd}. Run from the app's folder or pass --app <dir>.`;
  return `Several Next.js apps are under ${cwd}; choose one with --app:\n${apps.map((a) => `  --app ${path.relative(cwd, a.root) || '.'}`).join('\n')}`;
}

export function runNew(argv: string[], io: NewIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        app: { type: 'string' },
        js: { type: 'boolean' },
        ts: { type: 'boolean' },
        method: { type: 'string', short: 'm', multiple: true },
        zod: { type: 'boolean' },
        guard: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        list: { type: 'boolean', short: 'l' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`bff-routes new: ${err instanceof Error ? err.message : String(err)}\n\n${NEW_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(NEW_USAGE);
    return 0;
  }
  if (values.list) {
    io.stdout(listText());
    return 0;
  }
  if (values.js && values.ts) return usage(io, '--js and --ts exclude each other.');
  if (values.zod && values.guard) return usage(io, '--zod and --guard exclude each other.');
  if (positionals.length !== 2) {
    return usage(io, positionals.length < 2 ? 'expected a pattern and a route path.' : `unexpected argument '${positionals[2]}' (quote a path with spaces? paths cannot contain spaces).`);
  }
  const [pattern, routePath] = positionals;
  if (!PATTERNS.some((p) => p.id === pattern)) {
    return usage(io, `unknown pattern '${pattern}'.\n\n${listText()}`);
  }
  const app = resolveApp(io.cwd, values.app);
  if (typeof app === 'string') {
    io.stderr(`bff-routes new: ${app}\n`);
    return 1;
  }
  const plan = planRoute({
    app,
    pattern,
    routePath,
    ...(values.js ? { language: 'js' as const } : values.ts ? { language: 'ts' as const } : {}),
    ...(values.method ? { methods: values.method.flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean) } : {}),
    ...(values.zod ? { validation: 'zod' as const } : values.guard ? { validation: 'guard' as const } : {}),
  });
  if (plan.refusals.length > 0) {
    for (const r of plan.refusals) io.stderr(`bff-routes new: ${r.message}\n`);
    return 1;
  }
  if (values['dry-run']) {
    for (const f of plan.files) io.stdout(`// ${path.relative(io.cwd, f.path)}\n${f.content}`);
    return 0;
  }
  const result = writePlanSync(plan);
  for (const f of result.written) {
    io.stdout(`created ${path.relative(io.cwd, f) || f}${plan.urlPattern ? ` (${pattern === 'proxy-file' ? 'matches' : 'serves'} ${plan.urlPattern})` : ''}\n`);
  }
  for (const n of plan.notes) io.stdout(`note: ${n}\n`);
  if (result.error) {
    io.stderr(`bff-routes new: ${result.error}\n`);
    return 1;
  }
  return 0;
}

function usage(io: NewIo, message: string): number {
  io.stderr(`bff-routes new: ${message}\n\n${NEW_USAGE}`);
  return 2;
}
