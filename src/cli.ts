import { readJsonSync } from './core/fileRead';
import * as path from 'node:path';

const USAGE = `Usage: bff-routes <command> [options]

Commands:
  lint [paths...]  lint route handlers (run 'bff-routes lint --help')
  new <pattern> <route-path>  create a Route Handler from a pattern (run 'bff-routes new --help')
  test [app-dir]   run the app's .http request suites (run 'bff-routes test --help')
  openapi [app-dir]  write the OpenAPI 3.1 document of the app's routes (run 'bff-routes openapi --help')
  --version        print the version
  --help           print this help
`;

function version(): string {
  const pkg = readJsonSync(path.join(__dirname, '..', 'package.json')) as { version?: unknown } | undefined;
  return typeof pkg?.version === 'string' ? pkg.version : 'unknown';
}

/**
 * A command's module, loaded when the command runs (esbuild keeps a `require` of a bundled module lazy): `--version`
 * and `--help` answer without loading the TypeScript compiler (0.1 s instead of 0.3 s).
 */
function command<T>(name: 'lint' | 'new' | 'openapi' | 'test'): T {
  // A literal path per command, so esbuild bundles each.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (name === 'lint') return require('./cli/lint') as T;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (name === 'new') return require('./cli/new') as T;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (name === 'openapi') return require('./cli/openapi') as T;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./cli/test') as T;
}

export function main(argv: string[]): number | Promise<number> {
  const [cmd] = argv;
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === 'lint') return command<typeof import('./cli/lint')>('lint').runLint(argv.slice(1), { cwd: process.cwd(), version: version(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  if (cmd === 'new') return command<typeof import('./cli/new')>('new').runNew(argv.slice(1), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  if (cmd === 'openapi') return command<typeof import('./cli/openapi')>('openapi').runOpenApi(argv.slice(1), { cwd: process.cwd(), stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
  if (cmd === 'test') {
    const { runTest } = command<typeof import('./cli/test')>('test');
    return runTest(argv.slice(1), {
      cwd: process.cwd(),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      onInterrupt: (stop) => {
        // Ctrl+C or a CI cancel: the next dev this run started goes down with it.
        const handler = (signal: NodeJS.Signals): void => {
          void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
        };
        process.once('SIGINT', handler);
        process.once('SIGTERM', handler);
        return () => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
        };
      },
    });
  }
  process.stderr.write(`bff-routes: unknown command '${cmd}'\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  // A reader that stops early (`bff-routes lint --format json | head`) closes the pipe: the rest of the output has
  // nowhere to go, which is no error of the command. It ends as it would have, with its exit code.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
