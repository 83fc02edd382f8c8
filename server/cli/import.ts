/**
 * `npm run import -- FILE [--dry-run] [--school …] [--year …] [--province …]
 *  [--city …] [--kind …] [--encoding …] [--sheet …] [--mapping JSON] [--replace]
 *  [--overlap replace|keep] [--reason …] [--user NAME]`
 *
 * The same pipeline as POST /api/imports, on the database XPILOT_DB names
 * (default data/xpilot.duckdb). Prints what it found and the findings as a
 * table; exits 1 when the import has errors (nothing is written then), 2 on
 * wrong usage.
 */
import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { readConfig } from '../config.js';
import { openDb } from '../plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../dataset/ensure.js';
import { AppError } from '../lib/errors.js';
import { IntegrityError } from '../dataset/integrity.js';
import { describeSweep, sweepImportTempDirs } from '../import/temp-dirs.js';
import { commitImport, prepareImport, cleanup } from '../import/commit.js';
import { maxImportBytes, importErrors } from '../import/errors.js';
import { registryFromDb } from '../import/registry-db.js';
import { parseOverlapChoice } from '../import/overlaps.js';
import { displayWidth } from '../import/text-cells.js';
import type { ImportFinding } from '../import/types.js';

const USAGE = `用法 / usage: npm run import -- FILE [--dry-run] [--school 学校] [--year 年份] [--province 省份] [--city 城市]
                              [--kind 类型] [--encoding 编码] [--sheet 工作表] [--mapping JSON] [--replace]
                              [--overlap replace|keep] [--reason 理由] [--user 导入人]`;

function pad(text: string, width: number): string {
  let t = text;
  while (displayWidth(t) > width) t = t.slice(0, -1);
  if (t !== text) t = `${t.slice(0, -1)}…`;
  return t + ' '.repeat(Math.max(0, Math.round((width - displayWidth(t)) * 2)));
}

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;

export function findingsTable(findings: ImportFinding[]): string {
  if (findings.length === 0) return '（没有发现问题）';
  const rows = findings.map((f) => [
    SEVERITY_ZH[f.severity],
    f.code,
    [f.source_table, f.source_row !== null ? `第${f.source_row}行` : null, f.source_column].filter(Boolean).join(' · '),
    f.message,
  ]);
  const widths = [2.5, 14, 16, 44];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join(' │ ');
  return [line(['级别', '代码', '位置', '说明']), widths.map((w) => '─'.repeat(w * 2)).join('─┼─'), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }>; allowPositionals: true }>>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        replace: { type: 'boolean' },
        school: { type: 'string' },
        year: { type: 'string' },
        province: { type: 'string' },
        city: { type: 'string' },
        kind: { type: 'string' },
        encoding: { type: 'string' },
        sheet: { type: 'string' },
        mapping: { type: 'string' },
        user: { type: 'string' },
        overlap: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = args.values as Record<string, string | boolean | undefined>;
  if (v.help || args.positionals.length !== 1) {
    console.error(USAGE);
    return v.help ? 0 : 2;
  }
  const file = resolve(args.positionals[0]!);
  if (!existsSync(file) || !statSync(file).isFile()) {
    console.error(`找不到文件 / file not found: ${file}`);
    return 2;
  }
  const config = readConfig();
  const swept = describeSweep(sweepImportTempDirs());
  if (swept) console.error(swept);
  const { db, close } = await openDb(config.dbPath);
  try {
    await ensureDefaultDataset(db, config.dataDir);
    const size = statSync(file).size;
    if (size > maxImportBytes()) throw importErrors.fileTooLarge(maxImportBytes());
    let mapping: unknown = null;
    if (typeof v.mapping === 'string' && v.mapping.trim() !== '') {
      try {
        mapping = JSON.parse(v.mapping);
      } catch {
        throw importErrors.badMapping('不是有效的 JSON / not valid JSON');
      }
    }
    const str0 = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
    const choice = parseOverlapChoice(str0('overlap'), str0('reason'));
    const registry = await registryFromDb(db);
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
    const prepared = await prepareImport(db, {
      fileName: basename(file),
      path: file,
      options: { school: str('school'), year: str('year'), province: str('province'), city: str('city'), kind: str('kind'), encoding: str('encoding'), sheet: str('sheet'), mapping },
    }, registry);
    const p = prepared.preview;
    console.log(`文件：${p.fileName}（${p.format}${p.encoding ? `，${p.encoding.label}` : ''}${p.sheet ? `，工作表“${p.sheet}”` : ''}）`);
    console.log(`数据库：${config.dbPath}`);
    const ctx = Object.entries(p.context).filter(([, c]) => c).map(([k, c]) => `${k}=${c!.value}（${c!.from}）`).join('，');
    console.log(`类型：${p.kind}；上下文：${ctx || '无'}`);
    for (const t of p.tables) console.log(`  表 ${t.key}：${t.kindLabel}，${t.rowCount} 行 → ${t.factRows} 条事实${t.title ? `（${t.title}）` : ''}`);
    const counts = Object.entries(p.rowCounts).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join('，');
    console.log(`行数：${counts || '0'}`);
    if (prepared.duplicateOf) console.log(`注意：同一文件已导入过（导入 #${prepared.duplicateOf.id}，${prepared.duplicateOf.imported_at ?? ''}）${v.replace ? '，将替换' : '；如需替换请加 --replace'}`);
    for (const o of prepared.overlaps) console.log(`注意：与导入 #${o.id}“${o.file_name}”有 ${o.rows} 行重叠${choice.overlap === 'replace' ? '，将替换该导入' : choice.overlap === 'keep' ? `，保留两者（理由：${choice.reason}）` : '；提交时请加 --overlap replace 或 --overlap keep --reason 理由'}`);
    console.log(`\n发现 ${p.counts.error} 个错误、${p.counts.warning} 个警告、${p.counts.info} 个提示：`);
    console.log(findingsTable(p.findings));
    if (v['dry-run']) {
      cleanup(prepared);
      console.log(p.ok ? '\n预览完成（--dry-run，未写入）。' : '\n有错误：导入时将被拒绝（--dry-run，未写入）。');
      return p.ok ? 0 : 1;
    }
    console.log('\n写入数据库…');
    const committed = await commitImport(db, prepared, { importedBy: typeof v.user === 'string' ? v.user : 'cli', replace: v.replace === true, overlap: choice.overlap, reason: choice.reason });
    const replacedIds = [...(committed.replaced ? [committed.replaced] : []), ...committed.overlapReplaced];
    console.log(`已导入：导入 #${committed.id}${replacedIds.length ? `（替换了 ${replacedIds.map((i) => `#${i}`).join('、')}）` : ''}。撤销：DELETE /api/imports/${committed.id}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`\n导入失败：${err.messageZh}\nImport failed: ${err.message}`);
      const findings = (err.details?.findings ?? []) as ImportFinding[];
      if (findings.length > 0 && err.code !== 'import_has_errors' && err.code !== 'missing_context') console.error(findingsTable(findings));
      return 1;
    }
    if (err instanceof IntegrityError) {
      console.error(`\n${err.message}`);
      return 1;
    }
    console.error(err);
    return 1;
  } finally {
    close();
  }
}

process.exitCode = await main();
