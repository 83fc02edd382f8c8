/**
 * The audit log (table audit_log): who did what, when and from where. A
 * failed write is logged and swallowed — the action it records has already
 * happened, and failing the request then would misreport it.
 */
import type { FastifyRequest } from 'fastify';
import { sqlFile } from './sql-files.js';
import { auditTimestamp } from './sql-audit.js';

export type AuditAction =
  | 'sign_in' | 'sign_out' | 'password_change'
  | 'import' | 'undo'
  | 'user_add' | 'user_change' | 'user_delete' | 'user_reset_password'
  | 'token_create' | 'token_revoke';

export interface AuditEntry {
  action: AuditAction;
  outcome: 'ok' | 'failed' | 'denied';
  /** Defaults to the request's principal. */
  actor?: string | null;
  target?: string | number | null;
  detail?: Record<string, unknown>;
}

/** Where a request came from, as stored with audit entries. */
export function origin(request: FastifyRequest): { address: string; user_agent: string | null } {
  const ua = request.headers['user-agent'];
  return { address: request.ip || 'unknown', user_agent: ua ? String(ua).slice(0, 300) : null };
}

export async function audit(request: FastifyRequest, entry: AuditEntry): Promise<void> {
  const { db, log } = request.server;
  try {
    await db.query(sqlFile('audit_insert'), {
      at: auditTimestamp(new Date()),
      actor: entry.actor === undefined ? request.principal?.user ?? null : entry.actor,
      action: entry.action,
      outcome: entry.outcome,
      target: entry.target === undefined || entry.target === null ? null : String(entry.target),
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      ...origin(request),
    });
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err), action: entry.action }, 'audit log write failed');
  }
}
