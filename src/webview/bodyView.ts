// A text response body drawn line by line, only the lines on screen (a 10 MB JSON body has ~500,000
// lines: drawing them all froze the view). JSON lines fold, a search box highlights matches with next
// and previous, a selected JSON line gives its value and its path to copy. Text goes into the DOM as
// text nodes only. The line model (offsets, folds, matches, paths) is src/webview/lines.ts.
import { button, h } from './dom';
import {
  enclosingFolds, findMatches, formatPath, indexLines, jsonFolds, LineIndexer, jsonPathAt, jsonValueAt, lineText, opensFold, visibleLines,
  type LineIndex, type Match,
} from './lines';

export interface BodyViewerHost {
  copy(text: string, what: 'value' | 'path'): void;
  /** Opens the whole body in a read-only editor (undefined: not offered). */
  openInEditor?: () => void;
}

/** Lines drawn above and below the visible ones. */
const OVERSCAN = 30;
/** Lines drawn before the viewport has a height (not laid out yet). */
const UNMEASURED_LINES = 200;
/** Bodies longer than this are joined and indexed in tasks of their own, each short, not in the one that received them. */
const PREPARE_LATER_CHARS = 1024 * 1024;
/** Characters indexed per task while preparing a long body (about 10 ms of work each). */
const INDEX_SLICE_CHARS = 2 * 1024 * 1024;

/** A new task: what was done before it can be painted, and no task runs long. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class BodyViewer {
  readonly el: HTMLElement;
  private ix: LineIndex;
  private preparing = false;
  /** Fold ranges, found on first need (a fold closed, a value copied): not while the body arrives. */
  private folds: Int32Array | undefined;
  private readonly closed = new Set<number>();
  private visible: Int32Array;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly findBar: HTMLElement;
  private readonly findInput: HTMLInputElement;
  private readonly findCount: HTMLElement;
  private readonly pathEl: HTMLElement;
  private readonly copyButtons: HTMLButtonElement[] = [];
  private lineHeight = 0;
  private scrollTop = 0;
  private frame = 0;
  private matches: Match[] = [];
  private moreMatches = false;
  private current = -1;
  private selected = -1;

  /** `source`: the body text, or the parts it came in (joined here, later). */
  constructor(source: string | readonly string[], private readonly json: boolean, private readonly host: BodyViewerHost) {
    const length = typeof source === 'string' ? source.length : source.reduce((n, p) => n + p.length, 0);
    this.preparing = length > PREPARE_LATER_CHARS;
    this.ix = indexLines(this.preparing ? '' : typeof source === 'string' ? source : source.join(''));
    this.visible = visibleLines(this.ix.count, undefined, this.closed);
    this.rows = h('div', { class: 'body-rows' });
    this.spacer = h('div', { class: 'body-spacer' }, this.rows);
    this.viewport = h('div', {
      class: `body-viewport mono${json ? ' json' : ''}`,
      attrs: { tabindex: '0', role: 'region', 'aria-label': this.label(), 'data-testid': 'body-lines' },
      on: { scroll: () => this.schedule(), keydown: (e) => this.onKey(e), click: (e) => this.onClick(e) },
    }, this.spacer);
    this.findInput = h('input', { attrs: { type: 'search', 'aria-label': 'Search in body', placeholder: 'Search in body', 'data-testid': 'body-search' } });
    this.findInput.addEventListener('input', () => this.search(this.findInput.value));
    this.findInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); this.step(e.shiftKey ? -1 : 1); }
      if (e.key === 'Escape') { e.preventDefault(); this.closeSearch(); }
    });
    this.findCount = h('span', { class: 'find-count', attrs: { 'aria-live': 'polite', 'data-testid': 'search-count' } });
    this.findBar = h('div', { class: 'find-bar', attrs: { role: 'search', hidden: '' } },
      this.findInput, this.findCount,
      button('↑', () => this.step(-1), { class: 'icon', title: 'Previous match (Shift+Enter)', attrs: { 'aria-label': 'Previous match', 'data-testid': 'search-prev' } }),
      button('↓', () => this.step(1), { class: 'icon', title: 'Next match (Enter)', attrs: { 'aria-label': 'Next match', 'data-testid': 'search-next' } }),
      button('×', () => this.closeSearch(), { class: 'icon', title: 'Close search (Escape)', attrs: { 'aria-label': 'Close search' } }));
    this.pathEl = h('span', { class: 'json-path mono', attrs: { 'data-testid': 'json-path', 'aria-live': 'polite' } });
    const tools = h('div', { class: 'body-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Body' } },
      button('Search', () => this.openSearch(), { class: 'secondary', title: 'Search in the body (Ctrl/Cmd+F)', attrs: { 'data-testid': 'open-search' } }));
    if (json) {
      tools.append(
        button('Collapse all', () => this.foldAll(true), { class: 'secondary', title: 'Fold every object and array but the outermost' }),
        button('Expand all', () => this.foldAll(false), { class: 'secondary' }));
      for (const [label, what] of [['Copy value', 'value'], ['Copy path', 'path']] as const) {
        const b = button(label, () => this.copySelected(what), { class: 'secondary', title: `Copy the ${what} of the selected line`, attrs: { 'data-testid': `copy-${what}` } });
        b.disabled = true;
        this.copyButtons.push(b);
        tools.append(b);
      }
    }
    if (host.openInEditor) tools.append(button('Open in editor', host.openInEditor, { class: 'secondary', title: 'Open the whole body in a read-only editor', attrs: { 'data-testid': 'open-body' } }));
    if (json) tools.append(this.pathEl);
    this.el = h('div', { class: 'body-view' }, tools, this.findBar, this.viewport);
    if (this.preparing) void this.prepare(source, length);
  }

  /** Join, index, draw: three tasks. */
  private async prepare(source: string | readonly string[], length: number): Promise<void> {
    this.rows.replaceChildren(h('div', { class: 'hint' }, `Preparing ${(length / 1024 / 1024).toFixed(1)} M characters…`));
    await nextTask();
    const text = typeof source === 'string' ? source : source.join('');
    await nextTask();
    const indexer = new LineIndexer(text);
    while (!indexer.step(INDEX_SLICE_CHARS)) await nextTask();
    this.ix = indexer.result();
    await nextTask();
    this.visible = visibleLines(this.ix.count, undefined, this.closed);
    this.preparing = false;
    this.viewport.setAttribute('aria-label', this.label());
    this.draw();
    if (this.findInput.value) this.search(this.findInput.value);
  }

  private label(): string {
    return `Response body, ${this.ix.count} lines. Arrow keys move the selected line${this.json ? ', left and right fold it' : ''}.`;
  }

  get lineCount(): number {
    return this.ix.count;
  }

  private foldEnd(): Int32Array | undefined {
    if (this.json && !this.folds) this.folds = jsonFolds(this.ix);
    return this.folds;
  }

  private refold(): void {
    this.visible = visibleLines(this.ix.count, this.closed.size ? this.foldEnd() : undefined, this.closed);
  }

  /** Call after the element is in the document: measures a line and draws (again) at the kept scroll position. */
  attached(): void {
    this.viewport.scrollTop = this.scrollTop;
    this.draw();
  }

  openSearch(): void {
    this.findBar.hidden = false;
    this.findInput.focus();
    this.findInput.select();
  }

  private closeSearch(): void {
    this.findBar.hidden = true;
    this.search('');
    this.findInput.value = '';
    this.viewport.focus();
  }

  private search(query: string): void {
    const r = findMatches(this.ix, query);
    this.matches = r.matches;
    this.moreMatches = r.more;
    this.current = -1;
    if (this.matches.length) this.step(1);
    else this.draw();
    this.showCount();
  }

  private showCount(): void {
    const n = this.matches.length;
    if (!this.findInput.value) this.findCount.textContent = '';
    else if (n === 0) this.findCount.textContent = 'No results';
    else this.findCount.textContent = `${this.current + 1} of ${n}${this.moreMatches ? '+' : ''}`;
  }

  /** Moves to the next (1) or previous (-1) match: opens the folds around it and scrolls it into view. */
  private step(dir: 1 | -1): void {
    if (!this.matches.length) return;
    this.current = (this.current + dir + this.matches.length) % this.matches.length;
    this.reveal(this.matches[this.current].line);
    this.showCount();
  }

  private reveal(line: number): void {
    const folds = this.closed.size ? this.foldEnd() : undefined;
    if (folds) {
      const around = enclosingFolds(folds, line).filter((l) => this.closed.has(l));
      if (around.length) {
        for (const l of around) this.closed.delete(l);
        this.refold();
      }
    }
    const row = this.rowOf(line);
    const lh = this.measure();
    const top = row * lh;
    const height = this.viewport.clientHeight || lh * 20;
    if (top < this.viewport.scrollTop || top + lh > this.viewport.scrollTop + height) this.viewport.scrollTop = Math.max(0, top - height / 3);
    this.draw();
  }

  /** The row a line is drawn in (binary search in the visible lines); a hidden line gives its fold's row. */
  private rowOf(line: number): number {
    let lo = 0;
    let hi = this.visible.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.visible[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private foldAll(close: boolean): void {
    this.closed.clear();
    const folds = close ? this.foldEnd() : undefined;
    if (folds) for (let l = 1; l < folds.length; l++) if (folds[l] > l) this.closed.add(l);
    this.refold();
    this.draw();
  }

  private toggle(line: number, open?: boolean): void {
    const folds = this.foldEnd();
    if (!folds || folds[line] <= line) return;
    const isClosed = this.closed.has(line);
    if (open === undefined ? isClosed : open) this.closed.delete(line);
    else this.closed.add(line);
    this.refold();
    this.draw();
  }

  private select(line: number): void {
    this.selected = line;
    for (const b of this.copyButtons) b.disabled = false;
    if (this.json) this.pathEl.textContent = formatPath(jsonPathAt(this.ix, line));
    this.reveal(line);
  }

  private copySelected(what: 'value' | 'path'): void {
    const folds = this.foldEnd();
    if (this.selected < 0 || !folds) return;
    if (what === 'path') {
      this.host.copy(formatPath(jsonPathAt(this.ix, this.selected)), 'path');
      return;
    }
    const value = jsonValueAt(this.ix, folds, this.selected);
    if (value !== undefined) this.host.copy(value, 'value');
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('.line');
    if (!row) return;
    const line = Number(row.dataset.line);
    if (target.closest('button.fold')) this.toggle(line);
    else this.select(line);
  }

  private onKey(e: KeyboardEvent): void {
    if (!['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter'].includes(e.key)) return;
    e.preventDefault();
    const row = this.selected < 0 ? -1 : this.rowOf(this.selected);
    const last = this.visible.length - 1;
    switch (e.key) {
      case 'ArrowDown': this.select(this.visible[Math.min(last, row + 1)]); break;
      case 'ArrowUp': this.select(this.visible[Math.max(0, row - 1)]); break;
      case 'Home': this.select(this.visible[0]); break;
      case 'End': this.select(this.visible[last]); break;
      case 'ArrowLeft': if (this.selected >= 0) this.toggle(this.selected, false); break;
      case 'ArrowRight': if (this.selected >= 0) this.toggle(this.selected, true); break;
      case 'Enter': if (this.selected >= 0) this.toggle(this.selected); break;
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The height of one line, measured once from a drawn row. */
  private measure(): number {
    if (this.lineHeight) return this.lineHeight;
    const probe = h('div', { class: 'line' }, 'x');
    this.rows.append(probe);
    const height = probe.getBoundingClientRect().height;
    probe.remove();
    if (height > 0) this.lineHeight = height;
    return height || 18;
  }

  private draw(): void {
    if (this.preparing) return;
    const lh = this.measure();
    this.spacer.style.height = `${this.visible.length * lh}px`;
    this.scrollTop = this.viewport.scrollTop;
    const height = this.viewport.clientHeight;
    const first = height ? Math.max(0, Math.floor(this.scrollTop / lh) - OVERSCAN) : 0;
    const last = Math.min(this.visible.length, height ? Math.ceil((this.scrollTop + height) / lh) + OVERSCAN : UNMEASURED_LINES);
    this.rows.style.transform = `translateY(${first * lh}px)`;
    const out: HTMLElement[] = [];
    let m = this.firstMatchFrom(first < this.visible.length ? this.visible[first] : 0);
    for (let r = first; r < last; r++) {
      const line = this.visible[r];
      while (m < this.matches.length && this.matches[m].line < line) m++;
      const start = m;
      while (m < this.matches.length && this.matches[m].line === line) m++;
      out.push(this.row(line, start, m));
    }
    this.rows.replaceChildren(...out);
  }

  private firstMatchFrom(line: number): number {
    let lo = 0;
    let hi = this.matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.matches[mid].line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private row(line: number, fromMatch: number, toMatch: number): HTMLElement {
    const el = h('div', { class: `line${line === this.selected ? ' selected' : ''}`, attrs: { 'data-line': String(line) } });
    if (this.json) {
      if (opensFold(this.ix, line)) {
        const closed = this.closed.has(line);
        el.append(button(closed ? '▸' : '▾', () => undefined, { class: 'fold', title: closed ? 'Expand' : 'Collapse', attrs: { 'aria-expanded': String(!closed), tabindex: '-1' } }));
      } else el.append(h('span', { class: 'fold-space' }));
    }
    const text = lineText(this.ix, line);
    const base = this.ix.starts[line];
    let at = 0;
    for (let i = fromMatch; i < toMatch; i++) {
      const mt = this.matches[i];
      const s = Math.max(0, mt.start - base);
      const e = Math.min(text.length, mt.end - base);
      if (s > at) el.append(text.slice(at, s));
      el.append(h('mark', { class: i === this.current ? 'current' : '' }, text.slice(s, e)));
      at = e;
    }
    if (at < text.length) el.append(text.slice(at));
    if (this.folds && this.closed.has(line)) el.append(h('span', { class: 'folded' }, ` … ${this.folds[line] - line - 1} lines`));
    return el;
  }
}
