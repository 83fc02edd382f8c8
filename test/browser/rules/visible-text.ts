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
