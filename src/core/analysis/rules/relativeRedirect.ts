import type { FileRule } from '../rule';

export const relativeRedirect: FileRule = {
  meta: {
    id: 'relative-redirect',
    defaultSeverity: 'error',
    description: 'NextResponse.redirect or Response.redirect is given a relative URL, which throws.',
  },
  kinds: ['route', 'proxy', 'middleware', 'other'],
  check() {},
};
