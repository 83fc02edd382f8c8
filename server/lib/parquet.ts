/**
 * Parquet written by DuckDB itself: the result is appended to a table on a
 * scratch in-memory instance (never the sandbox: that one cannot write
 * files) and COPY'd to a file in a fresh temporary directory. The caller
 * streams the file and deletes the directory (`cleanup`).
 *
 * A result read from DuckDB is appended chunk by chunk with its own types,
 * so DECIMAL, DATE, LIST… arrive exactly. A `Table` (JSON values), or a type
 * whose name is not plain (an ENUM's values, say), goes value by value into
 * a column of a plain type, DuckDB casting (DECIMAL then becomes DOUBLE, as
 * its JS value is; INTERVAL and non-plain types DuckDB's text).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResultSet } from './result-set.js';
import { sqlFile } from './sql-files.js';
import { fillSql, quoteIdent, quoteLiteral } from './sql-text.js';
import { toJsonValue } from './values.js';

type Scratch = <T>(dir: string, fn: (conn: DuckDBConnection) => Promise<T>) => Promise<T>;

/** DuckDB type names that may be written into the scratch table's DDL as they are. */
const PLAIN_TYPE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|VARCHAR|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|INTERVAL|UUID|BLOB)$/;
/** Nested types as DuckDB names them (no quotes other than doubled-quote identifiers, no `;`). */
const NESTED_TYPE = /^[A-Za-z0-9_ (),[\]"]+$/;

function textOf(v: unknown): string {
  const j = toJsonValue(v);
  return typeof j === 'string' ? j : JSON.stringify(j);
}

export interface ParquetFile {
  path: string;
  size: number;
  cleanup(): void;
}

export async function writeParquet(scratch: Scratch, result: ResultSet): Promise<ParquetFile> {
  const dir = mkdtempSync(join(tmpdir(), 'xpilot-parquet-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'result.parquet');
  try {
    const exact = result.duck !== undefined && result.columns.every((c) => PLAIN_TYPE.test(c.type) || (NESTED_TYPE.test(c.type) && !c.type.includes('--')));
    // Value by value, the JS values decide: DECIMAL arrives as a double, INTERVAL and the like as DuckDB text.
    const target = result.columns.map((c) => (exact ? c.type : !PLAIN_TYPE.test(c.type) || c.type === 'INTERVAL' ? 'VARCHAR' : c.type.startsWith('DECIMAL') ? 'DOUBLE' : c.type));
    const asText = target.map((t) => t === 'VARCHAR');
    const asDouble = target.map((t) => t === 'DOUBLE' || t === 'FLOAT');
    const columns = result.columns.map((c, i) => `${quoteIdent(c.name)} ${target[i]}`).join(', ');
    await scratch(dir, async (conn) => {
      await conn.run(fillSql(sqlFile('export_create'), { columns: columns || '"(no columns)" VARCHAR' }));
      const appender = await conn.createAppender('export_result');
      try {
        if (exact) {
          for (const chunk of result.duck!.chunks) appender.appendDataChunk(chunk);
        } else {
          for (const batch of result.batches()) {
            for (let r = 0; r < batch.length; r++) {
              for (let c = 0; c < batch.columns.length; c++) {
                const v = batch.columns[c]![r];
                if (v === null || v === undefined) appender.appendNull();
                else if (asText[c] || v instanceof Date) appender.appendVarchar(textOf(v));
                else if (typeof v === 'bigint') appender.appendVarchar(v.toString());
                else if (typeof v === 'number') {
                  if (asDouble[c]) appender.appendDouble(v);
                  else appender.appendValue(v);
                }
                else if (typeof v === 'boolean') appender.appendBoolean(v);
                else if (typeof v === 'string') appender.appendVarchar(v);
                else appender.appendVarchar(textOf(v));
              }
              appender.endRow();
            }
          }
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      await conn.run(fillSql(sqlFile('export_copy'), { file: quoteLiteral(path) }));
    });
    return { path, size: statSync(path).size, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
