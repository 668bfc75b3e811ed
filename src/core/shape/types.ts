// What a route handler expects and answers, read from its code (request bodies from zod / valibot schemas and
// TypeScript types, query parameters, headers, status codes). Plain JSON-Schema-like data (draft 2020-12 keywords,
// which OpenAPI 3.1 uses as is), so the OpenAPI writer, the sample generator, the validator and the panel share it.
import type { HttpMethod } from '../http/methods';
import type { Span } from '../analysis/types';

/** A JSON Schema (the subset the extraction writes). `x-bff-unknown` marks a part read but not known, with why. */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  'x-bff-unknown'?: string;
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** Where a shape came from: a schema library or a type, */
export type SchemaSource = 'zod' | 'valibot' | 'type';
/** or, `unchecked`: the handler reads JSON and checks nothing of it, so any JSON value is accepted (schema `{}`). */
export type ShapeSource = SchemaSource | 'unchecked';

export type BodyShape =
  | { kind: 'none' }
  | { kind: 'json'; schema: JsonSchema; source: ShapeSource; /** The schema or type, where it is written. */ at?: SourceRef }
  | { kind: 'form'; fields: FormField[]; schema?: JsonSchema }
  | { kind: 'text' }
  | { kind: 'unknown'; reason: string };

export interface SourceRef {
  file: string;
  span: Span;
  /** The schema's or type's name, when it has one. */
  name?: string;
}

export interface FormField {
  name: string;
  /** `file` when the handler checks `instanceof File` / `Blob` (or the schema says so). */
  type: 'string' | 'file';
  multiple: boolean;
  required: boolean;
}

export interface NamedInput {
  name: string;
  required: boolean;
  /** `getAll`: the parameter may repeat. */
  multiple: boolean;
  schema: JsonSchema;
}

export interface ResponseShape {
  /** A status code, or `default` when the handler's status is not a literal. */
  status: number | 'default';
  /** `application/json` for `Response.json` / `NextResponse.json`; unset when unknown. */
  contentType?: string;
  /** The JSON body's shape, when written as a literal (or a known schema / type). */
  schema?: JsonSchema;
  /** A redirect (`NextResponse.redirect`, `Response.redirect`). */
  redirect?: boolean;
}

export interface MethodShape {
  method: HttpMethod;
  body: BodyShape;
  query: NamedInput[];
  headers: NamedInput[];
  responses: ResponseShape[];
  /** Parts that could not be read, each with its reason (for the panel and the OpenAPI description). */
  notes: string[];
}

export interface RouteShape {
  file: string;
  methods: MethodShape[];
  /** Set when the file itself could not be read or parsed; `methods` is then empty. */
  unknown?: string;
}

/** Bounds that keep extraction linear and small, whatever the input. */
export const LIMITS = {
  /** Nesting of schemas (objects in arrays in unions…) followed before a part becomes unknown. */
  depth: 24,
  /** Schema nodes one method's body may produce. */
  nodes: 4000,
  /** Members of one union or enum kept. */
  union: 64,
  /** Imports followed from one route file (re-exports included). */
  imports: 32,
} as const;

export const UNKNOWN = (reason: string): JsonSchema => ({ 'x-bff-unknown': reason });

export function isUnknown(s: JsonSchema): boolean {
  return s['x-bff-unknown'] !== undefined;
}
