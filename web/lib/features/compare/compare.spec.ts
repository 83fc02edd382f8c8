import { describe, expect, it } from 'vitest';
import { chosenSchools, compareSearch, namedSchool, parseCompare, rankingRows, sideBySideTable, summarise, toggleSchool } from './compare';
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
