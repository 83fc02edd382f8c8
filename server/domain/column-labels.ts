/**
 * How a named query's columns and coded values read to people: the one place
 * shared by the XLSX and `headers=zh` CSV exports (server) and the printed
 * report and page exports (web). A column's label is its `-- @column` text
 * without the list of codes kept there for API users; coded values (funnel
 * position, verdict, severity, booleans) get their Chinese words. Pure.
 */

/**
 * The header a person reads: the declared label without a trailing list of codes.
 * @example columnLabel('漏斗位置（below_998/below_95/within/above_95/above_998）') // '漏斗位置'
 * @example columnLabel('等级（空 = 各等级合计或未分等级）') // '等级（空 = 各等级合计或未分等级）'
 */
export function columnLabel(label: string | undefined, name: string): string {
  const text = (label ?? '').replace(/\s*[（(][a-z0-9_/\s]+[）)]\s*$/u, '').trim();
  return text || name;
}

/** Coded values per column name, in words. */
export const VALUE_LABELS: Record<string, Record<string, string>> = {
  position: {
    below_998: '低于 99.8% 控制限',
    below_95: '低于 95% 控制限',
    within: '在控制限内',
    above_95: '高于 95% 控制限',
    above_998: '高于 99.8% 控制限',
  },
  verdict: { below: '显著低于', above: '显著高于', no_difference: '差异不显著', no_comparison: '无可比数据' },
  severity: { error: '错误', warning: '警告', info: '提示' },
  kind: { programme: '项目', category: '类别', overall: '全部', year: '年份', province: '省份', city: '城市', school: '学校', level: '等级' },
  area_kind: { province: '省份', city: '城市', school: '学校', other: '其他' },
  grp: { top: '前列', other: '其他', bottom: '后列' },
  limits: { plain: '二项分布', phi: '乘性 φ 调整', tau2: '随机效应 τ² 调整' },
};

/**
 * A cell's coded value in words; other values unchanged.
 * @example valueLabel('position', 'below_95') // '低于 95% 控制限'
 * @example valueLabel('school', '广州城市职业学院') // '广州城市职业学院'
 */
export function valueLabel(column: string, value: unknown): unknown {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value !== 'string') return value;
  return VALUE_LABELS[column]?.[value] ?? value;
}
