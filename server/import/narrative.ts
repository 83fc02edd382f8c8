/**
 * Figures a report states in its text (`参与考证人数 1479 人`, `新增…第一批次
 * 1+X 证书试点 12 个，其中…中级证书试点 10 个`, `组织…等 180名…`). They become
 * stated totals, which the data-truth checks compare with the tables; a figure
 * with nothing to compare against is kept as printed all the same.
 *
 * Each figure is recognised by its unit and the words of its clause. A batch
 * (`第一批次`, `沿用批次`) named in a clause holds for the rest of its paragraph,
 * and a heading (`一、第二批试点证书范围`) for the paragraphs under it.
 */
import type { StatedTotal } from '../domain/facts.js';
import { LEVELS, type Level } from '../domain/certificate-names.js';
import { similarity } from './text-cells.js';
import type { Paragraph } from './report-text.js';

export interface NarrativeContext {
  sourceFile: string;
  schoolId: number | null;
  year: number | null;
  /** Batch labels the document's tables use (`第一次`, `沿用批次`), to map `第一批次` onto. */
  batches: Set<string>;
  /** Categories of the document's quota tables (`专业带头人领军能力研修` …). */
  categories: string[];
}

export interface NarrativeFigure {
  total: StatedTotal;
  line: number;
}

const BATCH = /(第[一二三四五六七八九十\d]+批次?|沿用批次)/u;
const FIGURE = /(\d+(?:\.\d+)?)\s*(%|人|个|名|项)/gu;

function clauses(text: string): string[] {
  return text.split(/[，,；;。！？!?]/u).map((c) => c.trim()).filter(Boolean);
}

/** `第一批次` → `第一次` when the tables call it that. */
function tableBatch(printed: string, batches: Set<string>): string {
  if (batches.has(printed)) return printed;
  const short = printed.replace('批', '');
  if (batches.has(short)) return short;
  return printed;
}

function metricOf(clause: string, unit: string, value: string, index: number, batch: string | null): string | null {
  const before = clause.slice(0, index);
  const after = clause.slice(index + value.length);
  switch (unit) {
    case '%':
      return /通过率|合格率|取证率/u.test(clause) ? 'pass_rate' : null;
    case '人':
      if (/通过(考核)?人数|合格人数|获证人数|取证人数/u.test(clause)) return 'passed';
      if (/考证人数|报考人数|参考人数|考核人数|考试人数/u.test(clause)) return 'candidates';
      if (/考评员/u.test(clause)) return 'assessors';
      if (/学生培训|培训学生/u.test(clause)) return 'students_trained';
      if (/完成考核/u.test(clause)) return 'students_examined';
      if (/获批.*培训|批准.*培训/u.test(clause)) return 'approved';
      if (/计划.*培训/u.test(clause)) return 'trainees_planned';
      if (/师资/u.test(clause) && /培训/u.test(clause)) return 'teachers_trained';
      return null;
    case '个': {
      // `证书试点 12 个` with a batch: pilots (by level when named); `16 个…证书`, `证书 16 个`: certificates.
      const levelBefore = /(初|中|高)级证书试点\s*$/u.exec(before);
      if (/证书试点\s*$/u.test(before) && batch) return levelBefore ? `pilots_${levelBefore[1]}级` : 'pilots';
      if (/(试点证书|证书试点|证书)\s*$/u.test(before)) return 'certificates';
      if (/^\s*(职业技能等级)?证书/u.test(after)) return 'certificates';
      return null;
    }
    case '项':
      return /培训/u.test(after) ? 'programmes' : null;
    default:
      return null;
  }
}

/**
 * @example narrativeFigures([{ text: '参与考证人数 1479 人。', line: 7, heading: null }], ctx)[0].total.metric // 'candidates'
 */
export function narrativeFigures(paragraphs: Paragraph[], ctx: NarrativeContext): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  const seen = new Set<string>();
  const push = (line: number, label: string, metric: string, printed: string, batch: string | null) => {
    const key = `${metric}\u0000${printed}\u0000${batch ?? ''}`;
    if (seen.has(key)) return; // the same figure stated twice (a list of notes repeats the body)
    seen.add(key);
    const value = metric === 'pass_rate' ? Number(printed.replace('%', '')) / 100 : Number(printed);
    out.push({
      line,
      total: {
        source_file: ctx.sourceFile,
        source_table: 'narrative',
        label,
        school_id: ctx.schoolId,
        year: ctx.year,
        certificate_id: null,
        city: null,
        batch,
        metric,
        value,
        value_as_printed: printed,
        note: null,
      },
    });
  };
  for (const p of paragraphs) {
    const headingBatch = p.heading ? (BATCH.exec(p.heading)?.[1] ?? null) : null;
    let batch: string | null = null;
    // A numbered item whose title names a quota category: `1.专业带头人领军能力研修。组织…等 180名…`.
    const item = /^\d+\s*[.．、]\s*([^。]+)。/u.exec(p.text);
    let categoryDone = false;
    for (const clause of clauses(p.text)) {
      const b = BATCH.exec(clause)?.[1];
      if (b) batch = b;
      for (const m of clause.matchAll(FIGURE)) {
        const [whole, value, unit] = m;
        if (unit === '名') {
          if (categoryDone || !item || ctx.categories.length === 0) continue;
          const title = item[1]!;
          const best = ctx.categories.map((c) => ({ c, s: similarity(title, c) })).sort((a, b2) => b2.s - a.s)[0]!;
          if (best.s < 0.3) continue;
          categoryDone = true;
          push(p.line, best.c, 'quota', value!, null);
          continue;
        }
        const metric = metricOf(clause, unit!, whole!, m.index!, batch ?? headingBatch);
        if (!metric) continue;
        const printed = unit === '%' ? `${value}%` : value!;
        const label = metric === 'programmes' && p.heading ? p.heading.replace(/^（[一二三四五六七八九十]+）/u, '').replace(/[。.]$/u, '') : clause;
        const figureBatch = metric.startsWith('pilots') || metric === 'approved' || metric === 'certificates' ? (batch ?? headingBatch) : null;
        push(p.line, label, metric, printed, figureBatch ? tableBatch(figureBatch, ctx.batches) : null);
      }
    }
  }
  return out;
}

export function levelOfMetric(metric: string): Level | null {
  const l = metric.startsWith('pilots_') ? metric.slice('pilots_'.length) : '';
  return (LEVELS as readonly string[]).includes(l) ? (l as Level) : null;
}
