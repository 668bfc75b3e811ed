// Every identifier the extension contributes, declared once. package.json must agree with these
// (test/unit/manifest.test.ts checks both directions). Editor-free: the CLI and the webview import it too.

export const EXTENSION_ID = 'bff-routes.bff-routes';
export const DISPLAY_NAME = 'BFF Routes for Next.js';
export const COMMAND_CATEGORY = 'BFF Routes';
export const LOG_CHANNEL_NAME = 'BFF Routes';

/** Commands. `internal` ones are hidden from the palette with `"when": "false"`. */
export const Commands = {
  showLog: 'bffRoutes.showLog',
  // Request panel
  openRequestPanel: 'bffRoutes.openRequestPanel',
  openRequestInEditor: 'bffRoutes.openRequestInEditor',
  resendLastRequest: 'bffRoutes.resendLastRequest',
  selectRoute: 'bffRoutes.selectRoute',
  sendRequest: 'bffRoutes.sendRequest',
  startDevServer: 'bffRoutes.startDevServer',
  stopDevServer: 'bffRoutes.stopDevServer',
  // Environments and cookies
  selectEnvironment: 'bffRoutes.selectEnvironment',
  clearCookies: 'bffRoutes.clearCookies',
  // New Route Handler
  newRouteHandler: 'bffRoutes.newRouteHandler',
  // Request shapes
  openOpenApi: 'bffRoutes.openOpenApi',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands that take arguments from other code (CodeLens, tests) and make no sense in the palette. */
export const INTERNAL_COMMANDS: readonly CommandId[] = [Commands.selectRoute, Commands.sendRequest];

/**
 * The code action kind of "Fix all BFF Routes problems" (every preferred fix of a file at once), for the
 * Source Action menu and `editor.codeActionsOnSave`; package.json's `contributes.codeActions` names it too.
 */
export const FIX_ALL_KIND = 'source.fixAll.bffRoutes';

/** Context keys the extension sets (`setContext`) for `when` clauses in package.json. */
export const ContextKeys = {
  /** The workspace holds at least one Next.js app (New Route Handler's explorer menu entry). */
  hasNextApp: 'bffRoutes.hasNextApp',
} as const;

export const ViewContainers = {
  activityBar: 'bffRoutes',
} as const;

export const Views = {
  requests: 'bffRoutes.requests',
} as const;

/** Webview panels (editor tabs) the extension opens and restores after a reload (`onWebviewPanel:` activation). */
export const WebviewPanels = {
  requestTab: 'bffRoutes.requestTab',
} as const;

/** URI scheme of the read-only documents "Open in editor" shows a response body in. */
export const BODY_SCHEME = 'bff-routes-body';

/** Configuration keys, without the `bffRoutes.` section prefix. */
export const CONFIG_SECTION = 'bffRoutes';
export const ConfigKeys = {
  // Request panel
  baseUrl: 'baseUrl',
  allowNonLoopback: 'allowNonLoopback',
  requestTimeoutMs: 'requestTimeoutMs',
  followRedirects: 'followRedirects',
  codeLensEnabled: 'codeLens.enabled',
  // Route diagnostics
  rules: 'rules',
  lintInclude: 'lint.include',
  appErrorMessages: 'appErrorMessages',
} as const;
