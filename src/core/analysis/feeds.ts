// A finding in a shared helper names the call sites that feed it: the first few and a count, in its message, and
// every one as a related location. Several routes' analyses each find the same helper finding with their own sites;
// mergeFindings joins them and rewrites the sentence here from the joined locations.
import type { RelatedLocation } from './types';

/** Related locations whose message starts with this are call sites feeding the finding. */
export const FEEDS_MESSAGE = 'Reaches the helper from here';
/** Sites named in the message, at most. */
const NAMED = 3;
const SENTENCE = / Reached from \d+ call sites?[^]*$/;

/** The last segments of a path, enough to tell routes apart (`api/users/[id]/route.ts`). */
function shortName(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== '');
  return parts.slice(-4).join('/');
}

/** "Reached from 3 call sites: a/route.ts, b/route.ts, c/route.ts." (first few, then "and N more"). */
export function feedsSentence(related: readonly RelatedLocation[]): string {
  const sites = related.filter((r) => r.message.startsWith(FEEDS_MESSAGE));
  if (sites.length === 0) return '';
  const names = [...new Set(sites.map((r) => (r.file ? shortName(r.file) : 'this file')))];
  const shown = names.slice(0, NAMED).join(', ');
  const more = names.length > NAMED ? ` and ${names.length - NAMED} more file${names.length - NAMED === 1 ? '' : 's'}` : '';
  return ` Reached from ${sites.length} call site${sites.length === 1 ? '' : 's'}: ${shown}${more}.`;
}

/** `message` with its feeds sentence (see feedsSentence) rewritten for `related`. */
export function withFeeds(message: string, related: readonly RelatedLocation[]): string {
  if (!SENTENCE.test(message)) return message;
  return message.replace(SENTENCE, '') + feedsSentence(related);
}
