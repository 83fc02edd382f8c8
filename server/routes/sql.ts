/** The SQL console: run a statement in the sandbox, its limits, your history, and the schema it sees. */
import type { FastifyPluginAsync } from 'fastify';
import { runSqlSchema, schemaSchema, sqlHistorySchema, sqlLimitsSchema, type HistoryQuerystring, type SqlBody, type SqlQuerystring } from '../schemas/sql.js';
import { FORMATS, type Format } from '../schemas/queries.js';
import { ARROW_MIME, sendEncoded } from '../lib/send-table.js';
import { rowCaps, rowLimitFor } from '../lib/sql-guard.js';
import { ownerOf } from '../lib/principal.js';
import { origin } from '../lib/audit.js';
import { sqlFile } from '../lib/sql-files.js';
import { AppError } from '../lib/errors.js';

function parseJsonObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const sql: FastifyPluginAsync = async (app) => {
  app.post<{ Body: SqlBody; Querystring: SqlQuerystring }>('/sql', { schema: runSqlSchema }, async (request, reply) => {
    const format: Format = request.body.format ?? request.query.format ?? (request.headers.accept?.includes(ARROW_MIME) ? 'arrow' : 'json');
    const rowLimit = rowLimitFor(app.sqlSandbox.limits, format, request.body.limit);
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const answer = await app.sqlSandbox
      .run({
        sql: request.body.sql,
        params: request.body.params,
        // Limits and history count per signed-in user, or per address for anonymous visitors.
        user: ownerOf(request.principal, request.ip),
        principal: request.principal,
        origin: origin(request),
        format,
        rowLimit,
        signal: abort.signal,
      })
      .catch((err: unknown) => {
        // Busy, preparing or restarting: tell the client when to come back.
        if (err instanceof AppError && typeof err.details?.retry_after_s === 'number') reply.header('Retry-After', String(err.details.retry_after_s));
        throw err;
      });
    const { head, body } = answer;
    return sendEncoded(reply, head, { contentType: head.contentType, download: head.download, length: head.length, body }, 'sql-result');
  });

  app.get('/sql/limits', { schema: sqlLimitsSchema }, async () => {
    const limits = app.sqlSandbox.limits;
    return {
      ...limits,
      caps: Object.fromEntries(FORMATS.map((f) => [f, rowCaps(limits, f)])),
      refresh: app.sqlSandbox.lastRefresh(),
      ready: app.sqlSandbox.isReady(),
    };
  });

  app.get<{ Querystring: HistoryQuerystring }>('/sql/history', { schema: sqlHistorySchema }, async (request) => {
    const user = ownerOf(request.principal, request.ip);
    const rows = (await app.db.query(sqlFile('sql_history'), { user_name: user, limit: Number(request.query.limit ?? 50) })).rows;
    return {
      user,
      items: rows.map((r) => ({
        id: Number(r.id),
        startedAt: String(r.started_at),
        sql: String(r.sql),
        // Entries keep the first 4 KB of a statement; older ones (before the columns existed) are whole.
        sqlTruncated: r.sql_truncated === true,
        sqlBytes: r.sql_bytes === null || r.sql_bytes === undefined ? Buffer.byteLength(String(r.sql), 'utf8') : Number(r.sql_bytes),
        sqlSha256: r.sql_sha256 === null || r.sql_sha256 === undefined ? null : String(r.sql_sha256),
        params: parseJsonObject(r.params),
        format: r.format === null ? null : String(r.format),
        durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
        rowCount: r.row_count === null ? null : Number(r.row_count),
        truncated: r.truncated === null ? null : Boolean(r.truncated),
        outcome: String(r.outcome),
        errorCode: r.error_code === null ? null : String(r.error_code),
      })),
    };
  });

  // The schema, row counts and sample values of the principal's own snapshot: nothing outside their scope.
  app.get('/schema', { schema: schemaSchema }, async (request) => app.sqlSandbox.schema(request.principal));
};
export default sql;
