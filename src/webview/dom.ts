// A tiny element builder. Text always goes in through text nodes / textContent: response data and
// file names can never become markup.
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  attrs?: Record<string, string | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  for (const [k, v] of Object.entries(props?.attrs ?? {})) if (v !== undefined) el.setAttribute(k, v);
  for (const [k, fn] of Object.entries(props?.on ?? {})) el.addEventListener(k, fn as EventListener);
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

export function button(label: string | Node, onClick: () => void, props: Omit<Props, 'on'> = {}): HTMLButtonElement {
  const b = h('button', { ...props, on: { click: (e) => { e.preventDefault(); onClick(); } } }, label);
  b.type = 'button';
  return b;
}

export function input(value: string, onInput: (v: string) => void, props: Omit<Props, 'on'> & { placeholder?: string; type?: string } = {}): HTMLInputElement {
  const i = h('input', { ...props, on: { input: () => onInput(i.value) } });
  i.type = props.type ?? 'text';
  i.value = value;
  if (props.placeholder) i.placeholder = props.placeholder;
  i.spellcheck = false;
  return i;
}

export function select<T extends string>(value: T, options: ReadonlyArray<readonly [T, string]>, onChange: (v: T) => void, props: Omit<Props, 'on'> = {}): HTMLSelectElement {
  const s = h('select', { ...props, on: { change: () => onChange(s.value as T) } });
  for (const [v, label] of options) {
    const o = h('option', null, label);
    o.value = v;
    s.append(o);
  }
  s.value = value;
  return s;
}

export function checkbox(checked: boolean, onChange: (v: boolean) => void, props: Omit<Props, 'on'> = {}): HTMLInputElement {
  const c = h('input', { ...props, on: { change: () => onChange(c.checked) } });
  c.type = 'checkbox';
  c.checked = checked;
  return c;
}

/**
 * A role=tablist whose tabs (role=tab buttons, the selected one tabindex 0, the others -1) are one Tab stop:
 * ←/→, Home and End move between them and select, as WAI-ARIA's tabs pattern asks.
 */
export function tablist(label: string): HTMLDivElement {
  const list = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': label } });
  list.addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    const tabs = Array.from(list.querySelectorAll<HTMLElement>('[role=tab]'));
    const i = tabs.indexOf(document.activeElement as HTMLElement);
    if (i < 0 || tabs.length === 0) return;
    e.preventDefault();
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length;
    const key = tabs[next].dataset.tab;
    tabs[next].click();
    // The click may re-render the list (the response is redrawn whole): focus the tab of that name then.
    document.querySelector<HTMLElement>(`[role=tablist][aria-label="${label}"] [role=tab][data-tab="${key ?? ''}"]`)?.focus();
  });
  return list;
}

/**
 * "GET http://…/api/users/42?q=1" as nodes that wrap only between URL parts: a <wbr> after each `/`, before `?`
 * and after `&` and `=` (CSS breaks inside a part only when the part alone is wider than the line).
 */
export function requestLine(method: string, url: string): Node[] {
  const out: Node[] = [h('span', { class: 'method-name' }, method), document.createTextNode(' ')];
  for (const part of url.split(/(?<=[/&=])|(?=\?)/)) {
    if (out.length > 2) out.push(document.createElement('wbr'));
    out.push(document.createTextNode(part));
  }
  return out;
}

/** How long an info notice ("Copied as cURL.") stays; warnings and errors stay until dismissed. */
const INFO_NOTICE_MS = 5000;

export function noticeArea(): HTMLDivElement {
  return h('div', { class: 'notices', attrs: { role: 'status', 'aria-live': 'polite' } });
}

/** Shows a notice in `area` (at most three; the same text again replaces the earlier one). */
export function showNotice(area: HTMLElement, level: 'info' | 'warning' | 'error', text: string): void {
  for (const old of Array.from(area.children)) if (old.firstElementChild?.textContent === text) old.remove();
  const n = h('div', { class: `notice ${level}`, attrs: { 'data-testid': 'notice' } }, h('span', null, text), button('×', () => n.remove(), { class: 'icon', title: 'Dismiss', attrs: { 'aria-label': 'Dismiss' } }));
  area.append(n);
  if (level === 'info') setTimeout(() => n.remove(), INFO_NOTICE_MS);
  while (area.childElementCount > 3) area.firstElementChild?.remove();
}

/** A pushpin drawn in the text colour, filled when pinned (14 px, like lockIcon). */
export function pinIcon(pinned: boolean): SVGSVGElement {
  const svg = svgElement('svg', { viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true', 'data-icon': pinned ? 'pinned' : 'pin' });
  const head = svgElement('path', { d: 'M5 2h6l-1 4 2 3H4l2-3z', fill: pinned ? 'currentColor' : 'none', stroke: 'currentColor', 'stroke-width': '1.2', 'stroke-linejoin': 'round' });
  const needle = svgElement('path', { d: 'M8 9v6', stroke: 'currentColor', 'stroke-width': '1.5' });
  svg.append(head, needle);
  return svg;
}

const SVG = 'http://www.w3.org/2000/svg';

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/**
 * A padlock drawn in the text colour (closed or open), 14 px: an emoji needs a colour-emoji font, which some
 * systems lack (they show a box), and it ignores the theme.
 */
export function lockIcon(closed: boolean): SVGSVGElement {
  const svg = svgElement('svg', { viewBox: '0 0 16 16', width: '14', height: '14', 'aria-hidden': 'true', 'data-icon': closed ? 'lock' : 'lock-open' });
  const body = svgElement('rect', { x: '3', y: '7', width: '10', height: '8', rx: '1.5', fill: 'currentColor' });
  // both legs reach the body when closed; the right one stops short of it when open
  const shackle = svgElement('path', {
    d: closed ? 'M5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5' : 'M5.5 7.5V5a2.5 2.5 0 0 1 5 0',
    fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5',
  });
  svg.append(shackle, body);
  return svg;
}
