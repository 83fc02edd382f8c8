/** A principal's scope in Chinese for people: the top bar and the users page (never ids). */
import type { Db } from '../plugins/app/duckdb.js';
import type { Principal } from './principal.js';
import { sqlFile } from './sql-files.js';

export async function schoolNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await db.query(sqlFile('school_names'), { ids: JSON.stringify(ids) })).rows;
  return new Map(rows.map((r) => [Number(r.id), String(r.name)]));
}

export async function scopeLabel(db: Db, p: Pick<Principal, 'role' | 'provinces' | 'schoolIds'>): Promise<string> {
  if (p.role === 'admin') return '全部数据';
  if (p.role === 'anonymous') return '公开数据';
  if (p.schoolIds.length) {
    const names = await schoolNames(db, p.schoolIds);
    return p.schoolIds.map((id) => names.get(id) ?? '未知学校').join('、');
  }
  return p.provinces.join('、') || '（未指定范围）';
}
