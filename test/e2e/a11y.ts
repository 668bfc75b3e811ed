// Accessible names of what a keyboard or screen-reader user reaches in a webview: every visible control
// (buttons, links, form fields, tabs, summaries, anything focusable) must have a name, computed as browsers do
// for these cases (aria-labelledby, aria-label, a <label>, the text, title, then placeholder for fields).
// Runs in the page, so it is source text: this file is compiled without the DOM lib.

export interface NamelessControl {
  tag: string;
  html: string;
}

export const FIND_NAMELESS = `(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const text = (el) => (el.innerText || el.textContent || '').trim();
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by.split(/\\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
      if (t) return t;
    }
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    if (el.labels && el.labels.length) {
      const t = Array.from(el.labels).map(text).join(' ').trim();
      if (t) return t;
    }
    if (el.tagName === 'SELECT') {
      const o = el.selectedOptions && el.selectedOptions[0];
      // a select without a label is named by nothing (its value is not its name)
      void o;
    } else if (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA') {
      const t = text(el);
      if (t) return t;
    }
    const title = (el.getAttribute('title') || '').trim();
    if (title) return title;
    const ph = (el.getAttribute('placeholder') || '').trim();
    if (ph) return ph;
    return '';
  };
  const controls = document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab], [role=button], [role=option], [tabindex]:not([tabindex="-1"])');
  const out = [];
  let checked = 0;
  for (const el of controls) {
    if (!visible(el)) continue;
    checked++;
    if (!name(el)) out.push({ tag: el.tagName.toLowerCase(), html: el.outerHTML.slice(0, 200) });
  }
  return { checked, nameless: out };
})()`;
