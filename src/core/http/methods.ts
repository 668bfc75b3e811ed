// The HTTP methods a route can export, in the order the panel lists them. Apart from types.ts so that route
// discovery (in the lazily loaded engine bundle) does not pull zod in with the request schemas.
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
