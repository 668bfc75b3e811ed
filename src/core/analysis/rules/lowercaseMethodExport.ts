import type { FileRule } from '../rule';

export const lowercaseMethodExport: FileRule = {
  meta: {
    id: 'lowercase-method-export',
    defaultSeverity: 'error',
    description: 'A route exports a lowercase HTTP method name, which Next.js ignores (the method answers 405).',
  },
  kinds: ['route', 'other'],
  check() {},
};
