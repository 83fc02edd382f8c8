/**
 * What a headline tile's scope lacks, in words: a province with a quota table
 * and no school reports (浙江省 in the seeds) shows "—" on every tile, and
 * each tile must say why rather than look broken or like a zero.
 */
import type { OverviewTotalsRow } from '../../queries';

export type Source = 'exam' | 'application' | 'teacher';

/**
 * A list of years as people write it: runs become ranges.
 * @example yearSpan('2020、2021、2022、2024') // '2020–2022、2024'
 * @example yearSpan(null) // null
 */
export function yearSpan(list: string | null | undefined): string | null {
  if (!list) return null;
  const years = list.split('、').map(Number).filter(Number.isFinite).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    parts.push(j > i ? `${years[i]}–${years[j]}` : String(years[i]));
    i = j + 1;
  }
  return parts.join('、');
}

const SOURCE_NAMES: Record<Source, string> = { exam: '考核结果', application: '试点申报', teacher: '师资培训' };

/** The other sources this scope does have, e.g. 只有名额分配表（2020 年）. */
function has(t: OverviewTotalsRow, except: Source): string {
  const parts: string[] = [];
  if (except !== 'exam' && t.exam_years) parts.push(`考核结果（${yearSpan(t.exam_years)} 年）`);
  if (except !== 'application' && t.application_years) parts.push(`试点申报（${yearSpan(t.application_years)} 年）`);
  if (except !== 'teacher' && t.teacher_years) parts.push(`师资培训（${yearSpan(t.teacher_years)} 年）`);
  if (t.quota_years) parts.push(`名额分配表（${yearSpan(t.quota_years)} 年）`);
  return parts.length ? `，只有${parts.join('、')}` : '';
}

/**
 * The note under a tile whose source has no rows in this scope; undefined when it has them.
 * @example missingNote({ …, exam_years: null, quota_years: '2020' }, 'exam') // '没有考核结果数据，只有名额分配表（2020 年）'
 */
export function missingNote(t: OverviewTotalsRow | null | undefined, source: Source): string | undefined {
  if (!t) return undefined;
  const years = source === 'exam' ? t.exam_years : source === 'application' ? t.application_years : t.teacher_years;
  if (years) return undefined;
  return `没有${SOURCE_NAMES[source]}数据${has(t, source)}`;
}

/** The years a tile's figure covers, e.g. 2020 年 (so a 2021 figure is not read beside a 2020 one unnoticed). */
export function yearsNote(t: OverviewTotalsRow | null | undefined, source: Source): string | undefined {
  const years = !t ? null : source === 'exam' ? t.exam_years : source === 'application' ? t.application_years : t.teacher_years;
  return years ? `${yearSpan(years)} 年` : undefined;
}
