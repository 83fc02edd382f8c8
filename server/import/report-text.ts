/**
 * Report text (plain text extracted from PDF or Word, like the seeds) → every
 * table in it, plus the narrative around them.
 *
 * - Tab-separated blocks are tables. A row that only continues cells of the
 *   row above (PDF extraction wrapped `(初级: 10/47)、(中` onto a new line) is
 *   joined back; a header repeated after a page break is dropped.
 * - An `附件 N` section without tabs is read as a space-aligned table (seed
 *   003): its header may be one line of header words or a column of wrapped
 *   fragments (`小` `计` `杭` `州` …); a row ends with its run of numbers; text
 *   wrapped over several lines (a merged category cell, a long programme
 *   name, a host with its bracketed note) is rejoined by bracket balance,
 *   trailing separators and line width.
 * - The rest is narrative: paragraphs rejoined from wrapped lines, each with
 *   the heading it sits under, for the figures stated in the text.
 */
import { isExactHeaderWord, isHeaderPrefix, isHeaderWord, matchHeader, type CityNames } from './detect-kind.js';
import { displayWidth, fold, isInteger, joinTokens, looksUnfinished, openBrackets, similarity, tokens } from './text-cells.js';
import type { ParsedFile, RawRow, RawTable, Rejoined, TextLine } from './types.js';

export interface Paragraph extends TextLine {
  /** The heading line the paragraph sits under (`一、第二批试点证书范围`). */
  heading: string | null;
}

export interface ReportRead extends ParsedFile {
  paragraphs: Paragraph[];
  /** The first lines of the document (issuer, document number, title). */
  head: string[];
}

const ANNEX = /^附件\s*(\d+)$/u;
const NOTE_LINE = /^(注|说明)\s*[：:]/u;
const FORM_LINE = /[：:]\s*$|（盖章）|\(盖章\)/u;
const HEADING = /^(#+\s*|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+\s*[.．、]\s*\S)/u;

export function readReportText(text: string, cities: CityNames): ReportRead {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const used = new Array<boolean>(lines.length).fill(false);
  const tables: RawTable[] = [];

  // 1. Tab-separated blocks (blank lines inside a block are allowed).
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('\t')) continue;
    let end = i;
    let j = i + 1;
    while (j < lines.length) {
      if (lines[j]!.includes('\t')) { end = j; j++; continue; }
      if (lines[j]!.trim() === '') {
        let k = j;
        while (k < lines.length && lines[k]!.trim() === '') k++;
        if (k < lines.length && lines[k]!.includes('\t') && k - j <= 2) { j = k; continue; }
      }
      break;
    }
    const table = readTabBlock(lines, i, end, cities);
    for (let k = i; k <= end; k++) used[k] = true;
    const above = describeAbove(lines, i, used);
    table.title = above.title;
    table.annex = above.annex ?? annexFromList(lines, above.title);
    for (const k of above.lines) used[k] = true;
    const notes = notesBelow(lines, end + 1, used);
    table.notes = notes.text;
    tables.push(table);
    i = end;
  }

  // 2. 附件 sections without tabs: space-aligned tables.
  const markers = lines.map((l, i) => (ANNEX.test(l.trim()) ? i : -1)).filter((i) => i >= 0);
  markers.forEach((m, idx) => {
    const end = (markers[idx + 1] ?? lines.length) - 1;
    if (used[m]) return;
    let hasTabs = false;
    for (let k = m; k <= end; k++) if (lines[k]!.includes('\t')) hasTabs = true;
    if (hasTabs) return;
    const table = readSpaceSection(lines, m, end, cities);
    if (!table) return;
    for (let k = m; k <= end; k++) used[k] = true;
    tables.push(table);
  });
  tables.sort((a, b) => (a.rows[0]?.line ?? 0) - (b.rows[0]?.line ?? 0));

  // 3. Narrative: the remaining lines as paragraphs.
  const paragraphs = narrativeParagraphs(lines, used);
  const head = lines.map((l) => l.trim()).filter((l) => l !== '').slice(0, 8);
  return { tables, narrative: paragraphs, paragraphs, title: findTitle(head), head };
}

function pad(cells: string[], width: number): string[] {
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

function readTabBlock(lines: string[], start: number, end: number, cities: CityNames): RawTable {
  const raw: RawRow[] = [];
  for (let k = start; k <= end; k++) {
    if (lines[k]!.trim() === '') continue;
    raw.push({ cells: lines[k]!.split('\t').map((c) => c.trim()), line: k + 1 });
  }
  const header = raw[0]!.cells;
  const width = Math.max(...raw.map((r) => r.cells.length));
  const rows: RawRow[] = [];
  const rejoined: Rejoined[] = [];
  for (const r of raw.slice(1)) {
    const cells = pad(r.cells, width);
    if (isRepeatedHeader(cells, header, cities)) continue;
    const prev = rows.at(-1);
    if (prev && cells[0] === '' && continues(prev.cells, cells)) {
      const at = rows.length - 1;
      cells.forEach((c, col) => {
        if (c === '') return;
        const known = rejoined.find((x) => x.row === at && x.col === col);
        if (known) known.pieces.push(c);
        else rejoined.push({ row: at, col, pieces: [prev.cells[col]!, c], how: 'wrapped' });
        prev.cells[col] = prev.cells[col]! + c;
      });
      continue;
    }
    rows.push({ cells, line: r.line });
  }
  return { key: '', title: null, annex: null, header: pad(header, width), rows, origin: 'text-tab', notes: [], rejoined, preamble: [] };
}

/** A row whose filled cells all continue unfinished cells of the row above. */
function continues(prev: string[], cells: string[]): boolean {
  const filled = cells.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  return filled.length > 0 && filled.every(([, i]) => (prev[i] ?? '') !== '' && looksUnfinished(prev[i]!));
}

function isRepeatedHeader(cells: string[], header: string[], cities: CityNames): boolean {
  const filled = cells.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  if (filled.length < 2) return false;
  const same = filled.filter(([c, i]) => {
    const h = header[i] ?? '';
    if (fold(c) === fold(h) || similarity(c, h) >= 0.5) return true;
    const a = matchHeader(c, cities, null).target;
    return a !== null && a === matchHeader(h, cities, null).target;
  }).length;
  return same >= Math.ceil(filled.length * 0.75);
}

/** Caption and 附件 marker just above a table (skipping form lines such as `电话:`). */
function describeAbove(lines: string[], start: number, used: boolean[]): { title: string | null; annex: number | null; lines: number[] } {
  let title: string | null = null;
  let annex: number | null = null;
  const taken: number[] = [];
  let seen = 0;
  for (let k = start - 1; k >= 0 && seen < 6; k--) {
    const t = lines[k]!.trim();
    if (t === '') continue;
    if (used[k]) break;
    seen++;
    const a = ANNEX.exec(t);
    if (a) { annex = Number(a[1]); taken.push(k); break; }
    if (title === null && FORM_LINE.test(t)) continue;
    if (title === null && displayWidth(t) <= 40 && !/[。；，,]$/.test(t) && /表|清单|名单|明细|统计|情况/.test(t)) { title = t; taken.push(k); continue; }
    if (title === null) break;
    break;
  }
  return { title, annex, lines: taken };
}

/** `- 2.第二批1+X证书制度试点院校情况汇总表` in a list of annexes names the annex of a table with that caption. */
function annexFromList(lines: string[], title: string | null): number | null {
  if (!title) return null;
  for (const l of lines) {
    const m = /^(?:[-•]\s*)?(?:附件[：:]?\s*)?(\d+)\s*[.．、]\s*(.+)$/u.exec(l.trim());
    if (m && fold(m[2]!) === fold(title)) return Number(m[1]);
  }
  return null;
}

function notesBelow(lines: string[], from: number, used: boolean[]): { text: string[] } {
  const text: string[] = [];
  let k = from;
  while (k < lines.length && lines[k]!.trim() === '') k++;
  if (k < lines.length && NOTE_LINE.test(lines[k]!.trim()) && !used[k]) {
    text.push(lines[k]!.trim());
    used[k] = true;
  }
  return { text };
}

interface SpaceHeader {
  columns: string[];
  next: number;
}

/** A header on one line of header words (`证书名称 承办单位 合作评价组织 …`). */
function singleLineHeader(line: string, cities: CityNames): string[] | null {
  const cells = joinTokens(tokens(line));
  if (cells.length < 3) return null;
  const words = cells.filter((c) => isHeaderWord(c, cities.all)).length;
  return words >= Math.ceil(cells.length * 0.6) ? cells : null;
}

/**
 * A header printed as a column of fragments, one per line: fragments are
 * joined until they make a header word (`承担` + `院校`, `小` + `计`, `杭` + `州`);
 * a bracketed line annotates the word above (`培训项目` `（时长 2 周）`).
 */
function verticalHeader(lines: string[], start: number, end: number, cities: CityNames): SpaceHeader | null {
  const columns: string[] = [];
  let buffer = '';
  let k = start;
  let lastConsumed = start - 1;
  for (; k <= end; k++) {
    const t = lines[k]!.trim();
    if (t === '') continue;
    if (/^[（(].*[）)]$/u.test(t) && buffer === '' && columns.length > 0) {
      columns[columns.length - 1] += t;
      lastConsumed = k;
      continue;
    }
    const candidate = buffer + t;
    if (isExactHeaderWord(candidate, cities.all) && !isHeaderPrefixOnly(candidate, cities)) {
      columns.push(candidate);
      buffer = '';
      lastConsumed = k;
      continue;
    }
    if (isHeaderPrefix(candidate, cities.all) && displayWidth(t) <= 4) {
      buffer = candidate;
      continue;
    }
    break;
  }
  if (columns.length < 3) return null;
  return { columns, next: lastConsumed + 1 };
}

function isHeaderPrefixOnly(text: string, cities: CityNames): boolean {
  // `承担` is a word's beginning, not a column of its own.
  return displayWidth(text) <= 2 && isHeaderPrefix(text, cities.all) && !cities.all.has(fold(text)) && fold(text) !== '序号';
}

const GROUP_HEADER = /(计划数|人数|名额|数量)(\(.*\))?$/u;

function readSpaceSection(lines: string[], marker: number, end: number, cities: CityNames): RawTable | null {
  const annex = Number(ANNEX.exec(lines[marker]!.trim())![1]);
  let k = marker + 1;
  while (k <= end && lines[k]!.trim() === '') k++;
  if (k > end) return null;
  const title = lines[k]!.trim();
  k++;
  // The header: skip form lines (`填报单位（盖章）： 联系人：`).
  let header: SpaceHeader | null = null;
  for (; k <= end; k++) {
    const t = lines[k]!.trim();
    if (t === '' || FORM_LINE.test(t) || tokens(t).every((x) => /[：:]$/.test(x))) continue;
    const single = singleLineHeader(t, cities);
    header = single ? { columns: single, next: k + 1 } : verticalHeader(lines, k, end, cities);
    break;
  }
  if (!header) return null;
  const body: { text: string; line: number }[] = [];
  for (let j = header.next; j <= end; j++) if (lines[j]!.trim() !== '') body.push({ text: lines[j]!.trim(), line: j + 1 });

  // Numeric columns: the usual length of the run of integers that ends a row line.
  const runs = new Map<number, number>();
  for (const b of body) {
    const r = trailingIntegers(tokens(b.text));
    if (r >= 3) runs.set(r, (runs.get(r) ?? 0) + 1);
  }
  const numeric = [...runs].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
  let columns = header.columns;
  const groupAt = columns.length - numeric - 1;
  if (numeric > 0 && groupAt >= 1 && GROUP_HEADER.test(fold(columns[groupAt]!))) {
    const group = columns[groupAt]!;
    columns = [...columns.slice(0, groupAt), ...columns.slice(groupAt + 1).map((c) => `${group}/${c}`)];
  }
  const textColumns = columns.length - numeric;
  if (textColumns < 1) return null;
  const table: RawTable = { key: '', title, annex, header: columns, rows: [], origin: 'text-space', notes: [], rejoined: [], preamble: [] };
  if (numeric > 0) readNumericRows(table, body, textColumns, numeric);
  else readTextRows(table, body, textColumns);
  return table;
}

function trailingIntegers(tok: string[]): number {
  let n = 0;
  for (let i = tok.length - 1; i >= 0 && isInteger(tok[i]!); i--) n++;
  return n;
}

/** Groups wrapped lines into cells: a line continues the one above when that one is unfinished or it opens with a bracket. */
function logicalGroups(lines: string[]): string[][] {
  const groups: string[][] = [];
  for (const l of lines) {
    const last = groups.at(-1);
    const prev = last?.at(-1);
    if (last && prev !== undefined && (looksUnfinished(last.join('')) || /^[（(）)、，]/u.test(l) || openBrackets(prev) > 0)) last.push(l);
    else groups.push([l]);
  }
  return groups;
}

/** Rows that end with a run of numbers (seed 003 annex 2). */
function readNumericRows(table: RawTable, body: { text: string; line: number }[], k: number, m: number): void {
  let pending: { text: string; line: number }[] = [];
  let carried: string[] = new Array<string>(k).fill('');
  let previousHadFragment = false;
  let ended = false;
  for (const b of body) {
    if (ended || NOTE_LINE.test(b.text)) { table.notes.push(b.text); pending = []; ended = true; continue; }
    const tok = tokens(b.text);
    const run = trailingIntegers(tok);
    let textTok: string[];
    let numbers: string[];
    let note: string | null = null;
    if (run === m) {
      textTok = tok.slice(0, tok.length - m);
      numbers = tok.slice(tok.length - m);
    } else {
      // One number (the 小计) followed by a sentence in place of the city split.
      const i = tok.findIndex((t, idx) => isInteger(t) && idx < tok.length - 1 && tok.slice(idx + 1).every((x) => !isInteger(x)) && /[\u4e00-\u9fff]/u.test(tok.slice(idx + 1).join('')));
      if (i === -1 || run !== 0) { pending.push(b); continue; }
      textTok = tok.slice(0, i);
      numbers = [tok[i]!];
      note = tok.slice(i + 1).join(' ');
    }
    const inline = joinTokens(textTok);
    const start = table.rows.length;
    const numberCells = note === null ? numbers : [numbers[0]!, note, ...new Array<string>(m - 2).fill('')];
    if (inline.length >= 1 && /^(合计|总计)$/u.test(fold(inline[0]!))) {
      table.rows.push({ cells: [inline[0]!, ...new Array<string>(k - 1).fill(''), ...numberCells], line: b.line });
      pending = [];
      previousHadFragment = false;
      continue;
    }
    let cells: string[];
    let hadFragment = false;
    if (inline.length >= k) {
      const headCount = inline.length - k + 1;
      cells = [inline.slice(0, headCount).join(' '), ...inline.slice(headCount)];
      hadFragment = true;
      if (pending.length > 0) cells[0] = pending.map((p) => p.text).join('') + cells[0];
    } else {
      const missing = k - inline.length;
      const groups = logicalGroups(pending.map((p) => p.text));
      const filled: string[][] = groups.length >= missing
        ? [groups.slice(0, groups.length - missing + 1).flat(), ...groups.slice(groups.length - missing + 1)]
        : [...new Array<string[]>(missing - groups.length).fill([]), ...groups];
      cells = [...filled.map((pieces) => pieces.join('')), ...inline];
      filled.forEach((pieces, col) => {
        if (pieces.length > 1) table.rejoined.push({ row: start, col, pieces, how: 'wrapped' });
      });
    }
    // A merged cell's text printed as fragments in consecutive rows (`中高职衔接专业` / `教师协同研修`).
    if (hadFragment && previousHadFragment && pending.length === 0) {
      const prev = table.rows[start - 1]!;
      const whole = prev.cells[0]! + cells[0]!;
      table.rejoined.push({ row: start - 1, col: 0, pieces: [prev.cells[0]!, cells[0]!], how: 'merged' });
      prev.cells[0] = whole;
      cells[0] = whole;
    }
    // Empty leading cells carry the merged cell from the rows above.
    cells = cells.map((c, i) => (c === '' && i < k - 1 ? carried[i]! : c));
    carried = cells.slice(0, k);
    table.rows.push({ cells: [...cells, ...numberCells], line: pending[0]?.line ?? b.line });
    previousHadFragment = hadFragment;
    pending = [];
  }
}

/** Rows of text cells (seed 003 annex 1); lines of single fragments are a merged cell shared by the rows. */
function readTextRows(table: RawTable, body: { text: string; line: number }[], k: number): void {
  const seqFirst = /序号/u.test(table.header[0] ?? '');
  const blocks: { owner: number; lines: string[] }[] = [];
  let ended = false;
  for (const b of body) {
    // After a 注/说明 line the table is over: the rest is notes.
    if (ended || NOTE_LINE.test(b.text)) { table.notes.push(b.text); ended = true; continue; }
    const cells = joinTokens(tokens(b.text));
    // A row has two or more text cells; a number among them is a wrapped fragment (`80 学时）`).
    const isRow = (cells.length >= 2 && cells.every((c, i) => !isInteger(c) || (i === 0 && seqFirst))) || (seqFirst && cells.length === 1 && isInteger(cells[0]!));
    if (isRow) {
      table.rows.push({ cells: pad(cells, k), line: b.line });
      continue;
    }
    const owner = table.rows.length - 1;
    if (owner < 0) continue;
    const last = blocks.at(-1);
    if (last && last.owner === owner) last.lines.push(b.text);
    else blocks.push({ owner, lines: [b.text] });
  }
  for (const block of blocks) {
    const ownerRow = table.rows[block.owner]!;
    const first = ownerRow.cells.findIndex((c) => c === '');
    if (first === -1) continue;
    const cells = splitByWidth(block.lines, k - first);
    cells.forEach((pieces, i) => {
      const col = first + i;
      if (pieces.length === 0) return;
      // A merged cell spans every row that lacks it.
      for (const r of table.rows) if (r.cells[col] === '') r.cells[col] = pieces.join('');
      table.rejoined.push({ row: block.owner, col, pieces, how: 'merged' });
    });
  }
}

/**
 * Splits lines of wrapped text into `count` cells: a line as wide as the
 * widest continues onto the next; a shorter line ends its cell.
 */
export function splitByWidth(lines: string[], count: number): string[][] {
  const max = Math.max(...lines.map(displayWidth));
  const cells: string[][] = [[]];
  lines.forEach((l, i) => {
    cells.at(-1)!.push(l);
    if (displayWidth(l) < max - 0.25 && i < lines.length - 1) cells.push([]);
  });
  while (cells.length > count) {
    const extra = cells.pop()!;
    cells.at(-1)!.push(...extra);
  }
  while (cells.length < count) cells.unshift([]);
  return cells;
}

function narrativeParagraphs(lines: string[], used: boolean[]): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  let heading: string | null = null;
  const isHeadingLine = (t: string) => HEADING.test(t) && displayWidth(t) <= 30 && !/[。；]/u.test(t.slice(0, -1));
  const isTitleLine = (t: string) => TITLE_WORDS.test(t) && displayWidth(t) <= 40 && !/[。，]/u.test(t);
  lines.forEach((raw, i) => {
    if (used[i]) { current = null; return; }
    const t = raw.trim();
    if (t === '') return;
    const prev: Paragraph | null = current;
    // A line wrapped by the PDF continues the paragraph above: that one neither ends a sentence nor is a heading.
    const joins = prev !== null && !HEADING.test(t) && !isHeadingLine(prev.text) && !isTitleLine(prev.text)
      && !/[。；！？!?：:]$/u.test(prev.text) && displayWidth(prev.text) >= 12 && !/^[-•]/u.test(t);
    if (joins && prev) {
      prev.text += t;
      return;
    }
    current = { text: t, line: i + 1, heading };
    if (isHeadingLine(t)) heading = t;
    out.push(current);
  });
  return out;
}

const TITLE_WORDS = /报告|通知|方案|意见|总结|情况|统计|汇总|名单|公示|决定/u;

/** The title among the first lines: the first with a title word, joined with a wrapped `…关于…` line above it. */
export function findTitle(head: string[]): string | null {
  const i = head.findIndex((l) => TITLE_WORDS.test(l) && !/〔\d{4}〕/u.test(l));
  if (i === -1) return null;
  const line = head[i]!.replace(/^#+\s*/u, '');
  const above = head[i - 1];
  if (above && /关于/u.test(above) && !/关于/u.test(line) && !/[。：:]$/u.test(above)) return above + line;
  return line;
}
