/**
 * The "data truth" checks of DESIGN.md, as pure functions over one import's
 * facts. They never change a figure; they describe what does not add up.
 */
import { splitLevel } from './certificate-names.js';
import type { FactSet, Finding, Source, StatedTotal } from './facts.js';
import { makeFinding, type FindingCode, type FindingParams } from './findings-registry.js';
import { formatPercent, parseRate, rateAgrees } from './numbers.js';

interface Names {
  certificate(id: number): string;
}

function finding<C extends FindingCode>(
  code: C,
  params: FindingParams<C>,
  at: Partial<Source> & { source_column?: string | null },
  printed?: string | number | null,
  expected?: string | number | null,
  ref?: object,
): Finding {
  return { ref, ...makeFinding(code, params, { ...at, printed_value: printed, expected_value: expected }) };
}

export function checkFacts(facts: FactSet, names: Names): Finding[] {
  return [
    ...checkExamRows(facts, names),
    ...checkApplications(facts, names),
    ...checkSequences(facts),
    ...checkDuplicateRows(facts, names),
    ...checkStatedTotals(facts),
    ...checkUnsplitNote(facts),
    ...checkMerges(facts, names),
  ];
}

function checkExamRows(facts: FactSet, names: Names): Finding[] {
  const out: Finding[] = [];
  for (const r of facts.exam_results) {
    const cert = names.certificate(r.certificate_id);
    if (r.passed > r.candidates) {
      out.push(finding('passed_exceeds_candidates', { who: cert, passed: r.passed, candidates: r.candidates }, { ...r, source_column: '通过人数' }, r.passed, `≤ ${r.candidates}`, r));
    }
    if (r.candidates === 0 && r.passed === 0) {
      out.push(finding('no_candidates', { who: cert }, { ...r, source_column: '考证人数' }, 0, null, r));
    }
    if (r.stated_rate_printed) {
      const stated = parseRate(r.stated_rate_printed);
      if (!stated) {
        out.push(finding('unreadable_rate', { who: `${cert}：`, printed: r.stated_rate_printed }, { ...r, source_column: '通过率' }, r.stated_rate_printed, null, r));
      } else if (r.candidates > 0 && !rateAgrees(stated, r.passed, r.candidates)) {
        const actual = formatPercent(r.passed / r.candidates, Math.max(1, stated.percentDecimals));
        out.push(finding('stated_rate_mismatch', { who: cert, printed: r.stated_rate_printed, passed: r.passed, candidates: r.candidates, actual },
          { ...r, source_column: '通过率' }, r.stated_rate_printed, actual, r));
      }
    }
  }
  return out;
}

function checkApplications(facts: FactSet, names: Names): Finding[] {
  const out: Finding[] = [];
  for (const r of facts.pilot_applications) {
    const cert = names.certificate(r.certificate_id);
    if (r.requested !== null && r.approved !== null && r.approved > r.requested) {
      out.push(finding('approved_exceeds_requested', { who: cert, approved: r.approved, requested: r.requested },
        { ...r, source_column: '批准总培训人数' }, r.approved, `≤ ${r.requested}`, r));
    }
    if (r.level_truncated) {
      out.push(finding('truncated_name', { printed: r.certificate_as_printed, resolved: `${cert}(${r.level})` },
        { ...r, source_column: '证书名称' }, r.certificate_as_printed, `${cert}(${r.level})`, r));
    } else if (r.level === null) {
      out.push(finding('missing_level', { who: cert }, { ...r, source_column: '证书名称' }, r.certificate_as_printed, null, r));
    }
  }
  return out;
}

/** Printed 序号 should run 1, 2, 3 … within a table: report repeats and gaps. */
function checkSequences(facts: FactSet): Finding[] {
  const out: Finding[] = [];
  const tables: { rows: (Source & { printed_seq: number | null })[] }[] = [
    { rows: facts.pilot_applications },
    { rows: facts.teacher_training },
  ];
  for (const { rows } of tables) {
    const byTable = new Map<string, (Source & { printed_seq: number | null })[]>();
    for (const r of rows) {
      const key = `${r.source_file}\u0000${r.source_table}`;
      byTable.set(key, [...(byTable.get(key) ?? []), r]);
    }
    for (const group of byTable.values()) {
      const ordered = [...group].sort((a, b) => a.source_row - b.source_row);
      const seen = new Set<number>();
      let highest = 0;
      for (const r of ordered) {
        if (r.printed_seq === null) continue;
        if (seen.has(r.printed_seq)) {
          out.push(finding('duplicate_sequence', { seq: r.printed_seq, row: r.source_row }, { ...r, source_column: '序号' }, r.printed_seq, highest + 1, r));
        } else if (r.printed_seq !== highest + 1) {
          out.push(finding('skipped_sequence', { after: highest, seq: r.printed_seq }, { ...r, source_column: '序号' }, r.printed_seq, highest + 1, r));
        }
        seen.add(r.printed_seq);
        highest = Math.max(highest, r.printed_seq);
      }
    }
  }
  return out;
}

/**
 * The same certificate (and level, batch) listed twice in one table counts
 * its figures twice in every total: report the second listing.
 */
function checkDuplicateRows(facts: FactSet, names: Names): Finding[] {
  const out: Finding[] = [];
  const tables: { rows: (Source & { certificate_id: number; school_id: number; year: number; level?: string | null; batch?: string | null })[] }[] = [
    { rows: facts.exam_results },
    { rows: facts.teacher_training },
    { rows: facts.pilot_applications },
  ];
  for (const { rows } of tables) {
    const seen = new Map<string, number>();
    for (const r of rows) {
      const key = [r.source_file, r.source_table, r.school_id, r.year, r.certificate_id, r.level ?? '', r.batch ?? ''].join('\u0000');
      const first = seen.get(key);
      if (first !== undefined && first !== r.source_row) {
        const level = r.level ? `（${r.level}）` : '';
        out.push(finding('duplicate_row', { who: `${names.certificate(r.certificate_id)}${level}`, first, row: r.source_row }, { ...r, source_column: '证书' }, r.source_row, first, r));
      } else if (first === undefined) {
        seen.set(key, r.source_row);
      }
    }
  }
  return out;
}

const METRIC_ZH: Record<string, string> = {
  candidates: '考证人数',
  passed: '通过人数',
  pass_rate: '通过率',
  teachers_trained: '培训教师人数',
  assessors: '考评员人数',
  certificates: '证书数',
  pilots: '试点数',
  approved: '批准培训人数',
  requested: '申请培训人数',
  quota: '名额',
  programmes: '培训项目数',
};

/**
 * A stated total (合计 row, 小计 column, or a figure in the text) is checked
 * against the sum it states: a 小计 against its programme's cells, a city's
 * 合计 against that city's cells, the overall 合计 of the 小计 column against
 * the 小计 above it. Figures with no facts to check them against (e.g.
 * students trained) are left alone.
 */
function checkStatedTotals(facts: FactSet): Finding[] {
  const out: Finding[] = [];
  for (const t of facts.stated_totals) {
    const computed = computeTotal(facts, t);
    if (computed === null || t.value === null) continue;
    const where = t.source_table === 'narrative' ? `正文“${t.label}”` : t.label === '合计' ? '合计行' : `“${t.label}”小计`;
    const level = t.metric.startsWith('pilots_') ? t.metric.slice('pilots_'.length) : '';
    const what = [t.city, t.batch ? `“${t.batch}”批次` : null, level ? `${level}试点数` : (METRIC_ZH[t.metric] ?? t.metric)].filter(Boolean).join('');
    const at = { source_file: t.source_file, source_table: t.source_table, source_column: t.metric, ...totalsRowPlace(facts, t) };
    if (t.metric === 'pass_rate') {
      const stated = parseRate(t.value_as_printed);
      if (stated && computed.candidates > 0 && !rateAgrees(stated, computed.passed, computed.candidates)) {
        const actual = formatPercent(computed.passed / computed.candidates, Math.max(1, stated.percentDecimals));
        out.push(finding('total_mismatch', { where, what, printed: t.value_as_printed, basis: '明细', computed: `${computed.passed}/${computed.candidates} = ${actual}` }, at, t.value_as_printed, actual, t));
      }
      continue;
    }
    if (Math.abs(computed.value - t.value) > 1e-9) {
      const params = { where, what, printed: t.value_as_printed, basis: computed.basis ?? '明细之和', computed: String(computed.value), diff: computed.value - t.value };
      out.push(t.source_table === 'narrative'
        ? finding('narrative_total_mismatch', params, at, t.value_as_printed, computed.value, t)
        : finding('total_mismatch', params, at, t.value_as_printed, computed.value, t));
    }
  }
  return out;
}

const isQuotaTotalsRow = (t: StatedTotal) => t.metric === 'quota' && t.label === '合计' && t.source_table !== 'narrative';

/**
 * A quota table's 合计 row has no source_row of its own (only data rows are
 * numbered): its findings name the row after the last data row, and the city
 * (or 小计) column.
 */
function totalsRowPlace(facts: FactSet, t: StatedTotal): { source_row?: number; source_column?: string } {
  if (!isQuotaTotalsRow(t)) return {};
  const rows = facts.training_quotas.filter((r) => r.source_file === t.source_file && r.source_table === t.source_table);
  if (rows.length === 0) return {};
  return { source_row: Math.max(...rows.map((r) => r.source_row)) + 1, source_column: t.city ?? '小计' };
}

/** The programme 小计 a quota table states (its 小计 column above the 合计 row). */
function programmeSubtotals(facts: FactSet, t: StatedTotal): StatedTotal[] {
  return facts.stated_totals.filter((s) => s.source_file === t.source_file && s.source_table === t.source_table && s.metric === 'quota' && s.city === null && s.label !== '合计');
}

/**
 * A document whose note says the city totals leave out the on-demand
 * programmes (003: 各设区市合计数不含按需报名的…项目人数) explains why the
 * city 合计 cells add up to less than the overall 合计: an info finding.
 */
function checkUnsplitNote(facts: FactSet): Finding[] {
  const out: Finding[] = [];
  const overalls = facts.stated_totals.filter((t) => isQuotaTotalsRow(t) && t.city === null && t.value !== null);
  for (const overall of overalls) {
    const sameTable = <T extends { source_file: string; source_table: string }>(r: T) => r.source_file === overall.source_file && r.source_table === overall.source_table;
    const cityTotals = facts.stated_totals.filter((t) => isQuotaTotalsRow(t) && t.city !== null && sameTable(t));
    const unsplit = facts.training_quotas.filter((r) => sameTable(r) && r.city === null);
    const noted = [overall, ...cityTotals].some((t) => t.note !== null && /(不含|不包括|exclud)/iu.test(t.note) && /按需/u.test(t.note));
    if (!noted || unsplit.length === 0 || cityTotals.length === 0) continue;
    const statedCities = cityTotals.reduce((n, t) => n + (t.value ?? 0), 0);
    const unsplitSum = unsplit.reduce((n, r) => n + r.quota, 0);
    const split = facts.training_quotas.filter((r) => sameTable(r) && r.city !== null).reduce((n, r) => n + r.quota, 0);
    const rest = statedCities === split ? '，与分市名额一致' : `，比逐项相加的分市名额 ${split} ${statedCities < split ? '少' : '多'} ${Math.abs(split - statedCities)}（见各市“合计”的不一致提示）`;
    out.push(finding('city_totals_exclude_unsplit', {
      cities: cityTotals.length, statedCities, unsplit: unsplitSum, overall: overall.value!, programmes: unsplit.map((r) => `“${r.programme}”`).join('、'), rest,
    }, { source_file: overall.source_file, source_table: overall.source_table, ...totalsRowPlace(facts, overall) }, statedCities, overall.value! - unsplitSum, overall));
  }
  return out;
}

/** A spelling as a steward reads it: width, spaces, the level and the 职业技能等级证书 suffix do not count. */
function spelling(text: string): string {
  return splitLevel(text).name.normalize('NFKC').replace(/\s+/gu, '').replace(/职业技能等级证书$/u, '');
}

/**
 * Spellings the alias registry unified (`BIM 建筑信息模型` → 建筑信息模型（BIM）,
 * `WEB 前端开发` → Web前端开发): one info finding per spelling and table, with
 * its rows, so a steward sees every merge and can object. A name cut short is
 * reported as truncated_name instead.
 */
function checkMerges(facts: FactSet, names: Names): Finding[] {
  const out: Finding[] = [];
  const tables: (Source & { certificate_id: number; certificate_as_printed: string })[][] = [
    facts.exam_results, facts.teacher_training, facts.pilot_applications, facts.training_programmes, facts.training_offers,
  ];
  for (const rows of tables) {
    const groups = new Map<string, (Source & { certificate_id: number; certificate_as_printed: string })[]>();
    for (const r of rows) {
      const printed = spelling(r.certificate_as_printed);
      const canonical = spelling(names.certificate(r.certificate_id));
      if (printed === canonical || canonical.startsWith(printed)) continue;
      const key = [r.source_file, r.source_table, printed, r.certificate_id].join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const rowNumbers = [...new Set(group.map((r) => r.source_row))].sort((a, b) => a - b);
      const printed = splitLevel(first.certificate_as_printed).name;
      const certificate = names.certificate(first.certificate_id);
      out.push(finding('certificate_merged', { printed, certificate, rows: `第 ${rowNumbers.join('、')} 行` }, { ...first, source_column: '证书' }, printed, certificate, first));
    }
  }
  return out;
}

function computeTotal(facts: FactSet, t: StatedTotal): { value: number; passed: number; candidates: number; basis?: string } | null {
  const sameFile = <T extends { source_file: string }>(rows: T[]) => rows.filter((r) => r.source_file === t.source_file);
  const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  const result = (value: number) => ({ value, passed: 0, candidates: 0 });
  switch (t.metric) {
    case 'candidates':
    case 'passed':
    case 'pass_rate':
    case 'certificates': {
      const rows = sameFile(facts.exam_results).filter((r) => t.certificate_id === null || r.certificate_id === t.certificate_id);
      if (rows.length === 0) return null;
      const candidates = sum(rows.map((r) => r.candidates));
      const passed = sum(rows.map((r) => r.passed));
      if (t.metric === 'certificates') return result(new Set(rows.map((r) => r.certificate_id)).size);
      return { value: t.metric === 'candidates' ? candidates : passed, passed, candidates };
    }
    case 'teachers_trained':
    case 'assessors': {
      const rows = sameFile(facts.teacher_training);
      const values = rows.map((r) => r[t.metric as 'teachers_trained' | 'assessors']);
      if (rows.length === 0 || values.every((v) => v === null)) return null;
      return result(sum(values));
    }
    case 'approved':
    case 'requested': {
      const rows = sameFile(facts.pilot_applications).filter((r) => t.batch === null || r.batch === t.batch);
      if (rows.length === 0) return null;
      return result(sum(rows.map((r) => r[t.metric as 'approved' | 'requested'])));
    }
    case 'programmes': {
      const rows = sameFile(facts.training_programmes);
      return rows.length === 0 ? null : result(rows.length);
    }
    case 'quota': {
      if (isQuotaTotalsRow(t)) {
        // The 合计 row: a city's cell totals that city's column; the 小计 cell totals the 小计 column.
        if (t.city === null) {
          const subtotals = programmeSubtotals(facts, t);
          if (subtotals.length > 0) return { ...result(sum(subtotals.map((s) => s.value))), basis: '各项目小计之和' };
        }
        const rows = sameFile(facts.training_quotas).filter((r) => r.source_table === t.source_table && (t.city === null || r.city === t.city));
        return rows.length === 0 ? null : result(sum(rows.map((r) => r.quota)));
      }
      const rows = sameFile(facts.training_quotas).filter((r) =>
        (t.city === null || r.city === t.city) && (r.programme === t.label || r.category === t.label));
      return rows.length === 0 ? null : result(sum(rows.map((r) => r.quota)));
    }
    default: {
      if (t.metric.startsWith('pilots')) {
        const level = t.metric.startsWith('pilots_') ? t.metric.slice('pilots_'.length) : null;
        const rows = sameFile(facts.pilot_applications).filter((r) => (t.batch === null || r.batch === t.batch));
        if (rows.length === 0) return null;
        return result(rows.filter((r) => level === null || r.level === level).length);
      }
      return null;
    }
  }
}
