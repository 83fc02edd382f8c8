/**
 * One raw table, its kind and its column mapping → fact rows, stated totals
 * and findings. Figures are read as printed (full-width digits, thousands
 * separators, `91 人`, `56.8%`) and never changed: what cannot be read is an
 * error finding at its cell, what does not add up is left to the checks.
 *
 * - Certificates resolve through the registry's aliases; an unknown name is an
 *   error with the closest known names suggested.
 * - Levels come from a level column, from the name (`(初级)`, a cut-off
 *   `(中`) or from a notes cell (`(初级: 98/100)、(中级: 60/60)`), which splits
 *   the row by level and keeps the combined figures as stated totals.
 * - A totals row (合计/总计) becomes stated totals for every column it fills,
 *   never a fact.
 */
import { LEVELS, parseLevelNote, splitLevel, type Level } from '../domain/certificate-names.js';
import { emptyFactSet, type FactSet, type StatedTotal } from '../domain/facts.js';
import { makeFinding, type FindingCode, type FindingParams } from '../domain/findings-registry.js';
import { parseCount, parseRate } from '../domain/numbers.js';
import type { Registry } from '../domain/registry.js';
import { FIELD_ZH, type ColumnTarget, type Field, type TableKind } from './detect-kind.js';
import { formatFigures, type FeeStatement } from './offers.js';
import type { Places } from './places.js';
import { fold, similarity } from './text-cells.js';
import type { CellRef, ContextField, ImportFinding, RawTable } from './types.js';

export interface ResolvedContext {
  schoolId: number | null;
  year: number | null;
  province: string | null;
  city: string | null;
}

export interface NormaliseInput {
  table: RawTable;
  kind: TableKind;
  mapping: ColumnTarget[];
  sourceFile: string;
  context: ResolvedContext;
  registry: Registry;
  places: Places;
  fee: FeeStatement | null;
}

export type RowRole = 'data' | 'total' | 'empty' | 'skipped';

export interface NormaliseOutput {
  facts: FactSet;
  findings: ImportFinding[];
  /** Fact rows and stated totals → the cell they came from. */
  origins: Map<object, CellRef>;
  /** Per raw row: what it became, and its source_row when it is data. */
  rows: { role: RowRole; sourceRow: number | null }[];
  /** Context this table needs that nobody gave. */
  missing: ContextField[];
  /** `row:col` of every cell whose figure became a fact or a stated total. */
  used: Set<string>;
}

const TOTAL_WORDS = new Set(['合计', '总计', '总数', '共计', '小计合计', '全部合计']);

/** Whether a row is a totals row: one of its text cells says 合计/总计. */
export function isTotalsRow(cells: string[], mapping: ColumnTarget[]): string | null {
  for (let i = 0; i < cells.length; i++) {
    const t = mapping[i];
    if (t !== null && t !== undefined && t !== 'seq' && t !== 'certificate' && t !== 'category' && t !== 'programme' && t !== 'school' && t !== 'host') continue;
    const f = fold(cells[i] ?? '');
    if (TOTAL_WORDS.has(f)) return cells[i]!.trim().replace(/\s+/gu, '');
  }
  return null;
}

/** `91 人` → `91`; `80.12%` stays. What the stated total keeps as printed. */
function printedFigure(text: string): string {
  return text.trim().replace(/\s*(人|个|名|项|人次)$/u, '').trim();
}

/** Common endings of Chinese vocational major names; a name ending otherwise was probably cut off. */
const MAJOR_ENDINGS = /(术|理|造|易|销|计|务|程|化|用|作|护|融|流|育|游|语|译|律|全|营|修|测|析|产|医|药|业|法|学|艺|制|装|检|验|工|商|贸|气|车|筑|息|料|源|境|统|网|据|媒|影|视|音|乐|美|画|演|播|体|健|康|养|老|幼|婴|餐|店|酒|厨|烹|茶|农|林|牧|渔|兽|园|绿|景|旅|航|船|港|铁|路|桥|隧|矿|油|化|纺|织|服|饰|鞋|印|刷|包|材|冶|金|电|机|模|具|动画|设计|管理)$/u;

/** Majors cut off by the table's column width (`…；电气自动`): the last name does not end like a major. */
export function truncatedMajors(majors: string | null): boolean {
  if (!majors) return false;
  const names = majors.split(/[；;、,，]/u).map((m) => m.trim()).filter(Boolean);
  const last = names.at(-1);
  return last !== undefined && last.length >= 2 && !MAJOR_ENDINGS.test(last.replace(/[)）]$/u, ''));
}

function parseLevel(text: string): Level | null | 'bad' {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  if (t === '') return null;
  if ((LEVELS as readonly string[]).includes(t)) return t as Level;
  const short: Record<string, Level> = { 初: '初级', 中: '中级', 高: '高级', 初级证书: '初级', 中级证书: '中级', 高级证书: '高级' };
  return short[t] ?? 'bad';
}

export function normaliseTable(input: NormaliseInput): NormaliseOutput {
  const { table, kind, mapping, registry, context, sourceFile } = input;
  const facts = emptyFactSet();
  const findings: ImportFinding[] = [];
  const origins = new Map<object, CellRef>();
  const rows: NormaliseOutput['rows'] = table.rows.map(() => ({ role: 'empty' as RowRole, sourceRow: null }));
  const missing = new Set<ContextField>();
  const col = (f: ColumnTarget) => mapping.indexOf(f);
  const cellRef = (row: number, c: number | null): CellRef => ({ table: table.key, row, col: c !== null && c >= 0 ? c : null });
  const header = (c: number) => (c >= 0 ? table.header[c] ?? FIELD_ZH[mapping[c] as Field] ?? '' : '');

  const add = <C extends FindingCode>(code: C, params: FindingParams<C>, row: number, c: number, sourceRow: number | null, printed?: string | null, expected?: string | null) => {
    findings.push({
      ...makeFinding(code, params, { source_file: sourceFile, source_table: table.key, source_row: sourceRow, source_column: c >= 0 ? header(c) : null, printed_value: printed, expected_value: expected }),
      cell: cellRef(row, c),
    });
  };
  /** Cells whose figure became a fact or a stated total (the pipeline's every-figure invariant reads it). */
  const used = new Set<string>();
  const use = (r: number, c: number) => { if (c >= 0) used.add(`${r}:${c}`); };
  const rowLabel = (sourceRow: number | null) => `第 ${sourceRow ?? '?'} 行`;

  const cell = (r: number, f: Field) => {
    const c = col(f);
    return c === -1 ? '' : (table.rows[r]!.cells[c] ?? '').trim();
  };

  /** A count cell: null when empty; an error finding when not a whole non-negative number. */
  const count = (r: number, f: Field, sourceRow: number | null, required: boolean): number | null | undefined => {
    const c = col(f);
    if (c === -1) return null;
    const raw = table.rows[r]!.cells[c] ?? '';
    const parsed = parseCount(raw);
    if (parsed.ok) { use(r, c); return parsed.value; }
    if (parsed.reason === 'empty') {
      if (required) add('missing_value', { where: rowLabel(sourceRow), column: header(c) }, r, c, sourceRow, raw);
      return required ? undefined : null;
    }
    const code = ({ not_a_number: 'not_a_number', negative: 'negative_count', not_integer: 'non_integer_count' } as const)[parsed.reason];
    add(code, { where: rowLabel(sourceRow), column: header(c), value: raw.trim() }, r, c, sourceRow, raw.trim());
    return undefined;
  };

  const resolveCertificate = (r: number, sourceRow: number | null, required = true) => {
    const c = col('certificate');
    const printed = cell(r, 'certificate');
    if (printed === '') {
      if (required) add('missing_value', { where: rowLabel(sourceRow), column: header(c) || '证书' }, r, c, sourceRow);
      return null;
    }
    const res = registry.resolver.resolve(printed);
    if (!res.ok) {
      const hint = res.suggestions.map((s) => s.name).join('、');
      if (required) add('unknown_certificate', { printed, hint }, r, c, sourceRow, printed, res.suggestions[0]?.name ?? null);
      else add('unknown_certificate_reference', { printed, hint }, r, c, sourceRow, printed, res.suggestions[0]?.name ?? null);
      return null;
    }
    const alias = registry.aliases.find((a) => fold(a.alias) === fold(splitLevel(printed).name));
    if (alias?.seen_in && /\(truncated;|截断；/u.test(alias.seen_in)) {
      add('truncated_name', { printed, resolved: registry.certificateName(res.certificateId) }, r, c, sourceRow, printed, registry.certificateName(res.certificateId));
    }
    return { id: res.certificateId, printed, level: res.level, truncated: res.levelTruncated };
  };

  /** The row's school: null when nobody says (missing context), undefined when the named school is unknown (an error). */
  const schoolOf = (r: number, sourceRow: number | null): number | null | undefined => {
    const c = col('school');
    const printed = c === -1 ? '' : cell(r, 'school');
    if (printed === '') {
      if (context.schoolId === null) missing.add('school');
      return context.schoolId;
    }
    // A cell names a school; a bare number is not taken as a registry id.
    const id = /^\d+$/u.test(printed) ? undefined : registry.schoolId(printed);
    if (id === undefined) {
      const near = registry.schools.map((s) => ({ s, score: Math.max(...[s.name, ...s.aliases].map((n) => similarity(n, printed))) })).sort((a, b) => b.score - a.score).filter((x) => x.score >= 0.4).slice(0, 3);
      add('unknown_school', { name: printed, hint: near.map((x) => x.s.name).join('、') }, r, c, sourceRow, printed);
      return undefined;
    }
    return id;
  };

  const yearOf = (r: number, sourceRow: number | null): number | null | undefined => {
    const c = col('year');
    const printed = c === -1 ? '' : cell(r, 'year');
    if (printed === '') {
      if (context.year === null) missing.add('year');
      return context.year;
    }
    const m = /^((?:19|20)\d{2})\s*年?度?$/u.exec(printed.normalize('NFKC').trim());
    if (!m) {
      add('invalid_year', { where: rowLabel(sourceRow), value: printed }, r, c, sourceRow, printed);
      return undefined;
    }
    use(r, c);
    return Number(m[1]);
  };

  const levelOf = (r: number, sourceRow: number | null, fromName: Level | null): Level | null | undefined => {
    const c = col('level');
    if (c === -1) return fromName;
    const parsed = parseLevel(cell(r, 'level'));
    if (parsed === 'bad') {
      add('invalid_level', { where: rowLabel(sourceRow), value: cell(r, 'level') }, r, c, sourceRow, cell(r, 'level'));
      return undefined;
    }
    return parsed ?? fromName;
  };

  const totals = (r: number, label: string, extra: Partial<StatedTotal>, metrics: [Field | ColumnTarget, string][]) => {
    for (const [f, metric] of metrics) {
      const c = col(f);
      if (c === -1) continue;
      const raw = (table.rows[r]!.cells[c] ?? '').trim();
      if (raw === '') continue;
      const printed = printedFigure(raw);
      const value = metric === 'pass_rate' ? (parseRate(printed)?.value ?? null) : (() => { const p = parseCount(printed); return p.ok ? p.value : null; })();
      if (value === null) add('unreadable_total', { column: header(c), printed: raw }, r, c, null, raw);
      else use(r, c);
      const t: StatedTotal = {
        source_file: sourceFile, source_table: table.key, label, school_id: null, year: context.year, certificate_id: null,
        city: null, batch: null, metric, value, value_as_printed: printed, note: null, ...extra,
      };
      facts.stated_totals.push(t);
      origins.set(t, cellRef(r, c));
    }
  };

  let sourceRow = 0;
  let carriedCategory = '';
  table.rows.forEach((raw, r) => {
    if (raw.cells.every((c) => c.trim() === '')) return;
    const totalLabel = isTotalsRow(raw.cells, mapping);
    if (totalLabel) {
      rows[r] = { role: 'total', sourceRow: null };
      const school = kind === 'exam_results' || kind === 'teacher_training' || kind === 'pilot_applications' ? context.schoolId : null;
      if (kind === 'exam_results') totals(r, totalLabel, { school_id: school }, [['candidates', 'candidates'], ['passed', 'passed'], ['rate', 'pass_rate']]);
      else if (kind === 'teacher_training') totals(r, totalLabel, { school_id: school }, [['teachers', 'teachers_trained'], ['assessors', 'assessors']]);
      else if (kind === 'pilot_applications') totals(r, totalLabel, { school_id: school }, [['requested', 'requested'], ['approved', 'approved']]);
      else if (kind === 'training_quotas') {
        // The document's own note on what its totals leave out travels with them (checks.ts reads it).
        const note = table.notes.filter((n) => /(不含|不包括)/u.test(n)).join(' ') || null;
        totals(r, totalLabel, { note }, [['subtotal', 'quota']]);
        mapping.forEach((t, c) => {
          if (t && t.startsWith('quota:')) totals(r, totalLabel, { city: t.slice(6), note }, [[t, 'quota']]);
        });
      }
      return;
    }
    // A row with nothing but a sequence number is an empty line of a form.
    const filled = raw.cells.map((c, i) => [c.trim(), mapping[i]] as const).filter(([c, t]) => c !== '' && t !== 'seq');
    if (filled.length === 0) return;
    sourceRow++;
    rows[r] = { role: 'data', sourceRow };
    const at = (f: Field) => col(f);
    switch (kind) {
      case 'exam_results': {
        const cert = resolveCertificate(r, sourceRow);
        const candidates = count(r, 'candidates', sourceRow, true);
        const passed = count(r, 'passed', sourceRow, true);
        const school = schoolOf(r, sourceRow);
        const year = yearOf(r, sourceRow);
        const rateText = cell(r, 'rate');
        const note = cell(r, 'note') || null;
        if (!cert || candidates === undefined || passed === undefined || candidates === null || passed === null || school === undefined || year === undefined) { rows[r]!.role = 'skipped'; break; }
        const level = levelOf(r, sourceRow, cert.level);
        if (level === undefined) { rows[r]!.role = 'skipped'; break; }
        if (rateText !== '' && !parseRate(rateText)) add('unreadable_rate', { who: rowLabel(sourceRow), printed: rateText }, r, at('rate'), sourceRow, rateText);
        else use(r, at('rate'));
        const split = note ? parseLevelNote(note) : [];
        const base = { source_file: sourceFile, source_table: table.key, source_row: sourceRow, school_id: school ?? -1, year: year ?? 0, certificate_id: cert.id, certificate_as_printed: cert.printed, note };
        if (split.length > 0) {
          for (const s of split) {
            const row = { ...base, level: s.level, candidates: s.candidates, passed: s.passed, stated_rate: null, stated_rate_printed: null };
            facts.exam_results.push(row);
            origins.set(row, cellRef(r, at('note')));
          }
          const combined: StatedTotal = { source_file: sourceFile, source_table: table.key, label: cert.printed, school_id: school, year, certificate_id: cert.id, city: null, batch: null, metric: '', value: null, value_as_printed: '', note: null };
          for (const [f, metric, value] of [['candidates', 'candidates', candidates], ['passed', 'passed', passed], ['rate', 'pass_rate', rateText]] as const) {
            const printed = f === 'rate' ? rateText : cell(r, f);
            if (printed === '') continue;
            const t = { ...combined, metric, value: f === 'rate' ? (parseRate(rateText)?.value ?? null) : (value as number), value_as_printed: printedFigure(printed) };
            facts.stated_totals.push(t);
            origins.set(t, cellRef(r, at(f)));
          }
          if (level !== null && split.some((s) => s.level !== level)) add('level_conflict', { where: rowLabel(sourceRow), level }, r, at('note'), sourceRow, note);
        } else {
          const row = { ...base, level, candidates, passed, stated_rate: rateText === '' ? null : (parseRate(rateText)?.value ?? null), stated_rate_printed: rateText === '' ? null : rateText };
          facts.exam_results.push(row);
          origins.set(row, cellRef(r, at('certificate')));
        }
        break;
      }
      case 'teacher_training': {
        const cert = resolveCertificate(r, sourceRow);
        const teachers = count(r, 'teachers', sourceRow, false);
        const assessors = count(r, 'assessors', sourceRow, false);
        const seq = count(r, 'seq', sourceRow, false);
        const school = schoolOf(r, sourceRow);
        const year = yearOf(r, sourceRow);
        if (!cert || teachers === undefined || assessors === undefined || school === undefined || year === undefined) { rows[r]!.role = 'skipped'; break; }
        const row = {
          source_file: sourceFile, source_table: table.key, source_row: sourceRow, school_id: school ?? -1, year: year ?? 0,
          certificate_id: cert.id, teachers_trained: teachers, assessors, printed_seq: seq ?? null, certificate_as_printed: cert.printed,
        };
        facts.teacher_training.push(row);
        origins.set(row, cellRef(r, at('certificate')));
        break;
      }
      case 'pilot_applications': {
        const cert = resolveCertificate(r, sourceRow);
        const scale = count(r, 'student_scale', sourceRow, false);
        const requested = count(r, 'requested', sourceRow, false);
        const approved = count(r, 'approved', sourceRow, false);
        const seq = count(r, 'seq', sourceRow, false);
        const school = schoolOf(r, sourceRow);
        const year = yearOf(r, sourceRow);
        if (!cert || scale === undefined || requested === undefined || approved === undefined || school === undefined || year === undefined) { rows[r]!.role = 'skipped'; break; }
        const level = levelOf(r, sourceRow, cert.level);
        if (level === undefined) { rows[r]!.role = 'skipped'; break; }
        const majors = cell(r, 'majors') || null;
        const notes: string[] = [];
        if (cert.truncated) notes.push(`证书名称截断：${cert.printed.slice(cert.printed.lastIndexOf('('))}`);
        else if (level === null) notes.push('未注明等级');
        if (truncatedMajors(majors)) {
          notes.push('专业名称截断');
          add('truncated_majors', { where: rowLabel(sourceRow), last: majors!.split(/[；;、,，]/u).at(-1) ?? '' }, r, at('majors'), sourceRow, majors);
        }
        if (requested !== null && approved !== null && approved > requested) notes.push('批准总培训人数大于申请总培训人数（按原样）');
        const row = {
          source_file: sourceFile, source_table: table.key, source_row: sourceRow, school_id: school ?? -1, year: year ?? 0,
          batch: cell(r, 'batch') || null, certificate_id: cert.id, level, level_truncated: cert.truncated, majors,
          student_scale: scale, requested, approved, status: cell(r, 'status') || null, printed_seq: seq ?? null,
          certificate_as_printed: cert.printed, note: notes.length > 0 ? notes.join('；') : null,
        };
        facts.pilot_applications.push(row);
        origins.set(row, cellRef(r, at('certificate')));
        break;
      }
      case 'training_quotas': {
        if (context.province === null) missing.add('province');
        if (context.year === null) missing.add('year');
        const category = cell(r, 'category') || carriedCategory;
        carriedCategory = category;
        const programme = cell(r, 'programme') || cell(r, 'category');
        const host = cell(r, 'host') || null;
        const subtotalText = cell(r, 'subtotal');
        const subtotal = count(r, 'subtotal', sourceRow, false);
        const remark = cell(r, 'note') || null;
        const base = { source_file: sourceFile, source_table: table.key, source_row: sourceRow, province: context.province ?? '', year: context.year ?? 0, category: category || null, programme, host };
        const cityCols = mapping.map((t, c) => [t, c] as const).filter(([t]) => t !== null && t.startsWith('quota:'));
        const filledCities = cityCols.filter(([, c]) => (raw.cells[c] ?? '').trim() !== '');
        const texts = filledCities.filter(([, c]) => !/^[\d\s,，.\-]+$/u.test(raw.cells[c]!.normalize('NFKC')));
        if (subtotalText !== '' && subtotal !== undefined && subtotal !== null) {
          const t: StatedTotal = { source_file: sourceFile, source_table: table.key, label: programme, school_id: null, year: context.year, certificate_id: null, city: null, batch: null, metric: 'quota', value: subtotal, value_as_printed: printedFigure(subtotalText), note: null };
          facts.stated_totals.push(t);
          origins.set(t, cellRef(r, at('subtotal')));
        }
        if (filledCities.length === texts.length) {
          // No figure for any city: an on-demand programme keeps its 小计 and the reason,
          // wherever the document wrote it (the city cells, a 备注 column, a footnote).
          if (subtotal === undefined) { rows[r]!.role = 'skipped'; break; }
          if (subtotal === null) {
            add('quota_row_unreadable', { where: rowLabel(sourceRow), programme }, r, at('subtotal') >= 0 ? at('subtotal') : at('programme'), sourceRow);
            rows[r]!.role = 'skipped';
            break;
          }
          const footnote = table.notes.find((n) => programme !== '' && fold(n).includes(fold(programme))) ?? null;
          const note = texts.length > 0 ? texts.map(([, c]) => raw.cells[c]!.trim()).join(' ') : (remark ?? footnote);
          const noteCol = texts.length > 0 ? texts[0]![1] : remark ? at('note') : at('subtotal');
          const row = { ...base, city: null, quota: subtotal, note };
          facts.training_quotas.push(row);
          origins.set(row, cellRef(r, noteCol));
          if (note) add('quota_not_split', { programme, note, subtotal }, r, noteCol, sourceRow, note);
          else add('quota_not_split_unexplained', { programme, subtotal }, r, at('subtotal'), sourceRow, String(subtotal));
          break;
        }
        for (const [t, c] of cityCols) {
          if ((raw.cells[c] ?? '').trim() === '') continue;
          const q = parseCount(raw.cells[c]);
          if (!q.ok) {
            const code = q.reason === 'negative' ? 'negative_count' : q.reason === 'not_integer' ? 'non_integer_count' : 'not_a_number';
            add(code, { where: rowLabel(sourceRow), column: header(c), value: raw.cells[c]!.trim() }, r, c, sourceRow, raw.cells[c]!.trim());
            continue;
          }
          use(r, c);
          const row = { ...base, city: t!.slice(6), quota: q.value, note: remark };
          facts.training_quotas.push(row);
          origins.set(row, cellRef(r, c));
        }
        break;
      }
      case 'training_programmes': {
        if (context.province === null) missing.add('province');
        if (context.year === null) missing.add('year');
        const cert = resolveCertificate(r, sourceRow);
        if (!cert) { rows[r]!.role = 'skipped'; break; }
        const format = cell(r, 'format') || null;
        const figures = formatFigures(format);
        const host = cell(r, 'host') || null;
        const partner = cell(r, 'partner') || null;
        const row = {
          source_file: sourceFile, source_table: table.key, source_row: sourceRow, province: context.province ?? '', year: context.year ?? 0,
          certificate_id: cert.id, host, partner_organisation: partner, audience: cell(r, 'audience') || null, format,
          hours: figures.hoursTotal, certificate_as_printed: cert.printed,
        };
        facts.training_programmes.push(row);
        origins.set(row, cellRef(r, at('certificate')));
        if (input.fee) {
          const offer = {
            source_file: sourceFile, source_table: table.key, source_row: sourceRow, certificate_id: cert.id, provider: host, organiser: partner,
            level: null, fee_per_person: input.fee.fee, fee_is_cap: input.fee.cap, hours_online: null, hours_total: figures.hoursTotal,
            days_offline: figures.daysOffline, year: context.year, note: figures.note, certificate_as_printed: cert.printed,
          };
          facts.training_offers.push(offer);
          origins.set(offer, cellRef(r, at('format')));
        }
        break;
      }
      case 'certificates': {
        resolveCertificate(r, sourceRow, false);
        rows[r]!.role = 'skipped';
        break;
      }
      default:
        rows[r]!.role = 'skipped';
    }
  });
  if (kind === 'exam_results' || kind === 'teacher_training' || kind === 'pilot_applications') {
    if (col('school') === -1 && context.schoolId === null) missing.add('school');
    if (col('year') === -1 && context.year === null) missing.add('year');
  }
  // A data row's 序号 is its label, not a figure of its own.
  rows.forEach((x, r) => { if (x.role === 'data') use(r, col('seq')); });
  return { facts, findings, origins, rows, missing: [...missing], used };
}
