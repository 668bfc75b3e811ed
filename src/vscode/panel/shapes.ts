// The handler's side of the request editor: "Fill from handler" (the shape of a route and method read from its
// code, with unsaved editor text and imports through tsconfig `paths`) and "Run all" (the app's saved suite, the
// .http files `bff-routes test` runs, narrowed to a route or its folder, against the app's running dev server).
// Shapes go through the lazily loaded engine (src/vscode/engine.ts: the TypeScript parser); the suite runner is
// the extension's own HTTP stack, so only a `# @shape` request loads the engine. Neither throws.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readTextSync } from '../../core/fileRead';
import { suiteFiles, suiteFolder } from '../../core/suite/files';
import { parseSuite } from '../../core/suite/parse';
import { problemText, SuiteRunner } from '../../core/suite/run';
import { selectRequests } from '../../core/suite/select';
import { responseShapes } from '../../core/suite/shapes';
import type { NextApp } from '../../core/project/nextApps';
import type { RouteInfo } from '../../core/routes/discovery';
import type { FillView, HttpMethod, SuiteResult, SuiteScopeKind } from '../../protocol';
import { engine } from '../engine';

/** The text of a file as the editor has it (unsaved changes included), else as on disk. */
function openText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText();
}

function moduleHost(app: NextApp) {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(app.root))?.uri.fsPath ?? app.root;
  return engine().createModuleHost({ workspaceRoot: folder, appRoot: app.root, readOpen: openText });
}

/** `summary`: the handler's inputs and statuses as plain text (the sidebar's route tooltip). */
export type ShapeAnswer = { fill: FillView; summary: string; reason?: undefined } | { fill?: undefined; summary?: undefined; reason: string };

/** What "Fill from handler" puts in the request of a route's method, or why the handler's shape is not known. */
export function handlerFill(app: NextApp, route: RouteInfo, method: HttpMethod): ShapeAnswer {
  if (route.router !== 'app') return { reason: 'shape not known: pages/api handlers are not read (App Router route handlers only)' };
  const text = openText(route.file) ?? readTextSync(route.file);
  if (text === undefined) return { reason: `shape not known: ${route.file} could not be read` };
  const e = engine();
  const shape = e.extractRouteShape(route.file, text, { pattern: route.pattern, host: moduleHost(app) });
  if (shape.unknown) return { reason: `shape not known: ${shape.unknown}` };
  const m = shape.methods.find((x) => x.method === method);
  if (!m) return { reason: method === 'HEAD' || method === 'OPTIONS' ? `Next.js answers ${method} itself: there is no handler to read` : `the file exports no ${method} handler` };
  return { fill: e.fillOf(m), summary: e.handlerSummary(m, route.pattern, true) };
}

/** The hover's Markdown for the handler of `method` in a route file, or undefined when it has none. */
export function handlerHover(app: NextApp | undefined, file: string, text: string, pattern: string | undefined, method: HttpMethod): string | undefined {
  const e = engine();
  const shape = e.extractRouteShape(file, text, { ...(pattern ? { pattern } : {}), ...(app ? { host: moduleHost(app) } : {}) });
  if (shape.unknown) return `**${method}**\n\nShape not known: ${shape.unknown}`;
  const m = shape.methods.find((x) => x.method === method);
  return m ? e.handlerSummary(m, pattern) : undefined;
}

export interface SuiteRun {
  files: string[];
  results: SuiteResult[];
  error?: string;
}

/**
 * Runs the app's suite for the scope against `baseUrl`, reporting after each request. The route's own requests
 * (or its folder's, or all), with the earlier named requests whose captures they use.
 */
export async function runAppSuite(app: NextApp, scope: SuiteScopeKind, pattern: string, baseUrl: string | undefined, progress: (run: SuiteRun) => void, env?: Record<string, string>): Promise<SuiteRun> {
  const folder = suiteFolder(app.root);
  const files = suiteFiles([folder]);
  const run: SuiteRun = { files, results: [] };
  if (files.length === 0) return { ...run, error: `No suite yet: save .http files (with ?? assertions) under ${path.relative(app.root, folder) || folder}, the folder bff-routes test runs.` };
  if (!baseUrl) return { ...run, error: 'The app\'s dev server is not running: start it, then run the suite.' };
  if (!vscode.workspace.isTrusted) return { ...run, error: 'Running a suite needs a trusted workspace.' };
  const sel = scope === 'app' ? { kind: 'app' as const } : scope === 'route' ? { kind: 'route' as const, pattern } : { kind: 'folder' as const, prefix: pattern.split('/').slice(0, -1).join('/') };
  const suites = files.map((file) => {
    const text = openText(file) ?? readTextSync(file);
    return { file, suite: text === undefined ? undefined : parseSuite(text) };
  });
  // `# @shape` needs the handlers' response shapes: read (with unsaved text) only when a request asks.
  const shaped = suites.some(({ suite }) => suite?.requests.some((r) => r.shape));
  const responseShape = shaped ? responseShapes(await engine().appRouteShapes(app, { host: moduleHost(app), readText: openText })) : undefined;
  const runner = new SuiteRunner({
    baseUrl,
    // The active environment's variables, below each file's own (as `bff-routes test --env`).
    ...(env ? { env } : {}),
    ...(responseShape ? { responseShape } : {}),
    onResult: (r) => {
      run.results.push(r);
      progress(run);
    },
  });
  for (const { file, suite } of suites) {
    const rel = path.relative(app.root, file).split(path.sep).join('/');
    if (!suite) {
      run.results.push({ file: rel, name: rel, method: '', url: '', line: 1, passed: false, assertions: [], error: `${rel}: cannot be read (not a regular file, or too large)` });
      progress(run);
      continue;
    }
    const narrowed = selectRequests(suite, sel);
    if (narrowed.requests.length === 0) continue;
    for (const p of suite.problems) run.results.push({ file: rel, name: `line ${p.line}`, method: '', url: '', line: p.line, passed: false, assertions: [], error: problemText(rel, p) });
    await runner.runSuite(rel, { ...narrowed, problems: [] });
  }
  if (run.results.length === 0) run.error = `No request of the suite targets ${scope === 'app' ? 'this app' : scope === 'route' ? pattern : `${sel.kind === 'folder' ? sel.prefix : pattern}/…`}.`;
  return run;
}
