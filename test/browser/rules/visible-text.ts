/**
 * Rule checks run inside the page: which visible strings leak internal
 * names, and which labelled boxes cut their text off. Each returns plain data
 * so a failing test prints what a reader would see.
 */
import type { Page } from 'playwright-core';

/** What counts as an internal name on screen. Kept beside the check so the test's message can name the rule broken. */
export const INTERNAL_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'snake_case identifier', re: /(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w(])/ },
  { name: 'seed file stem', re: /\d{3}_[0-9a-f]{8,}/ },
  { name: 'file name', re: /[\w\u4e00-\u9fff-]+\.(?:txt|csv|xlsx|tsv|json|duckdb)\b/i },
  { name: 'seed number', re: /\bseed\s*\d/i },
  { name: 'English role or user name', re: /(?<![\w@.-])(?:admin|official|dean|analyst|anonymous)(?![\w@.-])/ },
  { name: 'table or field key', re: /(?<![\w@./-])(?:exam|teachers|applications|annex\d+|narrative|notice|year|province|city|school|certificate|level|candidates|passed|requested|approved|quota)(?![\w@./-])/ },
  { name: 'English status', re: /(?<![\w-])(?:committed|discarded|pending|restricted|public|no_comparison)(?![\w-])/ },
];

export interface Leak { pattern: string; text: string; where: string }

/**
 * Visible text (text nodes whose element is rendered and not inside an
 * element marked `data-analyst`) plus title / aria-label / placeholder / alt
 * attributes and the document title. Analyst panels (view data / SQL) are
 * excluded by that attribute, never by being collapsed.
 */
export async function visibleStrings(page: Page): Promise<{ text: string; where: string }[]> {
  return page.evaluate(`(() => {
    const out = [];
    const describe = (el) => {
      const parts = [];
      for (let e = el; e && parts.length < 4; e = e.parentElement) {
        const tid = e.getAttribute('data-testid');
        parts.unshift(e.tagName.toLowerCase() + (tid ? \`[\${tid}]\` : e.classList.length ? \`.\${[...e.classList][0]}\` : ''));
      }
      return parts.join('>');
    };
    const analyst = (el) => el.closest('[data-analyst]') !== null;
    const shown = (el) => {
      if (analyst(el)) return false;
      if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!t || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      if (shown(el)) out.push({ text: t, where: describe(el) });
    }
    for (const el of document.body.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
      // Attributes count where their element is on screen (a closed dialog's placeholder is not read).
      if (!shown(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, where: \`\${describe(el)}@\${a}\` });
      }
    }
    // Option labels of a select are seen when it opens, even though the options have no box.
    for (const o of document.querySelectorAll('select option')) if (o.closest('select') && shown(o.closest('select'))) out.push({ text: o.textContent ?? '', where: \`\${describe(o)}\` });
    out.push({ text: document.title, where: 'document.title' });
    return out;
  })()`);
}

export function leaks(strings: { text: string; where: string }[]): Leak[] {
  const found: Leak[] = [];
  for (const s of strings) for (const p of INTERNAL_PATTERNS) if (p.re.test(s.text)) found.push({ pattern: p.name, text: s.text.slice(0, 160), where: s.where });
  return found;
}

export interface Overflow { text: string; where: string; scroll: number; client: number }

/**
 * Labelled boxes whose text does not fit: table cells and headers, stat
 * tiles, headings, buttons, labels (scrollWidth > clientWidth, or text cut
 * with an ellipsis), and selects whose chosen option is wider than the
 * select's text area (measured with the select's own font).
 */
export async function overflowingText(page: Page): Promise<Overflow[]> {
  return page.evaluate(`(() => {
    const out = [];
    const describe = (el) => {
      const parts = [];
      for (let e = el; e && parts.length < 4; e = e.parentElement) {
        const tid = e.getAttribute('data-testid');
        parts.unshift(e.tagName.toLowerCase() + (tid ? '[' + tid + ']' : e.classList.length ? '.' + [...e.classList][0] : ''));
      }
      return parts.join('>');
    };
    const shown = (el) => {
      if (el.closest('[data-analyst]')) return false;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      if (el.closest('.visually-hidden')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const selector = 'th, td, h1, h2, h3, label, button, .tile, .tile *, [data-testid^="kpi-"], [data-testid^="kpi-"] *, .cell-sub, .subtitle, .sub';
    for (const el of document.querySelectorAll(selector)) {
      if (!shown(el)) continue;
      const text = (el.innerText || '').trim();
      if (!text) continue;
      // Scrollers are meant to scroll; their cells are checked one by one.
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.push({ text: text.slice(0, 80), where: describe(el), scroll: el.scrollWidth, client: el.clientWidth });
    }
    // A table in a scroller that scrolls loses its last columns from view, unless the scroller says it is meant to (data-scrolls).
    for (const table of document.querySelectorAll('table')) {
      if (!shown(table)) continue;
      for (let e = table.parentElement; e && e !== document.body; e = e.parentElement) {
        const ox = getComputedStyle(e).overflowX;
        if (ox === 'visible') continue;
        if (e.scrollWidth > e.clientWidth + 1 && !e.closest('[data-scrolls]')) {
          const head = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim()).join(' | ');
          out.push({ text: 'table: ' + head.slice(0, 80), where: describe(e) + '(scroller)', scroll: e.scrollWidth, client: e.clientWidth });
        }
        break;
      }
    }
    const ctx = document.createElement('canvas').getContext('2d');
    for (const sel of document.querySelectorAll('select')) {
      if (!shown(sel) || sel.multiple) continue;
      const opt = sel.selectedOptions[0];
      if (!opt) continue;
      const style = getComputedStyle(sel);
      ctx.font = style.font;
      const need = ctx.measureText(opt.textContent.trim()).width;
      // Room for text: the box less padding and the arrow (about 20 px in Chromium).
      const room = sel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (style.appearance === 'none' ? 0 : 20);
      if (need > room + 1) out.push({ text: opt.textContent.trim().slice(0, 80), where: describe(sel) + '(select)', scroll: Math.round(need), client: Math.round(room) });
    }
    return out;
  })()`);
}
