import { describe, expect, it } from 'vitest';
import { chosenSchools, compareSearch, dispersionText, namedSchool, pageCount, pageNumber, parseCompare, rankingRows, resolveLimits, searchPoints, sideBySideTable, summarise, toggleSchool } from './compare';
import type { FunnelDispersionRow } from '../../queries';
import { SCHOOL_COMPARISON_ROWS, SIDE_BY_SIDE_ROWS } from '../../charts/fixtures/views';

describe('compare page state in the URL', () => {
  it('round-trips the filters in a fixed key order', () => {
    const state = parseCompare(new URLSearchParams('year=2020&certificate=26&schools=1,102&sort=rate-desc&colour=red'));
    expect(state).toMatchObject({ certificate: '26', year: '2020', schools: '1,102', sort: 'rate-desc', province: '' });
    expect(compareSearch(state)).toBe('certificate=26&year=2020&schools=1%2C102&sort=rate-desc');
  });
  it('chooses 2–6 schools: ids only, no repeats, a seventh refused', () => {
    expect(chosenSchools('1, 2,2,x,3')).toEqual(['1', '2', '3']);
    expect(toggleSchool('1,2', '2')).toBe('1');
    expect(toggleSchool('1,2', '3')).toBe('1,2,3');
    expect(toggleSchool('1,2,3,4,5,6', '7')).toBe('1,2,3,4,5,6');
  });
});

describe('compare tables — compare fixture (智能财税 2020)', () => {
  it('summarises the schools and names those outside the limits', () => {
    const s = summarise(SCHOOL_COMPARISON_ROWS);
    expect([s.schools, s.candidates, s.passed]).toEqual([4, 660, 558]);
    expect(s.below.map((r) => r.school)).toEqual(['中山火炬职业技术学院', '测试学院乙']);
    expect(s.above.map((r) => r.school)).toEqual(['广州城市职业学院']);
    expect(s.small.map((r) => r.school)).toEqual(['测试学院甲']);
    expect(namedSchool(s.below[0]!)).toBe('中山火炬职业技术学院 70.0%（n=120，低于 99.8% 控制限）');
  });
  it('ranks with links to each school, the funnel position as a badge, small samples flagged', () => {
    const rows = rankingRows(SCHOOL_COMPARISON_ROWS);
    expect(rows[0]!.cells.school).toMatchObject({ text: '广州城市职业学院', href: '/schools/1' });
    expect(rows[0]!.tone).toBe('good');
    expect(rows[2]!.cells.position).toMatchObject({ text: '低于 99.8% 控制限', badge: 'bad' });
    expect(rows[3]!.cells.candidates).toMatchObject({ text: '5', sub: '样本小' });
    expect(rows[1]!.cells.ci!.text).toBe('71.8%–83.2%');
  });
  it('a peer outside the scope (院校 A, no id) gets no link and says it is anonymous; keys stay distinct', () => {
    const peers = SCHOOL_COMPARISON_ROWS.slice(0, 2).map((r, i) => ({ ...r, school: `院校 ${'AB'[i]}`, school_id: null, city: null, school_type: null }));
    const rows = rankingRows(peers);
    expect(rows[0]!.cells.school).toEqual({ text: '院校 A', sort: '院校 A', sub: '范围外院校（匿名）' });
    expect(rows.map((r) => r.key)).toEqual(['peer:院校 A', 'peer:院校 B']);
  });
  it('side by side: a column per school, `—` where a school has no result', () => {
    const t = sideBySideTable(SIDE_BY_SIDE_ROWS);
    expect(t.columns.map((c) => c.label)).toEqual(['证书', '广州城市职业学院', '测试学院乙']);
    expect(t.rows.map((r) => [r.cells.certificate!.text, r.cells.s1!.text, r.cells.s102!.text])).toEqual([
      ['智能财税', '94.0%', '78.0%'],
      ['物流管理', '95.8%', '75.0%'],
      ['建筑信息模型（BIM）', '15.5%', '—'],
    ]);
    expect(t.rows[0]!.cells.s102!.sub).toBe('156/200 · 71.8%–83.2%');
  });
});

describe('compare page for thousands of schools', () => {
  it('draws τ² limits unless the URL asks for plain or φ; pages are 1-based and bounded', () => {
    expect(resolveLimits({ limits: '' })).toBe('tau2');
    expect(resolveLimits({ limits: 'plain' })).toBe('plain');
    expect(resolveLimits({ limits: 'wide' })).toBe('tau2');
    expect([pageNumber(''), pageNumber('3'), pageNumber('0'), pageNumber('2.5'), pageNumber('x')]).toEqual([1, 3, 1, 1, 1]);
    expect([pageCount(0, 20), pageCount(20, 20), pageCount(5673, 20)]).toEqual([1, 1, 284]);
    expect(compareSearch(parseCompare(new URLSearchParams('certificate=26&limits=phi&page=2&opage=3')))).toBe('certificate=26&limits=phi&page=2&opage=3');
  });

  it('finds schools by part of the name, biggest first, at most 8', () => {
    const pts = [
      { school: '广州城市职业学院', candidates: 335 },
      { school: '中山火炬职业技术学院', candidates: 120 },
      { school: '测试学院乙', candidates: 200 },
      { school: '', candidates: 999 },
    ];
    expect(searchPoints(pts, '学院')).toEqual([0, 2, 1]);
    expect(searchPoints(pts, ' 火炬 ')).toEqual([1]);
    expect(searchPoints(pts, '')).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => ({ school: `学院${i}`, candidates: i }));
    expect(searchPoints(many, '学院')).toEqual([19, 18, 17, 16, 15, 14, 13, 12]);
  });

  it('says the estimates, the schools outside each kind of limits and which are drawn (national figures of the generated set)', () => {
    const base = { schools: 5673, pooled_rate: 0.338, phi: 4.022412766102982, chi2_95: 5848.32, phi_applied: true, tau2: 0.008458539410399384, tau: 0.0919, below_998: 0, below_95: 0, above_95: 0, above_998: 0, outside_998: 0 };
    const rows: FunnelDispersionRow[] = [
      { ...base, limits: 'plain', outside_95: 2227 },
      { ...base, limits: 'phi', outside_95: 757 },
      { ...base, limits: 'tau2', outside_95: 798 },
    ];
    const t = dispersionText(rows, 'tau2')!;
    expect(t.estimate).toBe('过度离散：φ̂ = 4.02（I·φ̂ = 22,819 超过 χ²(5,672) 的 95% 分位 5,848，院校间差异显著大于偶然；φ 调整把界限放宽 2.01 倍）；τ̂ = 9.2 个百分点（τ̂² = 0.00846）。');
    expect(t.counts).toBe('落在 95% 控制限外的院校：二项分布 2,227 所 · 乘性 φ 调整 757 所 · 随机效应 τ² 调整 798 所（共 5,673 所）。');
    expect(t.drawn).toBe('图中画的是随机效应 τ² 调整的控制限。');
    const calm = dispersionText(rows.map((r) => ({ ...r, phi: 0.42, phi_applied: false, tau2: 0 })), 'plain')!;
    expect(calm.estimate).toBe('过度离散：φ̂ = 0.42（I·φ̂ 未超过 χ²(5,672) 的 95% 分位 5,848，没有显著的过度离散：φ 调整不放宽界限）；τ̂² = 0（院校间没有多于偶然的差异）。');
    expect(dispersionText(rows.map((r) => ({ ...r, schools: 1 })), 'plain')).toBeNull();
  });

  it('links each ranked school to add it to (or take it out of) the side-by-side choice', () => {
    const rows = rankingRows(SCHOOL_COMPARISON_ROWS, (id) => (id === '2' ? null : `?schools=${id}`));
    expect(rows[0]!.cells.side).toEqual({ text: '加入 / 移出', href: '?schools=1' });
    expect(rows[2]!.cells.side).toEqual({ text: '—' });
  });
});
