import type { FileRule } from '../rule';

export const invalidSegmentConfig: FileRule = {
  meta: {
    id: 'invalid-segment-config',
    defaultSeverity: 'error',
    description: 'A route segment config export has a value Next.js rejects or that is not a static literal.',
  },
  kinds: ['route', 'other'],
  check() {},
};
