// `bff-routes test [app-dir] --base-url URL | --start [--env name] [--junit file] [--json file] [--suite path]`:
// runs the app's request suites (`.http` files, src/core/suite) against a running server or a `next dev` it starts
// on a free loopback port and stops by process group. Exit code: 0 every request passed, 1 a request failed (or
// next dev did not start), 2 usage error (bad options, no suite, an unknown --env, a base URL off this machine).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readTextSync } from '../core/fileRead';
import { startDevProcess, type DevProcess } from '../core/http/devProcess';
import { probeUrl } from '../core/http/devServer';
import { ENV_FILE, formatProblem, mergeEnvFiles, parseEnvFile, PRIVATE_ENV_FILE } from '../core/http/envFile';
import { executeRequest } from '../core/http/executor';
import { checkHost } from '../core/http/loopback';
import type { NextApp } from '../core/project/nextApps';
import { createModuleHost } from '../core/project/resolve';
import { appRouteShapes } from '../core/shape/app';
import { suiteFiles, suiteFolder } from '../core/suite/files';
import { parseSuite, type Suite } from '../core/suite/parse';
import { jsonReport, junitXml, resultLine } from '../core/suite/report';
import { problemText, SuiteRunner, type RequestResult } from '../core/suite/run';
import { responseShapes } from '../core/suite/shapes';
import { workspaceRootOf } from './lint';
import { resolveApp } from './new';

export const TEST_USAGE = `Usage: bff-routes test [app-dir] (--base-url <url> | --start) [options]

Runs the app's request suites: the .http files under <app>/.bff-routes (REST Client / httpYac format, with
httpYac's \`?? status == 200\` assertions), in file and request order; values captured from a named response
({{login.token}}) feed later requests.

Options:
      --base-url <url>     send to a server that is already running (loopback addresses and localhost only)
      --start              start next dev on a free 127.0.0.1 port, wait until it answers, stop it afterwards
      --start-timeout <s>  seconds to wait for next dev to answer (default 120)
      --suite <path>       a .http file or a folder of them instead of <app>/.bff-routes (repeatable)
      --env <name>         variables of this environment from http-client.env.json beside the suites
      --junit <file>       write a JUnit XML report
      --json <file>        write a JSON report
      --timeout <ms>       per-request timeout (default 30000)
  -h, --help               print this help

Exit code: 0 every request passed, 1 a request failed or next dev did not start, 2 usage error.
`;

export interface TestIo {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Lets the caller stop a started next dev on Ctrl+C (the CLI wires SIGINT/SIGTERM). */
  onInterrupt?(stop: () => Promise<void>): () => void;
}

const MAX_DEV_OUTPUT = 1024 * 1024;

function usage(io: TestIo, message: string): number {
  io.stderr(`bff-routes test: ${message}\n\n${TEST_USAGE}`);
  return 2;
}

/** `http-client.env.json` (and `http-client.private.env.json`) beside the suites: `$shared`, then the env. */
function loadEnv(dirs: readonly string[], name: string): Record<string, string> | string {
  const found: string[] = [];
  const vars: Record<string, string> = {};
  let seen = false;
  for (const dir of dirs) {
    // Read as the panel reads them (core/http/envFile.ts): comments and trailing commas allowed, `$shared` then the
    // environment, the private file's value over the committed one's; an error names its line and column.
    const [shared, secret] = [ENV_FILE, PRIVATE_ENV_FILE].map((f) => {
      const file = path.join(dir, f);
      const text = readTextSync(file);
      return text === undefined ? undefined : parseEnvFile(text, file);
    });
    if (!shared && !secret) continue;
    const set = mergeEnvFiles(shared, secret);
    found.push(...set.names);
    const broken = set.broken(name) ?? set.problems.find((p) => p.environment === undefined);
    if (broken) return formatProblem(broken);
    const v = set.variables(name);
    if (!v) continue;
    seen = true;
    for (const [k, { value }] of v) vars[k] = value;
  }
  if (!seen) return found.length === 0 ? `--env ${name}: no http-client.env.json beside the suites` : `--env ${name}: not defined (environments: ${[...new Set(found)].join(', ')})`;
  return vars;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });
}

function quote(s: string): string {
  return process.platform === 'win32' ? `"${s}"` : `'${s.replace(/'/g, `'\\''`)}'`;
}

interface Started {
  url: string;
  dev: DevProcess;
  output(): string;
}

/** next dev on a free loopback port, answered at least once; or why not (with its output). */
async function startNext(app: NextApp, timeoutMs: number): Promise<Started | { error: string }> {
  let nextBin: string;
  try {
    nextBin = path.join(path.dirname(createRequire(path.join(app.root, 'package.json')).resolve('next/package.json')), 'dist', 'bin', 'next');
  } catch {
    return { error: `next is not installed for ${app.root} (run your package manager's install first)` };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  let exitedWith: string | undefined;
  const dev = startDevProcess({
    command: `${quote(process.execPath)} ${quote(nextBin)} dev --hostname 127.0.0.1 --port ${port}`,
    cwd: app.root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    onOutput: (t) => {
      if (out.length < MAX_DEV_OUTPUT) out += t;
    },
    onExit: (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `code ${code}`;
    },
  });
  const deadline = Date.now() + timeoutMs;
  const failed = async (why: string): Promise<{ error: string }> => {
    await dev.stop();
    return { error: `next dev ${why}. Its output:\n${out.trimEnd() || '(nothing)'}` };
  };
  // Until it answers HTTP: "Ready" is printed before next dev checks its lock or loads its config, so only an
  // answer from a process still alive counts. A connect fails at once while nothing listens: a short pause
  // between tries (or the exit, whichever comes first).
  for (;;) {
    if (dev.exited) return failed(`exited (${exitedWith ?? 'unknown'}) before answering`);
    if (Date.now() > deadline) return failed(`did not answer within ${Math.round(timeoutMs / 1000)} s`);
    const p = await probeUrl(url, { timeoutMs: 1000 });
    if (p.open) {
      const res = await executeRequest({ method: 'HEAD', url: `${url}/`, timeoutMs: Math.max(1000, deadline - Date.now()) });
      if (res.ok && !dev.exited) break;
    }
    await Promise.race([dev.exit, new Promise((r) => setTimeout(r, 150))]);
  }
  return { url, dev, output: () => out };
}

export async function runTest(argv: string[], io: TestIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'base-url': { type: 'string' },
        start: { type: 'boolean' },
        'start-timeout': { type: 'string' },
        suite: { type: 'string', multiple: true },
        env: { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage(io, err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(TEST_USAGE);
    return 0;
  }
  if (positionals.length > 1) return usage(io, `one app directory at most (got ${positionals.length}).`);
  if (!values.start === (values['base-url'] === undefined)) return usage(io, 'give either --base-url <url> or --start.');
  const timeoutMs = values.timeout === undefined ? 30_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) return usage(io, `--timeout must be a positive number of milliseconds (got ${values.timeout}).`);
  const startTimeout = values['start-timeout'] === undefined ? 120 : Number(values['start-timeout']);
  if (!(startTimeout > 0)) return usage(io, `--start-timeout must be a positive number of seconds (got ${values['start-timeout']}).`);
  let baseUrl = values['base-url'];
  if (baseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(baseUrl);
    } catch {
      return usage(io, `--base-url "${baseUrl}" is not a URL.`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return usage(io, `--base-url must be http(s) (got ${u.protocol}).`);
    const host = checkHost(u, undefined);
    if (!host.ok) return usage(io, `--base-url ${u.host} is not this machine: bff-routes test sends only to loopback addresses and localhost.`);
    baseUrl = baseUrl.replace(/\/+$/, '');
  }
  const app = resolveApp(io.cwd, positionals[0]);
  if (typeof app === 'string') {
    io.stderr(`bff-routes test: ${app}\n`);
    return values.start ? 1 : 2;
  }
  const roots = (values.suite ?? [suiteFolder(app.root)]).map((p) => path.resolve(io.cwd, p));
  const files = suiteFiles(roots);
  if (files.length === 0) return usage(io, `no .http suite found in ${roots.map((r) => path.relative(io.cwd, r) || '.').join(', ')}.`);
  const suites: Array<{ file: string; rel: string; suite: Suite }> = [];
  for (const file of files) {
    const text = readTextSync(file);
    const rel = path.relative(io.cwd, file) || file;
    suites.push({ file, rel, suite: text === undefined ? { variables: [], requests: [], problems: [{ line: 1, column: 1, message: 'cannot be read (not a regular file, or too large)' }] } : parseSuite(text) });
  }
  let env: Record<string, string> = {};
  if (values.env !== undefined) {
    const dirs = [...new Set(files.map((f) => path.dirname(f)))];
    const e = loadEnv(dirs, values.env);
    if (typeof e === 'string') return usage(io, e);
    env = e;
  }

  let started: Started | undefined;
  let release = (): void => undefined;
  if (values.start) {
    io.stderr(`starting next dev for ${path.relative(io.cwd, app.root) || '.'}…\n`);
    const s = await startNext(app, startTimeout * 1000);
    if ('error' in s) {
      io.stderr(`bff-routes test: ${s.error}\n`);
      return 1;
    }
    started = s;
    baseUrl = s.url;
    release = io.onInterrupt?.(() => s.dev.stop()) ?? release;
    io.stderr(`next dev answers at ${s.url} (pid ${s.dev.pid})\n`);
  }
  const t0 = Date.now();
  const results: RequestResult[] = [];
  try {
    // `# @shape` needs the handlers' response shapes (the TypeScript parser): read only when a request asks.
    const shaped = suites.some(({ suite }) => suite.requests.some((r) => r.shape));
    const responseShape = shaped ? responseShapes(await appRouteShapes(app, { host: createModuleHost({ workspaceRoot: workspaceRootOf(app.root, [io.cwd]), appRoot: app.root }) })) : undefined;
    const runner = new SuiteRunner({ baseUrl: baseUrl!, env, timeoutMs, ...(responseShape ? { responseShape } : {}) });
    for (const { rel, suite } of suites) {
      io.stdout(`${rel}\n`);
      for (const p of suite.problems) {
        const r: RequestResult = { file: rel, name: `line ${p.line}`, method: '', url: '', line: p.line, passed: false, assertions: [], error: problemText(rel, p) };
        results.push(r);
        io.stdout(resultLine(r));
      }
      results.push(...(await runner.runSuite(rel, { ...suite, problems: [] }).then((rs) => {
        for (const r of rs) io.stdout(resultLine(r));
        return rs;
      })));
    }
  } finally {
    await started?.dev.stop();
    release();
  }
  const seconds = (Date.now() - t0) / 1000;
  const failed = results.filter((r) => !r.passed).length;
  io.stdout(`\n${results.length} request${results.length === 1 ? '' : 's'}, ${results.length - failed} passed, ${failed} failed (${seconds.toFixed(1)} s)\n`);
  try {
    if (values.junit) fs.writeFileSync(path.resolve(io.cwd, values.junit), junitXml(results, seconds));
    if (values.json) fs.writeFileSync(path.resolve(io.cwd, values.json), jsonReport(results, seconds, baseUrl!));
  } catch (err) {
    io.stderr(`bff-routes test: the report could not be written: ${(err as Error).message}\n`);
    return 1;
  }
  return failed > 0 ? 1 : 0;
}
