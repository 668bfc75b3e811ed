import type { FileRule } from '../rule';

export const syncParamsAccess: FileRule = {
  meta: {
    id: 'sync-params-access',
    defaultSeverity: 'error',
    description: 'params is read without await; since Next.js 15 it is a Promise.',
  },
  kinds: ['route', 'other'],
  check() {},
};
