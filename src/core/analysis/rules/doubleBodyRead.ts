import type { FileRule } from '../rule';

export const doubleBodyRead: FileRule = {
  meta: {
    id: 'double-body-read',
    defaultSeverity: 'error',
    description: 'A request body is consumed twice on one path, or cloned after it was read (both throw at run time).',
  },
  kinds: ['route', 'proxy', 'middleware', 'other'],
  check() {},
};
