/**
 * The start-up integrity check: every fact row (and every finding) must
 * belong to a committed import. Runs at every open of the database for
 * writing — the server's dataset plugin and `npm run import` — before anything
 * reads or writes.
 *
 * Rows under an import that is missing, `pending` (its write never finished),
 * `undone` or `replaced` are what a process killed during a commit or an undo
 * can leave behind after DuckDB replays its write-ahead log (see
 * server/import/commit.ts). They are removed, with the `pending` rows, in one
 * transaction, and one log line in Chinese and English says what and why:
 * the database is then as it was before the interrupted commit, or as after
 * the interrupted undo.
 *
 * Two states are not repaired, because removing rows there could lose data:
 * rows under an import of an unknown status, and a committed import that holds
 * a different number of rows than it recorded. Then the start is refused with
 * an IntegrityError naming the imports.
 */
import type { Db } from '../plugins/app/duckdb.js';
import { sqlFile } from '../lib/sql-files.js';

const REMOVABLE = new Set<string | null>([null, 'pending', 'undone', 'replaced']);

export interface OrphanRows {
  table: string;
  importId: number;
  /** The import's status; null when the import row is missing. */
  status: string | null;
  rows: number;
}

export interface IntegrityReport {
  removed: OrphanRows[];
  /** Import rows removed because their write never finished. */
  pending: { id: number; fileName: string }[];
  /** The log line (Chinese, then English), or null when nothing was wrong. */
  message: string | null;
}

export class IntegrityError extends Error {
  readonly messageZh: string;
  constructor(message: string, messageZh: string) {
    super(`${messageZh}\n${message}`);
    this.name = 'IntegrityError';
    this.messageZh = messageZh;
  }
}

const WHY_ZH: Record<string, string> = {
  missing: '导入记录不存在（提交未完成时进程被终止）',
  pending: '导入未写完（提交未完成时进程被终止）',
  undone: '导入已撤销（撤销时进程被终止，未删完）',
  replaced: '导入已被替换（替换时进程被终止，未删完）',
};
const WHY_EN: Record<string, string> = {
  missing: 'its import row does not exist (the process was killed before the commit finished)',
  pending: 'its import never finished writing (the process was killed before the commit finished)',
  undone: 'its import was undone (the process was killed before the undo finished)',
  replaced: 'its import was replaced (the process was killed before the replacement finished)',
};

function describe(removed: OrphanRows[], pending: IntegrityReport['pending']): string {
  const byImport = new Map<number, OrphanRows[]>();
  for (const r of removed) byImport.set(r.importId, [...(byImport.get(r.importId) ?? []), r]);
  for (const p of pending) if (!byImport.has(p.id)) byImport.set(p.id, []);
  const zh: string[] = [];
  const en: string[] = [];
  for (const [id, rows] of byImport) {
    const why = rows[0]?.status ?? (pending.some((p) => p.id === id) ? 'pending' : 'missing');
    const tables = rows.map((r) => `${r.table} ${r.rows}`).join(', ');
    const total = rows.reduce((n, r) => n + r.rows, 0);
    zh.push(`导入 #${id}：删除 ${total} 行（${tables || '无数据行'}），原因：${WHY_ZH[why]}`);
    en.push(`import #${id}: removed ${total} rows (${tables || 'no data rows'}) because ${WHY_EN[why]}`);
  }
  return `数据完整性检查：删除了不属于任何已提交导入的数据，数据库恢复到中断前（或撤销后）的状态。${zh.join('；')}。\n`
    + `Data integrity check: removed rows that belong to no committed import, so the database is as it was before the interrupted write (or after the interrupted undo). ${en.join('; ')}.`;
}

/** Checks and repairs (see the top of this file); throws IntegrityError when it must not repair. */
export async function checkIntegrity(db: Db): Promise<IntegrityReport> {
  const short = (await db.query(sqlFile('integrity_short_imports'))).rows;
  if (short.length > 0) {
    const list = short.map((r) => `#${r.id} ${r.file_name}: ${r.held}/${r.row_count}`).join(', ');
    throw new IntegrityError(
      `Refusing to start: committed imports hold a different number of rows than they recorded (held/recorded): ${list}. Removing them could lose data, so nothing was changed. Restore ${db.path} from a backup, or delete it (the next start rebuilds the default dataset) and import those files again.`,
      `拒绝启动：已提交的导入中数据行数与记录不符（现有/应有）：${list}。删除它们可能丢失数据，因此未做任何修改。请从备份恢复 ${db.path}，或删除该文件（下次启动会重建默认数据集）后重新导入这些文件。`,
    );
  }
  const orphans: OrphanRows[] = (await db.query(sqlFile('integrity_orphans'))).rows.map((r) => ({
    table: String(r.table_name),
    importId: Number(r.import_id),
    status: r.status === null || r.status === undefined ? null : String(r.status),
    rows: Number(r.rows),
  }));
  const unknown = orphans.filter((o) => !REMOVABLE.has(o.status));
  if (unknown.length > 0) {
    const list = [...new Set(unknown.map((o) => `#${o.importId} (${o.status})`))].join(', ');
    throw new IntegrityError(
      `Refusing to start: rows belong to imports of an unknown status: ${list}. Nothing was changed. Restore ${db.path} from a backup, or set those imports' status to committed or undone.`,
      `拒绝启动：有数据属于状态未知的导入：${list}。未做任何修改。请从备份恢复 ${db.path}，或把这些导入的状态改为 committed 或 undone。`,
    );
  }
  const pending = (await db.query(sqlFile('integrity_pending'))).rows.map((r) => ({ id: Number(r.id), fileName: String(r.file_name) }));
  if (orphans.length === 0 && pending.length === 0) return { removed: [], pending: [], message: null };
  await db.transaction(async (conn) => {
    await conn.run(sqlFile('integrity_remove'));
  });
  return { removed: orphans, pending, message: describe(orphans, pending) };
}
