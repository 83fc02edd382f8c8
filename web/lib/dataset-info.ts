/**
 * What data the server holds: real documents, or a generated synthetic set
 * (npm run generate), from GET /api/health. The top bar marks a synthetic set
 * so nobody quotes its figures as real.
 */
export interface SyntheticInfo {
  scale: string;
  seed: number | null;
}

export interface DatasetInfo {
  dataset: string;
  synthetic: SyntheticInfo | null;
}

const SCALE_ZH: Record<string, string> = { small: '小规模', province: '省级规模', national: '全国规模' };

export async function getDatasetInfo(fetchFn: typeof fetch): Promise<DatasetInfo | null> {
  const res = await fetchFn('/api/health');
  if (!res.ok) return null;
  const body = (await res.json()) as { dataset?: string; synthetic?: SyntheticInfo | null };
  return { dataset: body.dataset ?? '', synthetic: body.synthetic ?? null };
}

/** The badge's tooltip: which set, said for people. */
export function syntheticTitle(info: SyntheticInfo): string {
  const scale = SCALE_ZH[info.scale] ?? info.scale;
  return `当前数据为程序生成的合成数据（${scale}${info.seed === null ? '' : `，种子 ${info.seed}`}），不是真实统计，请勿引用。`;
}
