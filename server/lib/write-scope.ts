/**
 * Who may change which data: committing and undoing an import is for the
 * administrator; an official within their provinces; a dean for their
 * school. Analysts and anonymous visitors never (previews stay open to all).
 * An import's reach is every school its rows name (with the school's
 * province) and every province of province-level rows; rows tied to no
 * place (nationwide training offers, the certificate registry) are the
 * administrator's alone.
 */
import type { Db } from '../plugins/app/duckdb.js';
import type { FactSet } from '../domain/facts.js';
import type { Principal } from './principal.js';
import { AppError } from './errors.js';
import { sqlFile } from './sql-files.js';

export interface WriteReach {
  schoolIds: Set<number>;
  provinces: Set<string>;
  /** Rows of a whole province (quotas, training programmes), not of one school. */
  provinceLevel: boolean;
  /** Rows tied to no school or province. */
  unplaced: boolean;
}

export const signInToWrite = () =>
  new AppError(401, 'sign_in_required', 'Sign in to commit or undo an import (administrator, official or dean)', '提交或撤销导入需要登录（管理员、主管部门或院校账号）。');

const readOnly = () =>
  new AppError(403, 'read_only_role', 'Analysts may read and query, not commit or undo imports', '分析员账号只能查看和查询，不能提交或撤销导入。');

/** Before the upload is read: only roles that may ever write get that far. */
export function mayWriteAtAll(p: Principal): void {
  if (p.role === 'anonymous') throw signInToWrite();
  if (p.role === 'analyst') throw readOnly();
}

/** The reach of a prepared import, from its facts and candidate-level records. */
export async function reachOfFacts(db: Db, facts: FactSet, recordSchools: number[], otherRows: boolean): Promise<WriteReach> {
  const reach: WriteReach = { schoolIds: new Set(recordSchools), provinces: new Set(), provinceLevel: false, unplaced: otherRows };
  for (const r of [...facts.exam_results, ...facts.pilot_applications, ...facts.teacher_training]) reach.schoolIds.add(r.school_id);
  for (const r of facts.stated_totals) if (r.school_id !== null && r.school_id !== undefined) reach.schoolIds.add(r.school_id);
  for (const r of [...facts.training_quotas, ...facts.training_programmes]) {
    reach.provinces.add(r.province);
    reach.provinceLevel = true;
  }
  if (facts.training_offers.length > 0) reach.unplaced = true;
  await addSchoolProvinces(db, reach);
  return reach;
}

/** The reach of a committed import, from its rows in the database. */
export async function reachOfImport(db: Db, id: number): Promise<WriteReach> {
  const reach: WriteReach = { schoolIds: new Set(), provinces: new Set(), provinceLevel: false, unplaced: false };
  for (const r of (await db.query(sqlFile('import_scope'), { id })).rows) {
    if (r.kind === 'school') reach.schoolIds.add(Number(r.school_id));
    else if (r.kind === 'province') {
      reach.provinces.add(String(r.province));
      reach.provinceLevel = true;
    }
    else reach.unplaced = true;
    if (r.kind === 'school' && r.province !== null) reach.provinces.add(String(r.province));
  }
  return reach;
}

async function addSchoolProvinces(db: Db, reach: WriteReach): Promise<void> {
  if (reach.schoolIds.size === 0) return;
  const provinceOf = new Map((await db.query(sqlFile('school_provinces'))).rows.map((r) => [Number(r.id), r.province === null ? null : String(r.province)]));
  for (const id of reach.schoolIds) {
    const p = provinceOf.get(id);
    if (p) reach.provinces.add(p);
    else reach.unplaced = true; // a school without a province belongs to no official
  }
}

/** Throws 401/403 unless the principal may write every row the reach covers. */
export function authoriseWrite(p: Principal, reach: WriteReach, what: { en: string; zh: string }): void {
  mayWriteAtAll(p);
  if (p.role === 'admin') return;
  const outside = (en: string, zh: string) => new AppError(403, 'outside_scope', `${what.en}: ${en}`, `${what.zh}：${zh}`);
  if (reach.unplaced) throw outside('it holds rows not tied to a school or province; only the administrator may change those', '其中有不属于某所学校或某个省份的数据，只有管理员可以操作。');
  if (p.role === 'official') {
    const beyond = [...reach.provinces].filter((x) => !p.provinces.includes(x));
    if (beyond.length) throw outside(`it reaches beyond your provinces (${beyond.join('、')})`, `涉及您管辖范围以外的省份（${beyond.join('、')}）。`);
    return;
  }
  if (p.role === 'dean') {
    const others = [...reach.schoolIds].filter((x) => !p.schoolIds.includes(x)).length;
    if (others > 0) throw outside(`it holds rows of ${others} other school(s)`, `包含其他 ${others} 所学校的数据。`);
    if (reach.provinceLevel) throw outside('province-level data is for officials and the administrator', '省级数据只能由主管部门或管理员操作。');
  }
}
