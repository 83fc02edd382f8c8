import { toApiError } from '$lib/api';
import { fetchHistory, fetchLimits, fetchNamedQueries, fetchSaved, fetchSavedById, fetchSchema } from '$lib/features/sql/api';
import { readConsoleLink } from '$lib/features/sql/query-text';
import type { PageLoad } from './$types';

/**
 * The SQL console loads what it offers — the schema (for the browser and
 * completion), the named queries (templates), limits, saved queries and your
 * history — and what the URL asks to open: `?q=<sql>` or `?saved=<id>`.
 */
export const load = (async ({ fetch, url, depends }) => {
  depends('sql:console');
  const [schema, templates, limits, saved, history] = await Promise.all([
    fetchSchema(fetch),
    fetchNamedQueries(fetch),
    fetchLimits(fetch),
    fetchSaved(fetch),
    fetchHistory(fetch).catch(() => ({ user: '', items: [] })),
  ]);
  const link = readConsoleLink(url.searchParams);
  let initial: { sql: string; params: Record<string, unknown> } | null = null;
  let linkError: string | null = null;
  if (link && 'saved' in link) {
    try {
      const q = await fetchSavedById(fetch, link.saved);
      initial = { sql: q.sql, params: q.params };
    } catch (err) {
      linkError = toApiError(err).messageZh;
    }
  } else if (link) {
    initial = { sql: link.sql, params: link.params ?? {} };
  }
  return { schema, templates, limits, saved, history, initial, linkError, fromText: link !== null && !('saved' in link) };
}) satisfies PageLoad;
