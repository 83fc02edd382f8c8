/**
 * The candidate-record import reads the file once into a staged table and
 * profiles and inserts from it (issue 13, speed goal 3). It must write
 * exactly what the former path wrote — a second read_csv straight into the
 * INSERT (records_insert_reference.sql) — keys included, byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../server/plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../../server/dataset/ensure.js';
import { commitImport, prepareImport } from '../../server/import/commit.js';
import { registryFromDb } from '../../server/import/registry-db.js';
import { studentKeySalt } from '../../server/import/exam-records.js';
import { readConfig } from '../../server/config.js';

const REFERENCE = readFileSync(new URL('./records_insert_reference.sql', import.meta.url), 'utf8');

/** Edge cases of a college export: padding to trim, levels with and without 级, empty and unreadable cells, quotes, Chinese. */
function fixture(): string {
  const lines = ['学号, 姓名 ,身份证号,证书,等级,专业,成绩,是否通过'];
  for (let i = 0; i < 3000; i++) {
    const level = ['初级', ' 中 ', '高级', '', '中级 '][i % 5];
    const major = i % 7 === 0 ? '' : i % 11 === 0 ? '"计算机应用技术, 软件方向"' : ['会计', '物流管理', ' 电子商务 '][i % 3];
    const score = i % 13 === 0 ? '' : i % 17 === 0 ? '缺考' : String(40 + (i % 61) + (i % 2 ? 0.5 : 0));
    const cert = ['智能财税', ' 物流管理职业技能等级证书(中级) ', 'WEB 前端开发'][i % 3];
    const result = ['通过', '不通过', ' 合格', ''][i % 4];
    lines.push(`2021${String(i).padStart(6, '0')},考生${i},${i % 9 === 0 ? ' ' : ''}4401012000${String(i).padStart(8, '0')},${cert},${level},${major},${score},${result}`);
  }
  return lines.join('\r\n') + '\r\n';
}

describe('staged candidate records', () => {
  let dir: string;
  let db: Db;
  let close: () => void;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xpilot-records-stage-'));
    ({ db, close } = await openDb(join(dir, 'stage.duckdb')));
    await ensureDefaultDataset(db, readConfig().dataDir);
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exam_records from the staged table equal, byte for byte, what the direct read_csv INSERT writes', async () => {
    const csv = join(dir, '广州城市职业学院2021考生.csv');
    writeFileSync(csv, fixture());
    const registry = await registryFromDb(db);
    const prepared = await prepareImport(db, { fileName: '广州城市职业学院2021考生.csv', path: csv, options: { school: '广州城市职业学院', year: '2021' } }, registry);
    expect(prepared.preview.ok, JSON.stringify(prepared.findings.filter((f) => f.severity === 'error'))).toBe(true);
    const plan = prepared.records!;
    const profile = prepared.profile!;
    // The profile found the file's edge cases (read from the staged table).
    expect(profile.rows).toBe(3000);
    expect(prepared.findings.map((f) => f.code)).toContain('unreadable_score');
    const committed = await commitImport(db, prepared, { importedBy: 'test', replace: false });
    expect(committed.rowCounts.exam_records).toBe(3000);
    expect(prepared.stage).toBeNull();

    const c = plan.columns;
    const reference = await db.withConnection(async (conn) => {
      await conn.run('CREATE TEMP TABLE exam_records_reference AS SELECT * FROM exam_records LIMIT 0');
      await conn.run(REFERENCE, {
        path: plan.csvPath, skip: plan.skip, delim: plan.delimiter,
        key_col: c.key, certificate_col: c.certificate, level_col: c.level, major_col: c.major, score_col: c.score, result_col: c.result, school_col: c.school, year_col: c.year,
        import_id: committed.id, school_id: plan.schoolId ?? -1, year: plan.year ?? -1, salt: await studentKeySalt(conn),
        certificates: JSON.stringify(profile.certificates.filter((x) => x.certificate_id !== null).map((x) => ({ printed: x.printed, certificate_id: x.certificate_id, level: x.level }))),
        results: JSON.stringify(profile.results),
        schools: JSON.stringify(profile.schools),
      });
      const dump = async (table: string) =>
        (await conn.runAndReadAll(`SELECT to_json(t)::VARCHAR AS j FROM ${table} t WHERE import_id = ${committed.id} ORDER BY ALL`)).getRows().map((r) => String(r[0]));
      return { staged: await dump('exam_records'), direct: await dump('exam_records_reference') };
    });
    expect(reference.direct).toHaveLength(3000);
    expect(reference.staged).toEqual(reference.direct);
    // Keys are the salted SHA-256 of the trimmed ID number: 64 hex, one per candidate.
    const keys = reference.staged.map((j) => (JSON.parse(j) as { student_key: string }).student_key);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(3000);
  });
});
