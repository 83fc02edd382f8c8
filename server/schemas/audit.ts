import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from './common.js';

const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const AuditQuerystring = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'user name (or address of an anonymous visitor)' })),
    action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', description: 'sign_in, sign_out, import, undo, user_add, user_change, user_delete, user_reset_password, token_create, token_revoke, password_change, sql' })),
    from: Type.Optional(Type.String({ pattern: DATE, description: 'first day (UTC), YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ pattern: DATE, description: 'last day (UTC), inclusive' })),
    page: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: '1-based' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: 'default 50, at most 200' })),
  },
  { additionalProperties: false },
);
export type AuditQuerystring = Static<typeof AuditQuerystring>;

const Entry = Type.Object({
  source: Type.Union([Type.Literal('event'), Type.Literal('sql')]),
  id: Type.Integer(),
  at: Type.String({ description: 'UTC, ISO 8601' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  outcome: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()], { description: 'JSON for events, the statement for sql' }),
  address: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

export const auditSchema = {
  tags: ['audit'],
  summary: 'The audit log: sign-ins, sign-outs, imports, undos, user and token changes, SQL statements (administrator only)',
  querystring: AuditQuerystring,
  response: {
    200: Type.Object({ items: Type.Array(Entry), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
    400: ErrorResponse,
    401: ErrorResponse,
    403: ErrorResponse,
  },
};
