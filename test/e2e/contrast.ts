// WCAG 2.x contrast of what the request panel shows, measured in its webview: every visible text (elements
// with their own text, form fields with a value) against the background it is painted on (ancestor
// backgrounds composited, opacity applied), and the coloured dots (graphics). Runs in the page, so it is
// source text: this file is compiled without the DOM lib.

export interface ContrastFailure {
  what: string;
  text: string;
  ratio: number;
  need: number;
}

export const MEASURE_CONTRAST = `(() => {
  const parse = (c) => {
    let m = /^rgba?\\(([^)]+)\\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = /^color\\(srgb ([^)]+)\\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    return [0, 0, 0, 0];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  const background = (el) => {
    const stack = [];
    for (let e = el; e; e = e.parentElement) stack.push(parse(getComputedStyle(e).backgroundColor));
    let bg = [255, 255, 255, 1];
    const root = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (root[3] > 0) bg = over(root, bg);
    for (let i = stack.length - 1; i >= 0; i--) bg = over(stack[i], bg);
    return bg;
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('details:not([open]) > :not(summary)');
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '');
  const out = [];
  const seen = new Set();
  let checked = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el) || el.closest('[disabled]')) continue;
    const field = el.matches('input:not([type=checkbox]), select, textarea');
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!field && !own) continue;
    if (field && !(el.value || '').trim()) continue;
    const cs = getComputedStyle(el);
    const fg = parse(cs.color);
    fg[3] *= opacity(el);
    const bg = background(el);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const r = ratio(over(fg, bg), bg);
    checked++;
    const text = (field ? el.value : el.textContent).trim().replace(/\\s+/g, ' ').slice(0, 40);
    const key = name(el) + '|' + text;
    if (r < need && !seen.has(key)) { seen.add(key); out.push({ what: name(el), text, ratio: Math.round(r * 100) / 100, need }); }
  }
  for (const el of document.body.querySelectorAll('.dot, .spinner')) {
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    const fill = parse(el.classList.contains('dot') ? cs.backgroundColor : cs.borderTopColor);
    const bg = background(el.parentElement);
    const r = ratio(over(fill, bg), bg);
    checked++;
    if (r < 3) out.push({ what: name(el), text: '(graphic)', ratio: Math.round(r * 100) / 100, need: 3 });
  }
  return { checked, failures: out };
})()`;
