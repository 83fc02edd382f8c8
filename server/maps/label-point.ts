/**
 * Where a region's label goes: the pole of inaccessibility of its largest
 * polygon — the interior point farthest from any edge (Garcia-Castellanos &
 * Lombardo 2007, the grid search popularised by Mapbox's polylabel). The map
 * package's own `cp` is the city seat, which for a coastal city (台州's seat
 * 椒江 is on the shore) puts half the label over the sea. Longitudes are
 * scaled by cos(latitude) so "farthest" means kilometres, not degrees.
 * Pure: numbers in, numbers out.
 */
export type Ring = [number, number][];
/** Exterior ring first, then holes. */
export type Polygon = Ring[];

/** Unsigned area of a ring (shoelace), in squared degrees. */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(s / 2);
}

/** The polygon with the largest exterior area (islands and exclaves lose to the mainland). */
export function largestPolygon(polygons: readonly Polygon[]): Polygon | null {
  let best: Polygon | null = null;
  let bestArea = -1;
  for (const p of polygons) {
    const a = p[0] ? ringArea(p[0]) : 0;
    if (a > bestArea) {
      best = p;
      bestArea = a;
    }
  }
  return best;
}

function segDist2(px: number, py: number, a: [number, number], b: [number, number]): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/** Signed distance from a point to the polygon's edges: positive inside, negative outside (in the polygon's units). */
export function signedDistance(x: number, y: number, polygon: Polygon): number {
  let inside = false;
  let min = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      min = Math.min(min, segDist2(x, y, a, b));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function cell(x: number, y: number, h: number, polygon: Polygon): Cell {
  const d = signedDistance(x, y, polygon);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

/**
 * The pole of inaccessibility of a planar polygon, to within `precision`
 * (same units as the coordinates).
 */
export function poleOfInaccessibility(polygon: Polygon, precision = 0.001): [number, number] {
  const outer = polygon[0] ?? [];
  if (outer.length < 3) return outer[0] ? [outer[0][0], outer[0][1]] : [0, 0];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const size = Math.min(maxX - minX, maxY - minY);
  if (size === 0) return [minX, minY];
  let h = size / 2;
  const queue: Cell[] = [];
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h, polygon));
  // Start from the bounding-box centre; any interior cell beats a point outside.
  let best = cell((minX + maxX) / 2, (minY + maxY) / 2, 0, polygon);
  while (queue.length) {
    // The cell that could still hold the farthest point is looked at first.
    let k = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i]!.max > queue[k]!.max) k = i;
    const c = queue.splice(k, 1)[0]!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h, polygon), cell(c.x + h, c.y - h, h, polygon), cell(c.x - h, c.y + h, h, polygon), cell(c.x + h, c.y + h, h, polygon));
  }
  return [best.x, best.y];
}

/** Scales longitudes by cos(latitude) so distances are comparable in both directions. */
function project(polygon: Polygon, k: number): Polygon {
  return polygon.map((ring) => ring.map(([x, y]) => [x * k, y] as [number, number]));
}

/**
 * The label point of a GeoJSON Polygon / MultiPolygon in longitude/latitude:
 * the pole of inaccessibility of its largest part, about 100 m precise.
 */
export function labelPoint(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : []) as Polygon[];
  const largest = largestPolygon(polygons);
  if (!largest?.[0]?.length) return null;
  const lat = largest[0].reduce((s, p) => s + p[1], 0) / largest[0].length;
  const k = Math.cos((lat * Math.PI) / 180);
  const [x, y] = poleOfInaccessibility(project(largest, k), 0.001);
  return [x / k, y];
}

/** How far inside its polygon a point lies, in kilometres (negative outside). */
export function insideKm(point: [number, number], polygon: Polygon): number {
  const k = Math.cos((point[1] * Math.PI) / 180);
  return signedDistance(point[0] * k, point[1], project(polygon, k)) * 111.32;
}
