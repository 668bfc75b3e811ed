// Where a caught error comes from besides `catch (e)` and promise rejection handlers: the error parameter of a
// node-style callback. Read by leaked-error-message's sources and by the model's facts (facts.ts).
import { memberName, outerWrapper, unwrap } from '../parsing/ast';
import { ts } from '../parsing/ts';

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
