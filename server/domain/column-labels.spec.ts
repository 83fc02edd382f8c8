import { describe, expect, it } from 'vitest';
import { columnLabel, valueLabel } from './column-labels';

describe('columnLabel — headers people read (XLSX, CSV headers=zh, printed report)', () => {
  it.each([
    ['漏斗位置（below_998/below_95/within/above_95/above_998）', 'position', '漏斗位置'],
    ['结论（below/above/no_difference/no_comparison）', 'verdict', '结论'],
    ['等级（空 = 各等级合计或未分等级）', 'level', '等级（空 = 各等级合计或未分等级）'],
    ['95%区间下限', 'ci_low', '95%区间下限'],
    [undefined, 'school', 'school'],
  ])('%s → %s', (label, name, expected) => {
    expect(columnLabel(label, name)).toBe(expected);
  });
});

describe('valueLabel — coded values in words', () => {
  it.each([
    ['position', 'below_998', '低于 99.8% 控制限'],
    ['position', 'within', '在控制限内'],
    ['verdict', 'no_comparison', '无可比数据'],
    ['severity', 'warning', '警告'],
    ['small_sample', true, '是'],
    ['school', '广州城市职业学院', '广州城市职业学院'],
    ['pass_rate', 0.801, 0.801],
  ])('%s = %s → %s', (column, value, expected) => {
    expect(valueLabel(column, value)).toBe(expected);
  });
});
