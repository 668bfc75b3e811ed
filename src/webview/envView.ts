// Environments, auth and cookies in the panel: the environment picker, the request as it will be sent in
// the active environment (resolved URL and auth rows, secrets as {{name}} or masked, or why it cannot be
// sent), the route's or the environment's auth, and the cookie jar of the app's target. Secret values are
// typed here and sent to the host once (it keeps them in SecretStorage); they never come back.
import type { AuthEdit, AuthView, RequestDraft, ToHostMessage, ToViewOf } from '../protocol';
import { button, h, input, select } from './dom';

type AuthType = AuthEdit['type'];
const AUTH_TYPES: ReadonlyArray<readonly [AuthType, string]> = [
  ['inherit', 'Inherit from environment'], ['none', 'No auth'], ['bearer', 'Bearer token'], ['basic', 'Basic'], ['apikey', 'API key'],
];
const PREVIEW_DEBOUNCE_MS = 120;

/** The request as the host will send it: its resolved URL, or why it cannot be sent (neither: no environment). */
export interface ResolvedRequest { url?: string; error?: string }

export class EnvSection {
  /** The environment picker, for the header. */
  readonly bar = h('div', { class: 'env-bar', attrs: { 'data-testid': 'env-bar' } });
  /** Preview, auth and cookies, under the request editor. */
  readonly panel = h('div', { class: 'env-panel' });
  /** The auth rows the request will carry (secrets as {{name}} or masked). */
  private readonly preview = h('div', { class: 'env-preview mono', attrs: { 'aria-live': 'polite', 'data-testid': 'env-preview' } });
  private readonly authBox = h('details', { class: 'auth-section', attrs: { 'data-testid': 'auth-section' } });
  private readonly cookieBox = h('details', { class: 'cookie-section', attrs: { 'data-testid': 'cookie-section' } });
  private draft: RequestDraft | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private envs: ToViewOf<'environments'> | undefined;
  private auth: ToViewOf<'auth'> | undefined;
  private authScope: 'route' | 'environment' = 'route';

  /**
   * `resolved` receives the request line as it will be sent in the active environment (the URL with its
   * {{variables}} resolved), or why it cannot be sent; the editor shows it in place of its own preview.
   */
  constructor(private readonly post: (m: ToHostMessage) => void, private readonly resolved: (r: ResolvedRequest) => void) {
    this.panel.append(this.preview, this.authBox, this.cookieBox);
    // Nothing to show before a route is open (empty <details> would read "Details").
    this.panel.hidden = true;
    this.renderBar();
  }

  /** A draft was loaded (another route): ask for its state and preview. */
  setDraft(draft: RequestDraft | undefined): void {
    this.draft = draft;
    this.panel.hidden = !draft;
    this.auth = undefined;
    this.renderAuth();
    if (!draft) return;
    this.post({ type: 'getEnvState', appRoot: draft.appRoot, route: draft.route });
    this.draftChanged(draft);
  }

  /** A response arrived: the jar may hold new cookies. */
  refreshCookies(): void {
    if (this.draft) this.post({ type: 'getEnvState', appRoot: this.draft.appRoot, route: this.draft.route });
  }

  /** The draft was edited: refresh the preview soon. */
  draftChanged(draft: RequestDraft): void {
    this.draft = draft;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.draft) this.post({ type: 'envPreview', request: this.draft });
    }, PREVIEW_DEBOUNCE_MS);
  }

  handle(msg: ToViewOf<'environments' | 'envPreview' | 'auth' | 'cookies'>): void {
    switch (msg.type) {
      case 'environments': {
        // Every state answer carries the environments: only another choice or list asks for the state again
        // (asking on each answer was an endless round trip that also kept the preview's debounce from firing).
        const changed = !this.envs || this.envs.active !== msg.active || this.envs.names.join('\n') !== msg.names.join('\n');
        this.envs = msg;
        this.renderBar();
        if (changed && this.draft) this.setDraft(this.draft);
        break;
      }
      case 'envPreview': {
        if (!this.draft || msg.appRoot !== this.draft.appRoot || msg.route !== this.draft.route) return;
        this.preview.replaceChildren();
        if (msg.url) for (const [k, v] of msg.auth) this.preview.append(h('div', { class: 'auth-row' }, `${k}: ${v}`));
        this.resolved({ ...(msg.url !== undefined ? { url: msg.url } : {}), ...(msg.error !== undefined ? { error: msg.error } : {}) });
        break;
      }
      case 'auth':
        if (!this.draft || msg.appRoot !== this.draft.appRoot || msg.route !== this.draft.route) return;
        // Unchanged: the form keeps what is being typed in it.
        if (JSON.stringify(msg) === JSON.stringify(this.auth)) return;
        this.auth = msg;
        this.renderAuth();
        break;
      case 'cookies':
        this.renderCookies(msg);
        break;
    }
  }

  private renderBar(): void {
    this.bar.replaceChildren();
    const e = this.envs;
    if (!e || (e.names.length === 0 && e.problems.length === 0)) return;
    const options: Array<readonly [string, string]> = [['', 'No environment'], ...e.names.map((n) => [n, n] as const)];
    const pick = select(e.active ?? '', options, (v) => this.post({ type: 'selectEnvironment', name: v === '' ? null : v }), { class: 'env-select', attrs: { 'aria-label': 'Environment', 'data-testid': 'env-select', title: e.file ?? '' } });
    this.bar.append(h('label', { class: 'env-label' }, 'Environment ', pick));
    for (const p of e.problems.slice(0, 3)) this.bar.append(h('div', { class: 'problem', attrs: { role: 'alert' } }, p));
  }

  private renderAuth(): void {
    this.authBox.replaceChildren();
    const a = this.auth;
    const summary = h('summary', null, 'Auth');
    this.authBox.append(summary);
    if (!a || !this.draft) return;
    const current: AuthView = this.authScope === 'environment' ? (a.environment ?? { type: 'none', stored: false }) : a.own;
    summary.textContent = `Auth: ${AUTH_TYPES.find(([t]) => t === a.own.type)?.[1] ?? a.own.type}`;
    const scopeSel = select<'route' | 'environment'>(this.authScope, [['route', 'This route'], ['environment', this.envs?.active ? `Environment "${this.envs.active}"` : 'Environment (choose one first)']], (v) => { this.authScope = v; this.renderAuth(); }, { attrs: { 'aria-label': 'Auth applies to' } });
    const types = this.authScope === 'environment' ? AUTH_TYPES.filter(([t]) => t !== 'inherit') : AUTH_TYPES;
    let type: AuthType = current.type;
    const fields = h('div', { class: 'auth-fields' });
    const values = { token: '', username: current.username ?? '', password: '', name: current.name ?? 'X-Api-Key', value: '', in: current.in ?? 'header' as 'header' | 'query' };
    const secretPh = current.stored ? 'stored (type to replace)' : 'value or {{variable}}';
    const renderFields = (): void => {
      fields.replaceChildren();
      const field = (label: string, el: HTMLElement): HTMLElement => h('div', { class: 'field' }, h('label', null, label), el);
      if (type === 'bearer') fields.append(field('Token', input('', (v) => { values.token = v; }, { type: 'password', placeholder: secretPh, attrs: { 'aria-label': 'Bearer token' } })));
      if (type === 'basic') {
        fields.append(field('User', input(values.username, (v) => { values.username = v; }, { attrs: { 'aria-label': 'Basic user name' } })),
          field('Password', input('', (v) => { values.password = v; }, { type: 'password', placeholder: secretPh, attrs: { 'aria-label': 'Basic password' } })));
      }
      if (type === 'apikey') {
        fields.append(field('Name', input(values.name, (v) => { values.name = v; }, { attrs: { 'aria-label': 'API key name' } })),
          field('Value', input('', (v) => { values.value = v; }, { type: 'password', placeholder: secretPh, attrs: { 'aria-label': 'API key value' } })),
          field('In', select<'header' | 'query'>(values.in, [['header', 'Header'], ['query', 'Query parameter']], (v) => { values.in = v; }, { attrs: { 'aria-label': 'API key sent in' } })));
      }
    };
    const typeSel = select<AuthType>(type, types, (v) => { type = v; renderFields(); }, { attrs: { 'aria-label': 'Auth type', 'data-testid': 'auth-type' } });
    renderFields();
    const save = (): void => {
      if (!this.draft) return;
      const keep = current.stored && current.type === type;
      const auth: AuthEdit = type === 'bearer' ? { type, token: values.token, keep }
        : type === 'basic' ? { type, username: values.username, password: values.password, keep }
          : type === 'apikey' ? { type, name: values.name, value: values.value, in: values.in, keep }
            : { type };
      this.post({ type: 'setAuth', appRoot: this.draft.appRoot, route: this.draft.route, scope: this.authScope, auth });
    };
    this.authBox.append(
      h('p', { class: 'hint' }, 'Stored in VS Code\'s secret storage, never in history, drafts or exports. Values may be {{variables}} of the environment.'),
      h('div', { class: 'field' }, h('label', null, 'For'), scopeSel),
      h('div', { class: 'field' }, h('label', null, 'Type'), typeSel),
      fields,
      button('Save auth', save, { class: 'secondary', attrs: { 'data-testid': 'auth-save' } }),
    );
  }

  private renderCookies(msg: ToViewOf<'cookies'>): void {
    if (this.draft && msg.appRoot !== this.draft.appRoot) return;
    const wasOpen = this.cookieBox.open;
    this.cookieBox.replaceChildren(h('summary', null, `Cookies (${msg.cookies.length})${msg.origin ? ` for ${msg.origin}` : ''}`));
    this.cookieBox.open = wasOpen;
    if (msg.cookies.length === 0) {
      this.cookieBox.append(h('p', { class: 'hint' }, 'None yet: cookies a response sets (Set-Cookie) are kept per environment and origin and sent on later requests.'));
      return;
    }
    const table = h('table', { class: 'cookies', attrs: { 'data-testid': 'cookie-table' } },
      h('thead', null, h('tr', null, ...['Name', 'Value', 'Domain', 'Path', 'Expires', 'Flags'].map((c) => h('th', null, c)))));
    const body = h('tbody');
    for (const c of msg.cookies) {
      body.append(h('tr', null, h('td', null, c.name), h('td', { class: 'mono' }, c.preview), h('td', null, c.domain), h('td', null, c.path), h('td', { attrs: { title: c.expires } }, c.expires.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d).*$/, '$1 $2')),
        h('td', null, [c.httpOnly ? 'HttpOnly' : '', c.secure ? 'Secure' : '', c.sameSite ? `SameSite=${c.sameSite}` : ''].filter(Boolean).join(' '))));
    }
    table.append(body);
    this.cookieBox.append(table, button('Clear cookies', () => { if (this.draft) this.post({ type: 'clearCookies', appRoot: this.draft.appRoot }); }, { class: 'secondary', attrs: { 'data-testid': 'clear-cookies' } }));
  }
}
