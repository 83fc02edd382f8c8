/**
 * The pages the rule tests walk: every route of the app, on the default data
 * and in a filtered view, plus a report holding every chart of the catalogue
 * with its table. Admin-only pages are marked; the walker signs in first.
 */
import { CHARTS } from '../../../web/lib/charts/catalogue.js';

/** Parameters that give every catalogue chart data on the seeds (school 1 = 广州城市职业学院, certificate 26 = 智能财税). */
const REPORT_PARAMS: Record<string, string> = { school: '1', schools: '1', certificate: '26', province: '浙江省', year: '2020' };

export function fullReportPath(): string {
  const s = new URLSearchParams();
  s.set('title', '全部图表');
  for (const def of Object.values(CHARTS)) {
    const p = new URLSearchParams();
    for (const k of def.required ?? []) p.set(k, REPORT_PARAMS[k]!);
    // Quota charts read a province; exam charts read the seeds' province of exam results.
    if (def.accepts.includes('province') && !def.required?.includes('province') && def.id.includes('quota')) p.set('province', '浙江省');
    const qs = p.toString();
    s.append('item', qs ? `${def.id}?${qs}` : def.id);
  }
  s.set('tables', '1');
  return `/report?${s.toString()}`;
}

export interface PageVisit { path: string; admin?: boolean; label: string }

export const PAGES: PageVisit[] = [
  { label: '总览', path: '/' },
  { label: '总览（筛选：2020 广东省）', path: `/?year=2020&province=${encodeURIComponent('广东省')}` },
  { label: '总览（筛选：浙江省）', path: `/?province=${encodeURIComponent('浙江省')}` },
  { label: '院校对比', path: '/compare' },
  { label: '院校对比（筛选）', path: `/compare?certificate=26&year=2020&province=${encodeURIComponent('广东省')}` },
  { label: '名额', path: '/quotas' },
  { label: '名额（筛选）', path: `/quotas?province=${encodeURIComponent('浙江省')}&year=2020` },
  { label: '学校', path: '/schools/1' },
  { label: '学校（筛选）', path: '/schools/1?year=2020' },
  { label: '证书', path: '/certificates/26' },
  { label: '证书（筛选）', path: `/certificates/26?year=2020&province=${encodeURIComponent('广东省')}` },
  { label: '证书（无考核结果）', path: `/certificates/${encodeURIComponent('动画制作')}` },
  { label: '报告（全部图表）', path: fullReportPath() },
  { label: '导入', path: '/import', admin: true },
  { label: 'SQL', path: '/sql', admin: true },
  { label: '用户', path: '/users', admin: true },
  { label: '审计', path: '/audit', admin: true },
  { label: '404', path: '/no-such-page' },
  { label: '404（学校）', path: '/schools/999999' },
];

/** Waits until the page has drawn: no request in flight and no chart card still loading. */
export async function settle(page: import('playwright-core').Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"], [aria-busy="true"]').length === 0, undefined, { timeout: 30_000 }).catch(() => {});
}
