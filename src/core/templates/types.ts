import type { HttpMethod } from '../parsing/exports';
import type { RouteParam } from '../routes/segments';

export type { HttpMethod } from '../parsing/exports';

export const PATTERN_IDS = [
  'text-get',
  'post-submit',
  'json-post',
  'form-post',
  'rss',
  'llms-txt',
  'well-known',
  'file',
  'clone-body',
  'aggregate',
  'proxy-catch-all',
  'next-request',
  'dynamic',
  'proxy-file',
  'pages-api',
] as const;
export type PatternId = (typeof PATTERN_IDS)[number];

export type Language = 'ts' | 'js';
export type Validation = 'zod' | 'guard';

/** Where a pattern's file goes. */
export type PatternKind =
  /** `<appDir>/<route path>/route.ts` */
  | 'app-route'
  /** `<root or src>/proxy.ts` (`middleware.ts` before Next.js 16); the route path is the matcher. */
  | 'proxy-file'
  /** `<pagesDir>/<route path>.ts`, route path under `api/`. */
  | 'pages-api';

/** Everything a template needs, already decided by the generator (or a test). */
export interface TemplateContext {
  language: Language;
  /** Methods to export, in canonical order; only for patterns with `methods.choosable`. */
  methods: HttpMethod[];
  validation: Validation;
  /** 3 or 4; decides `z.flattenError` / `z.email()` (4) or `.flatten()` / `z.string().email()` (3). */
  zodMajor: 3 | 4;
  /** `/api/users/[id]` */
  urlPattern: string;
  params: RouteParam[];
  /** `RouteContext<'…'>` (Next.js >= 15.5 generates it with typegen) or `{ params: Promise<…> }`. */
  routeContext: boolean;
  /** proxy-file only: `proxy` (Next.js >= 16) or `middleware`. */
  proxyName: 'proxy' | 'middleware';
}

export interface PatternDef {
  id: PatternId;
  /** The pattern's number in issue 3 / the README (content-type endpoints share 5). */
  group: number;
  label: string;
  /** One line, shown in the QuickPick and `bff-routes new --list`. */
  description: string;
  kind: PatternKind;
  /** Suggested route path (relative to the app dir; the matcher for proxy-file). */
  defaultPath: string;
  methods: { choosable: readonly HttpMethod[]; default: readonly HttpMethod[] } | { fixed: readonly HttpMethod[] };
  /** The template validates input: zod or a hand-written type guard. */
  usesValidation: boolean;
  /** A constraint on the route path the pattern needs, checked by the generator. */
  requires?: 'param' | 'catch-all-last' | 'well-known' | 'static';
  /** Environment variables the generated code reads. */
  env?: readonly string[];
  /** Snippet prefix (`bff-…`). */
  prefix: string;
  /** Template source with `⟦n:…⟧` tab stops. */
  source(ctx: TemplateContext): string;
}
