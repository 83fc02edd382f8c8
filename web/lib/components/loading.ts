/**
 * Context key: a function telling a table whether the card around it is still
 * loading its first answer (ChartCard sets it, SortableTable reads it), so the
 * table shows loading rows instead of its "no data" message.
 */
export const CARD_LOADING = Symbol('card-loading');
export type CardLoading = () => boolean;

/** How many placeholder rows a loading table draws: enough to hold its room, never more than it will show. */
export const LOADING_ROWS = 5;
