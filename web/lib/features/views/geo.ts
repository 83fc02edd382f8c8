/** A province's city boundaries (GeoJSON from GET /api/maps/:province) for the quota map. */
import { ApiError, type Fetch } from '../../api';
import { mapName } from '../../charts/catalogue';

export interface Geo {
  name: string;
  json: object;
}

export async function loadGeo(fetchFn: Fetch, province: string): Promise<Geo> {
  const res = await fetchFn(`/api/maps/${encodeURIComponent(province)}`);
  if (!res.ok) {
    throw new ApiError({ code: res.status === 404 ? 'map_not_found' : `http_${res.status}`, message: `no map for ${province}`, messageZh: `没有“${province}”的地图数据`, status: res.status });
  }
  return { name: mapName(province), json: (await res.json()) as object };
}
