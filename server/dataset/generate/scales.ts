/** The three sizes of the synthetic dataset (contracts.md, "gen"). */
import { mainlandProvinces } from './names.js';

export const SCALES = ['small', 'province', 'national'] as const;
export type Scale = (typeof SCALES)[number];

export interface ScaleSpec {
  provinces: () => string[];
  schools: number;
  certificates: number;
  yearFrom: number;
  yearTo: number;
  /** Mean certificates a 高职 / 中职 school pilots (log-normal around it). */
  higherCerts: number;
  secondaryCerts: number;
  /** Median candidates of one results row at a school of median size. */
  candidates: number;
  /** Candidate-level records, about. */
  records: number;
  /** Inconsistent figures of each kind the importer must find. */
  anomalies: number;
}

export const SCALE_SPECS: Record<Scale, ScaleSpec> = {
  // 湖北 and 河南 both have a city named 省直辖县级行政区划 (the shared-name case).
  small: { provinces: () => ['广东省', '湖北省', '河南省'], schools: 60, certificates: 40, yearFrom: 2021, yearTo: 2024, higherCerts: 24, secondaryCerts: 12, candidates: 9, records: 50_000, anomalies: 3 },
  province: { provinces: () => ['广东省'], schools: 300, certificates: 450, yearFrom: 2020, yearTo: 2024, higherCerts: 45, secondaryCerts: 15, candidates: 6, records: 500_000, anomalies: 6 },
  national: { provinces: mainlandProvinces, schools: 9000, certificates: 450, yearFrom: 2019, yearTo: 2024, higherCerts: 45, secondaryCerts: 15, candidates: 6, records: 10_000_000, anomalies: 20 },
};

export function parseScale(raw: string | undefined): Scale {
  if ((SCALES as readonly string[]).includes(raw ?? '')) return raw as Scale;
  throw new Error(`规模应为 small、province 或 national，收到“${raw ?? ''}” / --scale must be small, province or national, got "${raw ?? ''}"`);
}
