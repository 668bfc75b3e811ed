// The contract between the analysis engine and whoever knows the project's files (the CLI, the editor, tests).
// The engine follows a route file's imports through a ModuleHost: it never touches the disk itself, so the editor
// can hand it the unsaved text of open documents and tests can hand it plain data.
//
// resolve.ts builds the real one (relative paths, tsconfig/jsconfig `paths` with `extends`, index files, workspace
// packages). Every read it allows stays inside the workspace folder and the app's workspace packages.

export interface ModuleHost {
  /**
   * The absolute path of the source file `specifier` names when imported from `fromFile` (absolute), or
   * undefined: a bare package outside the workspace's own packages, a file that does not exist, a path outside the
   * allowed roots. Never throws.
   */
  resolve(fromFile: string, specifier: string): string | undefined;
  /**
   * The text of a resolved module: an open document's current text in the editor, else the file on disk read
   * through core/fileRead.ts (regular files only, size-capped). Undefined when it cannot be read. Never throws.
   */
  read(file: string): string | undefined;
  /**
   * True when no file read or resolved through this host changes while it is used (one `bff-routes lint` run): the
   * engine may then keep what it worked out from the modules (the export a re-export chain leads to) across the
   * analyses of several files. The editor's host leaves it unset.
   */
  readonly snapshot?: boolean;
}
