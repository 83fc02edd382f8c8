/**
 * The "data truth" checks of DESIGN.md, as pure functions over one import's
 * facts. They never change a figure; they describe what does not add up.
 */
import type { FactSet, Finding, Source, StatedTotal } from './facts.js';
import { formatPercent, parseRate, rateAgrees } from './numbers.js';

interface Names {
  certificate(id: number): string;
}

function finding(
  severity: Finding['severity'],
  code: string,
  message: string,
  at: Partial<Source> & { source_column?: string | null },
  printed?: string | number | null,
  expected?: string | number | null,
  ref?: object,
): Finding {
  return {
    ref,
    severity,
    code,
    message,
    source_file: at.source_file ?? null,
    source_table: at.source_table ?? null,
    source_row: at.source_row ?? null,
    source_column: at.source_column ?? null,
    printed_value: printed === undefined || printed === null ? null : String(printed),
    expected_value: expected === undefined || expected === null ? null : String(expected),
  };
}

export function checkFacts(facts: FactSet, names: Names): Finding[] {
  return [
    ...checkExamRows(facts, names),
    ...checkApplications(facts, names),
    ...checkSequences(facts),
    ...checkDuplicateRows(facts, names),
    ...checkStatedTotals(facts),
  ];
}

function checkExamRows(facts: FactSet, names: Names): Finding[] {
  const out: Finding[] = [];
  for (const r of facts.exam_results) {
    const cert = names.certificate(r.certificate_id);
    if (r.passed > r.candidates) {
      out.push(finding('error', 'passed_exceeds_candidates', `${cert}：通过人数 ${r.passed} 大于考证人数 ${r.candidates}`, { ...r, source_column: '通过人数' }, r.passed, `≤ ${r.candidates}`, r));
    }
    if (r.candidates === 0 && r.passed === 0) {
      out.push(finding('info', 'no_candidates', `${cert}：考证人数为 0，无法计算通过率`, { ...r, source_column: '考证人数' }, 0, null, r));
    }
    if (r.stated_rate_printed) {
      const stated = parseRate(r.stated_rate_printed);
      if (!stated) {
        out.push(finding('warning', 'unreadable_rate', `${cert}：通过率“${r.stated_rate_printed}”无法识别`, { ...r, source_column: '通过率' }, r.stated_rate_printed, null, r));
      } else if (r.candidates > 0 && !rateAgrees(stated, r.passed, r.candidates)) {
        const actual = formatPercent(r.passed / r.candidates, Math.max(1, stated.percentDecimals));
        out.push(finding('warning', 'stated_rate_mismatch',
          `${cert}：所列通过率 ${r.stated_rate_printed} 与 ${r.passed}/${r.candidates} = ${actual} 不符（按原样保留）`,
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
      out.push(finding('warning', 'approved_exceeds_requested',
        `${cert}：批准培训人数 ${r.approved} 大于申请培训人数 ${r.requested}（按原样保留）`,
        { ...r, source_column: '批准总培训人数' }, r.approved, `≤ ${r.requested}`, r));
    }
    if (r.level_truncated) {
      out.push(finding('warning', 'truncated_name', `证书名称被截断：“${r.certificate_as_printed}”，等级按“${r.level}”识别`,
        { ...r, source_column: '证书名称' }, r.certificate_as_printed, `${cert}(${r.level})`, r));
    } else if (r.level === null) {
      out.push(finding('warning', 'missing_level', `${cert}：未注明证书等级`, { ...r, source_column: '证书名称' }, r.certificate_as_printed, null, r));
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
          out.push(finding('warning', 'duplicate_sequence', `序号 ${r.printed_seq} 重复出现（第 ${r.source_row} 行）`, { ...r, source_column: '序号' }, r.printed_seq, highest + 1, r));
        } else if (r.printed_seq !== highest + 1) {
          out.push(finding('warning', 'skipped_sequence', `序号不连续：${highest} 之后为 ${r.printed_seq}`, { ...r, source_column: '序号' }, r.printed_seq, highest + 1, r));
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
        out.push(finding('warning', 'duplicate_row', `${names.certificate(r.certificate_id)}${level}在同一表中出现两次（第 ${first} 行和第 ${r.source_row} 行），合计时会重复计算`, { ...r, source_column: '证书' }, r.source_row, first, r));
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
 * against the fact rows of the same document. Figures with no facts to check
 * them against (e.g. students trained) are left alone.
 */
function checkStatedTotals(facts: FactSet): Finding[] {
  const out: Finding[] = [];
  for (const t of facts.stated_totals) {
    const computed = computeTotal(facts, t);
    if (computed === null || t.value === null) continue;
    const where = t.source_table === 'narrative' ? `正文“${t.label}”` : t.label === '合计' ? '合计行' : `“${t.label}”小计`;
    const level = t.metric.startsWith('pilots_') ? t.metric.slice('pilots_'.length) : '';
    const what = [t.city, t.batch ? `“${t.batch}”批次` : null, level ? `${level}试点数` : (METRIC_ZH[t.metric] ?? t.metric)].filter(Boolean).join('');
    const at = { source_file: t.source_file, source_table: t.source_table, source_column: t.metric };
    if (t.metric === 'pass_rate') {
      const stated = parseRate(t.value_as_printed);
      if (stated && computed.candidates > 0 && !rateAgrees(stated, computed.passed, computed.candidates)) {
        const actual = formatPercent(computed.passed / computed.candidates, Math.max(1, stated.percentDecimals));
        out.push(finding('warning', 'total_mismatch', `${where}所列${what} ${t.value_as_printed} 与明细 ${computed.passed}/${computed.candidates} = ${actual} 不符`, at, t.value_as_printed, actual, t));
      }
      continue;
    }
    if (Math.abs(computed.value - t.value) > 1e-9) {
      const code = t.source_table === 'narrative' ? 'narrative_total_mismatch' : 'total_mismatch';
      out.push(finding('warning', code, `${where}所列${what} ${t.value_as_printed} 与明细之和 ${computed.value} 不符（差 ${computed.value - t.value}）`, at, t.value_as_printed, computed.value, t));
    }
  }
  return out;
}

function computeTotal(facts: FactSet, t: StatedTotal): { value: number; passed: number; candidates: number } | null {
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
      const rows = sameFile(facts.training_quotas).filter((r) =>
        (t.city === null || r.city === t.city) &&
        (t.label === '合计' || r.programme === t.label || r.category === t.label));
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
