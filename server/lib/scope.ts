/**
 * The principal as the data layer sees it: one bound `$scope` STRUCT that the
 * table macros of server/sql/scopes.sql narrow every fact table by, and the
 * anonymisation of peers in benchmark queries.
 *
 * Why a bound STRUCT and table macros: the scope travels as a value (never as
 * SQL text), adds no statement per request, and a query reads
 * `exam_results_in($scope)` where it would have read `exam_results`, so the
 * registry can check mechanically that no query reads a fact table unscoped.
 */
import { createHash } from 'node:crypto';
import { BOOLEAN, INTEGER, LIST, STRUCT, VARCHAR, listValue, structValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { seesEverything, type Principal } from './principal.js';
import type { JsonValue } from './values.js';

export const SCOPE_TYPE: DuckDBType = STRUCT({ all: BOOLEAN, anonymous: BOOLEAN, provinces: LIST(VARCHAR), schools: LIST(INTEGER) });

/** The `$scope` value of a principal (see scopes.sql). */
export function scopeValue(p: Principal): DuckDBValue {
  return structValue({
    all: seesEverything(p),
    anonymous: p.role === 'anonymous',
    provinces: listValue([...p.provinces]),
    schools: listValue([...p.schoolIds]),
  });
}

/**
 * How a benchmark query's rows name schools (`-- @peers` header): `id` and
 * `label` columns, the `province` column (officials' scope), and the columns
 * that would narrow a peer down (`hide`, set to null).
 */
export interface PeerSpec {
  id: string;
  label: string;
  province: string | null;
  hide: string[];
}

/** Whether the principal may see this school's name in a benchmark: their own scope, or they see only public rows anyway. */
export function namesSchool(p: Principal, schoolId: unknown, province: unknown): boolean {
  if (seesEverything(p) || p.role === 'anonymous') return true;
  if (typeof schoolId === 'number' && p.schoolIds.includes(schoolId)) return true;
  return typeof province === 'string' && p.provinces.includes(province);
}

/** 0 → A, 25 → Z, 26 → AA … */
export function peerLetters(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/**
 * Replaces every school outside the principal's scope by 院校 A, 院校 B …:
 * its id and the `hide` columns become null. Letters follow a keyed hash of
 * (school id, view) where the view is the query, its parameters and the data
 * version: the same school keeps its letter on every row and in every format
 * of one view (table, chart, CSV …), the letters say nothing about ids, and a
 * different filter reshuffles them, so a peer cannot be followed from view to
 * view to narrow it down. `salt` is a server secret (meta peer_salt).
 */
export function anonymisePeers(rows: Record<string, JsonValue>[], spec: PeerSpec, p: Principal, view: string, salt: string): Record<string, JsonValue>[] {
  const peers = new Map<string, string>();
  const keyOf = (row: Record<string, JsonValue>) => String(row[spec.id] ?? `${String(row[spec.label])}`);
  const isPeer = rows.map((row) => !namesSchool(p, row[spec.id], spec.province ? row[spec.province] : undefined));
  const order = [...new Set(rows.filter((_, i) => isPeer[i]).map(keyOf))]
    .map((k) => ({ k, h: createHash('sha256').update(`${salt}\0${view}\0${k}`).digest('hex') }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  order.forEach(({ k }, i) => peers.set(k, `院校 ${peerLetters(i)}`));
  return rows.map((row, i) => {
    if (!isPeer[i]) return row;
    const out = { ...row, [spec.label]: peers.get(keyOf(row))!, [spec.id]: null };
    for (const c of spec.hide) out[c] = null;
    return out;
  });
}
