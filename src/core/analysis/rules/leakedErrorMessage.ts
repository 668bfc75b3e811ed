import type { FileRule } from '../rule';

export const leakedErrorMessage: FileRule = {
  meta: {
    id: 'leaked-error-message',
    defaultSeverity: 'warning',
    description: 'A value derived from a caught error reaches a response body sent to the client.',
  },
  kinds: ['route', 'proxy', 'middleware', 'pages-api', 'other'],
  check() {},
};
