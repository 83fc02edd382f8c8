/** /api/audit: the administrator browses the audit log (account events and SQL statements as one list). */
import type { FastifyPluginAsync } from 'fastify';
import { VARCHAR, INTEGER } from '@duckdb/node-api';
import { sqlFile } from '../lib/sql-files.js';
import { requireAdmin } from './users.js';
import { auditSchema, type AuditQuerystring } from '../schemas/audit.js';

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: AuditQuerystring }>('/audit', { schema: auditSchema, preHandler: async (request) => requireAdmin(request) }, async (request) => {
    const q = request.query;
    const pageSize = Math.min(200, Math.max(1, Number(q.pageSize ?? 50)));
    const page = Math.max(1, Number(q.page ?? 1));
    const { rows } = await app.db.query(
      sqlFile('audit_list'),
      { actor: q.actor ?? null, action: q.action ?? null, from: q.from ?? null, to: q.to ?? null, limit: pageSize, offset: (page - 1) * pageSize },
      { actor: VARCHAR, action: VARCHAR, from: VARCHAR, to: VARCHAR, limit: INTEGER, offset: INTEGER },
    );
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      page,
      pageSize,
      items: rows.map((r) => ({
        source: r.source === 'sql' ? ('sql' as const) : ('event' as const),
        id: Number(r.id),
        at: String(r.at),
        actor: str(r.actor),
        action: String(r.action),
        outcome: String(r.outcome),
        target: str(r.target),
        detail: str(r.detail),
        address: str(r.address),
        userAgent: str(r.user_agent),
      })),
    };
  });
};
export default auditRoutes;
