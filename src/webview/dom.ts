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

export function button(label: string, onClick: () => void, props: Omit<Props, 'on'> = {}): HTMLButtonElement {
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
