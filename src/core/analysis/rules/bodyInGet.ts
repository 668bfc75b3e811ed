// GET and HEAD requests carry no body (the guide: "GET and HEAD requests don't carry a body"): reading one in
// those handlers yields nothing or throws. Clones and aliases of the request count. A read that a method test
// rules out for GET (`if (req.method === 'POST')`, a handler shared by GET and POST) is not one, nor a body forwarded
// with the request's own method (`fetch(url, { method: req.method, body: req.body })`), which for GET forwards none.
import { unwrap } from '../../parsing/ast';
import { ts } from '../../parsing/ts';
import type { FileRule } from '../rule';
import { mayReadNamed } from '../handlers';
import { requestVars } from '../requestAliases';
import { excludedForMethod, skippedFor } from '../methodGuard';

export const bodyInGet: FileRule = {
  meta: {
    id: 'body-in-get',
    defaultSeverity: 'warning',
    description: 'A GET or HEAD handler reads the request body, which those requests do not carry.',
  },
  kinds: ['route'],
  check(ctx) {
    for (const h of ctx.handlers) {
      const method = h.method;
      if ((method !== 'GET' && method !== 'HEAD') || !h.request) continue;
      const vars = requestVars(h.fn, [h.request], ctx.scopes, ctx.index);
      const names = new Set([...vars.keys()].map((d) => d.text));
      for (const n of ctx.facts.bodyReadCandidatesIn(h.fn)) {
        if (!mayReadNamed(n, names)) continue;
        const read = ctx.facts.bodyRead(n);
        if (!read || !vars.has(read.target) || read.how === 'fetch()' || read.how.startsWith('new ')) continue;
        // a shared handler that reads only for POST, or forwards the request with its own method
        if (skippedFor(read.node).includes(method)) continue;
        ctx.report({
          span: { start: read.node.getStart(ctx.sourceFile), end: read.node.getEnd() },
          message: `${method} requests carry no body, so ${read.how === '.body' ? 'request.body is null' : `${read.how} fails`}. Read input from the URL (searchParams) or handle it in a POST/PUT/PATCH handler.`,
        });
      }
      // a helper (same-file or imported, by its summary) given the request reads its body, unless a method test in
      // it rules the read out for this method
      for (const call of ctx.index.within(ctx.index.calls, h.fn)) {
        if (!call.arguments.some((a) => ts.isIdentifier(unwrap(a)) && names.has((unwrap(a) as ts.Identifier).text))) continue;
        const t = ctx.callees.target(call);
        if (!t || excludedForMethod(call, method)) continue;
        const read = t.fn.reads.find((r) => {
          const a = call.arguments[r.param] && unwrap(call.arguments[r.param]);
          const d = a && ts.isIdentifier(a) ? ctx.scopes.declarationOf(a) : undefined;
          return !!d && vars.has(d) && r.how !== 'fetch()' && !r.how.startsWith('new ') && !r.skippedFor.includes(method);
        });
        if (!read) continue;
        ctx.report({
          span: { start: call.getStart(ctx.sourceFile), end: call.getEnd() },
          message: `${method} requests carry no body, so ${t.fn.name}() fails: it reads the body (${read.how}) of the request it is given. Read input from the URL (searchParams) or handle it in a POST/PUT/PATCH handler.`,
          related: [{ ...(t.local ? {} : { file: t.file }), span: read.span, message: `${t.fn.name}() reads the body here` }],
        });
      }
    }
  },
};
