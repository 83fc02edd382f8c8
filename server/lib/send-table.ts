/** Answers a request with a table in the format it asks for (query string first, then Accept). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tableToCsv } from './csv.js';
import { tableToArrow } from './arrow.js';
import type { QueryResult } from '../plugins/app/queries.js';
import type { Format } from '../schemas/queries.js';

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';

export function chooseFormat(request: FastifyRequest): Format {
  const asked = (request.query as { format?: string }).format;
  if (asked) return asked as Format;
  return request.headers.accept?.includes(ARROW_MIME) ? 'arrow' : 'json';
}

/** RFC 5987 filename so Chinese names survive. */
function attachment(name: string, ext: string): string {
  const base = name.replace(/[\/\\]/g, '_');
  return `attachment; filename="${base.replace(/[^\x20-\x7e]/g, '_')}.${ext}"; filename*=UTF-8''${encodeURIComponent(base)}.${ext}`;
}

export function sendTable(request: FastifyRequest, reply: FastifyReply, result: QueryResult, name: string) {
  const format = chooseFormat(request);
  reply.header('X-Row-Count', String(result.rows.length)).header('X-Truncated', String(result.truncated));
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', attachment(name, 'csv')).send(tableToCsv(result));
  }
  if (format === 'arrow') {
    return reply.type(ARROW_MIME).send(Buffer.from(tableToArrow(result)));
  }
  return reply.type('application/json; charset=utf-8').send({
    columns: result.columns,
    rows: result.rows,
    rowCount: result.rows.length,
    truncated: result.truncated,
  });
}
