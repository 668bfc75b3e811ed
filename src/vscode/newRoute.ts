// "BFF Routes: New Route Handler…": palette and explorer folder menu. Pick an app (when several), a
// pattern, a route path (live validation, URL preview), methods, zod or a type guard; the core generator
// plans the file and every refusal; this adapter only asks, writes through vscode.workspace.fs and opens.
// With an argument object it runs without any UI (tests, keybindings, other extensions).
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod';
import { Commands } from '../ids';
import { addDependencyCommand, appFacts, existingEntries, planRoute, writePlanSync, type AppFacts, type ExistingEntry, type GenerateRequest, type Plan } from '../core/generator';
import { isWithin } from '../core/paths';
import { appForFile, describeNextApp, type NextApp } from '../core/project/nextApps';
import { PATTERN_IDS, PATTERNS, patternById, type HttpMethod, type PatternDef, type Validation } from '../core/templates';
import { logError, type Log } from './log';
import { NextAppContextKey } from './nextAppContext';
import type { WorkspaceAppsApi } from './workspaceApps';

/** The argument object of `bffRoutes.newRouteHandler` (no UI is shown when it is given). */
export const NewRouteArgs = z
  .object({
    pattern: z.enum(PATTERN_IDS),
    /** Relative to the app directory; defaults to the folder's path (when `folder` is given) or the pattern's default. */
    routePath: z.string().optional(),
    /** Absolute path of the Next.js app root; defaults to the app around `folder`, or the workspace's only app. */
    app: z.string().optional(),
    /** Absolute path (or URI string) of a folder: its path inside the app pre-fills routePath. */
    folder: z.string().optional(),
    language: z.enum(['ts', 'js']).optional(),
    methods: z.array(z.string()).optional(),
    validation: z.enum(['zod', 'guard']).optional(),
    /** Open the created file in an editor (default true). */
    open: z.boolean().optional(),
  })
  .strict();
export type NewRouteArgs = z.infer<typeof NewRouteArgs>;

/**
 * What one run of the command knows about its app. The live validation plans on every keystroke; the
 * index of existing routes and pages is walked once per run (5,000 routes: ~86 ms a walk against
 * ~1 ms a plan with the index, test/bench/generator.bench.ts) and dropped with the run. The final plan
 * walks again, so a file created meanwhile is still seen.
 */
class RunContext {
  private index: readonly ExistingEntry[] | undefined;
  facts: AppFacts;

  constructor(readonly app: NextApp) {
    this.facts = appFacts(app, { boundary: workspaceBoundary(app.root) });
  }

  existing(): readonly ExistingEntry[] {
    this.index ??= existingEntries({ appDir: this.app.appDir, pagesDir: this.app.pagesDir });
    return this.index;
  }
}

/** The outermost workspace folder holding `root` (zod is looked up no higher), else `root`. */
function workspaceBoundary(root: string): string {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const holding = folders.filter((f) => isWithin(f, root)).sort((a, b) => a.length - b.length);
  return holding[0] ?? root;
}

class Cancelled extends Error {}
/** A refusal already shown to the user. */
class Refused extends Error {}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The route path a folder stands for, in the pattern's terms (relative to app/, pages/ or the matcher). */
export function routePathForFolder(app: NextApp, def: PatternDef, folder: string | undefined): string {
  let rel: string | undefined;
  if (folder && def.kind === 'pages-api' && app.pagesDir && isWithin(app.pagesDir, folder)) rel = toPosix(path.relative(app.pagesDir, folder));
  else if (folder && def.kind !== 'pages-api' && app.appDir && isWithin(app.appDir, folder)) rel = toPosix(path.relative(app.appDir, folder));
  if (def.kind === 'proxy-file') return rel && !rel.includes('[') && !rel.includes('(') ? rel : def.defaultPath;
  if (rel === undefined) return def.defaultPath;
  const base = rel === '' ? '' : `${rel}/`;
  switch (def.requires) {
    case 'param':
      return /\[/.test(rel) ? rel : `${base}[id]`;
    case 'catch-all-last':
      return /\[\.\.\.[^\]]+\]+$/.test(rel) ? rel : `${base}[...slug]`;
    case 'well-known':
      return /(^|\/)\.well-known$/.test(rel) ? `${rel}/security.json` : rel.includes('.well-known/') ? rel : def.defaultPath;
    default:
      if (def.kind === 'pages-api') return rel.startsWith('api') ? (rel === 'api' ? 'api/hello' : rel) : def.defaultPath;
      return rel === '' ? def.defaultPath : rel;
  }
}

export class NewRouteCommand {
  /** The command and the context key of its explorer entry (`bffRoutes.hasNextApp`). */
  static register(log: Log, apps: WorkspaceAppsApi): vscode.Disposable {
    const cmd = new NewRouteCommand(log, apps);
    return vscode.Disposable.from(
      vscode.commands.registerCommand(Commands.newRouteHandler, (arg?: unknown, second?: unknown) => cmd.run(arg, second)),
      NextAppContextKey.register(log, apps),
    );
  }

  private constructor(private readonly log: Log, private readonly apps: WorkspaceAppsApi) {}

  /**
   * `arg` is either an argument object (no UI), a folder Uri (explorer menu; `second` is the selection),
   * or nothing (palette). Returns the created file, or undefined when nothing was created.
   */
  async run(arg?: unknown, second?: unknown): Promise<vscode.Uri | undefined> {
    try {
      if (arg instanceof vscode.Uri) {
        // A test or another extension may pass an argument object after the folder Uri.
        if (second && typeof second === 'object' && !Array.isArray(second) && !(second instanceof vscode.Uri)) {
          return await this.runWithArgs(second, arg.fsPath);
        }
        return await this.runInteractive(arg.fsPath);
      }
      if (arg !== undefined && arg !== null) return await this.runWithArgs(arg, undefined);
      return await this.runInteractive(undefined);
    } catch (err) {
      if (err instanceof Cancelled || err instanceof Refused) return undefined;
      logError(this.log, 'New Route Handler failed', err);
      void vscode.window.showErrorMessage(`New Route Handler failed: ${err instanceof Error ? err.message : String(err)}. See the BFF Routes log.`);
      return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------ no UI

  private async runWithArgs(raw: unknown, folderFromUri: string | undefined): Promise<vscode.Uri | undefined> {
    const parsed = NewRouteArgs.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; ');
      return this.refuse(`Invalid arguments for New Route Handler: ${issues}`);
    }
    const args = parsed.data;
    const folder = folderFromUri ?? (args.folder ? fsPathOf(args.folder) : undefined);
    const app = await this.resolveAppNoUi(args.app, folder);
    const def = patternById(args.pattern)!;
    const plan = planRoute(this.request(new RunContext(app), {
      pattern: args.pattern,
      routePath: args.routePath ?? routePathForFolder(app, def, folder),
      ...(args.language ? { language: args.language } : {}),
      ...(args.methods ? { methods: args.methods } : {}),
      ...(args.validation ? { validation: args.validation } : {}),
    }));
    return this.execute(plan, args.open !== false, false);
  }

  private async resolveAppNoUi(appPath: string | undefined, folder: string | undefined): Promise<NextApp> {
    if (appPath) {
      const app = describeNextApp(path.resolve(appPath));
      if (!app) this.refuse(`${appPath} is not a Next.js app (no next.config.* and no next dependency in its package.json).`);
      return app!;
    }
    const apps = await this.workspaceApps();
    if (folder) {
      const app = appForFile(apps, folder);
      if (!app) this.refuse(`No Next.js app contains ${folder}.`);
      return app!;
    }
    if (apps.length === 0) this.refuse(NO_APP);
    if (apps.length > 1) this.refuse(`This workspace has ${apps.length} Next.js apps; pass "app" (its root folder) or "folder".`);
    return apps[0];
  }

  /** The workspace's apps, with a change the file watcher already reported applied. */
  private async workspaceApps(): Promise<readonly NextApp[]> {
    await this.apps.settled();
    return this.apps.list();
  }

  // ------------------------------------------------------------------------------------------ UI

  private async runInteractive(folder: string | undefined): Promise<vscode.Uri | undefined> {
    const run = new RunContext(await this.pickApp(folder));
    const def = await this.pickPattern(run.app, folder);
    const routePath = await this.askRoutePath(run, def, folder);
    const methods = await this.pickMethods(def);
    const validation = await this.pickValidation(run, def);
    const plan = planRoute(this.request(run, { pattern: def.id, routePath, methods, ...(validation ? { validation } : {}) }));
    return this.execute(plan, true, true);
  }

  private async pickApp(folder: string | undefined): Promise<NextApp> {
    const apps = await this.workspaceApps();
    if (folder) {
      const app = appForFile(apps, folder);
      if (!app) this.refuse(`No Next.js app contains ${vscode.workspace.asRelativePath(folder)}. Run the command on a folder of a Next.js app.`);
      return app!;
    }
    if (apps.length === 0) this.refuse(NO_APP);
    if (apps.length === 1) return apps[0];
    const items = apps.map((app) => ({
      label: path.basename(app.root),
      description: appLocation(app.root),
      detail: [
        app.appDir ? `App Router: ${toPosix(path.relative(app.root, app.appDir))}/` : undefined,
        app.pagesDir ? `Pages Router: ${toPosix(path.relative(app.root, app.pagesDir))}/` : undefined,
        app.nextMajor !== undefined ? `Next.js ${app.nextMajor}` : undefined,
        app.typescript ? 'TypeScript' : 'JavaScript',
      ].filter(Boolean).join(' · '),
      app,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: 'New Route Handler: which Next.js app?', placeHolder: 'This workspace has several Next.js apps', matchOnDescription: true });
    if (!picked) throw new Cancelled();
    return picked.app;
  }

  private async pickPattern(app: NextApp, folder: string | undefined): Promise<PatternDef> {
    type Item = vscode.QuickPickItem & { def?: PatternDef };
    const available = PATTERNS.filter((p) => app.appDir || p.kind !== 'app-route');
    const items: Item[] = [];
    let lastGroup = 0;
    for (const def of available) {
      if (def.group === 5 && lastGroup !== 5) items.push({ label: 'Content types', kind: vscode.QuickPickItemKind.Separator });
      if (def.group === 6 && lastGroup === 5) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      if (def.group === 11 && lastGroup !== 11) items.push({ label: 'Other files', kind: vscode.QuickPickItemKind.Separator });
      lastGroup = def.group;
      items.push({ label: def.label, description: def.description, def });
    }
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = 'New Route Handler: pattern';
    qp.placeholder = 'Choose a pattern of the Next.js Backend-for-Frontend guide';
    qp.matchOnDescription = true;
    qp.items = items;
    const inPagesApi = folder && app.pagesApiDir && isWithin(app.pagesApiDir, folder);
    const preferred = items.find((i) => i.def && (inPagesApi ? i.def.id === 'pages-api' : true));
    if (preferred) qp.activeItems = [preferred];
    const def = await new Promise<PatternDef | undefined>((resolve) => {
      qp.onDidAccept(() => {
        resolve(qp.selectedItems[0]?.def ?? qp.activeItems[0]?.def);
        qp.hide();
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
    qp.dispose();
    if (!def) throw new Cancelled();
    return def;
  }

  private async askRoutePath(run: RunContext, def: PatternDef, folder: string | undefined): Promise<string> {
    const { app } = run;
    const value = routePathForFolder(app, def, folder);
    const base =
      def.kind === 'proxy-file' ? 'the matcher prefix (empty: every request)'
      : def.kind === 'pages-api' ? `a path under ${app.pagesDir ? toPosix(path.relative(app.root, app.pagesDir)) : 'pages'}/, starting with api/`
      : `a folder path under ${toPosix(path.relative(app.root, app.appDir ?? app.root))}/`;
    const input = await vscode.window.showInputBox({
      title: `New Route Handler: ${def.label}`,
      prompt: `Route path: ${base}. [id] dynamic, [...slug] catch-all, [[...slug]] optional catch-all, (group) not in the URL.`,
      value,
      valueSelection: selectionFor(value),
      ignoreFocusOut: true,
      validateInput: (text) => this.preview(run, def, text),
    });
    if (input === undefined) throw new Cancelled();
    return input;
  }

  /** Live validation: the URL it will serve and the file it creates, or why not. */
  private preview(run: RunContext, def: PatternDef, text: string): vscode.InputBoxValidationMessage {
    const { app } = run;
    const plan = planRoute(this.request(run, { pattern: def.id, routePath: text, existing: run.existing() }));
    const refusal = plan.refusals[0];
    if (refusal) {
      if (refusal.code === 'exists') {
        return { message: `${refusal.message} Press Enter to open it.`, severity: vscode.InputBoxValidationSeverity.Warning };
      }
      return { message: refusal.message, severity: vscode.InputBoxValidationSeverity.Error };
    }
    const file = toPosix(path.relative(app.root, plan.files[0].path));
    const what = def.kind === 'proxy-file' ? `Runs for ${plan.urlPattern === '/' ? 'every request' : `${plan.urlPattern}/…`}` : `Serves ${plan.urlPattern}`;
    return { message: `${what}  →  ${file}`, severity: vscode.InputBoxValidationSeverity.Info };
  }

  private async pickMethods(def: PatternDef): Promise<HttpMethod[] | undefined> {
    if ('fixed' in def.methods) return undefined;
    const defaults = def.methods.default;
    const picked = await vscode.window.showQuickPick(
      def.methods.choosable.map((m) => ({ label: m, picked: defaults.includes(m) })),
      { title: `New Route Handler: ${def.label}: methods`, placeHolder: 'HTTP methods to export', canPickMany: true, ignoreFocusOut: true },
    );
    if (!picked) throw new Cancelled();
    if (picked.length === 0) {
      void vscode.window.showWarningMessage('Pick at least one HTTP method; nothing was created.');
      throw new Cancelled();
    }
    return picked.map((p) => p.label as HttpMethod);
  }

  private async pickValidation(run: RunContext, def: PatternDef): Promise<Validation | undefined> {
    if (!def.usesValidation) return undefined;
    const { app, facts } = run;
    if (facts.zodMajor !== undefined) return 'zod';
    const install = addDependencyCommand(facts.packageManager, 'zod');
    // A package manager runs the repository's own code (yarnPath, .pnpmfile.cjs, .npmrc hooks, install
    // scripts): only in a trusted workspace, like the dev script.
    const trusted = vscode.workspace.isTrusted;
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Use a hand-written type guard', description: 'no new dependency', value: 'guard' as const },
        { label: 'Add zod and use a schema', description: trusted ? `runs \`${install}\` in a terminal` : `disabled in Restricted Mode (it would run \`${install}\`)`, value: 'zod' as const },
      ],
      { title: `New Route Handler: ${def.label}: validation`, placeHolder: 'This app does not depend on zod', ignoreFocusOut: true },
    );
    if (!picked) throw new Cancelled();
    if (picked.value === 'zod') {
      if (!vscode.workspace.isTrusted) {
        this.refuse(`Add zod is disabled in an untrusted workspace: \`${install}\` can run code from the repository (yarnPath, .pnpmfile.cjs, install scripts). Trust the workspace, or choose the hand-written type guard. Nothing was created.`);
      }
      const terminal = vscode.window.createTerminal({ name: 'BFF Routes: add zod', cwd: app.root });
      terminal.show(true);
      terminal.sendText(install);
      // The install adds the current zod (4): generate for its API, without a "run the install" note.
      run.facts = { ...facts, zodMajor: 4 };
    }
    return picked.value;
  }

  // ------------------------------------------------------------------------------------------ shared

  private request(run: RunContext, r: Omit<GenerateRequest, 'app' | 'workspaceFolders' | 'facts'>): GenerateRequest {
    const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return { app: run.app, workspaceFolders, facts: run.facts, ...r };
  }

  private async execute(plan: Plan, open: boolean, interactive: boolean): Promise<vscode.Uri | undefined> {
    const refusal = plan.refusals[0];
    if (refusal) {
      if (refusal.existingFile) {
        const existing = vscode.Uri.file(refusal.existingFile);
        if (interactive && refusal.code === 'exists') {
          await vscode.window.showTextDocument(existing);
          return undefined;
        }
        if (interactive) {
          void vscode.window.showErrorMessage(refusal.message, 'Open Existing File').then((choice) => {
            if (choice) void vscode.window.showTextDocument(existing);
          });
          throw new Refused();
        }
      }
      return this.refuse(refusal.message);
    }
    const file = plan.files[0];
    const uri = vscode.Uri.file(file.path);
    // Node's fs, as the CLI: vscode.workspace.fs.writeFile has no exclusive create (it overwrites, and
    // follows a dangling symbolic link planted as route.ts). The workspace is on `file:` (virtual
    // workspaces are not supported), so the extension host sees the same files.
    const written = writePlanSync(plan);
    if (written.error) return this.refuse(written.error);
    this.log.info(`created ${file.path} (${plan.urlPattern ?? ''})`);
    if (open) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const selection = file.selection ? new vscode.Range(doc.positionAt(file.selection.start), doc.positionAt(file.selection.end)) : undefined;
      // Passing the selection to showTextDocument applies it as the editor opens (no visible jump).
      await vscode.window.showTextDocument(doc, { preview: false, ...(selection ? { selection } : {}) });
    }
    if (plan.notes.length > 0) void vscode.window.showInformationMessage(plan.notes.join(' '));
    return uri;
  }

  /** Shows the message (without waiting for it to be dismissed) and stops the command. */
  private refuse(message: string): never {
    this.log.warn(`New Route Handler: ${message}`);
    void vscode.window.showErrorMessage(message);
    throw new Refused(message);
  }
}

const NO_APP = 'No Next.js app in this workspace: New Route Handler looks for a folder with next.config.* or a next dependency in package.json.';

function fsPathOf(pathOrUri: string): string {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUri) ? vscode.Uri.parse(pathOrUri).fsPath : path.resolve(pathOrUri);
}

/** Where an app is, for the app pick: its folder relative to the workspace, or "workspace folder". */
function appLocation(root: string): string | undefined {
  const rel = vscode.workspace.asRelativePath(root);
  // asRelativePath returns a workspace folder itself unchanged (absolute).
  if (rel === root || path.isAbsolute(rel)) return 'workspace folder';
  return rel === path.basename(root) ? undefined : rel;
}

/** Selects the last folder of the pre-filled path: what the user most likely renames. */
function selectionFor(value: string): [number, number] {
  const slash = value.lastIndexOf('/');
  return [slash + 1, value.length];
}
