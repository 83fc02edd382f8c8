/**
 * Issue 12, end to end: a two-year, two-province quota set (浙江 2021 beside
 * seed 003's 浙江 2020; 江苏 2020 and 2021) plus a second 浙江 2021 file that
 * overlaps the first (a correction, committed with overlap=replace). Every
 * figure the quota page and the overview read (city_quotas, city_quota_totals,
 * quota_programme_totals, quota_scopes) is compared with sums computed here,
 * from the files as written and from data/facts for seed 003.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readCsv } from '../../server/dataset/csv.js';
import { readConfig } from '../../server/config.js';
import { buildTestApp, query, type TestApp } from '../helpers/app.js';
import { postImport } from './helpers.js';

/** One quota row as a file prints it: category, programme, host, 小计, a figure per city ('' = not split), 备注. */
type Row = [string, string, string, number, (number | '')[], string];
interface QuotaFile { name: string; province: string; year: number; cities: string[]; rows: Row[] }

const ZJ = ['杭州', '宁波', '温州'];
const JS = ['南京', '苏州', '无锡'];
const ON_DEMAND = '专业教师总量较少，各地按需报名';
const zj2021 = (it: number[]): QuotaFile => ({
  name: '', province: '浙江省', year: 2021, cities: ZJ, rows: [
    ['专业带头人领军能力研修', '信息技术类', '浙江工业大学', 20, it, ''],
    ['专业带头人领军能力研修', '旅游服务类', '浙江师范大学', 15, [5, 5, 5], ''],
    ['“双师型”教师专业技能培训', '服装制版师、服装制作与生产管理', '浙江纺织服装职业技术学院', 30, ['', '', ''], ON_DEMAND],
  ],
});
const FIRST: QuotaFile = { ...zj2021([8, 7, 5]), name: '浙江2021名额.csv' };
const CORRECTED: QuotaFile = { ...zj2021([9, 6, 5]), name: '浙江2021名额（更正）.csv' };
const JS2020: QuotaFile = { name: '江苏2020名额.csv', province: '江苏省', year: 2020, cities: JS, rows: [
  ['骨干研修', '电子商务', '江苏经贸职业技术学院', 12, [5, 4, 3], ''],
  ['骨干研修', '机电一体化', '无锡职业技术学院', 9, [3, 3, 3], ''],
] };
const JS2021: QuotaFile = { name: '江苏2021名额.csv', province: '江苏省', year: 2021, cities: JS, rows: [
  ['骨干研修', '电子商务', '江苏经贸职业技术学院', 14, [6, 4, 4], ''],
  ['骨干研修', '机电一体化', '无锡职业技术学院', 10, [4, 3, 3], ''],
  ['骨干研修', '现代物流', '江苏海事职业技术学院', 8, ['', '', ''], ON_DEMAND],
] };

/** The file as a steward sends it, with a 合计 row: the 小计 total and each city's column. */
function csv(f: QuotaFile): string {
  const lines = [['培训项目', '专业类别或专题', '承担院校', '小计', ...f.cities, '备注'].join(',')];
  for (const [cat, prog, host, sub, cells, note] of f.rows) lines.push([cat, prog, host, sub, ...cells, note].join(','));
  const column = (i: number) => f.rows.reduce((n, r) => n + (r[4][i] === '' ? 0 : (r[4][i] as number)), 0);
  lines.push(['合计', '', '', f.rows.reduce((n, r) => n + r[3], 0), ...f.cities.map((_, i) => column(i)), ''].join(','));
  return lines.join('\n') + '\n';
}

/** Long-form facts of a file or of seed 003 (data/facts): province, year, programme, city (null = on demand), quota. */
interface Fact { province: string; year: number; category: string; programme: string; host: string; city: string | null; quota: number; file: string }
const factsOf = (f: QuotaFile): Fact[] => f.rows.flatMap(([category, programme, host, sub, cells]): Fact[] =>
  cells.every((c) => c === '') ? [{ province: f.province, year: f.year, category, programme, host, city: null, quota: sub, file: f.name }]
    : cells.map((c, i) => ({ province: f.province, year: f.year, category, programme, host, city: `${f.cities[i]}市`, quota: c as number, file: f.name })));
const dataDir = readConfig().dataDir;
const SEED003: Fact[] = readCsv(join(dataDir, 'facts', 'training_quotas.csv')).map((r) => ({
  province: r.province!, year: Number(r.year), category: r.category!, programme: r.programme!, host: r.host!, city: r.city || null, quota: Number(r.quota), file: r.source_file!,
}));
/** The 合计 row's city figures of seed 003 (data/facts/stated_totals.csv) and of our files. */
const SEED_STATED = new Map(readCsv(join(dataDir, 'facts', 'stated_totals.csv')).filter((r) => r.source_table === 'annex2' && r.label === '合计' && r.city).map((r) => [r.city!, Number(r.value)]));
const statedOf = (f: QuotaFile) => new Map(f.cities.map((c, i) => [`${c}市`, f.rows.reduce((n, r) => n + (r[4][i] === '' ? 0 : (r[4][i] as number)), 0)]));

// What the database should hold once FIRST is replaced by CORRECTED.
const ALL: Fact[] = [...SEED003, ...factsOf(CORRECTED), ...factsOf(JS2020), ...factsOf(JS2021)];
const STATED: { province: string; year: number; stated: Map<string, number> }[] = [
  { province: '浙江省', year: 2020, stated: SEED_STATED },
  { province: '浙江省', year: 2021, stated: statedOf(CORRECTED) },
  { province: '江苏省', year: 2020, stated: statedOf(JS2020) },
  { province: '江苏省', year: 2021, stated: statedOf(JS2021) },
];

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pick = (province?: string, year?: number) => ALL.filter((f) => (!province || f.province === province) && (!year || f.year === year));

/** city_quota_totals as this test computes it: per province and city, the sum over the chosen years. */
function expectedTotals(province?: string, year?: number) {
  const rows = pick(province, year).filter((f) => f.city !== null);
  const keys = [...new Set(rows.map((f) => `${f.province}|${f.city}`))];
  return keys.map((k) => {
    const [p, city] = k.split('|') as [string, string];
    const mine = rows.filter((f) => f.province === p && f.city === city);
    const years = [...new Set(mine.map((f) => f.year))].sort();
    const statedParts = years.map((y) => STATED.find((s) => s.province === p && s.year === y)!.stated.get(city));
    const stated = statedParts.every((s) => s !== undefined) ? sum(statedParts as number[]) : null;
    const quota = sum(mine.map((f) => f.quota));
    const provinceTotal = sum(rows.filter((f) => f.province === p).map((f) => f.quota));
    return { city, quota, stated, difference: stated === null ? null : quota - stated, years: years.join('、'), share: quota / provinceTotal };
  }).sort((a, b) => a.city.localeCompare(b.city));
}

let app: TestApp;
beforeAll(async () => {
  app = await buildTestApp();
  for (const f of [FIRST, JS2020, JS2021]) {
    const res = await postImport(app, { name: f.name, bytes: csv(f) }, { province: f.province, year: String(f.year) });
    expect(res.statusCode, f.name).toBe(201);
  }
}, 180_000);
afterAll(async () => app.close());

interface TotalRow { city: string; quota: number; stated: number | null; difference: number | null; share: number; years: string }

describe('a second 浙江 2021 file overlapping the first', () => {
  it('its preview names the first import and its 7 overlapping rows; overlap=replace commits it in the first one’s place', async () => {
    const preview = (await postImport(app, { name: CORRECTED.name, bytes: csv(CORRECTED) }, { province: '浙江', year: '2021' }, { dryRun: true })).json() as { preview: { overlaps: { file_name: string; rows: number }[]; findings: { code: string; severity: string }[] } };
    expect(preview.preview.overlaps.map((o) => [o.file_name, o.rows])).toEqual([[FIRST.name, 3 + 3 + 1]]);
    expect((await postImport(app, { name: CORRECTED.name, bytes: csv(CORRECTED) }, { province: '浙江', year: '2021' })).statusCode).toBe(409);
    const res = await postImport(app, { name: CORRECTED.name, bytes: csv(CORRECTED) }, { province: '浙江', year: '2021', overlap: 'replace' });
    expect(res.statusCode).toBe(201);
  });
});

describe('the quota page’s figures against sums computed here', () => {
  const cases: [string, string | undefined, number | undefined][] = [
    ['浙江 2020 (seed 003 only)', '浙江省', 2020],
    ['浙江 2021 (the corrected file)', '浙江省', 2021],
    ['浙江, 全部年份 = 2020 + 2021', '浙江省', undefined],
    ['江苏 2021', '江苏省', 2021],
    ['江苏, 全部年份 = 2020 + 2021', '江苏省', undefined],
    ['the overview without filters: every province and year', undefined, undefined],
    ['the overview, year 2021: both provinces', undefined, 2021],
  ];

  it.each(cases)('city_quota_totals — %s: one row per city, quota, stated 合计, difference, share and years', async (_label, province, year) => {
    const params = { ...(province ? { province } : {}), ...(year ? { year } : {}) };
    const { rows } = await query<TotalRow>(app, 'city_quota_totals', params);
    const got = rows.map((r) => ({ city: r.city, quota: r.quota, stated: r.stated, difference: r.difference, years: r.years, share: r.share })).sort((a, b) => a.city.localeCompare(b.city));
    const want = expectedTotals(province, year);
    expect(got.map(({ share: _s, ...r }) => r)).toEqual(want.map(({ share: _s, ...r }) => r));
    got.forEach((r, i) => expect(r.share).toBeCloseTo(want[i]!.share, 12));
    // The page keys its rows by city: no city twice within a province.
    if (province) expect(new Set(rows.map((r) => r.city)).size).toBe(rows.length);
  });

  it.each(cases)('city_quotas — %s: each programme × city cell and each on-demand programme, summed over the years', async (_label, province, year) => {
    const params = { ...(province ? { province } : {}), ...(year ? { year } : {}) };
    const { rows } = await query<{ programme: string; category: string; host: string; city: string | null; quota: number; note: string | null }>(app, 'city_quotas', params);
    const key = (r: { programme: string; category: string; host: string; city: string | null }) => [r.programme, r.category, r.host, r.city ?? '（按需）'].join('|');
    const want = new Map<string, number>();
    for (const f of pick(province, year)) want.set(key(f), (want.get(key(f)) ?? 0) + f.quota);
    const got = new Map(rows.map((r) => [key(r), r.quota]));
    expect(rows.length).toBe(got.size); // no cell twice
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
    expect(sum(rows.map((r) => r.quota))).toBe(sum(pick(province, year).map((f) => f.quota)));
  });

  it.each(cases.filter(([, p]) => p))('quota_programme_totals — %s: each programme’s computed sum and its printed 小计; the whole against 合计', async (_label, province, year) => {
    const params = { province: province!, ...(year ? { year } : {}) };
    const { rows } = await query<{ kind: string; label: string; computed: number; stated: number | null; difference: number | null }>(app, 'quota_programme_totals', params);
    const facts = pick(province, year);
    for (const r of rows.filter((x) => x.kind === 'programme')) {
      expect([r.label, r.computed]).toEqual([r.label, sum(facts.filter((f) => f.programme === r.label).map((f) => f.quota))]);
      // Every file prints its 小计 and they agree with the cells, so each programme's stated figure is its computed one.
      expect([r.label, r.stated, r.difference]).toEqual([r.label, r.computed, 0]);
    }
    const overall = rows.find((r) => r.kind === 'overall')!;
    expect(overall.computed).toBe(sum(facts.map((f) => f.quota)));
    expect(overall.stated).toBe(overall.computed);
    expect(rows.filter((r) => r.kind === 'programme').length).toBe(new Set(facts.map((f) => `${f.programme}|${f.category}|${f.host}`)).size);
  });

  it('quota_scopes — the page’s province and year choices with split and on-demand sums', async () => {
    const { rows } = await query<{ province: string; year: number; split_quota: number; unsplit_quota: number; cities: number }>(app, 'quota_scopes');
    const want = STATED.map((s) => {
      const f = pick(s.province, s.year);
      return { province: s.province, year: s.year, split_quota: sum(f.filter((x) => x.city).map((x) => x.quota)), unsplit_quota: sum(f.filter((x) => !x.city).map((x) => x.quota)), cities: new Set(f.filter((x) => x.city).map((x) => x.city)).size };
    });
    const got = rows.map((r) => ({ province: r.province, year: r.year, split_quota: r.split_quota, unsplit_quota: r.unsplit_quota, cities: r.cities }));
    const order = (a: { province: string; year: number }, b: { province: string; year: number }) => a.province.localeCompare(b.province) || a.year - b.year;
    expect(got.sort(order)).toEqual(want.sort(order));
  });
});
