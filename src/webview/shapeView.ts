// The handler's part of the request editor, in the sidebar and in tabs: "Fill from handler" (the body or form
// fields and the query parameters the handler's code expects, with their types, or why its shape is not known),
// the body's errors against the handler's schema at their lines while typing (sending stays possible), and
// "Run all" of the app's saved suite for the route, its folder or the app, with pass/fail and each failure's diff.
import type { FillView, RequestDraft, SuiteResult, SuiteScopeKind, ToHostMessage, ToViewMessage } from '../protocol';
import { applyFill } from './state';
import { UNCHECKED, bodyErrors, type BodyError } from '../core/shape/fill';
import { button, h, select } from './dom';

type Post = (m: ToHostMessage) => void;

function runId(): string {
  return `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export class HandlerSection {
  readonly el = h('section', { class: 'handler-section', attrs: { 'aria-label': 'Handler', 'data-testid': 'handler-section' } });
  /** Shown under the body editor (requestView's bodyExtras): the body's errors against the schema, each at its line. */
  readonly bodyErrorsEl = h('ul', { class: 'body-errors', attrs: { 'data-testid': 'body-errors', 'aria-live': 'polite' } });
  private readonly info = h('div', { class: 'handler-info' });
  private readonly fillBtn: HTMLButtonElement;
  private readonly results = h('div', { class: 'suite-results', attrs: { 'data-testid': 'suite-results', 'aria-live': 'polite' } });
  private draft: RequestDraft | undefined;
  private fill: FillView | undefined;
  private asked: string | undefined;
  private scope: SuiteScopeKind = 'route';
  private run: string | undefined;

  constructor(private readonly post: Post, private readonly applied: () => void) {
    this.fillBtn = button('Fill from handler', () => this.doFill(), { class: 'secondary fill', title: 'Fill the body and query with a sample the handler\'s schema accepts', attrs: { disabled: '' } });
    const scope = select<SuiteScopeKind>(this.scope, [['route', 'this route'], ['folder', 'its folder'], ['app', 'the app']], (s) => { this.scope = s; }, { attrs: { 'aria-label': 'Run all for' } });
    const runBtn = button('Run all', () => this.runAll(), { class: 'secondary run-all', title: 'Run the app\'s saved suite (.http files under .bff-routes, as bff-routes test does)' });
    this.el.append(
      h('div', { class: 'handler-row' }, this.fillBtn, this.info),
      h('div', { class: 'handler-row' }, runBtn, h('label', { class: 'hint' }, 'for '), scope),
      this.results,
    );
  }

  private key(d: RequestDraft): string {
    return `${d.appRoot}\n${d.route}\n${d.method}`;
  }

  /** A route or method was opened (or the draft replaced): ask for its handler's shape. */
  setDraft(draft: RequestDraft | undefined): void {
    this.draft = draft;
    if (!draft) return;
    const k = this.key(draft);
    if (k === this.asked) {
      this.showErrors();
      return;
    }
    this.asked = k;
    this.fill = undefined;
    this.fillBtn.disabled = true;
    this.info.replaceChildren(h('span', { class: 'hint' }, 'Reading the handler…'));
    this.bodyErrorsEl.replaceChildren();
    this.post({ type: 'getShape', appRoot: draft.appRoot, route: draft.route, method: draft.method });
  }

  draftChanged(draft: RequestDraft): void {
    this.setDraft(draft);
  }

  handle(msg: ToViewMessage): boolean {
    if (msg.type === 'shape') {
      if (!this.draft || this.key(this.draft) !== `${msg.appRoot}\n${msg.route}\n${msg.method}`) return true;
      this.fill = msg.fill;
      this.renderInfo(msg.reason);
      this.showErrors();
      return true;
    }
    if (msg.type === 'suiteResults') {
      if (msg.runId === this.run) this.renderResults(msg.results, msg.done, msg.error);
      return true;
    }
    return false;
  }

  private renderInfo(reason: string | undefined): void {
    const f = this.fill;
    this.info.replaceChildren();
    if (!f) {
      this.fillBtn.disabled = true;
      this.info.append(h('span', { class: 'hint', attrs: { 'data-testid': 'shape-reason' } }, reason ?? 'shape not known'));
      return;
    }
    const b = f.body;
    this.fillBtn.disabled = b.kind !== 'json' && b.kind !== 'form' && b.kind !== 'text' && f.query.length === 0;
    const parts: Array<HTMLElement | string> = [];
    if (b.kind === 'json' && b.from === 'unchecked') parts.push(`JSON body of any shape (${UNCHECKED})`);
    else if (b.kind === 'json') parts.push(`JSON body from ${b.from}`);
    else if (b.kind === 'text') parts.push('text body');
    else if (b.kind === 'form') parts.push(`form fields: ${b.fields.map((x) => `${x.name}${x.required ? '' : '?'}${x.type === 'file' ? ' (file)' : ''}`).join(', ')}`);
    else if (b.kind === 'unknown') parts.push(`body: shape not known (${b.reason})`);
    else parts.push('no body');
    if (f.statuses.length > 0) parts.push(`answers ${f.statuses.map((s) => (s === 'default' ? 'computed' : String(s))).join(', ')}`);
    this.info.append(h('span', { class: 'hint', attrs: { 'data-testid': 'shape-summary' } }, parts.join(' · ')));
    if (f.query.length > 0) {
      this.info.append(h('ul', { class: 'shape-query', attrs: { 'aria-label': 'Query parameters the handler reads' } },
        ...f.query.map((q) => h('li', { class: 'mono' }, `${q.name}${q.required ? '' : '?'}: ${q.type}${q.multiple ? '[]' : ''}`))));
    }
    for (const n of f.notes) this.info.append(h('div', { class: 'hint' }, n));
  }

  private doFill(): void {
    if (!this.draft || !this.fill) return;
    applyFill(this.draft, this.fill);
    this.applied();
    this.showErrors();
  }

  /** The body's errors against the handler's schema, each with its line; a click selects that line. */
  private showErrors(): void {
    const d = this.draft;
    const b = this.fill?.body;
    let errors: BodyError[] = [];
    if (d && d.body.kind === 'json' && b?.kind === 'json') errors = bodyErrors(d.body.text, b.schema);
    this.bodyErrorsEl.replaceChildren(...errors.slice(0, 50).map((e) => {
      const li = h('li', { class: 'problem', attrs: { 'data-line': String(e.line), title: 'Select this line in the body' } }, h('span', { class: 'line-no' }, `Line ${e.line}`), ` ${e.path}: ${e.message}`);
      li.addEventListener('click', () => this.selectLine(e.line));
      return li;
    }));
    if (errors.length > 0) this.bodyErrorsEl.prepend(h('li', { class: 'hint' }, `The handler's schema would refuse this body (${errors.length} error${errors.length === 1 ? '' : 's'}); it can still be sent.`));
  }

  private selectLine(line: number): void {
    const ta = this.bodyErrorsEl.parentElement?.querySelector<HTMLTextAreaElement>('textarea.body-text');
    if (!ta) return;
    const lines = ta.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  }

  private runAll(): void {
    if (!this.draft) return;
    this.run = runId();
    this.results.replaceChildren(h('p', { class: 'hint' }, 'Running…'));
    this.post({ type: 'runSuite', runId: this.run, appRoot: this.draft.appRoot, scope: this.scope, route: this.draft.route });
  }

  private renderResults(results: SuiteResult[], done: boolean, error: string | undefined): void {
    const passed = results.filter((r) => r.passed).length;
    const head = error
      ? h('p', { class: 'problem', attrs: { 'data-testid': 'suite-error' } }, error)
      : h('p', { class: 'suite-summary', attrs: { 'data-testid': 'suite-summary' } }, `${done ? '' : 'Running… '}${results.length} request${results.length === 1 ? '' : 's'}, ${passed} passed, ${results.length - passed} failed`);
    const list = h('ul', { class: 'suite-list' }, ...results.map((r) => {
      const li = h('li', { class: r.passed ? 'pass' : 'fail', attrs: { 'data-passed': String(r.passed) } },
        h('span', { class: 'mark', attrs: { 'aria-label': r.passed ? 'passed' : 'failed' } }, r.passed ? '✓' : '✗'), ' ',
        h('span', { class: 'mono' }, `${r.name}`),
        r.status !== undefined ? h('span', { class: 'hint' }, `  ${r.status}${r.durationMs !== undefined ? ` · ${r.durationMs} ms` : ''}`) : null,
        h('span', { class: 'hint' }, `  ${r.file}:${r.line}`));
      if (r.error) li.append(h('pre', { class: 'mono suite-diff' }, r.error));
      for (const a of r.assertions.filter((x) => !x.passed)) li.append(h('pre', { class: 'mono suite-diff' }, `${a.text}  (line ${a.line})${a.message ? `\n${a.message}` : ''}`));
      return li;
    }));
    this.results.replaceChildren(head, list);
  }
}
