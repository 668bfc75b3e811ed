// The response: status line, timing and size, failure or server error, then body / headers /
// chunks by tab. Everything from the network goes into the DOM as text. Text bodies are drawn by
// BodyViewer (src/webview/bodyView.ts), kept per response so folds, search and scroll survive re-renders.
import type { BodyView, StackFrame } from '../protocol';
import type { BodyViewer } from './bodyView';
import { button, h, requestLine, tablist } from './dom';
import { failureTitle, formatBytes, formatMs, serverErrorSource, statusClass } from './format';
import { isInFlight, RESPONSE_TABS, type ResponseModel, type ResponseTab } from './state';

export interface ResponseHost {
  tab(): ResponseTab;
  setTab(tab: ResponseTab): void;
  openSource(file: string, line?: number, column?: number): void;
  saveBody(requestId: string): void;
  /** The line viewer of a finished response's text body (created once per response). */
  bodyViewer(model: ResponseModel, text: string, json: boolean): BodyViewer;
}

export function renderResponse(model: ResponseModel | undefined, host: ResponseHost): HTMLElement {
  const el = h('section', { class: 'response', attrs: { 'aria-label': 'Response', 'data-testid': 'response' } });
  if (!model) return el;
  const line = h('div', { class: 'status-line', attrs: { 'data-testid': 'status-line' } });
  if (model.head) {
    line.append(
      h('span', { class: `status ${statusClass(model.head.status)}`, attrs: { 'data-testid': 'status' } }, `${model.head.status} ${model.head.statusText}`),
      h('span', { class: 'metric', title: 'Time to first byte' }, `TTFB ${formatMs(model.head.ttfbMs)}`),
    );
  } else if (!model.failed) {
    line.append(h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), h('span', null, 'Sending…'));
  }
  if (model.end && model.head) {
    const download = Math.max(0, model.end.totalMs - model.head.ttfbMs);
    line.append(
      h('span', { class: 'metric', title: `Waiting for the response head ${formatMs(model.head.ttfbMs)}, then the body ${formatMs(download)}` }, `total ${formatMs(model.end.totalMs)}`),
      h('span', { class: 'metric', title: 'Body size as received' }, formatBytes(model.end.size)),
    );
  } else if (model.head && !model.failed) {
    line.append(h('span', { class: 'metric live' }, model.head.streaming ? `streaming… ${model.chunks.length + model.chunksDropped} chunks` : 'receiving…'));
  }
  el.append(line);
  if (model.url) el.append(h('div', { class: 'sent-url mono' }, ...requestLine(model.method, model.url)));
  for (const w of new Set([model.warning, ...(model.end?.warnings ?? [])])) if (w) el.append(h('div', { class: 'warning', attrs: { role: 'status' } }, w));
  if (model.end?.redirectTo) {
    el.append(h('div', { class: 'redirect' }, `Redirect (not followed) → ${model.end.redirectTo}`, h('span', { class: 'hint' }, ' Turn on "Follow redirects" in Options to follow it.')));
  }
  if (model.end?.redirects.length) {
    el.append(h('div', { class: 'redirect' }, `Followed ${model.end.redirects.length} redirect(s): `, ...model.end.redirects.map((r) => `${r.status} ${r.url} → ${r.location}  `)));
  }
  if (model.failed) {
    el.append(h('div', { class: 'failure', attrs: { role: 'alert', 'data-testid': 'failure' } },
      h('strong', null, failureTitle(model.failed.kind)), h('div', null, model.failed.message)));
  }
  if (model.serverError) el.append(renderServerError(model.serverError, host));
  else if (model.serverErrorNotes && model.head && model.head.status >= 500) {
    el.append(h('div', { class: 'hint' }, `No server-side error found: ${model.serverErrorNotes.join('; ') || 'the dev server reported none'}.`));
  }
  if (!model.head) return el;

  const tabs = tablist('Response parts');
  const body = h('div', { class: 'tab-body', attrs: { role: 'tabpanel' } });
  // One chunk is just a body; the Chunks tab appears once a second piece arrives.
  const showChunks = model.chunks.length + model.chunksDropped > 1;
  const counts: Record<ResponseTab, string> = {
    body: 'Body',
    headers: `Headers (${model.head.headers.length})`,
    chunks: `Chunks (${model.chunks.length + model.chunksDropped})`,
  };
  for (const tab of RESPONSE_TABS) {
    if (tab === 'chunks' && !showChunks) continue;
    const selected = tab === (host.tab() === 'chunks' && !showChunks ? 'body' : host.tab());
    tabs.append(button(counts[tab], () => host.setTab(tab), { class: `tab${selected ? ' active' : ''}`, attrs: { role: 'tab', 'aria-selected': String(selected), tabindex: selected ? '0' : '-1', 'data-tab': tab } }));
  }
  const tab = host.tab() === 'chunks' && !showChunks ? 'body' : host.tab();
  if (tab === 'headers') body.append(renderHeaders(model.head.headers));
  else if (tab === 'chunks') body.append(renderChunks(model));
  else if (model.end) body.append(renderBody(model.end.body, (text, json) => host.bodyViewer(model, text, json)), timing(model) ?? '');
  else if (isInFlight(model)) body.append(h('pre', { class: 'body mono live', attrs: { 'data-testid': 'body' } }, model.streamText));
  if (model.end?.truncated) {
    body.append(h('div', { class: 'warning' },
      `The body is ${formatBytes(model.end.size)}: only its head is shown.`,
      model.end.canSaveBody ? button('Save whole body…', () => host.saveBody(model.requestId), { class: 'secondary' }) : ' (the whole body was not kept)'));
  }
  el.append(tabs, body);
  return el;
}

function renderServerError(err: NonNullable<ResponseModel['serverError']>, host: ResponseHost): HTMLElement {
  const box = h('div', { class: 'server-error', attrs: { role: 'alert', 'data-testid': 'server-error' } },
    h('div', { class: 'server-error-title' }, h('strong', null, err.name ? `${err.name}: ` : 'Server error: '), err.message),
    h('div', { class: 'hint', attrs: { 'data-testid': 'server-error-source' } }, serverErrorSource(err)));
  if (err.location) {
    const loc = err.location;
    box.append(h('div', null, link(`Open ${shortPath(loc.file)}:${loc.line}:${loc.column}`, () => host.openSource(loc.file, loc.line, loc.column), 'open-source')));
  }
  if (err.frames.length) {
    const list = h('ol', { class: 'frames mono' });
    for (const f of err.frames) list.append(frameRow(f, host));
    box.append(h('details', { attrs: err.frames.length <= 12 ? { open: '' } : {} }, h('summary', null, `Stack (${err.frames.length} frames)`), list));
  }
  return box;
}

function frameRow(f: StackFrame, host: ResponseHost): HTMLElement {
  const text = `${f.fn ? `${f.fn} ` : ''}(${f.file ? shortPath(f.file) : f.raw}:${f.line}:${f.column})`;
  const file = f.file;
  return h('li', { class: f.internal ? 'internal' : 'own' }, file && !f.internal ? link(text, () => host.openSource(file, f.line, f.column)) : text);
}

function link(text: string, onClick: () => void, testid?: string): HTMLAnchorElement {
  return h('a', { attrs: { href: '#', ...(testid ? { 'data-testid': testid } : {}) }, on: { click: (e) => { e.preventDefault(); onClick(); } } }, text);
}

function shortPath(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts.slice(-3).join('/');
}

function renderHeaders(headers: ReadonlyArray<readonly [string, string]>): HTMLElement {
  const table = h('table', { class: 'headers' });
  for (const [k, v] of headers) table.append(h('tr', null, h('th', null, k), h('td', { class: 'mono' }, v)));
  return table;
}

function renderChunks(model: ResponseModel): HTMLElement {
  const wrap = h('div', { class: 'chunks', attrs: { 'data-testid': 'chunks' } });
  if (model.chunksDropped) wrap.append(h('div', { class: 'hint' }, `${model.chunksDropped} earlier chunks not listed.`));
  const table = h('table', { class: 'chunk-table' });
  table.append(h('tr', null, h('th', null, '#'), h('th', null, 'at'), h('th', null, 'size'), h('th', null, 'data')));
  for (const c of model.chunks) {
    table.append(h('tr', { class: 'chunk' }, h('td', null, c.index + 1), h('td', null, formatMs(c.atMs)), h('td', null, formatBytes(c.bytes)), h('td', { class: 'mono' }, c.text)));
  }
  wrap.append(table);
  return wrap;
}

/** Where the time went and how big the body is: under the body, one line each. */
function timing(model: ResponseModel): HTMLElement | null {
  if (!model.end || !model.head) return null;
  const download = Math.max(0, model.end.totalMs - model.head.ttfbMs);
  const headerBytes = model.head.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  const shown = model.bodyParts ? model.bodyParts.reduce((n, p) => n + p.length, 0) : 'text' in model.end.body ? model.end.body.text.length : undefined;
  return h('dl', { class: 'timing', attrs: { 'data-testid': 'timing', 'aria-label': 'Timing and size' } },
    h('dt', null, 'Waiting (TTFB)'), h('dd', null, formatMs(model.head.ttfbMs)),
    h('dt', null, 'Download'), h('dd', null, formatMs(download)),
    h('dt', null, 'Total'), h('dd', null, formatMs(model.end.totalMs)),
    h('dt', null, 'Body'), h('dd', null, `${formatBytes(model.end.size)}${model.end.chunks > 1 ? ` in ${model.end.chunks} chunks` : ''}${shown !== undefined && model.end.truncated ? ` (${formatBytes(shown)} shown)` : ''}`),
    h('dt', null, 'Headers'), h('dd', null, `${model.head.headers.length} (${formatBytes(headerBytes)})`));
}

export function renderBody(body: BodyView, viewer: (text: string, json: boolean) => BodyViewer): HTMLElement {
  const wrap = h('div', { class: 'body-wrap', attrs: { 'data-testid': 'body', 'data-kind': body.kind } });
  if (body.note) wrap.append(h('div', { class: 'hint' }, body.note));
  switch (body.kind) {
    case 'empty':
      wrap.append(h('div', { class: 'hint' }, 'No body.'));
      break;
    case 'json':
    case 'xml':
    case 'html':
    case 'text': {
      const v = viewer(body.text, body.kind === 'json');
      wrap.append(v.el);
      // Drawn once in the document (it measures its lines); the caller appends `wrap` synchronously.
      queueMicrotask(() => v.attached());
      break;
    }
    case 'sse': {
      const list = h('ol', { class: 'sse mono' });
      for (const ev of body.events) list.append(h('li', null, ev.event ? h('strong', null, `${ev.event}: `) : null, ev.data));
      wrap.append(h('div', { class: 'hint' }, `${body.events.length} server-sent events`), list);
      break;
    }
    case 'image': {
      const img = h('img', { class: 'body-image', attrs: { alt: `${body.mime} image` } });
      img.src = `data:${body.mime};base64,${body.base64}`;
      wrap.append(img);
      break;
    }
    case 'binary':
      wrap.append(h('div', { class: 'hint' }, `Binary body, ${formatBytes(body.bytes)}. First bytes:`), h('pre', { class: 'body mono hex' }, body.hexHead));
      break;
  }
  return wrap;
}
