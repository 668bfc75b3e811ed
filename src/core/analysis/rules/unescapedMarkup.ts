import type { FileRule } from '../rule';

export const unescapedMarkup: FileRule = {
  meta: {
    id: 'unescaped-markup',
    defaultSeverity: 'warning',
    description: 'XML or HTML is assembled from request or fetched data without escaping.',
  },
  kinds: ['route', 'pages-api', 'other'],
  check() {},
};
