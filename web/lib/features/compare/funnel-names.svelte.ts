/**
 * The names of a funnel's points, fetched on the first hover or search rather
 * than with the first screen (a country's 5,673 names are ~300 KB as Arrow,
 * four times the points themselves). Keyed by the chart's parameters: a
 * new filter shows unnamed points until its own names arrive.
 */
import type { FunnelNameRow } from '../../queries';
import { queryText, type ChartParams } from '../../charts/catalogue';
import type { Fetch } from '../../api';
import { runArrowRows } from './arrow-rows';

export class FunnelNames {
  #key = $state('');
  #rows = $state.raw<FunnelNameRow[]>([]);
  #loading = '';

  /** The names for these parameters, or [] while they are not here. */
  rowsFor(params: ChartParams): FunnelNameRow[] {
    return this.#key === queryText(params) ? this.#rows : [];
  }

  need(fetchFn: Fetch, params: ChartParams): void {
    const key = queryText(params);
    if (this.#key === key || this.#loading === key) return;
    this.#loading = key;
    runArrowRows<FunnelNameRow>(fetchFn, 'funnel_names', params).then(
      (rows) => {
        if (this.#loading !== key) return;
        this.#rows = rows;
        this.#key = key;
      },
      () => {
        // A failed fetch is tried again on the next hover.
        if (this.#loading === key) this.#loading = '';
      },
    );
  }
}
