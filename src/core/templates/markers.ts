// Templates are written once with tab-stop markers `⟦n:default text⟧` (`⟦0⟧` = final cursor). The same
// source renders to a file (markers stripped, the first tab stop becomes the editor selection) and to a
// VS Code snippet body (markers become `${n:…}`, every other `$` escaped). U+27E6/U+27E7 never occur
// in the generated code itself, so no escaping is needed in template sources.

const MARKER_RE = /⟦(\d+)(?::([^⟦⟧]*))?⟧/g;

export interface Rendered {
  content: string;
  /** Offsets of the first tab stop (the lowest number >= 1) in `content`: what the editor selects. */
  selection?: { start: number; end: number };
}

/** Strips the markers, keeping each default text, and locates the first tab stop. */
export function stripMarkers(source: string): Rendered {
  let content = '';
  let last = 0;
  let best: { n: number; start: number; end: number } | undefined;
  for (const m of source.matchAll(MARKER_RE)) {
    content += source.slice(last, m.index);
    const n = Number(m[1]);
    const text = m[2] ?? '';
    const start = content.length;
    content += text;
    if (n >= 1 && (best === undefined || n < best.n)) best = { n, start, end: content.length };
    last = m.index + m[0].length;
  }
  content += source.slice(last);
  return best ? { content, selection: { start: best.start, end: best.end } } : { content };
}

function escapeSnippetText(text: string, inPlaceholder: boolean): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\$/g, '\\$');
  return inPlaceholder ? escaped.replace(/}/g, '\\}') : escaped;
}

/** The VS Code snippet body (one string per line) for a template source. */
export function toSnippetBody(source: string): string[] {
  let body = '';
  let last = 0;
  for (const m of source.matchAll(MARKER_RE)) {
    body += escapeSnippetText(source.slice(last, m.index), false);
    body += m[2] === undefined ? `$${m[1]}` : `\${${m[1]}:${escapeSnippetText(m[2], true)}}`;
    last = m.index + m[0].length;
  }
  body += escapeSnippetText(source.slice(last), false);
  return body.replace(/\n$/, '').split('\n');
}
