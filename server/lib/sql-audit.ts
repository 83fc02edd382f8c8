/**
 * Retention of the SQL console's audit log (table sql_audit): entries are
 * kept for XPILOT_SQL_AUDIT_DAYS days, at most XPILOT_SQL_AUDIT_MAX_ROWS rows
 * and at most XPILOT_SQL_AUDIT_MAX_MB of text, oldest dropped first. Each
 * entry keeps only the first AUDIT_SQL_BYTES of its statement (with the
 * whole statement's sha256 and size), so one entry costs a few KB at most. The sandbox prunes at startup, then once every
 * `pruneEvery` written entries and once an hour — never on every statement —
 * and always after the entry being written is in (a prune never deletes the
 * newest entry, and a failed prune is logged, not thrown).
 */
import { createHash } from 'node:crypto';
import { positiveIntEnv } from './env.js';
import { sqlFile } from './sql-files.js';

export interface AuditRetention {
  /** Entries older than this many days are deleted (XPILOT_SQL_AUDIT_DAYS, default 180). */
  days: number;
  /** At most this many entries are kept, the newest (XPILOT_SQL_AUDIT_MAX_ROWS, default 100 000). */
  maxRows: number;
  /** At most this many bytes of statement and parameter text are kept, the newest (XPILOT_SQL_AUDIT_MAX_MB, default 64). */
  maxBytes: number;
  /** Prune after this many written entries (default: 1 % of maxRows, between 1 and 1 000). */
  pruneEvery: number;
  /** Prune at least this often while the server runs (default: an hour). */
  pruneIntervalMs: number;
}

export interface AuditPruneResult {
  /** Entries deleted for their age. */
  byAge: number;
  /** Entries deleted beyond maxRows. */
  byCount: number;
  /** Entries deleted beyond maxBytes. */
  byBytes: number;
}

/** How much of a statement (and of its parameters' JSON) an audit entry keeps. */
export const AUDIT_SQL_BYTES = 4096;

export interface AuditedText {
  /** The first AUDIT_SQL_BYTES bytes (whole characters), or all of it. */
  text: string;
  sha256: string;
  /** Size of the whole text in UTF-8 bytes. */
  bytes: number;
  truncated: boolean;
}

/**
 * What the audit log keeps of a statement.
 * @example auditedText('SELECT 1').truncated // false
 * @example auditedText('x'.repeat(100_000)).text.length // 4096
 */
export function auditedText(sql: string, maxBytes = AUDIT_SQL_BYTES): AuditedText {
  const whole = Buffer.from(sql, 'utf8');
  const sha256 = createHash('sha256').update(whole).digest('hex');
  if (whole.length <= maxBytes) return { text: sql, sha256, bytes: whole.length, truncated: false };
  // Cut on a character boundary: back up over UTF-8 continuation bytes.
  let end = maxBytes;
  while (end > 0 && (whole[end]! & 0xc0) === 0x80) end--;
  return { text: whole.subarray(0, end).toString('utf8'), sha256, bytes: whole.length, truncated: true };
}

/** Parameters' JSON as kept: whole up to AUDIT_SQL_BYTES, otherwise a note of its size (cut JSON would not parse). */
export function auditedParams(json: string): string {
  const bytes = Buffer.byteLength(json, 'utf8');
  return bytes <= AUDIT_SQL_BYTES ? json : JSON.stringify({ '…': `参数共 ${bytes} 字节，超过 ${AUDIT_SQL_BYTES} 字节，未保存 / ${bytes} bytes of parameters, not kept` });
}

/** What pruning needs of the database (plugins/app/duckdb.ts's Db). */
interface AuditDb {
  query(sql: string, values?: Record<string, string | number | boolean | null>): Promise<{ rows: Record<string, unknown>[] }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;


/** The prune cadence for a row cap: the table overshoots the cap by at most 1 % between prunes. */
export function defaultPruneEvery(maxRows: number): number {
  return Math.max(1, Math.min(1000, Math.floor(maxRows / 100)));
}

export function readAuditRetention(env: NodeJS.ProcessEnv = process.env): AuditRetention {
  const maxRows = positiveIntEnv(env, 'XPILOT_SQL_AUDIT_MAX_ROWS', 100_000);
  return {
    days: positiveIntEnv(env, 'XPILOT_SQL_AUDIT_DAYS', 180),
    maxRows,
    maxBytes: positiveIntEnv(env, 'XPILOT_SQL_AUDIT_MAX_MB', 64) * 1024 * 1024,
    pruneEvery: defaultPruneEvery(maxRows),
    pruneIntervalMs: HOUR_MS,
  };
}

/** started_at is stored as a UTC timestamp without zone ('2025-01-31 08:00:00.000'); the cutoff is written the same way. */
export function auditTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

const deleted = (t: { rows: Record<string, unknown>[] }): number => Number(t.rows[0]?.Count ?? 0);

/** Deletes the entries older than `days` days, then all but the newest `maxRows`, then the oldest until the text fits in `maxBytes`. */
export async function pruneSqlAudit(db: AuditDb, retention: Pick<AuditRetention, 'days' | 'maxRows'> & Partial<Pick<AuditRetention, 'maxBytes'>>, now: Date = new Date()): Promise<AuditPruneResult> {
  const cutoff = auditTimestamp(new Date(now.getTime() - retention.days * DAY_MS));
  const byAge = deleted(await db.query(sqlFile('sql_audit_prune_age'), { cutoff }));
  const byCount = deleted(await db.query(sqlFile('sql_audit_prune_rows'), { keep: retention.maxRows }));
  const byBytes = retention.maxBytes === undefined ? 0 : deleted(await db.query(sqlFile('sql_audit_prune_bytes'), { max_bytes: retention.maxBytes }));
  return { byAge, byCount, byBytes };
}

interface PrunerLog {
  info: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
}

/**
 * Decides when to prune: `prune()` now (at startup), `written()` after each
 * entry (prunes once every `pruneEvery` entries), and an hourly timer from
 * `start()`. One prune runs at a time (two DELETEs of the same rows would
 * conflict); `stop()` ends the timer and waits for a running prune.
 */
export class AuditPruner {
  private sinceLast = 0;
  private running: Promise<AuditPruneResult | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: AuditDb,
    readonly retention: AuditRetention,
    private readonly log: PrunerLog,
  ) {}

  /** Prunes now, unless a prune is running (then waits for that one). Never throws: a failure is logged. */
  prune(): Promise<AuditPruneResult | undefined> {
    this.running ??= (async () => {
      this.sinceLast = 0;
      try {
        const result = await pruneSqlAudit(this.db, this.retention);
        if (result.byAge + result.byCount + result.byBytes > 0) this.log.info({ sqlAudit: { ...result, days: this.retention.days, maxRows: this.retention.maxRows, maxBytes: this.retention.maxBytes } }, 'SQL audit log pruned');
        return result;
      } catch (err) {
        this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'SQL audit log prune failed');
        return undefined;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Call after an entry was written; prunes when `pruneEvery` entries were written since the last prune. */
  async written(): Promise<void> {
    this.sinceLast++;
    if (this.sinceLast >= this.retention.pruneEvery && !this.running) await this.prune();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.prune(), this.retention.pruneIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
