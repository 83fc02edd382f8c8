/**
 * XLSX → one raw table per chosen sheet, via exceljs. Every sheet is listed;
 * one is read (the named one, else the first with data). A header that spans
 * merged cells (`培训人数` over `申请` and `批准`) is flattened to
 * `培训人数/申请`, `培训人数/批准`; formulas give their cached results; dates
 * become ISO dates; percentages keep their printed form (`80.12%`).
 *
 * Before exceljs sees the file, rows without a single value are dropped from
 * the sheet XML: a sheet formatted down to row 1,048,576 would otherwise cost
 * a gigabyte of row objects. Parts whose declared size is beyond the limit are
 * refused before they are inflated, and rows and cells are capped (limits.ts).
 * It runs in the parse worker (parse-worker.ts), never on the server's loop.
 */
import type ExcelJS from 'exceljs';
// Loaded on the first XLSX read, not at start-up: the module costs ~1 s of CPU to load.
const loadExcelJS = () => import('exceljs').then((m) => m.default);
import { importErrors } from './errors.js';
import { gridToTable } from './delimited.js';
import { isZip, listZip, readEntry, writeStoredZip, ZipError, type ZipEntry } from './zip.js';
import type { RawTable } from './types.js';

/** What one XLSX read may cost: see limits.ts. */
export interface XlsxLimits {
  maxUncompressedBytes: number;
  maxRows: number;
  maxCells: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxUncompressedBytes: 100 * 1024 * 1024, maxRows: 100_000, maxCells: 1_000_000 };

export interface SheetInfo {
  name: string;
  /** Rows that hold at least one value; -1 when the sheet was too large to look into. */
  rows: number;
}

export interface XlsxRead {
  sheets: SheetInfo[];
  sheet: string | null;
  table: RawTable | null;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

const ROW_ELEMENT = /<((?:[A-Za-z_][\w.-]*:)?)row\b[^>]*?(?:\/>|>[\s\S]*?<\/\1row>)/g;
const HAS_VALUE = /<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s>/]/;
const CELL = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;

/** Drops `<row>` elements that hold no value; returns the XML, how many rows remain and how many cells they hold. */
export function stripEmptyRows(xml: string): { xml: string; rows: number; cells: number } {
  let rows = 0;
  let cells = 0;
  const out = xml.replace(ROW_ELEMENT, (row) => {
    if (!HAS_VALUE.test(row)) return '';
    rows++;
    for (const _ of row.matchAll(CELL)) cells++;
    return row;
  });
  return { xml: out, rows, cells };
}

/**
 * The parts of a workbook a table import reads. Everything else (images,
 * drawings, comments, embedded files, a sheet's own relationships) is never
 * inflated: a gigabyte hidden in xl/media costs nothing.
 */
const READ_PARTS = /^(?:\[Content_Types\]\.xml|_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|xl\/sharedStrings\.xml)$/;

function sheetTargets(wb: string, rl: string): { name: string; path: string }[] {
  const targets = new Map<string, string>();
  for (const m of rl.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out: { name: string; path: string }[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? /\b\w+:id="([^"]+)"/.exec(m[0])?.[1];
    const path = rid ? targets.get(rid) : undefined;
    if (name !== undefined && path) out.push({ name: decodeXml(name), path });
  }
  return out;
}

const decodeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const MB = 1024 * 1024;
const mb = (bytes: number) => Math.ceil(bytes / MB);

/**
 * Reads the sheet list and one sheet. Every entry's declared size is checked
 * against what is left of `maxUncompressedBytes` before it is inflated, and
 * inflating stops at the declared size (zip.ts), so neither an honest zip bomb
 * nor a lying header gets further than the limit. The chosen sheet's rows and
 * cells are counted before exceljs builds anything, and exceljs is handed the
 * chosen sheet alone (the others as empty sheets).
 */
export async function readXlsx(bytes: Buffer, fileName: string, wanted?: string | null, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<XlsxRead> {
  if (OLE.every((b, i) => bytes[i] === b)) throw importErrors.legacyXls(fileName);
  if (!isZip(bytes)) throw importErrors.notZip(fileName);
  const budget = limits.maxUncompressedBytes;
  let left = budget;
  const inflate = (e: ZipEntry, refuse: boolean): Buffer | null => {
    if (e.size > left) {
      if (refuse) throw importErrors.xlsxTooLarge(e.name, mb(e.size), mb(budget));
      return null;
    }
    left -= e.size;
    return readEntry(bytes, e);
  };
  const files: { name: string; data: Buffer }[] = [];
  const rowsBySheet = new Map<string, number>();
  let sheets: SheetInfo[];
  let chosen: string | null;
  let chosenCells = 0;
  try {
    const entries = listZip(bytes);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const workbook = byName.get('xl/workbook.xml');
    const rels = byName.get('xl/_rels/workbook.xml.rels');
    if (!workbook || !rels) throw new ZipError('缺少 xl/workbook.xml');
    const parts = new Map<string, Buffer>();
    for (const e of entries) if (READ_PARTS.test(e.name)) parts.set(e.name, inflate(e, true)!);
    const targets = sheetTargets(parts.get(workbook.name)!.toString('utf8'), parts.get(rels.name)!.toString('utf8'));
    if (wanted && !targets.some((t) => t.name === wanted)) throw importErrors.unknownSheet(wanted, targets.map((t) => t.name));
    chosen = wanted ?? null;
    for (const t of targets) {
      const e = byName.get(t.path);
      if (!e) continue;
      const isChosen = chosen === null || chosen === t.name;
      const raw = inflate(e, wanted === t.name);
      if (!raw) {
        rowsBySheet.set(t.name, -1);
        files.push({ name: e.name, data: Buffer.from(emptySheet()) });
        continue;
      }
      const stripped = stripEmptyRows(raw.toString('utf8'));
      rowsBySheet.set(t.name, stripped.rows);
      // Without a named sheet, the first one with data is read.
      if (isChosen && (wanted || stripped.rows > 0)) {
        chosen = t.name;
        chosenCells = stripped.cells;
        files.push({ name: e.name, data: Buffer.from(stripped.xml, 'utf8') });
      } else {
        files.push({ name: e.name, data: Buffer.from(emptySheet()) });
      }
    }
    for (const [name, data] of parts) files.push({ name, data });
    sheets = targets.map((t) => ({ name: t.name, rows: rowsBySheet.get(t.name) ?? 0 }));
    chosen ??= sheets[0]?.name ?? null;
  } catch (err) {
    if (err instanceof ZipError) throw importErrors.brokenXlsx(fileName, err.message);
    throw err;
  }
  if (chosen === null) return { sheets, sheet: null, table: null };
  const rowCount = rowsBySheet.get(chosen) ?? 0;
  if (rowCount > limits.maxRows) throw importErrors.tooManyRows(rowCount, limits.maxRows);
  if (chosenCells > limits.maxCells) throw importErrors.tooManyCells(chosenCells, limits.maxCells);

  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(writeStoredZip(files) as unknown as ArrayBuffer);
  } catch (err) {
    throw importErrors.brokenXlsx(fileName, (err as Error).message);
  }
  const ws = workbook.worksheets.find((w) => w.name === chosen);
  if (!ws) return { sheets, sheet: chosen, table: null };
  return { sheets, sheet: chosen, table: worksheetTable(ws) };
}

function emptySheet(): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
}

/** A worksheet as a raw table: header rows flattened, merged data cells repeated. */
export function worksheetTable(ws: ExcelJS.Worksheet): RawTable | null {
  const grid: string[][] = [];
  const lines: number[] = [];
  const merged: boolean[][] = [];
  let width = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const horizontal: boolean[] = [];
    // The row's own cells: a <cols> run to column XFD must not make 16,384 cells of every row.
    const count = row.cellCount;
    for (let c = 1; c <= count; c++) {
      const cell = row.getCell(c);
      cells.push(cellText(cell).trim());
      horizontal.push(cell.isMerged && cell.master.row === cell.row && cell.master.col !== cell.col);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length === 0) return;
    width = Math.max(width, cells.length);
    grid.push(cells);
    lines.push(rowNumber);
    merged.push(horizontal);
  });
  if (grid.length === 0) return null;
  const h = grid.findIndex((r) => r.filter((c) => c !== '').length >= 2);
  if (h === -1) return null;
  const top = grid[h]!;
  const next = grid[h + 1];
  // A second header row: the top row has horizontally merged cells, and the row under them is all text.
  const spans = merged[h]!.some(Boolean);
  const subHeader = spans && next !== undefined && lines[h + 1] === lines[h]! + 1 && next.every((c) => c === '' || !/^-?[\d.,%]+$/.test(c));
  if (!subHeader) return gridToTable(grid, lines, 'xlsx');
  const header: string[] = [];
  for (let c = 0; c < width; c++) {
    const a = top[c] ?? '';
    const b = next[c] ?? '';
    header.push(b === '' || b === a ? a : a === '' ? b : `${a}/${b}`);
  }
  const flattened = [header, ...grid.slice(h + 2)];
  const table = gridToTable([...grid.slice(0, h), ...flattened], [...lines.slice(0, h), lines[h]!, ...lines.slice(h + 2)], 'xlsx');
  if (table) table.rejoined.push(...header.flatMap((name, col) => (name.includes('/') ? [{ row: -1, col, pieces: name.split('/'), how: 'merged' as const }] : [])));
  return table;
}

function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(v: ExcelJS.CellValue | undefined, numFmt: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(v, numFmt);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return valueText(o.result as ExcelJS.CellValue, numFmt);
    if ('error' in o) return String(o.error);
    if ('text' in o) return valueText(o.text as ExcelJS.CellValue, numFmt);
  }
  return String(v);
}

/**
 * @example numberText(0.8012, '0.00%') // '80.12%'
 * @example numberText(335, 'General') // '335'
 */
export function numberText(v: number, numFmt: string | undefined): string {
  if (numFmt && numFmt.includes('%')) {
    const decimals = /\.(0+)%/.exec(numFmt)?.[1]?.length ?? 0;
    return `${(v * 100).toFixed(decimals)}%`;
  }
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}
