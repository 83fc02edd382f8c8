import { describe, expect, it } from 'vitest';
import { passRateTable, quotaTotalsTable, quotasTable, traineesTable } from './tables';
import { PASS_RATE_ROWS, QUOTA_ROWS, QUOTA_TOTAL_ROWS, TRAINEE_ROWS } from '../../charts/fixtures/seed';

describe('passRateTable — seed 004', () => {
  const table = passRateTable([...PASS_RATE_ROWS].reverse());
  it('lists certificates in chart order with n and interval', () => {
    expect(table.columns.map((c) => c.label)).toEqual(['证书', '考证人数', '通过人数', '通过率', '95% 区间', '学校数']);
    expect(table.rows[0]).toEqual(['数字媒体交互设计', '100', '100', '100.0%', '96.3%–100.0%', '1']);
    expect(table.rows[4]).toEqual(['智能财税', '335', '315', '94.0%', '91.0%–96.1%', '1']);
    expect(table.rows[15]).toEqual(['建筑信息模型（BIM）', '71', '11', '15.5%', '8.9%–25.7%', '1']);
  });
  it('totals to the headline figures', () => {
    expect(table.footer).toEqual([['合计', '1,479', '1,185', '80.1%', '', '']]);
  });
});

describe('traineesTable — seeds 001 + 004', () => {
  it('prints — where a college has no figure', () => {
    expect(traineesTable(TRAINEE_ROWS).rows).toEqual([
      ['中山火炬职业技术学院', '中山市', '1,659', '1,662', '—', '—', '—'],
      ['广州城市职业学院', '广州市', '—', '—', '1,479', '1,185', '91'],
    ]);
  });
});

describe('quotasTable — seed 003', () => {
  const table = quotasTable(QUOTA_ROWS, QUOTA_TOTAL_ROWS);
  it('is programme × city with a row total', () => {
    expect(table.columns.map((c) => c.label)).toEqual(['专业类别或专题', '培训项目', '杭州市', '宁波市', '温州市', '舟山市', '合计']);
    expect(table.rows[1]).toEqual(['旅游服务类', '专业带头人领军能力研修', '7', '6', '4', '—', '17']);
  });
  it('ends with the computed and the stated city totals', () => {
    expect(table.footer).toEqual([
      ['各市合计', '', '86', '86', '70', '20', '262'],
      ['文件所列合计', '', '85', '85', '69', '20', '259'],
    ]);
    expect(table.caption).toBe('各市培训名额（文件“合计”行与逐项相加不一致的城市：杭州市、宁波市、温州市）');
  });
});

describe('quotaTotalsTable — seed 003, annex 2 合计 row', () => {
  const table = quotaTotalsTable(QUOTA_ROWS, QUOTA_TOTAL_ROWS);
  it('has one row per city: computed total, stated total, difference, share', () => {
    expect(table.rows).toEqual([
      ['杭州市', '86', '85', '+1', '14.6%'],
      ['宁波市', '86', '85', '+1', '14.6%'],
      ['温州市', '70', '69', '+1', '11.9%'],
      ['舟山市', '20', '20', '0', '3.4%'],
    ]);
    expect(table.warnRows).toEqual([true, true, true, false]);
    expect(table.footer).toEqual([['合计', '262', '259', '+3', '']]);
  });
});
