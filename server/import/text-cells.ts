/**
 * Small text helpers shared by the readers: display width (a CJK character is
 * two columns, as PDF layouts measure), bracket balance, folding for
 * comparison, and rejoining the space-separated tokens PDF extraction gives.
 */

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2018-\u201d\u2014\u2026]/u;

/** Display width in full-width units: `5天线下、5` → 5. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w / 2;
}

const OPEN = '(（[【《「“';
const CLOSE = ')）]】》」”';

/** Net count of opening brackets not yet closed: `(初级: 10/47)、(中` → 1. */
export function openBrackets(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (OPEN.includes(ch)) n++;
    else if (CLOSE.includes(ch) && n > 0) n--;
  }
  return n;
}

/** Whether a cell reads as cut off: an open bracket, or a trailing list separator. */
export function looksUnfinished(text: string): boolean {
  const t = text.trimEnd();
  return openBrackets(t) > 0 || /[、，,；;（(：:+\-—]$/.test(t);
}

/** NFKC, no whitespace, lower case: the form headers and labels are compared in. */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

export const isCjk = (ch: string | undefined) => ch !== undefined && /[\u3400-\u9fff\uf900-\ufaff]/u.test(ch);
const isAsciiWord = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9+]/.test(ch);
export const isInteger = (t: string) => /^\d+$/.test(t);

/**
 * Rejoins the space-separated tokens of one line of a space-aligned table
 * into cells. A space between Latin and Chinese text (`Web 前端开发`,
 * `跨境电商 B2B 数据运营`, `1+X 试点证`) is inside a cell; a space between two
 * Chinese words separates cells. Single Chinese characters side by side are
 * one word that was letter-spaced (`姓 名` → `姓名`).
 */
export function joinTokens(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out.at(-1);
    if (prev === undefined) { out.push(t); continue; }
    const a = prev.at(-1);
    const b = t[0];
    if ([...prev].length === 1 && [...t].length === 1 && isCjk(a) && isCjk(b)) {
      out[out.length - 1] = prev + t;
    } else if ((isAsciiWord(a) && isCjk(b) && !isInteger(prev)) || (isCjk(a) && isAsciiWord(b) && !isInteger(t)) || (isAsciiWord(a) && isAsciiWord(b) && !isInteger(prev) && !isInteger(t))) {
      out[out.length - 1] = `${prev} ${t}`;
    } else {
      out.push(t);
    }
  }
  return out;
}

/** Splits a line on whitespace (any run) after trimming. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

/** Character-bigram Dice similarity of two strings (folded). */
export function similarity(a: string, b: string): number {
  const x = bigrams(fold(a));
  const y = bigrams(fold(b));
  if (x.length === 0 || y.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) { shared++; pool.set(g, n - 1); }
  }
  return (2 * shared) / (x.length + y.length);
}

function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i]! + c);
}
