import type { FileRule } from '../rule';

export const missingResponse: FileRule = {
  meta: {
    id: 'missing-response',
    defaultSeverity: 'error',
    description: 'An exported route handler has a path that returns no Response.',
  },
  kinds: ['route', 'other'],
  check() {},
};
