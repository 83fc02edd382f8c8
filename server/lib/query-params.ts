/**
 * Turns a request's raw parameters into the typed values a named query binds.
 * Domain parameters are resolved to their canonical form first: a school by id
 * or any of its names, a province or city by full or short name, a
 * certificate by id or any alias. Anything unknown or malformed is a 400 that
 * names the parameter.
 */
import { BOOLEAN, DOUBLE, INTEGER, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { certificateKey, LEVELS } from '../domain/certificate-names.js';
import { invalidParam } from './errors.js';
import { PARAM_TYPES, type NamedQuery, type ParamSpec, type ParamType } from './query-registry.js';
import type { BindValues, Db } from '../plugins/app/duckdb.js';
import { sqlFile } from './sql-files.js';

const DUCK_TYPES: Record<ParamType, DuckDBType> = {
  integer: INTEGER,
  number: DOUBLE,
  text: VARCHAR,
  boolean: BOOLEAN,
  school: INTEGER,
  schools: VARCHAR,
  province: VARCHAR,
  city: VARCHAR,
  certificate: INTEGER,
  level: VARCHAR,
  import: INTEGER,
  limits: VARCHAR,
};

const TYPE_ZH: Record<ParamType, string> = {
  integer: '整数',
  number: '数字',
  text: '文本',
  boolean: 'true 或 false',
  school: '学校编号或名称',
  schools: '以逗号分隔的学校编号或名称',
  province: '省份全称或简称（如 浙江省 / 浙江）',
  city: '城市全称或简称（如 杭州市 / 杭州）',
  certificate: '证书编号或名称',
  level: '初级、中级或高级',
  import: '导入编号',
  limits: 'plain（二项分布）、phi（乘性过度离散 φ）或 tau2（加性随机效应 τ²）',
};

/** The funnel limits a `limits` parameter may ask for. */
export const FUNNEL_LIMITS = ['plain', 'phi', 'tau2'] as const;

/** At most this many schools in a `schools` parameter (a side-by-side comparison). */
export const MAX_SCHOOLS = 12;

/** Query-string keys that shape the response rather than feed the query. */
export const RESERVED_KEYS = new Set(['format', 'limit', 'offset', 'headers', 'filename']);

/** The province a request names alongside its city (a city-level name may repeat across provinces). */
interface Context {
  province: string | null;
}

async function resolveOne(db: Pick<Db, 'query'>, spec: ParamSpec, raw: string, context: Context = { province: null }): Promise<string | number | boolean> {
  const wrongType = () => invalidParam(spec.name, `expected ${PARAM_TYPES[spec.type]}, got "${raw}"`, `应为${TYPE_ZH[spec.type]}，收到“${raw}”`);
  const unknown = (en: string, zh: string) => invalidParam(spec.name, `unknown ${en} "${raw}"`, `未知${zh}“${raw}”`);
  switch (spec.type) {
    case 'integer':
    case 'import':
      if (!/^-?\d{1,9}$/.test(raw)) throw wrongType();
      return Number(raw);
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw wrongType();
      return n;
    }
    case 'boolean':
      if (['true', '1'].includes(raw)) return true;
      if (['false', '0'].includes(raw)) return false;
      throw wrongType();
    case 'text':
      return raw;
    case 'level': {
      const level = /^[初中高]$/.test(raw) ? `${raw}级` : raw;
      if (!(LEVELS as readonly string[]).includes(level)) throw wrongType();
      return level;
    }
    case 'limits':
      if (!(FUNNEL_LIMITS as readonly string[]).includes(raw.trim())) throw wrongType();
      return raw.trim();
    case 'school': {
      const rows = (await db.query(sqlFile('lookup_school'), { value: raw.trim() })).rows;
      if (rows.length === 0) throw unknown('school', '学校');
      return Number(rows[0]!.id);
    }
    case 'schools': {
      // Each school resolved like `school`; bound as the canonical ids joined by commas ("1,2").
      const parts = raw.split(/[,，、]/).map((p) => p.trim()).filter(Boolean);
      if (parts.length === 0 || parts.length > MAX_SCHOOLS) {
        throw invalidParam(spec.name, `expected 1 to ${MAX_SCHOOLS} schools, got ${parts.length}`, `应为 1 至 ${MAX_SCHOOLS} 所学校，收到 ${parts.length} 所`);
      }
      const ids: number[] = [];
      for (const part of parts) {
        const rows = (await db.query(sqlFile('lookup_school'), { value: part })).rows;
        if (rows.length === 0) throw invalidParam(spec.name, `unknown school "${part}"`, `未知学校“${part}”`);
        const id = Number(rows[0]!.id);
        if (!ids.includes(id)) ids.push(id);
      }
      return ids.join(',');
    }
    case 'province': {
      const rows = (await db.query(sqlFile('lookup_province'), { value: raw.trim() })).rows;
      if (rows.length === 0) throw unknown('province', '省份');
      return String(rows[0]!.province);
    }
    case 'city': {
      const all = (await db.query(sqlFile('lookup_city'), { value: raw.trim() })).rows;
      if (all.length === 0) throw unknown('city', '城市');
      // 省直辖县级行政区划 is one name under several provinces: the province given beside it picks one.
      const rows = context.province && all.some((r) => r.province === context.province) ? all.filter((r) => r.province === context.province) : all;
      if (new Set(rows.map((r) => r.city)).size > 1) throw invalidParam(spec.name, `"${raw}" is ambiguous; use the full name`, `“${raw}”有多个同名城市，请用全称`);
      if (rows.length > 1) {
        const provinces = rows.map((r) => String(r.province)).join('、');
        throw invalidParam(spec.name, `"${raw}" is a city-level name in several provinces (${provinces}); give the province too`, `“${raw}”在多个省份都有（${provinces}），请同时选择省份`);
      }
      return String(rows[0]!.city);
    }
    case 'certificate': {
      const rows = (await db.query(sqlFile('lookup_certificate'), { value: raw.trim(), key: certificateKey(raw) })).rows;
      if (rows.length === 0) throw unknown('certificate', '证书');
      return Number(rows[0]!.id);
    }
  }
}

export async function bindParams(db: Pick<Db, 'query'>, query: NamedQuery, raw: Record<string, unknown>): Promise<{ values: BindValues; types: Record<string, DuckDBType> }> {
  const declared = new Map(query.params.map((p) => [p.name, p]));
  for (const key of Object.keys(raw)) {
    if (!declared.has(key) && !RESERVED_KEYS.has(key)) {
      const known = query.params.map((p) => p.name).join(', ') || '（无）';
      throw invalidParam(key, `unknown parameter for query ${query.name} (known: ${known})`, `查询 ${query.name} 没有这个参数（可用：${known}）`);
    }
  }
  const values: BindValues = {};
  const types: Record<string, DuckDBType> = {};
  // Provinces first, so a city is resolved within the province the request names.
  const context: Context = { province: null };
  const ordered = [...query.params].sort((a, b) => Number(b.type === 'province') - Number(a.type === 'province'));
  for (const spec of ordered) {
    let value = raw[spec.name];
    if (Array.isArray(value)) {
      if (value.length > 1) throw invalidParam(spec.name, 'given more than once', '只能给一个值');
      value = value[0];
    }
    types[spec.name] = DUCK_TYPES[spec.type];
    values[spec.name] = value === undefined || value === null || String(value).trim() === '' ? null : await resolveOne(db, spec, String(value), context);
    if (spec.type === 'province' && typeof values[spec.name] === 'string') context.province = values[spec.name] as string;
  }
  // Back in declared order: the values' JSON keys the cache and the peer labels (scope.ts).
  return { values: Object.fromEntries(query.params.map((p) => [p.name, values[p.name]!])), types };
}
