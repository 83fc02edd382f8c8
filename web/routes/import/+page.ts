import { runQuery } from '$lib/api';
import { listImports, type SchoolOption } from '$lib/features/import/api';
import type { ImportRecord } from '$lib/features/import/types';
import type { PageLoad } from './$types';

/** Marks a promise as handled here; the page still sees its rejection. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The import page loads the history (re-run after every commit and undo via
 * `invalidate('import:history')`) and the registered schools for the school
 * field. Previews are not loads: they are the page's own requests.
 */
export const load = (({ fetch, depends }) => {
  depends('import:history');
  const history: Promise<ImportRecord[]> = listImports(fetch);
  const schools: Promise<SchoolOption[]> = runQuery<SchoolOption>(fetch, 'registry_schools').then((r) => r.rows);
  return { history: settled(history), schools: settled(schools) };
}) satisfies PageLoad;
