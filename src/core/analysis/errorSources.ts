// Where a caught error comes from besides `catch (e)` and promise rejection handlers: the error parameter of a
// node-style callback, and the `error` of a result object an awaited call returns. Read by leaked-error-message's
// sources, the error reach (errorReach.ts) and the model's facts (facts.ts).
import { memberName, outerWrapper, unwrap } from '../parsing/ast';
import { ts } from '../parsing/ts';
import { BODY_METHODS } from './handlers';

/** Array and promise methods whose callbacks take elements or values first, never an error. */
const NOT_NODE_STYLE = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'sort', 'flatMap', 'then', 'catch', 'finally']);
const ERROR_PARAM = /^(err|error|er|e|ex)$/;

/**
 * The error parameter of a node-style callback: `form.parse(req, (err, fields) => …)`, `zlib.gzip(buf, (err, out)
 * => …)`, `pipeline(a, b, (err) => …)` (the last argument of a call that takes something else first, its first
 * parameter named err/error/er/e/ex), or `stream.on('error', (err) => …)`. (Needs the parents of `fn`.)
 */
export function nodeStyleErrorParam(fn: ts.Node): ts.Identifier | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const p0 = fn.parameters[0]?.name;
  if (!p0 || !ts.isIdentifier(p0) || !ERROR_PARAM.test(p0.text)) return undefined;
  const arg = outerWrapper(fn);
  const call = arg.parent;
  if (!call || !ts.isCallExpression(call)) return undefined;
  const method = memberName(unwrap(call.expression));
  if (method === 'on' || method === 'once' || method === 'addListener') {
    const event = call.arguments[0];
    return event && ts.isStringLiteralLike(event) && event.text === 'error' && call.arguments[1] === arg ? p0 : undefined;
  }
  if (method !== undefined && NOT_NODE_STYLE.has(method)) return undefined;
  return call.arguments.length >= 2 && call.arguments[call.arguments.length - 1] === arg ? p0 : undefined;
}

/**
 * The `error` of a result object an awaited call returns: `const { data, error } = await supabase.from('notes')
 * .select()`, `{ error: sendError } = await resend.emails.send(…)`. SDKs that answer failures this way instead of
 * throwing put the server's side in it (a database's message names its tables). A body read is no such call:
 * `const { error } = await req.json()` is what the client sent.
 */
export function resultErrorBinding(decl: ts.VariableDeclaration): ts.Identifier | undefined {
  if (!ts.isObjectBindingPattern(decl.name) || !decl.initializer) return undefined;
  const init = unwrap(decl.initializer);
  if (!ts.isAwaitExpression(init)) return undefined;
  const call = unwrap(init.expression);
  if (!ts.isCallExpression(call) || BODY_METHODS.has(memberName(unwrap(call.expression)) ?? '')) return undefined;
  for (const el of decl.name.elements) {
    const prop = el.propertyName ?? el.name;
    if (!el.dotDotDotToken && ts.isIdentifier(prop) && prop.text === 'error' && ts.isIdentifier(el.name)) return el.name;
  }
  return undefined;
}
