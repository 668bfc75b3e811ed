import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/ids';
import { startNextDev } from '../support/nextDev';
import { stopDev } from './panelSupport';
import { activateExtension, workspaceRoot } from './support';

interface Contributes {
  commands: Array<{ command: string }>;
  views: Record<string, Array<{ id: string }>>;
}

describe('activation in a workspace holding the Next.js fixture', () => {
  it('activates on its own (workspaceContains) and finds the fixture app', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // activation events fire at start-up for this workspace: wait for it rather than forcing it
    for (let i = 0; i < 200 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(ext.isActive, 'activated by workspaceContains');
    const api = await activateExtension();
    const apps = api.nextApps();
    assert.equal(apps.length, 1);
    assert.equal(apps[0].root, workspaceRoot());
    assert.equal(apps[0].nextMajor, 16);
  });

  it('registers every command declared in package.json', async () => {
    await activateExtension();
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Contributes }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
    assert.ok(declared.length > 0);
  });

  it('resolves every view declared in package.json', async () => {
    await activateExtension();
    const views = Object.values((vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Contributes }).contributes.views).flat();
    assert.ok(views.length > 0);
    for (const v of views) {
      // `<viewId>.focus` exists for every registered view and resolves the provider
      await vscode.commands.executeCommand(`${v.id}.focus`);
    }
  });

  it('a fixture route answers 200 from a real next dev started inside the host', async () => {
    const root = workspaceRoot();
    assert.ok(fs.existsSync(path.join(root, 'app', 'api', 'hello', 'route.ts')));
    const api = await activateExtension();
    const dev = await startNextDev(root, { probePath: '/api/hello' });
    try {
      const res = await fetch(`${dev.url}/api/hello`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'hello from the fixture');
    } finally {
      await stopDev(api, dev);
    }
  });
});
