import { describe, expect, it } from 'vitest';
import { buildQuotaStatedOption } from './quota-stated';
import { QUOTA_TOTAL_ROWS } from './fixtures/seed';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe('buildQuotaStatedOption — seed 003 annex 2 city totals: the unit is said (issue 14)', () => {
  const option = buildQuotaStatedOption(QUOTA_TOTAL_ROWS) as Loose;
  it('names the value axis with its unit, 人', () => {
    expect(option.yAxis.name).toBe('名额（人）');
  });
  it('says 人 after each figure in the tooltip', () => {
    const html: string = option.tooltip.formatter({ dataIndex: 0 });
    expect(html).toContain('<b>86</b> 人');
    expect(html).toContain('85 人');
  });
});
