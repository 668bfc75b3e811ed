// `{{name}}` in a request, resolved the way REST Client and httpYac do with the same env files: an
// environment variable (whose value may hold more `{{...}}`), `{{$shared name}}`, and the system variables
// `{{$dotenv NAME}}`, `{{$uuid}}` (`$guid`), `{{$timestamp [offset unit]}}`, `{{$randomInt min max}}`.
// Never throws: an undefined name, a loop or a bad system variable comes back as a sentence naming it,
// and nothing is sent.
// Each result carries two texts: `value` (what is sent) and `display` (what a preview, history or an export
// may show): in `display` a secret (a private env file's variable, a .env value) stays `{{name}}`.
import type { EnvVariable } from './envFile';

export interface VariableScope {
  /** The active environment's name, for messages; undefined when none is chosen. */
  environment?: string;
  /** The environment's variables, `$shared` merged in. */
  variables: ReadonlyMap<string, EnvVariable>;
  /** `$shared` alone, for `{{$shared name}}`. */
  shared?: ReadonlyMap<string, EnvVariable>;
  /** The app's .env values (`{{$dotenv NAME}}`). */
  dotenv?: (name: string) => string | undefined;
  /** Clock and randomness, replaceable in tests. */
  now?: () => number;
  random?: () => number;
  uuid?: () => string;
}

export type Resolved = { ok: true; value: string; display: string; secret: boolean } | { ok: false; message: string; variable: string };

/** How deep values may refer to values: a chain longer than this is reported as too deep. */
export const MAX_DEPTH = 32;
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function hasTemplate(text: string): boolean {
  return /\{\{[^{}]*\}\}/.test(text);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

type Piece = { ok: true; value: string; display: string; secret: boolean } | { ok: false; message: string; variable: string };

function system(expr: string, scope: VariableScope, stack: readonly string[]): Piece {
  const [fn, ...args] = expr.split(/\s+/);
  const plain = (value: string): Piece => ({ ok: true, value, display: value, secret: false });
  const bad = (message: string): Piece => ({ ok: false, message, variable: expr });
  switch (fn) {
    case '$uuid':
    case '$guid':
      return plain((scope.uuid ?? (() => globalThis.crypto.randomUUID()))());
    case '$timestamp': {
      let t = (scope.now ?? Date.now)();
      if (args.length > 0) {
        const n = Number(args[0]);
        const unit = UNITS[args[1] ?? ''];
        if (args.length !== 2 || !Number.isInteger(n) || unit === undefined) return bad(`{{${expr}}}: write {{$timestamp}} or {{$timestamp <offset> <unit>}} with a unit among ${Object.keys(UNITS).join(' ')}, e.g. {{$timestamp -1 d}}.`);
        t += n * unit;
      }
      return plain(String(Math.floor(t / 1000)));
    }
    case '$randomInt': {
      const min = Number(args[0]);
      const max = Number(args[1]);
      if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) return bad(`{{${expr}}}: write {{$randomInt min max}} with integers, min < max (min included, max excluded).`);
      return plain(String(min + Math.floor((scope.random ?? Math.random)() * (max - min))));
    }
    case '$dotenv': {
      const name = args[0]?.replace(/^%/, '');
      if (args.length !== 1 || !name) return bad(`{{${expr}}}: write {{$dotenv NAME}}.`);
      const value = scope.dotenv?.(name);
      if (value === undefined) return bad(`{{$dotenv ${name}}}: ${name} is not defined in the app's .env files (.env.development.local, .env.local, .env.development, .env).`);
      return { ok: true, value, display: `{{$dotenv ${name}}}`, secret: true };
    }
    case '$shared': {
      const name = args[0];
      const v = name ? scope.shared?.get(name) : undefined;
      if (args.length !== 1 || !v) return bad(`{{${expr}}}: ${name ? `"${name}" is not defined in $shared` : 'write {{$shared name}}'}.`);
      return variable(`$shared ${name}`, v, scope, stack);
    }
    default:
      return bad(`{{${expr}}} is not a variable this panel knows: use an environment variable, $dotenv, $uuid, $timestamp, $randomInt or $shared.`);
  }
}

function variable(name: string, v: EnvVariable, scope: VariableScope, stack: readonly string[]): Piece {
  const inner = resolveIn(v.value, scope, [...stack, name]);
  if (!inner.ok) return inner;
  const secret = v.secret || inner.secret;
  return { ok: true, value: inner.value, display: v.secret ? `{{${name}}}` : inner.display, secret };
}

function resolveIn(text: string, scope: VariableScope, stack: readonly string[]): Piece {
  if (!text.includes('{{')) return { ok: true, value: text, display: text, secret: false };
  let value = '';
  let display = '';
  let secret = false;
  let last = 0;
  for (const m of text.matchAll(TEMPLATE)) {
    const expr = m[1];
    let piece: Piece;
    if (expr.startsWith('$')) piece = system(expr, scope, stack);
    else if (stack.includes(expr)) {
      const loop = [...stack.slice(stack.indexOf(expr)), expr].map((n) => `{{${n}}}`).join(' → ');
      piece = { ok: false, variable: expr, message: `{{${expr}}} refers to itself: ${loop}. Break the loop in the environment file.` };
    } else if (stack.length >= MAX_DEPTH) {
      piece = { ok: false, variable: expr, message: `{{${stack[0]}}} nests more than ${MAX_DEPTH} variables deep (…{{${expr}}}).` };
    } else {
      const v = scope.variables.get(expr);
      piece = v ? variable(expr, v, scope, stack)
        : { ok: false, variable: expr, message: `{{${expr}}} is not defined${scope.environment !== undefined ? ` in the environment "${scope.environment}"` : ' (no environment is selected)'}. Nothing was sent.` };
    }
    if (!piece.ok) return piece;
    value += text.slice(last, m.index) + piece.value;
    display += text.slice(last, m.index) + piece.display;
    secret ||= piece.secret;
    last = m.index + m[0].length;
  }
  return { ok: true, value: value + text.slice(last), display: display + text.slice(last), secret };
}

/** Resolves every `{{...}}` of `text`. */
export function resolveText(text: string, scope: VariableScope): Resolved {
  return resolveIn(text, scope, []);
}
