// The environment files REST Client, httpYac and JetBrains' HTTP client read: `http-client.env.json`
// (committed) and `http-client.private.env.json` (secrets, git-ignored), each an object of environments,
// each an object of variables; `$shared` holds the variables every environment sees (REST Client's rule:
// an environment's own value wins over `$shared`, the private file's over the committed one's).
// Parsed with jsonc-parser (already a dependency, and the parser VS Code itself uses for its JSON files):
// it recovers after an error and gives each node's offset, so a malformed file names the line and column
// and the environments the error is not inside stay usable. JSON.parse stops at the first error and gives
// no position on Node 20; typescript's parser is not loaded by `activate` (it lives in the lazy engine).
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const SHARED_ENV = '$shared';

export interface EnvProblem {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
  /** The environment the problem is inside (it is then unusable), when it is inside one. */
  environment?: string;
}

export interface EnvVariable {
  value: string;
  /** Defined in the private file: never written to an export, history or a committed file. */
  secret: boolean;
}

export interface ParsedEnvFile {
  /** Environment name -> variable name -> value, for the environments that parsed cleanly. */
  environments: Map<string, Map<string, string>>;
  /** Environments an error is inside: unusable until the file is fixed. */
  broken: Map<string, EnvProblem>;
  problems: EnvProblem[];
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** `CommaExpected` -> `comma expected`: jsonc-parser's code as a phrase. */
function describe(e: ParseError): string {
  const words = printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `invalid JSON: ${words}`;
}

function scalar(node: Node): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

/** Parses one env file's text; never throws. `file` names the file in messages. */
export function parseEnvFile(text: string, file: string): ParsedEnvFile {
  const out: ParsedEnvFile = { environments: new Map(), broken: new Map(), problems: [] };
  const problem = (offset: number, message: string, environment?: string): EnvProblem => {
    const p: EnvProblem = { file, ...lineColumn(text, offset), message, ...(environment !== undefined ? { environment } : {}) };
    out.problems.push(p);
    return p;
  };
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') {
    if (errors.length > 0) for (const e of errors.slice(0, 20)) problem(e.offset, describe(e));
    else problem(root?.offset ?? 0, 'The file must hold one JSON object of environments, e.g. { "local": { "baseUrl": "http://127.0.0.1:3000" } }.');
    return out;
  }
  const props = root.children ?? [];
  const inside = (n: Node, offset: number): boolean => offset >= n.offset && offset < n.offset + n.length;
  for (const e of errors.slice(0, 50)) {
    const owner = props.find((p) => inside(p, e.offset));
    const name = owner?.children?.[0]?.value as string | undefined;
    const p = problem(e.offset, describe(e), name);
    if (name !== undefined && !out.broken.has(name)) out.broken.set(name, p);
  }
  for (const prop of props) {
    const [key, value] = prop.children ?? [];
    if (!key || typeof key.value !== 'string') continue;
    const name = key.value;
    if (out.broken.has(name)) continue;
    if (!value || value.type !== 'object') {
      out.broken.set(name, problem(value?.offset ?? key.offset, `The environment "${name}" must be an object of variables.`, name));
      continue;
    }
    const vars = new Map<string, string>();
    for (const v of value.children ?? []) {
      const [vk, vv] = v.children ?? [];
      if (!vk || typeof vk.value !== 'string' || !vv) continue;
      const s = scalar(vv);
      // JetBrains keeps objects such as "Security" beside the variables: they are not variables.
      if (s === undefined) continue;
      vars.set(vk.value, s);
    }
    out.environments.set(name, vars);
  }
  return out;
}

/** The environments of a committed file and its private companion, merged. */
export interface EnvironmentSet {
  /** Environment names in file order, `$shared` excluded. */
  names: string[];
  /** Variables of each usable environment, `$shared` merged in. */
  variables(name: string): Map<string, EnvVariable> | undefined;
  /** Why an environment cannot be used (an error inside it), if so. */
  broken(name: string): EnvProblem | undefined;
  problems: EnvProblem[];
}

export function mergeEnvFiles(shared: ParsedEnvFile | undefined, secret: ParsedEnvFile | undefined): EnvironmentSet {
  const names: string[] = [];
  for (const f of [shared, secret]) {
    if (!f) continue;
    for (const n of [...f.environments.keys(), ...f.broken.keys()]) if (n !== SHARED_ENV && !names.includes(n)) names.push(n);
  }
  const broken = (name: string): EnvProblem | undefined =>
    shared?.broken.get(name) ?? secret?.broken.get(name) ?? shared?.broken.get(SHARED_ENV) ?? secret?.broken.get(SHARED_ENV);
  return {
    names,
    broken,
    problems: [...(shared?.problems ?? []), ...(secret?.problems ?? [])],
    variables(name) {
      if (!names.includes(name) || broken(name)) return undefined;
      const vars = new Map<string, EnvVariable>();
      const layer = (f: ParsedEnvFile | undefined, env: string, isSecret: boolean): void => {
        for (const [k, value] of f?.environments.get(env) ?? []) vars.set(k, { value, secret: isSecret });
      };
      layer(shared, SHARED_ENV, false);
      layer(secret, SHARED_ENV, true);
      layer(shared, name, false);
      layer(secret, name, true);
      return vars;
    },
  };
}

/** The `$shared` variables alone (for `{{$shared name}}`). */
export function sharedVariables(shared: ParsedEnvFile | undefined, secret: ParsedEnvFile | undefined): Map<string, EnvVariable> {
  const vars = new Map<string, EnvVariable>();
  for (const [k, value] of shared?.environments.get(SHARED_ENV) ?? []) vars.set(k, { value, secret: false });
  for (const [k, value] of secret?.environments.get(SHARED_ENV) ?? []) vars.set(k, { value, secret: true });
  return vars;
}

export function formatProblem(p: EnvProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.environment !== undefined ? ` (environment "${p.environment}" is unusable until this is fixed)` : ''}`;
}
