// Starts a private code-server (VS Code's server + web workbench) on 127.0.0.1 and stops it by PID.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/nextDev';
import { CODE_SERVER_ENTRY, NODE24, NODE24_BIN } from './hostPaths';

export interface CodeServer {
  url: string;
  pid: number;
  /** Private state: user-data, extensions, logs. Removed by stop() unless `keepState`. */
  stateDir: string;
  extensionsDir: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Lets the workbench read `?payload=` (extension development/tests). It also suppresses toasts. */
  smokeTestDriver?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  keepState?: boolean;
  port?: number;
  /**
   * Workspace trust as users get it (off by default in tests). With it on, a folder opens in Restricted Mode
   * without a prompt (`startupPrompt: never`) until it is trusted.
   */
  workspaceTrust?: boolean;
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'typescript.tsserver.maxTsServerMemory': 1024,
  // Desktop VS Code's default. In a browser the default is "afterDelay" (1 s): an auto-save (which runs no
  // codeActionsOnSave) could then land between a test's edit and its explicit save on a loaded machine.
  'files.autoSave': 'off',
};

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function hostEnv(stateDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    // a private config dir: ~/.config/code-server/config.yaml is neither read nor written
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-code-server-'));
  const userData = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const trust = options.workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
    : {};
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...trust, ...options.settings }, null, 2));
  const port = options.port ?? (await freePort());
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // a closed window's file watcher would otherwise linger for 3 h
    '--reconnection-grace-time', '10',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver ?? true) args.push('--vscode-option', 'enable-smoke-test-driver');
  const log = fs.openSync(path.join(stateDir, 'code-server.log'), 'a');
  const child = spawn(NODE24, args, { detached: true, stdio: ['ignore', log, log], env: hostEnv(stateDir) });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  child.unref();
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    for (const [signal, waitMs] of [['SIGTERM', 5000], ['SIGKILL', 2000]] as const) {
      try {
        process.kill(-pid, signal);
      } catch {
        break;
      }
      const until = Date.now() + waitMs;
      let gone = false;
      while (Date.now() < until && !gone) {
        try {
          process.kill(-pid, 0);
          await sleep(50);
        } catch {
          gone = true;
        }
      }
      if (gone) break;
    }
    if (!options.keepState) fs.rmSync(stateDir, { recursive: true, force: true });
  };

  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, pid, stateDir, extensionsDir, stop };
    } catch {
      // not listening yet
    }
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error(`code-server exited:\n${fs.readFileSync(path.join(stateDir, 'code-server.log'), 'utf8')}`);
    }
    await sleep(100);
  }
  await stop();
  throw new Error('code-server did not answer /healthz within 60 s');
}

/** Installs a .vsix into the server's private extensions folder and returns the installed extension ids. */
export function installVsix(server: CodeServer, vsix: string): string[] {
  const userData = path.join(server.stateDir, 'user-data');
  const common = ['--user-data-dir', userData, '--extensions-dir', server.extensionsDir];
  execFileSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', vsix, '--force'], { env: hostEnv(server.stateDir), stdio: 'pipe' });
  return execFileSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--list-extensions', '--show-versions'], { env: hostEnv(server.stateDir), encoding: 'utf8' })
    .split('\n').map((s) => s.trim()).filter(Boolean);
}
