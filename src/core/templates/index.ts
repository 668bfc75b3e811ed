import { stripMarkers, toSnippetBody, type Rendered } from './markers';
import { PATTERNS } from './patterns';
import type { Language, PatternDef, TemplateContext } from './types';

export { PATTERNS, patternById, methodsOf, matcherFor, isPatternId, sortMethods } from './patterns';
export type { Rendered } from './markers';
export * from './types';

/** The file content of a pattern, with the selection on the first thing to edit. */
export function renderPattern(def: PatternDef, ctx: TemplateContext): Rendered {
  return stripMarkers(def.source(ctx));
}

/** The example route each snippet is rendered for (a snippet cannot know the file it lands in). */
function snippetContext(def: PatternDef, language: Language): TemplateContext {
  const params =
    def.requires === 'catch-all-last'
      ? [{ name: 'slug', kind: 'catchAll' as const }]
      : def.requires === 'param'
        ? [{ name: 'id', kind: 'dynamic' as const }]
        : [];
  const urlPattern = def.kind === 'proxy-file' ? '/api' : `/${def.defaultPath.replace(/^\(.*?\)\//, '')}`;
  const methods = 'fixed' in def.methods ? [...def.methods.fixed] : [...def.methods.default];
  return { language, methods, validation: 'zod', zodMajor: 4, urlPattern, params, routeContext: true, proxyName: 'proxy' };
}

export interface SnippetEntry {
  prefix: string;
  body: string[];
  description: string;
  scope?: string;
}

/**
 * The snippets of every pattern for one language, keyed by a readable name. The committed files in
 * snippets/ are generated from this (`node out/src/core/templates/snippetFile.js`) and a unit test checks
 * they did not drift.
 */
export function snippetsFor(language: Language): Record<string, SnippetEntry> {
  const out: Record<string, SnippetEntry> = {};
  for (const def of PATTERNS) {
    const ctx = snippetContext(def, language);
    out[`BFF: ${def.label}`] = {
      prefix: def.prefix,
      body: toSnippetBody(def.source(ctx)),
      description: `${def.description} (BFF Routes pattern ${def.group}).`,
    };
  }
  return out;
}

export function snippetFileText(language: Language): string {
  return `${JSON.stringify(snippetsFor(language), null, 2)}\n`;
}
