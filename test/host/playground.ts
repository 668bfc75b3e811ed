// `npm start`: the playground. Starts `next dev` on an example app and a local VS Code (code-server)
// on 127.0.0.1 with the freshly built extension installed and that app open, prints the URL to open
// in a browser, and stops everything on Ctrl+C. The example app is a copy of the test fixture kept in
// .playground/ (git-ignored), so what you change there survives restarts and never touches the tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startNextDev, type NextDev } from '../support/nextDev';
import { installVsix, startCodeServer, type CodeServer } from './codeServer';
import { ensureHost, REPO, vscodeVersion } from './hostPaths';
import { packageVsix } from './vsix';

async function main(): Promise<void> {
  ensureHost();
  const app = path.join(REPO, '.playground', 'next-app');
  if (!fs.existsSync(app)) {
    fs.cpSync(path.join(REPO, 'test', 'fixtures', 'next-app'), app, {
      recursive: true,
      filter: (s) => !/(^|[\\/])(\.next|node_modules)([\\/]|$)/.test(path.relative(path.join(REPO, 'test', 'fixtures', 'next-app'), s)),
    });
    console.log(`[playground] created the example app in ${path.relative(REPO, app)}`);
  }
  const vsix = packageVsix(path.join(REPO, '.playground'));
  const running: { dev?: NextDev; server?: CodeServer } = {};
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    console.log('\n[playground] stopping next dev and code-server…');
    await Promise.allSettled([running.dev?.stop(), running.server?.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const server = await startCodeServer({ smokeTestDriver: false, port: process.env.BFF_PLAYGROUND_PORT ? Number(process.env.BFF_PLAYGROUND_PORT) : undefined });
  running.server = server;
  const installed = installVsix(server, vsix).filter((l) => l.startsWith('bff-routes.'));
  console.log(`[playground] VS Code ${vscodeVersion()} (code-server) with ${installed.join(', ')}`);
  const dev = await startNextDev(app, { probePath: '/api/hello' });
  running.dev = dev;
  console.log(`[playground] next dev for ${path.relative(REPO, app)} at ${dev.url}`);
  console.log('');
  console.log('  Open this URL in a browser:');
  console.log(`    ${server.url}/?folder=${encodeURIComponent(app)}`);
  console.log('');
  console.log('  The BFF Routes icon is in the activity bar; its commands are under "BFF Routes" in the command palette (F1).');
  console.log('  Press Ctrl+C to stop everything.');
  // keep running until a signal arrives
  setInterval(() => undefined, 1 << 30);
}

main().catch(async (e: unknown) => {
  console.error('[playground] failed:', e);
  process.exit(1);
});
