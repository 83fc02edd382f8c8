/**
 * The paging contract of named queries, shared with the web app
 * (web/lib/api.ts derives its types from these schemas, so the two cannot
 * drift): `limit` and `offset` in the query string, and the total rows before
 * paging in every answer.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Rows one page holds at most (and the default when `limit` is not given). */
export const MAX_PAGE_ROWS = 100_000;

export const PageQuerystring = {
  limit: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: `rows to return, 1–${MAX_PAGE_ROWS} (default ${MAX_PAGE_ROWS})` })),
  offset: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: 'rows to skip first (default 0)' })),
};

export const PageInfo = Type.Object({
  total: Type.Integer({ description: 'rows of the whole result before paging (also the X-Total-Rows header)' }),
  offset: Type.Integer({ description: 'rows skipped before this page' }),
  limit: Type.Integer({ description: 'the page size that applied' }),
});
export type PageInfo = Static<typeof PageInfo>;
