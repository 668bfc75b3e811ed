// The routes of a Next.js app: App Router route files and Pages Router API files, with their URL
// pattern (groups removed, private folders skipped), their params and the methods the file exports.
import type { NextApp } from '../project/nextApps';
import type { RouteInfo } from '../http/types';

export type { RouteInfo } from '../http/types';

export interface DiscoverOptions {
  /** Text of a file as the editor has it (unsaved changes); read from disk when undefined. */
  readText?(file: string): string | undefined;
}

/** Every route of the app, sorted by pattern. Never rejects; unreadable folders are skipped. */
export async function discoverRoutes(app: NextApp, options: DiscoverOptions = {}): Promise<RouteInfo[]> {
  void options;
  void app;
  throw new Error('discoverRoutes: not implemented yet (H4a, in progress)');
}

/** The route of one file (after a create/change event), or undefined when it is not a route file. */
export function routeOfAppFile(app: NextApp, file: string, text?: string): RouteInfo | undefined {
  void app; void file; void text;
  throw new Error('routeOfAppFile: not implemented yet (H4a, in progress)');
}
