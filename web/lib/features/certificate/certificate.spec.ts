import { describe, expect, it } from 'vitest';
import { feeText, hoursText, offerRows, pilotRows, programmeRows, examEmptyText } from './certificate';

describe('certificate page tables — seeds 000 and 003', () => {
  it.each([
    [{ fee_per_person: 4800, fee_is_cap: false }, '4,800 元/人'],
    [{ fee_per_person: 3200, fee_is_cap: true }, '≤ 3,200 元/人'],
    [{ fee_per_person: null, fee_is_cap: null }, '—'],
  ])('feeText(%o) → %s', (row, text) => expect(feeText(row)).toBe(text));

  it.each([
    [{ hours_online: 45, hours_total: null, days_offline: 6 }, '线上 ≥45 学时 · 线下 6 天'],
    [{ hours_online: null, hours_total: 80, days_offline: 5 }, '共 80 学时 · 线下 5 天'],
    [{ hours_online: null, hours_total: null, days_offline: null }, '—'],
  ])('hoursText(%o) → %s', (row, text) => expect(hoursText(row)).toBe(text));

  it('offers: 动画制作 中级 4800 元 (seed 000); the cap is explained', () => {
    const [anim, tax] = offerRows([
      { provider: '中国动漫集团有限公司', organiser: '天津龙奇教育信息咨询有限公司', level: '中级', fee_per_person: 4800, fee_is_cap: false, hours_online: 45, hours_total: null, days_offline: 6, year: 2024, note: '线下 5—6 天', source: '000 · notice · 第 1 行', place: '中国动漫集团关于开展1+X动画制作职业技能等级证书2024年试点院校师资培训的通知 · 正文 · 第 1 行' },
      { provider: '浙江经贸职业技术学院', organiser: '中联集团教育科技有限公司', level: null, fee_per_person: 3200, fee_is_cap: true, hours_online: null, hours_total: 80, days_offline: 5, year: 2020, note: null, source: '003', place: null },
    ]);
    expect(anim!.cells.fee!.text).toBe('4,800 元/人');
    expect(anim!.cells.hours!.sub).toBe('线下 5—6 天');
    expect(tax!.cells.fee).toMatchObject({ text: '≤ 3,200 元/人', sub: '上限（按 10 天计）' });
  });

  it('programmes link the host school; pilots flag approved > requested', () => {
    const [p] = programmeRows([{ province: '浙江省', year: 2020, host: '浙江经贸职业技术学院', host_school_id: 7, partner_organisation: '中联集团教育科技有限公司', audience: 'x', format: '5天线下、5天线上（共80学时）', hours: 80, source: '003', place: null }]);
    expect(p!.cells.host).toMatchObject({ text: '浙江经贸职业技术学院', href: '/schools/7' });
    expect(p!.cells.format!.sub).toBe('80 学时');
    const [q] = pilotRows([{ school: '中山火炬职业技术学院', school_id: 2, year: 2021, batch: '第一次', level: '初级', majors: '数字媒体应用技术', student_scale: 182, requested: 101, approved: 104, status: '审核通过' }]);
    expect(q!.tone).toBe('warn');
  });
});

describe('examEmptyText — why a certificate page has no exam chart', () => {
  it.each([
    // 动画制作 (seed 000: a training notice only) has no exam results anywhere.
    [null, {}, '这个证书在数据中还没有考核结果', '导入院校的考核结果报告'],
    [null, { year: '2020' }, '这个证书在数据中还没有考核结果', '导入院校的考核结果报告'],
    // 智能财税 has 2020 results (seed 004); 2021 in 浙江省 has none.
    ['2020', { year: '2021', province: '浙江省' }, '2021 年 · 浙江省没有这个证书的考核结果', '有考核结果的年份：2020'],
  ] as const)('exam years %s, filters %o → %s', (years, filters, title, hint) => {
    const t = examEmptyText(years, filters);
    expect(t.title).toBe(title);
    expect(t.hint).toContain(hint);
    expect(t.title + t.hint).not.toContain('当前筛选条件');
  });
});
