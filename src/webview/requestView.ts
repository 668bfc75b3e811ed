// The request editor: method, live URL preview, path params, query/header/cookie tables, body and
// options. Inputs edit the draft in place and call `changed`; the editor is rebuilt only when
// another route or a whole draft is loaded, so focus and caret survive typing.
import { isSecretRow, secretRowKey, type BodyKind, type HttpMethod, type KeyValue, type MultipartField, type RequestDraft, type RouteView } from '../protocol';
import { button, checkbox, h, input, lockIcon, requestLine, select, tablist } from './dom';
import type { ResolvedRequest } from './envView';
import { jsonProblem, previewUrl } from './format';
import { offeredMethods, REQUEST_TABS, type RequestTab } from './state';

export interface RequestEditorHost {
  baseUrl(): string | undefined;
  tab(): RequestTab;
  setTab(tab: RequestTab): void;
  /** The draft changed (persist it, refresh what depends on it). */
  changed(): void;
  send(): void;
  cancel(): void;
  inFlight(): boolean;
  pickFile(onPicked: (file: { path: string; fileName: string; size: number }) => void): void;
  exportAs(format: 'curl' | 'fetch' | 'http'): void;
  saveRequest(): void;
  openRoute(): void;
  /** Controls the host adds to the title row (the sidebar's "Open in Editor", a tab's pin). */
  titleExtras(): Array<HTMLElement | null>;
  /** Shown under a JSON or text body (the body's errors against the handler's schema, shapeView.ts). */
  bodyExtras?(): HTMLElement | null;
}

const COMMON_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'Cookie', 'Origin', 'User-Agent', 'X-Requested-With', 'If-None-Match', 'Cache-Control'];

type BodyChoice = 'none' | 'json' | 'text' | 'xml' | 'urlencoded' | 'multipart';
const BODY_CHOICES: ReadonlyArray<readonly [BodyChoice, string]> = [
  ['none', 'No body'], ['json', 'JSON'], ['urlencoded', 'Form (urlencoded)'], ['multipart', 'Multipart form'], ['text', 'Text'], ['xml', 'XML'],
];

function bodyChoice(draft: RequestDraft): BodyChoice {
  const b = draft.body;
  if (b.kind === 'text') return /xml/i.test(b.contentType) ? 'xml' : 'text';
  return b.kind;
}

/** Converts the body to another kind, carrying text over where it makes sense. */
function switchBody(draft: RequestDraft, choice: BodyChoice): void {
  const oldText = draft.body.kind === 'json' || draft.body.kind === 'text' ? draft.body.text : '';
  const kind: BodyKind = choice === 'xml' ? 'text' : choice;
  switch (kind) {
    case 'none': draft.body = { kind: 'none' }; break;
    case 'json': draft.body = { kind: 'json', text: oldText || '{\n  \n}' }; break;
    case 'text': draft.body = { kind: 'text', text: oldText, contentType: choice === 'xml' ? 'application/xml' : 'text/plain;charset=utf-8' }; break;
    case 'urlencoded': draft.body = { kind: 'urlencoded', fields: [{ name: '', value: '', enabled: true }] }; break;
    case 'multipart': draft.body = { kind: 'multipart', fields: [{ kind: 'text', name: '', value: '', enabled: true }] }; break;
  }
}

export class RequestEditor {
  readonly el = h('section', { class: 'request', attrs: { 'aria-label': 'Request' } });
  private readonly urlEl = h('div', { class: 'url-preview mono', attrs: { 'aria-live': 'polite', 'data-testid': 'url-preview' } });
  private readonly urlProblem = h('div', { class: 'problem', attrs: { role: 'alert', 'data-testid': 'url-problem' } });
  private readonly sendBtn: HTMLButtonElement;
  private readonly tabBar = tablist('Request parts');
  private readonly tabBody = h('div', { class: 'tab-body', attrs: { role: 'tabpanel' } });
  private jsonProblemEl?: HTMLElement;
  /** The host's answer for this draft in the active environment, once it came. */
  private resolved: ResolvedRequest | undefined;

  constructor(private readonly host: RequestEditorHost, readonly route: RouteView, readonly draft: RequestDraft, deleted: boolean) {
    this.sendBtn = button('Send', () => (this.host.inFlight() ? this.host.cancel() : this.host.send()), { class: 'primary send', title: 'Send (Ctrl/Cmd+Enter)', attrs: { 'aria-keyshortcuts': 'Control+Enter Meta+Enter' } });
    const methods = offeredMethods(route).map((m) => [m, route.methods.includes(m) ? m : `${m} (automatic)`] as const);
    const method = select<HttpMethod>(draft.method, methods, (m) => { draft.method = m; this.host.changed(); }, { class: 'method', attrs: { 'aria-label': 'Method' } });
    const fileLink = h('a', { class: 'route-file', attrs: { href: '#', title: route.file }, on: { click: (e) => { e.preventDefault(); host.openRoute(); } } }, route.pattern);
    this.el.append(
      h('div', { class: 'request-title' }, fileLink, deleted ? h('span', { class: 'badge warn' }, 'file deleted') : null, ...host.titleExtras()),
      h('div', { class: 'send-row' }, method, this.sendBtn),
      this.urlEl,
      this.urlProblem,
      this.tabBar,
      this.tabBody,
      h('div', { class: 'actions' },
        button('Copy as cURL', () => host.exportAs('curl'), { class: 'secondary' }),
        button('Copy as fetch', () => host.exportAs('fetch'), { class: 'secondary' }),
        button('Save as .http…', () => host.exportAs('http'), { class: 'secondary' }),
        button('Save request…', () => host.saveRequest(), { class: 'secondary' })),
    );
    this.renderTabs();
    this.refresh();
  }

  /** Updates what depends on the draft and the connection: URL preview, Send/Cancel, tab counts. */
  refresh(): void {
    const r = this.resolved;
    if (r && (r.url !== undefined || r.error !== undefined)) {
      // As the host will send it: {{variables}} resolved in the active environment, or why it cannot be sent.
      this.urlEl.replaceChildren(...requestLine(this.draft.method, r.url ?? this.draft.route));
      this.urlEl.dataset.resolved = r.url !== undefined ? 'true' : 'false';
      this.urlProblem.textContent = r.error ?? '';
    } else {
      const pv = previewUrl(this.host.baseUrl(), this.draft);
      this.urlEl.replaceChildren(...requestLine(this.draft.method, pv.ok ? pv.url : this.draft.route));
      delete this.urlEl.dataset.resolved;
      this.urlProblem.textContent = pv.ok ? '' : pv.error;
    }
    const busy = this.host.inFlight();
    this.sendBtn.textContent = busy ? 'Cancel' : 'Send';
    this.sendBtn.classList.toggle('cancel', busy);
    for (const b of Array.from(this.tabBar.children)) {
      const tab = (b as HTMLElement).dataset.tab as RequestTab;
      b.textContent = this.tabLabel(tab);
    }
  }

  /** The request line as the host resolved it for the current draft (undefined: the draft changed since). */
  setResolved(r: ResolvedRequest | undefined): void {
    this.resolved = r;
    this.refresh();
  }

  /** The draft was changed from outside the editor (Fill from handler): draw it again. */
  reload(): void {
    this.renderTabs();
    this.refresh();
  }

  /** Re-fills secret values the host returned for rows whose value is still empty. */
  fillSecrets(values: Record<string, string>): void {
    let filled = false;
    for (const [table, rows] of [['headers', this.draft.headers], ['cookies', this.draft.cookies], ['query', this.draft.query]] as const) {
      for (const row of rows) {
        const v = values[secretRowKey(table, row.name)];
        if (row.value === '' && v !== undefined && isSecretRow(row, table)) {
          row.value = v;
          filled = true;
        }
      }
    }
    if (filled) this.renderTabBody();
  }

  /** Shows the JSON problem and focuses the body tab; true when the body is fine to send. */
  checkBeforeSend(): boolean {
    if (this.draft.body.kind !== 'json') return true;
    const p = jsonProblem(this.draft.body.text);
    if (!p) return true;
    this.host.setTab('body');
    this.renderTabs();
    return false;
  }

  private tabLabel(tab: RequestTab): string {
    const d = this.draft;
    const n = (rows: ReadonlyArray<{ enabled: boolean; name: string }>): string => {
      const c = rows.filter((r) => r.enabled && r.name !== '').length;
      return c ? ` (${c})` : '';
    };
    switch (tab) {
      case 'params': return `Params${this.route.params.length ? ` (${this.route.params.length})` : ''}`;
      case 'query': return `Query${n(d.query)}`;
      case 'headers': return `Headers${n(d.headers)}`;
      case 'cookies': return `Cookies${n(d.cookies)}`;
      case 'body': return d.body.kind === 'none' ? 'Body' : `Body (${bodyChoice(d)})`;
      case 'options': return 'Options';
    }
  }

  private renderTabs(): void {
    this.tabBar.replaceChildren();
    for (const tab of REQUEST_TABS) {
      const b = button(this.tabLabel(tab), () => { this.host.setTab(tab); this.renderTabs(); }, {
        class: `tab${tab === this.host.tab() ? ' active' : ''}`,
        attrs: { role: 'tab', 'aria-selected': String(tab === this.host.tab()), tabindex: tab === this.host.tab() ? '0' : '-1' },
      });
      b.dataset.tab = tab;
      this.tabBar.append(b);
    }
    this.renderTabBody();
  }

  private renderTabBody(): void {
    this.tabBody.replaceChildren();
    this.jsonProblemEl = undefined;
    const d = this.draft;
    switch (this.host.tab()) {
      case 'params': this.renderParams(); break;
      case 'query': this.tabBody.append(this.table(d.query, 'query', 'name', 'value')); break;
      case 'headers': this.tabBody.append(this.table(d.headers, 'headers', 'Header', 'value')); break;
      case 'cookies': this.tabBody.append(h('p', { class: 'hint' }, 'Sent as one Cookie header. Cookie values are kept in VS Code\'s secret storage, never in history or exports.'), this.table(d.cookies, 'cookies', 'name', 'value')); break;
      case 'body': this.renderBody(); break;
      case 'options': this.renderOptions(); break;
    }
  }

  private renderParams(): void {
    if (this.route.params.length === 0) {
      this.tabBody.append(h('p', { class: 'hint' }, 'This route has no path parameters.'));
      return;
    }
    for (const p of this.route.params) {
      const hint = p.kind === 'single' ? `[${p.name}]` : p.kind === 'catchAll' ? `[...${p.name}]: segments separated by /` : `[[...${p.name}]]: optional, segments separated by /`;
      const id = `param-${p.name}`;
      const field = input(this.draft.params[p.name] ?? '', (v) => { this.draft.params[p.name] = v; this.host.changed(); }, {
        attrs: { id, 'data-param': p.name, 'aria-label': `Path parameter ${p.name}` },
        placeholder: p.kind === 'single' ? 'value' : 'a/b/c',
      });
      this.tabBody.append(h('div', { class: 'field' }, h('label', { attrs: { for: id } }, p.name), field, h('span', { class: 'hint' }, hint)));
    }
  }

  private table(rows: KeyValue[], table: 'query' | 'headers' | 'cookies' | 'form', namePh: string, valuePh: string): HTMLElement {
    const wrap = h('div', { class: 'kv' });
    const render = (): void => {
      wrap.replaceChildren();
      rows.forEach((row, i) => {
        const secret = table !== 'form' && isSecretRow(row, table);
        const value = input(row.value, (v) => { row.value = v; this.host.changed(); }, { placeholder: valuePh, type: secret ? 'password' : 'text', attrs: { 'aria-label': `${namePh} ${i + 1} value` } });
        const name = input(row.name, (v) => {
          row.name = v;
          if (table !== 'form') value.type = isSecretRow(row, table) ? 'password' : 'text';
          this.host.changed();
        }, { placeholder: namePh, attrs: { 'aria-label': `${namePh} ${i + 1} name`, ...(table === 'headers' ? { list: 'header-names' } : {}) } });
        wrap.append(h('div', { class: 'kv-row' },
          checkbox(row.enabled, (v) => { row.enabled = v; this.host.changed(); }, { title: 'Send this row', attrs: { 'aria-label': 'enabled' } }),
          name, value,
          table === 'headers' || table === 'query'
            ? button(lockIcon(!!row.secret), () => { row.secret = !row.secret; this.host.changed(); render(); }, { class: 'icon secret-toggle', title: row.secret ? 'Secret: kept in secret storage only (click to unmark)' : 'Mark the value secret', attrs: { 'aria-pressed': String(!!row.secret), 'aria-label': `${namePh} ${i + 1} secret` } })
            : null,
          button('×', () => { rows.splice(i, 1); this.host.changed(); render(); }, { class: 'icon', title: 'Remove row' })));
      });
      wrap.append(button('+ Add', () => { rows.push({ name: '', value: '', enabled: true }); this.host.changed(); render(); (wrap.querySelector('.kv-row:last-of-type input[type=text]') as HTMLInputElement | null)?.focus(); }, { class: 'link' }));
      if (table === 'headers') {
        const list = h('datalist', { attrs: { id: 'header-names' } });
        for (const hn of COMMON_HEADERS) { const o = h('option'); o.value = hn; list.append(o); }
        wrap.append(list);
      }
    };
    render();
    return wrap;
  }

  private renderBody(): void {
    const d = this.draft;
    const kind = select<BodyChoice>(bodyChoice(d), BODY_CHOICES, (c) => { switchBody(d, c); this.host.changed(); this.renderTabBody(); }, { attrs: { 'aria-label': 'Body type' } });
    this.tabBody.append(h('div', { class: 'field' }, h('label', null, 'Body'), kind));
    const b = d.body;
    if (b.kind === 'json' || b.kind === 'text') {
      const ta = h('textarea', { class: 'mono body-text', attrs: { rows: '8', spellcheck: 'false', 'aria-label': 'Request body' } });
      ta.value = b.text;
      this.jsonProblemEl = h('div', { class: 'problem', attrs: { role: 'alert', 'data-testid': 'json-problem' } });
      ta.addEventListener('input', () => { b.text = ta.value; this.host.changed(); this.showJsonProblem(); });
      this.tabBody.append(ta, this.jsonProblemEl, this.host.bodyExtras?.() ?? '');
      this.showJsonProblem();
    } else if (b.kind === 'urlencoded') {
      this.tabBody.append(this.table(b.fields, 'form', 'field', 'value'));
    } else if (b.kind === 'multipart') {
      this.tabBody.append(this.multipart(b.fields));
    }
  }

  private showJsonProblem(): void {
    if (!this.jsonProblemEl) return;
    const b = this.draft.body;
    const p = b.kind === 'json' ? jsonProblem(b.text) : undefined;
    this.jsonProblemEl.textContent = p ? `Invalid JSON${p.line ? ` at line ${p.line}, column ${p.column}` : ''}: ${p.message}` : '';
  }

  private multipart(fields: MultipartField[]): HTMLElement {
    const wrap = h('div', { class: 'kv' });
    const render = (): void => {
      wrap.replaceChildren();
      fields.forEach((f, i) => {
        const kind = select<'text' | 'file'>(f.kind, [['text', 'Text'], ['file', 'File']], (k) => {
          fields[i] = k === 'text' ? { kind: 'text', name: f.name, value: '', enabled: f.enabled } : { kind: 'file', name: f.name, path: '', enabled: f.enabled };
          this.host.changed();
          render();
        }, { attrs: { 'aria-label': 'Field type' } });
        const name = input(f.name, (v) => { f.name = v; this.host.changed(); }, { placeholder: 'field' });
        const value = f.kind === 'text'
          ? input(f.value, (v) => { f.value = v; this.host.changed(); }, { placeholder: 'value' })
          : h('span', { class: 'file-pick' },
            button(f.path ? (f.filename ?? f.path) : 'Choose file…', () => this.host.pickFile((file) => {
              fields[i] = { kind: 'file', name: f.name, path: file.path, filename: file.fileName, size: file.size, enabled: f.enabled };
              this.host.changed();
              render();
            }), { class: 'secondary', title: f.kind === 'file' && f.path ? f.path : 'Pick a file to upload' }));
        wrap.append(h('div', { class: 'kv-row' },
          checkbox(f.enabled, (v) => { f.enabled = v; this.host.changed(); }, { attrs: { 'aria-label': 'enabled' } }),
          kind, name, value,
          button('×', () => { fields.splice(i, 1); this.host.changed(); render(); }, { class: 'icon', title: 'Remove field' })));
      });
      wrap.append(button('+ Add field', () => { fields.push({ kind: 'text', name: '', value: '', enabled: true }); this.host.changed(); render(); }, { class: 'link' }));
    };
    render();
    return wrap;
  }

  private renderOptions(): void {
    const d = this.draft;
    const timeout = input(String(d.timeoutMs), (v) => {
      const n = Math.round(Number(v));
      if (Number.isFinite(n) && n >= 100 && n <= 600_000) { d.timeoutMs = n; this.host.changed(); timeout.setCustomValidity(''); }
      else timeout.setCustomValidity('100 to 600000 ms');
    }, { type: 'number', attrs: { min: '100', max: '600000', step: '100', id: 'opt-timeout' } });
    this.tabBody.append(
      h('div', { class: 'field' }, h('label', { attrs: { for: 'opt-timeout' } }, 'Timeout (ms)'), timeout),
      h('label', { class: 'check' }, checkbox(d.followRedirects, (v) => { d.followRedirects = v; this.host.changed(); }, { attrs: { id: 'opt-follow' } }), ' Follow redirects'),
      h('p', { class: 'hint' }, 'Redirects are shown, not followed, unless this is on.'),
    );
  }
}
