// Environments inside a real VS Code extension host: http-client.env.json at the workspace root, the
// environment switched through the status bar item's command, requests going to the environment's baseUrl
// (two loopback servers, one per environment) with the cookie jar of each, and a malformed env file
// reported as a diagnostic at its line and column while the other environments stay usable.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BffRoutesApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { routesUntil } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

function server(name: string, seen: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer((req, res) => {
    seen.push(`${name} ${req.url} cookie=${req.headers.cookie ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': `from=${name}; Path=/; HttpOnly` }).end(JSON.stringify({ name }));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }),
  })));
}

describe('environments in the extension host', () => {
  let api: BffRoutesApi;
  let root: string;
  const seen: string[] = [];
  let a: Awaited<ReturnType<typeof server>>;
  let b: Awaited<ReturnType<typeof server>>;
  let envFile: string;

  before(async () => {
    api = await activateExtension();
    root = workspaceRoot();
    await routesUntil(api, () => api.requests.listRoutes().length > 0);
    a = await server('local', seen);
    b = await server('staging', seen);
    envFile = path.join(root, 'http-client.env.json');
    fs.writeFileSync(envFile, JSON.stringify({ $shared: { who: 'ada' }, local: { baseUrl: a.url }, staging: { baseUrl: b.url, who: 'grace' } }, null, 2));
  });
  after(async () => {
    await vscode.commands.executeCommand(Commands.selectEnvironment, null);
    fs.rmSync(envFile, { force: true });
    await a.close();
    await b.close();
  });

  it('switches the environment from the status bar command: each request goes to its environment\'s baseUrl with its own cookies', async () => {
    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'local'), 'local');
    let envs = api.requests.environments();
    assert.deepEqual([envs.names, envs.active, envs.statusText], [['local', 'staging'], 'local', '$(server-environment) local']);
    const first = await api.requests.sendRequest({ route: '/api/hello', query: { who: '{{who}}' } });
    assert.equal(first.status, 200, JSON.stringify(first));
    assert.equal(first.url, `${a.url}/api/hello?who=ada`);
    const again = await api.requests.sendRequest({ route: '/api/hello' });
    assert.equal(again.status, 200);

    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'staging'), 'staging');
    envs = api.requests.environments();
    assert.deepEqual([envs.active, envs.statusText], ['staging', '$(server-environment) staging']);
    const other = await api.requests.sendRequest({ route: '/api/hello', query: { who: '{{who}}' } });
    assert.equal(other.url, `${b.url}/api/hello?who=grace`);
    assert.deepEqual(JSON.parse(other.body ?? ''), { name: 'staging' });
    assert.deepEqual(seen, ['local /api/hello?who=ada cookie=', 'local /api/hello cookie=from=local', 'staging /api/hello?who=grace cookie=']);

    const undef = await api.requests.sendRequest({ route: '/api/hello', headers: { 'X-Trace': '{{trace}}' } });
    assert.deepEqual(undef.error, { kind: 'variable', message: 'Header X-Trace: {{trace}} is not defined in the environment "staging". Nothing was sent.' });
    assert.equal(seen.length, 3, 'nothing was sent');
  });

  it('shows a malformed env file as a diagnostic at its line and column; the other environments stay usable', async () => {
    const uri = vscode.Uri.file(envFile);
    const reported = new Promise<vscode.Diagnostic[]>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'BFF Routes');
        if (ds.length > 0) {
          sub.dispose();
          resolve(ds);
        }
      });
    });
    fs.writeFileSync(envFile, `{\n  "local": { "baseUrl": "${a.url}" },\n  "staging": { "baseUrl": "${b.url}" "who": "x" }\n}\n`);
    const ds = await reported;
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.deepEqual([ds[0].range.start.line, ds[0].range.start.character], [2, 29 + b.url.length]);
    assert.match(ds[0].message, /^invalid JSON: comma expected \(the environment "staging" is unusable until this is fixed\)$/);
    const broken = await api.requests.sendRequest({ route: '/api/hello' });
    assert.equal(broken.error?.kind, 'environment');
    assert.match(broken.error?.message ?? '', /^The environment "staging" cannot be used: .*http-client\.env\.json:3:\d+: invalid JSON: comma expected/);
    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'local'), 'local');
    const ok = await api.requests.sendRequest({ route: '/api/hello' });
    assert.equal(ok.status, 200, JSON.stringify(ok));
  });
});
