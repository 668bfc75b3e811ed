// `bff-routes openapi [app-dir] [-o file] [--yaml]`: the OpenAPI 3.1 document of the app's route handlers, read from
// their code (src/core/shape). JSON on stdout by default. Exit code: 0 written, 1 no app or the output could not be
// written, 2 usage error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';
import { createModuleHost } from '../core/project/resolve';
import { appOpenApi } from '../core/shape/app';
import { workspaceRootOf } from './lint';
import { resolveApp } from './new';

export const OPENAPI_USAGE = `Usage: bff-routes openapi [app-dir] [options]

Writes an OpenAPI 3.1 document of the app's App Router route handlers: paths (dynamic segments as path
parameters), methods, request bodies and query parameters read from zod / valibot schemas and TypeScript types,
and the status codes the handlers answer. Nothing of the app is run.

Options:
  -o, --output <file>  write to this file (replaced) instead of stdout
      --yaml           YAML instead of JSON
  -h, --help           print this help

Exit code: 0 written, 1 no Next.js app or the file could not be written, 2 usage error.
`;

export interface OpenApiIo {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

export async function runOpenApi(argv: string[], io: OpenApiIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, yaml: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr(`bff-routes openapi: ${err instanceof Error ? err.message : String(err)}\n\n${OPENAPI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(OPENAPI_USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr(`bff-routes openapi: one app directory at most (got ${positionals.length}).\n\n${OPENAPI_USAGE}`);
    return 2;
  }
  const app = resolveApp(io.cwd, positionals[0]);
  if (typeof app === 'string') {
    io.stderr(`bff-routes openapi: ${app}\n`);
    return 1;
  }
  const host = createModuleHost({ workspaceRoot: workspaceRootOf(app.root, [io.cwd]), appRoot: app.root });
  const doc = await appOpenApi(app, { host });
  const text = values.yaml ? dump(doc, { noRefs: true, lineWidth: 120 }) : `${JSON.stringify(doc, null, 2)}\n`;
  if (values.output === undefined) {
    io.stdout(text);
    return 0;
  }
  const out = path.resolve(io.cwd, values.output);
  try {
    const st = fs.lstatSync(out, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new Error(`${out} exists and is not a regular file; not replaced`);
    // Written beside the target and renamed: a failed write never leaves half a document.
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { flag: 'wx' });
    fs.renameSync(tmp, out);
  } catch (err) {
    io.stderr(`bff-routes openapi: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const n = Object.keys(doc.paths as object).length;
  io.stderr(`wrote ${path.relative(io.cwd, out) || out} (${n} path${n === 1 ? '' : 's'})\n`);
  return 0;
}
