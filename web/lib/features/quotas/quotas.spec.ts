import { describe, expect, it } from 'vitest';
import { checkRows, matrixGrid, totalFooter, totalRows } from './quotas';
import { QUOTA_ROWS, QUOTA_TOTAL_ROWS } from '../../charts/fixtures/seed';

describe('quota tables — seed 003 annex 2', () => {
  it('city totals: computed vs the 合计 row, the difference marked, the share', () => {
    const rows = totalRows(QUOTA_TOTAL_ROWS);
    expect(rows.map((r) => [r.cells.city!.text, r.cells.quota!.text, r.cells.stated!.text, r.cells.difference!.text, r.tone])).toEqual([
      ['杭州市', '86', '85', '+1', 'warn'],
      ['宁波市', '86', '85', '+1', 'warn'],
      ['温州市', '70', '69', '+1', 'warn'],
      ['舟山市', '20', '20', '一致', null],
    ]);
    expect(rows[0]!.cells.share!.text).toBe('14.6%');
    expect(totalFooter(QUOTA_TOTAL_ROWS)[0]!.cells).toMatchObject({ quota: { text: '262' }, stated: { text: '259' }, difference: { text: '+3' } });
  });
  it('matrix: programme × city with 小计, the on-demand programme as 按需, then computed and stated city totals', () => {
    const g = matrixGrid(QUOTA_ROWS, QUOTA_TOTAL_ROWS);
    expect(g.columns.map((c) => c.label)).toEqual(['专业类别或专题', '培训项目', '杭州市', '宁波市', '温州市', '舟山市', '小计']);
    expect(g.rows[1]!.cells).toMatchObject({ programme: { text: '旅游服务类' }, c0: { text: '7' }, c3: { text: '—' }, total: { text: '17' } });
    expect(g.rows.at(-1)!.cells).toMatchObject({ programme: { text: '食品、农产品检测及质量安全' }, c0: { text: '按需' }, total: { text: '30' } });
    expect(g.footer.map((r) => r.cells.c0!.text)).toEqual(['86', '85*']);
    expect(g.footer[1]!.cells.c3!.text).toBe('20');
  });
  it('checks: 一致 or the signed difference', () => {
    const rows = checkRows([
      { kind: 'programme', label: '旅游服务类', category: '专业带头人领军能力研修', host: '浙江师范大学', computed: 40, stated: 40, difference: 0, sort_order: 2 },
      { kind: 'overall', label: '合计', category: null, host: null, computed: 650, stated: 650, difference: 0, sort_order: 2000 },
      { kind: 'category', label: 'X', category: 'X', host: null, computed: 31, stated: 30, difference: 1, sort_order: 1001 },
    ]);
    expect(rows.map((r) => [r.cells.kind!.text, r.cells.difference!.text])).toEqual([
      ['项目小计', '一致'],
      ['全部（合计行）', '一致'],
      ['类别（正文）', '+1'],
    ]);
  });
});
