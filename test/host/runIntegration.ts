// `npm run test:integration`: runs the mocha suites of test/integration INSIDE a real VS Code
// extension host — code-server's VS Code, installed by ensureHost() into the user's cache folder —
// with the extension loaded from this repository and a fresh copy of the fixture app as workspace.
// Exit code: the suite's (0 pass, 1 fail), 124 on timeout, 2 when the harness itself failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { copyFixture } from '../support/nextDev';
import { consoleArgsToText, launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { ensureHost, REPO, vscodeVersion } from './hostPaths';

const TIMEOUT_S = Number(process.env.BFF_TEST_TIMEOUT_S ?? 1200);

export interface HostRunOptions {
  /** Absolute path of the compiled suite index (exports run()). */
  testsPath: string;
  /** The folder opened as the workspace. */
  folder: string;
  env?: Record<string, string>;
  label: string;
}

export async function runInHost(opts: HostRunOptions): Promise<number> {
  const t0 = Date.now();
  const server = await startCodeServer({ smokeTestDriver: true });
  console.log(`[${opts.label}] code-server (VS Code ${vscodeVersion()}) pid ${server.pid} at ${server.url}, up in ${Date.now() - t0} ms`);
  const browser = await launchBrowser();
  try {
    const authority = new URL(server.url).host;
    const remote = (p: string): string => `vscode-remote://${authority}${p}`;
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(opts.testsPath)],
    ];
    if (opts.env && Object.keys(opts.env).length > 0) payload.push(['extensionEnvironment', JSON.stringify(opts.env)]);
    const url = `${server.url}/?folder=${encodeURIComponent(opts.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    let resolveExit!: (r: { code: number | 'timeout' }) => void;
    const exited = new Promise<{ code: number | 'timeout' }>((r) => (resolveExit = r));
    // The workbench calls window.codeAutomationExit(code) when the extension-host test runner ends.
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => resolveExit({ code }));
    browser.page.on('console', (msg) => {
      void (async () => {
        let args: unknown[];
        try {
          args = await Promise.all(msg.args().map((a) => a.jsonValue() as Promise<unknown>));
        } catch {
          args = [msg.text()];
        }
        const text = util.format(...consoleArgsToText(args));
        if (text.startsWith('[mocha] ')) process.stdout.write(`${text.slice(8)}\n`);
        else if (process.env.VERBOSE) process.stdout.write(`[console] ${text}\n`);
        else if (msg.type() === 'error' && (text.includes('ExtensionTests') || text.includes(path.dirname(opts.testsPath)))) {
          process.stdout.write(`[exthost error] ${text.split('\n').slice(0, 6).join('\n')}\n`);
        }
      })();
    });
    await browser.page.goto(url, { waitUntil: 'domcontentloaded' });
    const timer = setTimeout(() => resolveExit({ code: 'timeout' }), TIMEOUT_S * 1000);
    const result = await exited;
    clearTimeout(timer);
    const code = result.code === 'timeout' ? 124 : Number(result.code);
    if (result.code === 'timeout') {
      const shot = path.join(REPO, 'test-results', `${opts.label}-timeout.png`);
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await browser.page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`[${opts.label}] TIMEOUT after ${TIMEOUT_S}s; screenshot ${shot}; code-server log ${server.stateDir}/code-server.log`);
    }
    console.log(`[${opts.label}] finished with exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s (VS Code ${vscodeVersion()})`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** An empty folder beside the fixture copies (`.test-workspaces/<label>-…/workspace`). */
function emptyWorkspace(label: string): string {
  const base = path.join(REPO, '.test-workspaces');
  fs.mkdirSync(base, { recursive: true });
  const dir = path.join(fs.mkdtempSync(path.join(base, `${label}-`)), 'workspace');
  fs.mkdirSync(dir);
  return dir;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  ensureHost();
  for (const f of ['dist/extension.js', 'out/test/integration/index.js']) {
    if (!fs.existsSync(path.join(REPO, f))) throw new Error(`${f} is missing: run \`npm run compile && npm run build\` first (npm test does).`);
  }
  const env: Record<string, string> = {};
  if (process.env.BFF_TEST_GREP) env.BFF_TEST_GREP = process.env.BFF_TEST_GREP;
  // Two runs: the suites in a copy of the fixture app, then the hostile-workspace suite in an empty folder it
  // fills itself (nothing must activate the extension before). BFF_TEST_GREP narrows both.
  const runs = [
    { label: 'integration', folder: copyFixture('next-app', 'integration'), testsPath: path.join(REPO, 'out', 'test', 'integration', 'index.js') },
    { label: 'integration-hostile', folder: emptyWorkspace('hostile'), testsPath: path.join(REPO, 'out', 'test', 'integration', 'hostile', 'index.js') },
  ];
  let code = 0;
  for (const run of runs) {
    let rc = 2;
    try {
      rc = await runInHost({ testsPath: run.testsPath, folder: run.folder, env, label: run.label });
    } finally {
      if (rc === 0) fs.rmSync(path.dirname(run.folder), { recursive: true, force: true });
      else console.log(`[${run.label}] workspace kept for inspection: ${run.folder}`);
    }
    code = code || rc;
  }
  console.log(`[integration] total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(code);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error('[integration] harness error:', e);
    process.exit(2);
  });
}
