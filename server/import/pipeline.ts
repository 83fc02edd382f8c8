/**
 * File + options → preview: the detected encoding, sheets, every table with
 * its kind and column mapping, the context (school, year, province, city)
 * and where it came from, the facts, and every finding pointing at its cell.
 * The same result is what a commit writes; nothing here touches the database.
 *
 * Candidate-level records (one row per candidate) are not read here row by
 * row: the result carries a plan that exam-records.ts runs through DuckDB's
 * own CSV reader.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { checkFacts } from '../domain/checks.js';
import { makeFinding } from '../domain/findings-registry.js';
import { parseCount, parseRate } from '../domain/numbers.js';
import { emptyFactSet, FACT_TABLES, type FactSet, type StatedTotal } from '../domain/facts.js';
import type { Registry } from '../domain/registry.js';
import type { Decoded } from './decode.js';
import { applyOverride, detectKind, KIND_ZH, kindOf, parseMappingOverride, type ColumnTarget, type TableKind } from './detect-kind.js';
import { importErrors, FIELD_ZH as CONTEXT_ZH } from './errors.js';
import { narrativeFigures } from './narrative.js';
import { normaliseTable, type ResolvedContext, type RowRole } from './normalise.js';
import { feeStatement, noticeOffers, type FeeStatement } from './offers.js';
import { places as loadPlaces, type Places } from './places.js';
import type { ReadTables } from './parser.js';
import { FULL_READ_LIMIT, readFileTables, SAMPLE_BYTES, type FileFormat } from './read-file.js';
import type { Paragraph } from './report-text.js';
import { readImportLimits, type ImportLimits } from './limits.js';
import { similarity } from './text-cells.js';
import type { SheetInfo } from './xlsx.js';
import { makeImportTempDir } from './temp-dirs.js';
import { isZip } from './zip.js';
import type { Overlap } from './overlaps.js';
import type { CellRef, ContextField, ImportFinding, RawTable, Rejoined, TableOrigin } from './types.js';

export interface ImportOptions {
  kind?: string | null;
  school?: string | null;
  year?: string | number | null;
  province?: string | null;
  city?: string | null;
  encoding?: string | null;
  sheet?: string | null;
  /** Parsed JSON (see parseMappingOverride). */
  mapping?: unknown;
}

export interface PipelineInput {
  fileName: string;
  /** Either a path on disk (uploads, CLI) or the bytes (tests). */
  path?: string;
  bytes?: Buffer;
  sha256?: string;
  options?: ImportOptions;
  /** The parse step: the upload route runs it in a worker (parser.ts); by default it runs here. */
  readTables?: ReadTables;
  /** Default: readImportLimits() from the environment. */
  limits?: ImportLimits;
}

export { FULL_READ_LIMIT, type FileFormat };

export interface PipelineDeps {
  registry: Registry;
  places?: Places;
}


export interface PreviewRow {
  cells: string[];
  line: number | null;
  role: RowRole;
  sourceRow: number | null;
}

export interface PreviewTable {
  key: string;
  /** The key a mapping override names this table by (`{"tables": {"<overrideKey>": …}}`). */
  overrideKey: string;
  title: string | null;
  origin: TableOrigin;
  kind: TableKind;
  kindLabel: string;
  reason: string;
  header: string[];
  mapping: (string | null)[];
  rows: PreviewRow[];
  rowCount: number;
  truncated: boolean;
  factRows: number;
  rejoined: Rejoined[];
  notes: string[];
}

export interface PreviewContextValue {
  value: string | number;
  id?: number | null;
  from: string;
  evidence?: string | null;
}

export interface RecordsPlan {
  /** UTF-8 CSV DuckDB reads. */
  csvPath: string;
  delimiter: string;
  /** Lines before the first record (preamble + header). */
  skip: number;
  /** 1-based column positions; 0 = absent. */
  columns: { key: number; keyKind: 'id_number' | 'student_no' | 'student_name'; certificate: number; level: number; major: number; score: number; result: number; school: number; year: number };
  schoolId: number | null;
  year: number | null;
  header: string[];
  /** Temp files to remove when done. */
  temp: string[];
}

export interface Preview {
  fileName: string;
  sha256: string;
  size: number;
  format: FileFormat;
  encoding: { name: string; label: string; detected: boolean; bom: boolean } | null;
  delimiter: string | null;
  sheets: SheetInfo[] | null;
  sheet: string | null;
  title: string | null;
  kind: string;
  context: Record<ContextField, PreviewContextValue | null>;
  missing: ContextField[];
  tables: PreviewTable[];
  narrative: { line: number; label: string; metric: string; value: string; batch: string | null }[];
  rowCounts: Record<string, number>;
  facts: FactSet;
  factsTruncated: boolean;
  findings: ImportFinding[];
  counts: { error: number; warning: number; info: number };
  ok: boolean;
  records: { rows: number | null; certificates: { printed: string; rows: number; certificate: string | null }[]; keyColumn: string } | null;
  /** Committed imports holding the same facts (filled by prepareImport, which sees the database). */
  overlaps: Overlap[];
}

export interface PipelineResult {
  preview: Preview;
  facts: FactSet;
  findings: ImportFinding[];
  records: RecordsPlan | null;
  kind: string;
  sha256: string;
}

const PREVIEW_ROWS = 300;
const PREVIEW_FACTS = 300;

/** The column names the data-truth checks use, as fields. */
const CHECK_COLUMN_FIELD: Record<string, ColumnTarget> = {
  通过率: 'rate', 通过人数: 'passed', 考证人数: 'candidates', 批准总培训人数: 'approved', 申请总培训人数: 'requested',
  证书名称: 'certificate', 证书: 'certificate', 序号: 'seq',
};

/** Tables whose rows become facts (the others are reference lists, forms or unknown, named by a finding of their own). */
const FACT_KINDS: TableKind[] = ['exam_results', 'pilot_applications', 'teacher_training', 'training_quotas', 'training_programmes', 'training_offers'];
const KIND_PRIORITY: TableKind[] = ['exam_records', 'exam_results', 'pilot_applications', 'training_quotas', 'teacher_training', 'training_programmes', 'training_offers', 'certificates'];
const KEY_OF_KIND: Record<TableKind, string> = {
  exam_results: 'exam', teacher_training: 'teachers', pilot_applications: 'applications', training_quotas: 'quotas',
  training_programmes: 'programmes', training_offers: 'offers', certificates: 'certificates', exam_records: 'records',
  template: 'template', unknown: 'table',
};

function formatOf(name: string, head: Uint8Array): FileFormat {
  const ext = extname(name).toLowerCase();
  if (isZip(head) || ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') return 'xlsx';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  return 'text';
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await streamPipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export async function runPipeline(input: PipelineInput, deps: PipelineDeps): Promise<PipelineResult> {
  const opts = input.options ?? {};
  const registry = deps.registry;
  const geo = deps.places ?? loadPlaces();
  const size = input.bytes ? input.bytes.length : statSync(input.path!).size;
  if (size === 0) throw importErrors.emptyFile();
  const head = input.bytes ? input.bytes.subarray(0, SAMPLE_BYTES) : readHead(input.path!, SAMPLE_BYTES);
  const sha256 = input.sha256 ?? (input.bytes ? createHash('sha256').update(input.bytes).digest('hex') : await sha256Of(input.path!));
  const format = formatOf(input.fileName, head);

  let override: ReturnType<typeof parseMappingOverride>;
  try {
    override = parseMappingOverride(opts.mapping);
  } catch (err) {
    throw importErrors.badMapping((err as Error).message);
  }
  const kindOverride = opts.kind ? (opts.kind as TableKind) : null;
  if (kindOverride && !(kindOverride in KIND_ZH)) throw importErrors.badParam('kind', `unknown kind "${opts.kind}"`, `未知的表格类型“${opts.kind}”`);

  const readTables = input.readTables ?? readFileTables;
  const read = await readTables({
    fileName: input.fileName,
    format,
    size,
    ...(input.bytes ? { bytes: input.bytes } : { path: input.path! }),
    encoding: opts.encoding ?? null,
    sheet: opts.sheet ?? null,
    limits: input.limits ?? readImportLimits(),
  });
  const { tables, paragraphs, title, headLines, encoding, delimiter, sheets, sheet, sampled } = read;
  if (tables.length === 0 && paragraphs.length === 0) throw importErrors.noTables(input.fileName);

  // Kind and mapping per table, then keys (source_table).
  const used = new Set<string>();
  const detected = tables.map((t) => {
    const provinceHint = opts.province ? geo.province(String(opts.province)) : null;
    const d = detectKind(t, geo, provinceHint);
    const key0 = t.annex !== null ? `annex${t.annex}` : KEY_OF_KIND[d.kind];
    const specific = override.byTable.get(key0) ?? override.byTable.get(t.title ?? '') ?? null;
    const mapping = applyOverride(t.header, d.mapping, specific ?? override.all);
    let kind: TableKind = specific?.kind ?? (kindOverride && (tables.length === 1 || d.kind === 'unknown') ? kindOverride : d.kind);
    if (!specific?.kind && !kindOverride && (specific || override.all)) kind = kindOf(mapping, t);
    const key = t.annex !== null ? key0 : KEY_OF_KIND[kind];
    let unique = key;
    for (let n = 2; used.has(unique); n++) unique = `${key}-${n}`;
    used.add(unique);
    t.key = unique;
    return { table: t, kind, mapping, reason: d.reason, overrideKey: key0 };
  });

  if (sampled && !detected.some((d) => d.kind === 'exam_records')) {
    throw importErrors.tooManyRows(Math.round(size / 1024), Math.round(FULL_READ_LIMIT / 1024));
  }

  const findings: ImportFinding[] = [];
  const ctx = resolveContext({ opts, title, headLines, paragraphs, tables: detected, registry, geo, findings, fileName: input.fileName });
  const facts = emptyFactSet();
  const origins = new Map<object, CellRef>();
  const missing = new Set<ContextField>();
  const fee: FeeStatement | null = paragraphs.length > 0 ? feeStatement(paragraphs) : null;
  const rowRoles = new Map<string, { role: RowRole; sourceRow: number | null }[]>();
  const factRowsByTable = new Map<string, number>();
  const usedByTable = new Map<string, Set<string>>();
  let records: RecordsPlan | null = null;

  for (const d of detected) {
    if (d.kind === 'exam_records') {
      records = await recordsPlan(input, d, ctx.resolved, delimiter ?? '\t', encoding, findings);
      if (ctx.resolved.schoolId === null && d.mapping.indexOf('school') === -1) missing.add('school');
      if (ctx.resolved.year === null && d.mapping.indexOf('year') === -1) missing.add('year');
      continue;
    }
    const out = normaliseTable({ table: d.table, kind: d.kind, mapping: d.mapping, sourceFile: input.fileName, context: ctx.resolved, registry, places: geo, fee });
    for (const t of FACT_TABLES) (facts[t] as unknown[]).push(...(out.facts[t] as unknown[]));
    for (const [k, v] of out.origins) origins.set(k, v);
    findings.push(...out.findings);
    out.missing.forEach((m) => missing.add(m));
    rowRoles.set(d.table.key, out.rows);
    usedByTable.set(d.table.key, out.used);
    factRowsByTable.set(d.table.key, FACT_TABLES.reduce((n, t) => n + (t === 'stated_totals' ? 0 : out.facts[t].length), 0));
    findings.push(...tableFindings(d, input.fileName));
  }

  // A notice with no table: offers stated in its text (seed 000).
  if (tables.length === 0 && paragraphs.length > 0) {
    const notice = noticeOffers(title, paragraphs, input.fileName, ctx.resolved.year);
    if (notice) {
      const res = registry.resolver.resolve(notice.certificatePrinted);
      if (res.ok) {
        for (const o of notice.offers) {
          const row = { ...o, certificate_id: res.certificateId, certificate_as_printed: notice.certificatePrinted };
          facts.training_offers.push(row);
        }
      } else {
        findings.push({ ...makeFinding('unknown_certificate', { printed: notice.certificatePrinted, hint: res.suggestions.map((x) => x.name).join('、') }, { source_file: input.fileName, source_table: 'notice', printed_value: notice.certificatePrinted }), line: notice.line });
      }
    }
  }

  // Figures stated in the text.
  const narrativeLines = new Map<StatedTotal, number>();
  if (paragraphs.length > 0) {
    const figures = narrativeFigures(paragraphs, {
      sourceFile: input.fileName,
      schoolId: ctx.resolved.schoolId,
      year: ctx.resolved.year,
      batches: new Set(facts.pilot_applications.map((a) => a.batch).filter((b): b is string => b !== null)),
      categories: [...new Set(facts.training_quotas.map((q) => q.category).filter((c): c is string => c !== null))],
    });
    for (const f of figures) {
      facts.stated_totals.push(f.total);
      narrativeLines.set(f.total, f.line);
    }
  }

  if (facts.exam_results.length + facts.pilot_applications.length + facts.teacher_training.length + facts.training_quotas.length + facts.training_programmes.length + facts.training_offers.length + facts.stated_totals.length === 0 && !records) {
    // A report may hold nothing but a form and a reference list; a CSV or a sheet without data is a mistake.
    const hasTemplateOnly = format === 'text' && detected.length > 0 && detected.every((d) => d.kind === 'template' || d.kind === 'certificates');
    if (!hasTemplateOnly) {
      findings.push(makeFinding('no_facts', { reason: detected.some((d) => d.kind === 'unknown') ? '无法识别表格类型：请在“列映射”中指定各列含义，或选择表格类型' : '文件中没有可导入的数据' }, { source_file: input.fileName }));
    }
  }

  // The data-truth checks, each finding pointed back at its cell.
  for (const f of checkFacts(facts, { certificate: (id) => registry.certificateName(id) })) {
    const ref = f.ref;
    delete f.ref;
    const origin = ref ? origins.get(ref) ?? null : null;
    // Point at the column the check names (通过率, 批准总培训人数, 序号 …), on the row the fact came from.
    const field = f.source_column ? CHECK_COLUMN_FIELD[f.source_column] : undefined;
    const mapping = origin ? detected.find((d) => d.table.key === origin.table)?.mapping : undefined;
    const col = field && mapping ? mapping.indexOf(field) : -1;
    const cell = origin ? { ...origin, col: col >= 0 ? col : origin.col } : null;
    const line = ref ? narrativeLines.get(ref as StatedTotal) ?? null : null;
    // A 小计 cell sits on a data row: name that row.
    const sourceRow = f.source_row ?? (cell && cell.row >= 0 ? rowRoles.get(cell.table)?.[cell.row]?.sourceRow ?? null : null);
    findings.push({ ...f, source_row: sourceRow, cell, line });
  }
  // Every printed figure is a fact, a stated total, or named in a finding: nothing vanishes silently.
  for (const d of detected) {
    const used = usedByTable.get(d.table.key);
    if (used && FACT_KINDS.includes(d.kind)) findings.push(...unaccountedFigures(d, rowRoles.get(d.table.key) ?? [], used, findings, input.fileName));
  }
  // A field the form filled but nobody knows is an error of its own (unknown_school …), not a missing one.
  for (const m of [...missing]) if (String(opts[m] ?? '').trim() !== '') missing.delete(m);
  for (const m of missing) {
    findings.push(makeFinding('missing_context', { field: CONTEXT_ZH[m] ?? m }, { source_file: input.fileName, source_column: m }));
  }
  const sorted = sortFindings(findings);

  const kind = importKind(detected.map((d) => d.kind), facts, records !== null);
  const rowCounts: Record<string, number> = Object.fromEntries(FACT_TABLES.map((t) => [t, facts[t].length]));
  rowCounts.exam_records = 0;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;

  const previewFacts = emptyFactSet();
  let factsTruncated = false;
  for (const t of FACT_TABLES) {
    (previewFacts[t] as unknown[]) = (facts[t] as unknown[]).slice(0, PREVIEW_FACTS);
    if (facts[t].length > PREVIEW_FACTS) factsTruncated = true;
  }

  const preview: Preview = {
    fileName: input.fileName,
    sha256,
    size,
    format,
    encoding: encoding ? { name: encoding.encoding, label: encoding.label, detected: encoding.detected, bom: encoding.bom } : null,
    delimiter,
    sheets,
    sheet,
    title: title ?? tables[0]?.title ?? null,
    kind,
    context: ctx.preview,
    missing: [...missing],
    tables: detected.map((d) => previewTable(d, rowRoles.get(d.table.key), factRowsByTable.get(d.table.key) ?? 0)),
    narrative: facts.stated_totals.filter((t) => narrativeLines.has(t)).map((t) => ({ line: narrativeLines.get(t)!, label: t.label, metric: t.metric, value: t.value_as_printed, batch: t.batch })),
    rowCounts,
    facts: previewFacts,
    factsTruncated,
    findings: sorted,
    counts,
    ok: counts.error === 0,
    records: records ? { rows: null, certificates: [], keyColumn: records.header[records.columns.key - 1] ?? '' } : null,
    overlaps: [],
  };
  return { preview, facts, findings: sorted, records, kind, sha256 };
}

function sortFindings(findings: ImportFinding[]): ImportFinding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

function importKind(kinds: TableKind[], facts: FactSet, records: boolean): string {
  if (records) return 'exam_records';
  for (const k of KIND_PRIORITY) if (kinds.includes(k)) return k;
  if (facts.training_offers.length > 0) return 'training_offers';
  if (facts.stated_totals.length > 0) return 'report';
  return kinds[0] ?? 'unknown';
}

/** A cell that holds one figure and nothing else: a count (`91 人`) or a rate (`56.8%`). */
export function isFigure(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  return parseCount(t.replace(/\s*(人|个|名|项|人次)$/u, '')).ok || (/%$/u.test(t) && parseRate(t) !== null);
}

/**
 * The import's invariant: each figure printed in a data table became a fact
 * or a stated total (normalise marks those cells), or a finding names its
 * cell (an error on the row covers the row it skipped). Any other figure is
 * reported, so nothing disappears without a word.
 */
export function unaccountedFigures(d: { table: RawTable }, roles: { role: RowRole; sourceRow: number | null }[], used: Set<string>, findings: ImportFinding[], sourceFile: string): ImportFinding[] {
  const named = new Set(findings.filter((f) => f.cell?.table === d.table.key).map((f) => `${f.cell!.row}:${f.cell!.col}`));
  const rowErrors = new Set(findings.filter((f) => f.cell?.table === d.table.key && f.severity === 'error').map((f) => f.cell!.row));
  const out: ImportFinding[] = [];
  d.table.rows.forEach((row, r) => {
    const role = roles[r]?.role ?? 'skipped';
    if (role === 'empty' || rowErrors.has(r)) return;
    row.cells.forEach((text, c) => {
      if (!isFigure(text) || used.has(`${r}:${c}`) || named.has(`${r}:${c}`)) return;
      const sourceRow = roles[r]?.sourceRow ?? null;
      const column = d.table.header[c] || `第 ${c + 1} 列`;
      const where = role === 'total' ? '合计行' : `第 ${sourceRow ?? r + 1} 行`;
      out.push({ ...makeFinding('figure_not_imported', { where, column, value: text.trim() }, { source_file: sourceFile, source_table: d.table.key, source_row: sourceRow, source_column: column, printed_value: text.trim() }), cell: { table: d.table.key, row: r, col: c } });
    });
  });
  return out;
}

/** Info findings for cells put back together, and for tables that are not imported. */
function tableFindings(d: { table: RawTable; kind: TableKind }, sourceFile: string): ImportFinding[] {
  const out: ImportFinding[] = [];
  const base = { source_file: sourceFile, source_table: d.table.key, printed_value: null, expected_value: null };
  for (const j of d.table.rejoined) {
    const column = j.row === -1 ? '表头' : d.table.header[j.col] ?? '';
    const joined = j.pieces.join(j.row === -1 ? '/' : '');
    const message = j.how === 'wrapped'
      ? `“${column}”单元格被 PDF 换行拆成 ${j.pieces.length} 段，已拼接为“${joined}”`
      : j.row === -1
        ? `表头“${joined}”由合并单元格展开`
        : `“${column}”为合并单元格（“${joined}”），已用于它所跨的各行`;
    const place = { ...base, source_column: column, printed_value: j.pieces.join(' | ') };
    const made = j.how === 'wrapped' ? makeFinding('cell_rejoined', { column, pieces: j.pieces.length, joined }, place) : makeFinding('merged_cell', { column, joined, header: j.row === -1 }, place);
    out.push({ ...made, cell: { table: d.table.key, row: j.row, col: j.col } });
  }
  const name = d.table.title ?? d.table.key;
  if (d.kind === 'template') out.push(makeFinding('empty_table', { table: name }, base));
  if (d.kind === 'certificates') out.push(makeFinding('reference_table', { table: name }, base));
  if (d.kind === 'unknown') out.push(makeFinding('unknown_table', { table: name, header: d.table.header.filter(Boolean).join('、') }, base));
  return out;
}

function previewTable(d: { table: RawTable; kind: TableKind; mapping: ColumnTarget[]; reason: string; overrideKey: string }, roles: { role: RowRole; sourceRow: number | null }[] | undefined, factRows: number): PreviewTable {
  const masked = d.kind === 'exam_records' ? new Set(d.mapping.map((t, i) => (t === 'student_name' || t === 'id_number' || t === 'student_no' ? i : -1)).filter((i) => i >= 0)) : new Set<number>();
  const rows = d.table.rows.slice(0, PREVIEW_ROWS).map((r, i) => ({
    cells: r.cells.map((c, ci) => (masked.has(ci) && c.trim() !== '' ? '●●●（假名化）' : c)),
    line: r.line,
    role: roles?.[i]?.role ?? (d.kind === 'exam_records' ? ('data' as RowRole) : ('skipped' as RowRole)),
    sourceRow: roles?.[i]?.sourceRow ?? null,
  }));
  return {
    key: d.table.key,
    overrideKey: d.overrideKey,
    title: d.table.title,
    origin: d.table.origin,
    kind: d.kind,
    kindLabel: KIND_ZH[d.kind],
    reason: d.reason,
    header: d.table.header,
    mapping: d.mapping,
    rows,
    rowCount: d.table.rows.length,
    truncated: d.table.rows.length > PREVIEW_ROWS,
    factRows,
    rejoined: d.table.rejoined,
    notes: d.table.notes,
  };
}

interface ContextInput {
  opts: ImportOptions;
  fileName: string;
  title: string | null;
  headLines: string[];
  paragraphs: Paragraph[];
  tables: { table: RawTable; kind: TableKind; mapping: ColumnTarget[] }[];
  registry: Registry;
  geo: Places;
  findings: ImportFinding[];
}

const NEEDS_SCHOOL: TableKind[] = ['exam_results', 'teacher_training', 'pilot_applications', 'exam_records'];

/**
 * School, year, province and city: a form field wins; otherwise the title (or
 * a sheet's title rows), the text, the document number, and the school's
 * registry record.
 */
function resolveContext(c: ContextInput): { resolved: ResolvedContext; preview: Preview['context'] } {
  const { opts, registry, geo } = c;
  const preview: Preview['context'] = { school: null, year: null, province: null, city: null };
  const resolved: ResolvedContext = { schoolId: null, year: null, province: null, city: null };
  const fail = (made: ReturnType<typeof makeFinding>, column: ContextField, printed: string) =>
    c.findings.push({ ...made, source_column: column, printed_value: printed });
  const preamble = c.tables.flatMap((t) => t.table.preamble);
  const titleText = [c.title ?? '', ...preamble].join('\n');
  const stem = c.fileName.replace(/\.[^.]*$/u, '');
  const needsSchool = c.tables.some((t) => NEEDS_SCHOOL.includes(t.kind) && !t.mapping.includes('school'));

  // School.
  const formSchool = opts.school?.toString().trim();
  if (formSchool) {
    const id = registry.schoolId(formSchool);
    if (id === undefined) {
      const near = registry.schools.map((s) => ({ s, score: Math.max(...[s.name, ...s.aliases].map((n) => similarity(n, formSchool))) })).sort((a, b) => b.score - a.score).filter((x) => x.score >= 0.3).slice(0, 3);
      fail(makeFinding('unknown_school', { name: formSchool, hint: near.map((x) => x.s.name).join('、') }), 'school', formSchool);
    } else {
      resolved.schoolId = id;
      preview.school = { value: registry.schoolsById.get(id)!.name, id, from: 'form' };
    }
  } else {
    const named = schoolsIn(titleText, registry);
    const inName = schoolsIn(stem, registry);
    if (named.length > 0) {
      resolved.schoolId = named[0]!;
      preview.school = { value: registry.schoolsById.get(named[0]!)!.name, id: named[0]!, from: 'title', evidence: c.title ?? preamble[0] ?? null };
    } else if (inName.length > 0 && needsSchool) {
      resolved.schoolId = inName[0]!;
      preview.school = { value: registry.schoolsById.get(inName[0]!)!.name, id: inName[0]!, from: 'filename', evidence: c.fileName };
    } else if (needsSchool) {
      const inText = [...new Set(c.paragraphs.flatMap((p) => schoolsIn(p.text, registry)))];
      if (inText.length === 1) {
        resolved.schoolId = inText[0]!;
        const p = c.paragraphs.find((x) => schoolsIn(x.text, registry).length > 0);
        preview.school = { value: registry.schoolsById.get(inText[0]!)!.name, id: inText[0]!, from: 'text', evidence: p ? excerpt(p.text, registry.schoolsById.get(inText[0]!)!.name) : null };
      } else {
        const guess = /^([\u4e00-\u9fff]{2,24}?(?:职业技术学院|职业学院|技师学院|职业技术大学|职业大学|高等专科学校|大学|学院|学校))/u.exec((c.title ?? preamble[0] ?? '').trim());
        if (guess) fail(makeFinding('unknown_school', { name: guess[1]!, hint: '' }), 'school', guess[1]!);
      }
    }
  }
  const schoolRecord = resolved.schoolId !== null ? registry.schoolsById.get(resolved.schoolId) ?? null : null;

  // Year.
  const formYear = opts.year === null || opts.year === undefined ? '' : String(opts.year).trim();
  if (formYear) {
    if (/^(19|20)\d{2}$/.test(formYear)) {
      resolved.year = Number(formYear);
      preview.year = { value: resolved.year, from: 'form' };
    } else {
      fail(makeFinding('invalid_year', { where: '', value: formYear }), 'year', formYear);
    }
  } else {
    const fromTitle = /((?:19|20)\d{2})\s*年/u.exec(titleText);
    const docNo = c.headLines.map((l) => /〔((?:19|20)\d{2})〕/u.exec(l)).find(Boolean);
    const dated = [...c.paragraphs].reverse().map((p) => /^((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/u.exec(p.text.trim())).find(Boolean);
    const named = /(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)/u.exec(stem);
    if (fromTitle) { resolved.year = Number(fromTitle[1]); preview.year = { value: resolved.year, from: 'title', evidence: fromTitle[0] }; }
    else if (named && c.paragraphs.length === 0) { resolved.year = Number(named[1]); preview.year = { value: resolved.year, from: 'filename', evidence: c.fileName }; }
    else if (docNo) { resolved.year = Number(docNo[1]); preview.year = { value: resolved.year, from: 'text', evidence: docNo[0] }; }
    else if (dated) { resolved.year = Number(dated[1]); preview.year = { value: resolved.year, from: 'text', evidence: dated[0] }; }
  }

  // Province.
  const formProvince = opts.province?.toString().trim();
  if (formProvince) {
    const p = geo.province(formProvince);
    if (!p) fail(makeFinding('unknown_province', { value: formProvince }), 'province', formProvince);
    else { resolved.province = p; preview.province = { value: p, from: 'form' }; }
  } else if (schoolRecord?.province) {
    resolved.province = schoolRecord.province;
    preview.province = { value: schoolRecord.province, from: 'registry', evidence: schoolRecord.name };
  } else {
    const p = geo.provinceIn(titleText);
    const cityColumns = c.tables.flatMap((t) => t.mapping.filter((m): m is `quota:${string}` => m !== null && m.startsWith('quota:')).map((m) => m.slice(6)));
    const fromCities = [...new Set(cityColumns.map((city) => geo.provinceOfCity(city)).filter(Boolean))];
    if (p) { resolved.province = p; preview.province = { value: p, from: 'title', evidence: c.title }; }
    else if (fromCities.length === 1) { resolved.province = fromCities[0]!; preview.province = { value: fromCities[0]!, from: 'column', evidence: cityColumns.slice(0, 3).join('、') }; }
  }

  // City.
  const formCity = opts.city?.toString().trim();
  if (formCity) {
    const city = geo.resolve(formCity, resolved.province);
    if (!city) fail(makeFinding('unknown_city', { value: formCity }), 'city', formCity);
    else { resolved.city = city; preview.city = { value: city, from: 'form' }; }
  } else if (schoolRecord?.city) {
    resolved.city = schoolRecord.city;
    preview.city = { value: schoolRecord.city, from: 'registry', evidence: schoolRecord.name };
  }
  return { resolved, preview };
}

/** Registry schools named in a text, longest name first. */
function schoolsIn(text: string, registry: Registry): number[] {
  const compact = text.normalize('NFKC').replace(/\s+/gu, '');
  const hits: { id: number; len: number }[] = [];
  for (const s of registry.schools) {
    for (const n of [s.name, ...s.aliases]) {
      if (n.length >= 4 && compact.includes(n.normalize('NFKC').replace(/\s+/gu, ''))) hits.push({ id: s.id, len: n.length });
    }
  }
  return [...new Set(hits.sort((a, b) => b.len - a.len).map((h) => h.id))];
}

function excerpt(text: string, name: string): string {
  const i = text.indexOf(name);
  return i < 0 ? text.slice(0, 60) : text.slice(Math.max(0, i - 10), i + name.length + 20);
}

/**
 * Candidate-level records: which column is which, and a UTF-8 copy of the
 * file for DuckDB when it is not UTF-8 already (or not a file on disk).
 */
async function recordsPlan(input: PipelineInput, d: { table: RawTable; mapping: ColumnTarget[] }, ctx: ResolvedContext, delimiter: string, encoding: Decoded | null, findings: ImportFinding[]): Promise<RecordsPlan> {
  const pos = (f: ColumnTarget) => d.mapping.indexOf(f) + 1;
  const keyKind = pos('id_number') ? 'id_number' : pos('student_no') ? 'student_no' : 'student_name';
  const temp: string[] = [];
  let csvPath = input.path ?? '';
  const needsCopy = !input.path || d.table.origin === 'xlsx' || d.table.origin.startsWith('text') || (encoding !== null && encoding.encoding !== 'UTF-8');
  if (needsCopy) {
    const dir = makeImportTempDir('records');
    csvPath = join(dir, 'records.csv');
    temp.push(dir);
    if (d.table.origin === 'xlsx' || d.table.origin.startsWith('text')) {
      // Rows already read (XLSX, report text): write them as CSV for DuckDB's reader.
      const esc = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      writeFileSync(csvPath, [d.table.header, ...d.table.rows.map((r) => r.cells)].map((r) => r.map(esc).join(',')).join('\n') + '\n');
      delimiter = ',';
    } else if (input.path) {
      await streamPipeline(createReadStream(input.path), iconv.decodeStream(encoding?.encoding === 'GB18030' ? 'gb18030' : (encoding?.encoding ?? 'utf-8').toLowerCase()), iconv.encodeStream('utf-8'), createWriteStream(csvPath));
    } else {
      writeFileSync(csvPath, encoding && encoding.encoding !== 'UTF-8' ? iconv.encode(iconv.decode(input.bytes!, encoding.encoding === 'GB18030' ? 'gb18030' : encoding.encoding.toLowerCase()), 'utf-8') : input.bytes!);
    }
  }
  const rewritten = d.table.origin === 'xlsx' || d.table.origin.startsWith('text');
  const columns = { key: pos(keyKind), keyKind, certificate: pos('certificate'), level: pos('level'), major: pos('major') || pos('majors'), score: pos('score'), result: pos('result'), school: pos('school'), year: pos('year') } as RecordsPlan['columns'];
  if (!columns.certificate) {
    findings.push({ ...makeFinding('missing_column', { column: '证书' }, { source_file: input.fileName, source_table: d.table.key, source_column: '证书' }), cell: { table: d.table.key, row: -1, col: null } });
  }
  if (keyKind === 'student_name') {
    findings.push({ ...makeFinding('weak_student_key', {}, { source_file: input.fileName, source_table: d.table.key, source_column: d.table.header[columns.key - 1] ?? null }), cell: { table: d.table.key, row: -1, col: columns.key - 1 } });
  }
  findings.push({ ...makeFinding('pseudonymised', { column: d.table.header[columns.key - 1] ?? '' }, { source_file: input.fileName, source_table: d.table.key, source_column: d.table.header[columns.key - 1] ?? null }), cell: { table: d.table.key, row: -1, col: columns.key - 1 } });
  return { csvPath, delimiter, skip: rewritten ? 1 : (d.table.headerLine ?? 1), columns, schoolId: ctx.schoolId, year: ctx.year, header: d.table.header, temp };
}
