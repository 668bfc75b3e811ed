// `npm start`: the playground. Starts a local VS Code (code-server) on 127.0.0.1 with the freshly built
// extension installed and an example app open, prints the URL to open in a browser, and stops everything
// on Ctrl+C. The example app is a copy of the test fixture kept in .playground/ (git-ignored), so what you
// change there survives restarts and never touches the tests.
//
// next dev is NOT started here: the request panel starts it ("Start next dev"), so the panel owns it and
// reads a 500's whole stack from its output, as it does for a user. That server runs in a process group
// of its own, guarded (src/core/http/devGuard.ts) so that it ends with the extension host; on Ctrl+C the
// playground waits for it to be gone and says so if it had to end it itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installVsix, startCodeServer, type CodeServer } from './codeServer';
import { ensureHost, REPO, vscodeVersion } from './hostPaths';
import { packageVsix } from './vsix';
import { alive, processGroupId, until } from '../support/processes';

/** The example app: `.playground/next-app`, or BFF_PLAYGROUND_DIR (tests: a folder inside the repository). */
function appFolder(): string {
  return path.resolve(process.env.BFF_PLAYGROUND_DIR ?? path.join(REPO, '.playground', 'next-app'));
}

/** The pid in the app's dev lock while that process lives (next dev's `next-server` worker). */
function devLockPid(app: string): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(path.join(app, '.next', 'dev', 'lock'), 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The next dev started from the panel, read before VS Code stops (its lock goes with it). */
function startedDevServer(app: string, before: number | undefined): { pid: number; group: number | undefined } | undefined {
  const pid = devLockPid(app);
  return pid === undefined || pid === before ? undefined : { pid, group: processGroupId(pid) };
}

/**
 * After VS Code stopped: waits (bounded) until every process of a next dev started from its panel has
 * ended; one still running then is ended here, by its process group, and reported.
 */
async function settleDevServer(dev: { pid: number; group: number | undefined }): Promise<void> {
  const gone = (): boolean => (dev.group ? !groupAlive(dev.group) : !alive(dev.pid));
  if (await until(gone, 10_000)) return;
  console.log(`[playground] next dev (pid ${dev.pid}) outlived VS Code: stopping its process group ${dev.group ?? dev.pid}`);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    try {
      process.kill(dev.group ? -dev.group : dev.pid, signal);
    } catch {
      return;
    }
    if (await until(gone, 5000)) return;
  }
}

const running: { server?: CodeServer } = {};

async function main(): Promise<void> {
  ensureHost();
  const app = appFolder();
  if (!fs.existsSync(app)) {
    const fixture = path.join(REPO, 'test', 'fixtures', 'next-app');
    fs.cpSync(fixture, app, {
      recursive: true,
      filter: (s) => !/(^|[\\/])(\.next|node_modules)([\\/]|$)/.test(path.relative(fixture, s)),
    });
    console.log(`[playground] created the example app in ${path.relative(REPO, app)}`);
  }
  const vsix = packageVsix(path.join(REPO, '.playground'));
  const before = devLockPid(app);
  if (before !== undefined) console.log(`[playground] a next dev (pid ${before}) already runs for ${path.relative(REPO, app)}: the panel will use it, without its stack traces`);
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    console.log('\n[playground] stopping VS Code and the next dev started from its panel…');
    const dev = startedDevServer(app, before);
    await running.server?.stop();
    if (dev) await settleDevServer(dev);
    console.log('[playground] stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const server = await startCodeServer({ smokeTestDriver: false, port: process.env.BFF_PLAYGROUND_PORT ? Number(process.env.BFF_PLAYGROUND_PORT) : undefined });
  running.server = server;
  const installed = installVsix(server, vsix).filter((l) => l.startsWith('bff-routes.'));
  console.log(`[playground] VS Code ${vscodeVersion()} (code-server) with ${installed.join(', ')}`);
  console.log('');
  console.log('  Open this URL in a browser:');
  console.log(`    ${server.url}/?folder=${encodeURIComponent(app)}`);
  console.log('');
  console.log('  Then, in the BFF Routes panel (its icon is in the activity bar):');
  console.log('    1. "Start next dev" runs the app\'s dev script in a terminal the panel owns;');
  console.log('    2. pick /api/boom and Send: the 500 shows the error with its whole stack, each frame a link to the source.');
  console.log('  Commands are under "BFF Routes" in the command palette (F1).');
  console.log('  Press Ctrl+C to stop everything (VS Code and the next dev it started).');
  // keep running until a signal arrives
  setInterval(() => undefined, 1 << 30);
}

main().catch(async (e: unknown) => {
  console.error('[playground] failed:', e);
  await running.server?.stop();
  process.exit(1);
});
