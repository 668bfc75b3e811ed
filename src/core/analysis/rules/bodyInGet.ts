import type { FileRule } from '../rule';

export const bodyInGet: FileRule = {
  meta: {
    id: 'body-in-get',
    defaultSeverity: 'warning',
    description: 'A GET or HEAD handler reads the request body, which those requests do not carry.',
  },
  kinds: ['route', 'other'],
  check() {},
};
