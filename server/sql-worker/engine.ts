/**
 * The SQL console's engine, inside the worker process: it opens each
 * snapshot the server writes as a sandbox DuckDB instance and runs one
 * statement at a time per request under the console's rules.
 *
 * The sandbox instance opens the snapshot file
 * - READ_ONLY (DuckDB refuses every write),
 * - with enable_external_access = false (no files, no network, no ATTACH of a
 *   file, no INSTALL/LOAD), extension autoload/autoinstall and community
 *   extensions off,
 * - with memory_limit and threads set, spilling only into its own directory,
 * and then locks its configuration (SET lock_configuration = true). The
 * settings are read back before the instance is used; if any is not as
 * required, the snapshot is refused.
 *
 * A statement runs only if DuckDB counts exactly one statement in the text
 * (a PIVOT without an IN list is the one exception DuckDB itself splits in
 * two), its first keyword is a read-only one, and the prepared statement's
 * type, as DuckDB reports it, is SELECT or EXPLAIN (an EXPLAIN's inner
 * statement is checked the same way). Parameters are bound. The time limit
 * interrupts the connection.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBResult, type DuckDBExtractedStatements, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { AppError } from '../lib/errors.js';
import { sqlFile } from '../lib/sql-files.js';
import { explainedStatement, fillSql, firstKeyword, quoteIdent, splitStatements, statementStarts } from '../lib/sql-text.js';
import { caretPosition, classifyDuckdbError, codePointToUtf16, lineColumn, type SqlPosition } from '../lib/sql-errors.js';
import { isReadOnlyKeyword, sqlErrors, type SqlLimits } from '../lib/sql-guard.js';
import { collectResult, type ResultSet } from '../lib/result-set.js';
import { readTable, type JsonValue } from '../lib/values.js';
import type { SchemaInfo, SchemaTable, SqlParamValue } from './protocol.js';

interface Generation {
  instance: DuckDBInstance;
  dir: string;
  version: string;
  active: number;
  retired: boolean;
  schema?: Promise<SchemaInfo>;
}

export interface RunRequest {
  sql: string;
  params: Record<string, SqlParamValue>;
  rowLimit: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

const READ_ONLY_TYPES = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

function typeName(t: number): string {
  return (StatementType as unknown as Record<number, string>)[t] ?? `type ${t}`;
}

function messageOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/^Failed to extract statements:\s*/, '');
}

/** A statement's time limit, paused while its answer waits for the client. */
export class TimeBudget {
  private timer: NodeJS.Timeout | undefined;
  private since = performance.now();
  private left: number;

  constructor(
    ms: number,
    private readonly onExpire: () => void,
  ) {
    this.left = ms;
    this.timer = setTimeout(onExpire, ms);
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left -= performance.now() - this.since;
  }

  resume(): void {
    if (this.timer || this.left === -Infinity) return;
    this.since = performance.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.left));
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left = -Infinity;
  }
}

export class SandboxEngine {
  private current: Generation | undefined;

  constructor(private readonly onRetired: (dir: string) => void) {}

  get version(): string | undefined {
    return this.current?.version;
  }

  /** Opens a snapshot as the new sandbox; the previous one closes when its last statement ends. */
  async open(file: string, dir: string, version: string, limits: SqlLimits): Promise<void> {
    // Options apply in order: the spill directory must be set while external access is still on.
    const instance = await DuckDBInstance.create(file, {
      access_mode: 'READ_ONLY',
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      allow_community_extensions: 'false',
      memory_limit: limits.memoryLimit,
      threads: String(limits.threads),
      temp_directory: join(dir, 'spill'),
      max_temp_directory_size: '1GB',
      enable_external_access: 'false',
    });
    try {
      const conn = await instance.connect();
      try {
        await conn.run(sqlFile('sandbox_lock'));
        const s = readTable(await conn.runAndReadAll(sqlFile('sandbox_settings'))).rows[0]!;
        const safe =
          s.enable_external_access === 'false' &&
          s.lock_configuration === 'true' &&
          String(s.access_mode).toLowerCase() === 'read_only' &&
          s.autoload_known_extensions === 'false' &&
          s.autoinstall_known_extensions === 'false';
        if (!safe) throw new Error(`SQL sandbox settings are not safe: ${JSON.stringify(s)}`);
      } finally {
        conn.closeSync();
      }
    } catch (err) {
      instance.closeSync();
      throw err;
    }
    const old = this.current;
    this.current = { instance, dir, version, active: 0, retired: false };
    if (old && old.dir !== dir) this.retire(old);
    else if (old) {
      old.retired = true;
      if (old.active === 0) old.instance.closeSync();
    }
  }

  close(): void {
    if (this.current) {
      this.current.instance.closeSync();
      this.current = undefined;
    }
  }

  private retire(gen: Generation): void {
    gen.retired = true;
    if (gen.active > 0) return;
    try {
      gen.instance.closeSync();
    } finally {
      rmSync(gen.dir, { recursive: true, force: true });
      this.onRetired(gen.dir);
    }
  }

  private acquire(): Generation {
    const gen = this.current;
    if (!gen) throw new AppError(503, 'sql_unavailable', 'The SQL console is starting; try again in a moment', 'SQL 控制台正在启动，请稍后再试。');
    gen.active++;
    return gen;
  }

  private release(gen: Generation): void {
    gen.active--;
    if (gen.retired && gen.active === 0 && gen !== this.current) this.retire(gen);
  }

  private async parserPosition(conn: DuckDBConnection, sql: string): Promise<SqlPosition | null> {
    try {
      const info = readTable(await conn.runAndReadAll(sqlFile('sql_parse_error'), { sql })).rows[0]?.info;
      const j = JSON.parse(String(info)) as { position?: string | number };
      if (j.position === undefined) return null;
      return lineColumn(sql, codePointToUtf16(sql, Number(j.position)));
    } catch {
      return null;
    }
  }

  private async duckError(conn: DuckDBConnection, err: unknown, sql: string, parsing: boolean): Promise<AppError> {
    const message = messageOf(err);
    const info = classifyDuckdbError(message);
    // A parser error's caret is unreliable after CJK text; its character offset (json_serialize_sql) is not.
    let where: SqlPosition | null = parsing || info.kind === 'Parser' ? await this.parserPosition(conn, sql) : null;
    where ??= caretPosition(message, sql);
    return new AppError(info.status, info.code, info.message, info.messageZh, { ...(info.kind ? { duckdb_error: info.kind } : {}), ...(where ?? {}) });
  }

  private async checkExplain(conn: DuckDBConnection, sql: string): Promise<void> {
    const inner = explainedStatement(sql);
    const keyword = inner === null ? '' : firstKeyword(inner);
    if (inner === null || keyword === 'EXPLAIN' || !isReadOnlyKeyword(keyword)) throw sqlErrors.notReadOnly(keyword ? `EXPLAIN ${keyword}` : 'EXPLAIN');
    let prepared: DuckDBPreparedStatement;
    try {
      prepared = await conn.prepare(inner);
    } catch (err) {
      const e = await this.duckError(conn, err, inner, false);
      const offset = sql.length - inner.length;
      if (e.details && typeof e.details.position === 'number') Object.assign(e.details, lineColumn(sql, e.details.position + offset));
      throw e;
    }
    try {
      if (!READ_ONLY_TYPES.has(prepared.statementType) || prepared.statementType === StatementType.EXPLAIN) {
        throw sqlErrors.notReadOnly(`EXPLAIN ${typeName(prepared.statementType)}`);
      }
    } finally {
      prepared.destroySync();
    }
  }

  private bindParams(prepared: DuckDBPreparedStatement, params: Record<string, SqlParamValue>): void {
    const used: string[] = [];
    for (let i = 1; i <= prepared.parameterCount; i++) used.push(prepared.parameterName(i));
    for (const key of Object.keys(params)) if (!used.includes(key)) throw sqlErrors.unknownParam(key, used);
    for (const name of used) if (!(name in params)) throw sqlErrors.missingParam(name);
    if (used.length) prepared.bind(params);
  }

  /** Runs one statement; the result holds at most `rowLimit` rows. */
  async run(req: RunRequest): Promise<ResultSet> {
    return this.stream(req, (result) => collectResult(result, req.rowLimit));
  }

  /**
   * Runs one statement and hands its streaming result to `consume`, which
   * reads it while the connection (and the snapshot) stay open: an answer
   * streamed to the client is read from DuckDB as the client takes it. The
   * time limit counts DuckDB's work, not the time `consume` spends waiting
   * for the client (it pauses the budget meanwhile).
   */
  async stream<T>(req: RunRequest, consume: (result: DuckDBResult, budget: TimeBudget) => Promise<T>): Promise<T> {
    const gen = this.acquire();
    try {
      return await this.execute(gen, req, consume);
    } finally {
      this.release(gen);
    }
  }

  private async execute<T>(gen: Generation, req: RunRequest, consume: (result: DuckDBResult, budget: TimeBudget) => Promise<T>): Promise<T> {
    const { sql, params } = req;
    const conn = await gen.instance.connect();
    let timedOut = false;
    let cancelled = false;
    const timer = new TimeBudget(req.timeoutMs, () => {
      timedOut = true;
      conn.interrupt();
    });
    const onAbort = () => {
      cancelled = true;
      conn.interrupt();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let extracted: DuckDBExtractedStatements;
      try {
        extracted = await conn.extractStatements(sql);
      } catch (err) {
        throw await this.duckError(conn, err, sql, true);
      }
      const keyword = firstKeyword(sql);
      let dynamicPivot = false;
      if (extracted.count > 1) {
        // A PIVOT without an IN list is one statement to the user but two to DuckDB
        // (it first gathers the pivot values into a type).
        const pieces = splitStatements(sql);
        if (pieces.length === 1 && keyword === 'PIVOT' && extracted.count === 2) {
          const first = await extracted.prepare(0).catch(() => null);
          dynamicPivot = first?.statementType === StatementType.CREATE;
          first?.destroySync();
        }
        if (!dynamicPivot) {
          const second = statementStarts(sql)[1];
          throw sqlErrors.multiple(Math.max(extracted.count, pieces.length), second === undefined ? undefined : lineColumn(sql, second));
        }
      }
      if (!isReadOnlyKeyword(keyword)) throw sqlErrors.notReadOnly(keyword);
      if (dynamicPivot) return await consume(await conn.stream(sql, Object.keys(params).length ? params : undefined), timer);
      let prepared: DuckDBPreparedStatement;
      try {
        prepared = await extracted.prepare(0);
      } catch (err) {
        throw await this.duckError(conn, err, sql, false);
      }
      try {
        if (!READ_ONLY_TYPES.has(prepared.statementType)) throw sqlErrors.notReadOnly(typeName(prepared.statementType));
        if (prepared.statementType === StatementType.EXPLAIN) await this.checkExplain(conn, sql);
        this.bindParams(prepared, params);
        return await consume(await prepared.stream(), timer);
      } finally {
        prepared.destroySync();
      }
    } catch (err) {
      if (timedOut) throw sqlErrors.timeout(req.timeoutMs);
      if (cancelled) throw sqlErrors.cancelled();
      if (err instanceof AppError) throw err;
      throw await this.duckError(conn, err, sql, false);
    } finally {
      timer.clear();
      req.signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
    }
  }

  /** Tables, columns, types, row counts, a few sample values, comments and macros (cached per snapshot). */
  async schema(): Promise<SchemaInfo> {
    const gen = this.acquire();
    try {
      gen.schema ??= this.readSchema(gen);
      return await gen.schema.catch((err: unknown) => {
        gen.schema = undefined;
        throw err;
      });
    } finally {
      this.release(gen);
    }
  }

  private async readSchema(gen: Generation): Promise<SchemaInfo> {
    const conn = await gen.instance.connect();
    try {
      const tables = readTable(await conn.runAndReadAll(sqlFile('schema_tables'))).rows;
      const columns = readTable(await conn.runAndReadAll(sqlFile('schema_columns'))).rows;
      const macros = readTable(await conn.runAndReadAll(sqlFile('schema_macros'))).rows;
      const out: SchemaTable[] = [];
      for (const t of tables) {
        const name = String(t.name);
        const table = quoteIdent(name);
        const count = Number(readTable(await conn.runAndReadAll(fillSql(sqlFile('schema_table_count'), { table }))).rows[0]!.n);
        const sample = readTable(await conn.runAndReadAll(fillSql(sqlFile('schema_table_sample'), { table })));
        out.push({
          name,
          comment: t.comment === null || t.comment === '' ? null : String(t.comment),
          rowCount: count,
          columns: columns
            .filter((c) => c.table_name === name)
            .map((c) => {
              const seen = new Set<string>();
              for (const row of sample.rows) {
                const v: JsonValue | undefined = row[String(c.name)];
                if (v === null || v === undefined || v === '') continue;
                const text = typeof v === 'string' ? v : JSON.stringify(v);
                seen.add(text.length > 40 ? `${text.slice(0, 40)}…` : text);
                if (seen.size >= 3) break;
              }
              return { name: String(c.name), type: String(c.type), nullable: c.nullable === true, samples: [...seen] };
            }),
        });
      }
      return { version: gen.version, tables: out, macros: macros.map((m) => ({ name: String(m.name), parameters: (m.parameters as string[] | null) ?? [] })) };
    } finally {
      conn.closeSync();
    }
  }
}
