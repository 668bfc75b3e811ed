import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  COMMAND_CATEGORY, Commands, CONFIG_SECTION, ConfigKeys, DISPLAY_NAME, EXTENSION_ID, FIX_ALL_KIND, INTERNAL_COMMANDS, ViewContainers, Views, WebviewPanels,
} from '../../src/ids';

interface Manifest {
  name: string;
  publisher: string;
  displayName: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents?: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: Record<string, Array<{ command: string; when?: string }>>;
    viewsContainers?: { activitybar?: Array<{ id: string }> };
    views?: Record<string, Array<{ id: string }>>;
    configuration?: { properties: Record<string, { scope?: string }> };
    codeActions?: Array<{ languages: string[]; actions: { kind: string; title: string } | Array<{ kind: string; title: string }> }>;
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('package.json agrees with src/ids.ts', () => {
  it('names the extension as declared', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.equal(manifest.name, 'bff-routes');
    assert.equal(manifest.displayName, DISPLAY_NAME);
  });

  it('declares the fix-all code action kind for codeActionsOnSave', () => {
    const kinds = (manifest.contributes.codeActions ?? []).flatMap((c) => (Array.isArray(c.actions) ? c.actions : [c.actions]).map((a) => a.kind));
    assert.deepEqual(kinds, [FIX_ALL_KIND]);
  });

  it('declares exactly the commands of Commands, each in the one category', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, COMMAND_CATEGORY, c.command);
  });

  it('hides internal commands from the palette and only them', () => {
    const hidden = (manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command).sort();
    assert.deepEqual(hidden, [...INTERNAL_COMMANDS].sort());
  });

  it('every menu entry names a declared command', () => {
    const ids = new Set<string>(Object.values(Commands));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const e of entries) assert.ok(ids.has(e.command), `${menu}: ${e.command}`);
    }
  });

  it('declares the view container and views of ids.ts', () => {
    assert.deepEqual((manifest.contributes.viewsContainers?.activitybar ?? []).map((c) => c.id), Object.values(ViewContainers));
    const views = Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id).sort();
    assert.deepEqual(views, Object.values(Views).sort());
  });

  it('declares exactly the configuration keys of ids.ts, each with a scope', () => {
    const props = manifest.contributes.configuration?.properties ?? {};
    assert.deepEqual(Object.keys(props).sort(), Object.values(ConfigKeys).map((k) => `${CONFIG_SECTION}.${k}`).sort());
    for (const [key, p] of Object.entries(props)) assert.ok(p.scope, `${key} has no scope`);
  });

  it('pins @types/vscode to the minor of engines.vscode', () => {
    const engine = /(\d+\.\d+)/.exec(manifest.engines.vscode)?.[1];
    const types = /(\d+\.\d+)/.exec(manifest.devDependencies['@types/vscode'])?.[1];
    assert.ok(engine);
    assert.equal(types, engine);
    assert.match(manifest.devDependencies['@types/vscode'], /^~/);
  });

  it('activates only where a Next.js app or a route file is present', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(events.length > 0);
    for (const e of events) assert.match(e, /^(workspaceContains:|onView:|onCommand:|onWebviewPanel:)/, e);
    assert.ok(!events.includes('*'));
  });

  it('activates to restore each webview panel of ids.ts after a reload', () => {
    const events = manifest.activationEvents ?? [];
    for (const id of Object.values(WebviewPanels)) assert.ok(events.includes(`onWebviewPanel:${id}`), id);
  });
});
