/**
 * "Every chart of the overview drawn": the signal the overview's browser test
 * and the overview-browser bench wait for. Each card says its state
 * (`data-state`: loading/ready/empty/error) and each ECharts box whether the
 * first frame of its current option is painted (`data-drawn`, see
 * web/lib/charts/EChart.svelte). `search` pins the view (the URL's query
 * string the page shows), so a wait after a filter change never passes on the
 * previous view's charts.
 */
import type { Page } from 'playwright-core';

export const OVERVIEW_CARDS = ['pass-rate', 'trainees', 'quotas'] as const;

export function overviewDrawn(page: Page, search: string, timeout = 60_000): Promise<unknown> {
  return page.waitForFunction(
    ({ cards, search }) => {
      const root = document.querySelector<HTMLElement>('[data-testid="overview"]');
      if (!root || root.dataset.search !== search) return false;
      if (document.querySelector('[data-testid="kpis"][aria-busy="true"]')) return false;
      return cards.every((id) => {
        const card = document.querySelector<HTMLElement>(`[data-testid="chart-${id}"]`);
        const state = card?.dataset.state;
        if (state === 'empty' || state === 'error') return true;
        if (state !== 'ready') return false;
        const boxes = [...card!.querySelectorAll<HTMLElement>('.echart')];
        return boxes.length > 0 && boxes.every((b) => b.dataset.drawn === 'true');
      });
    },
    { cards: [...OVERVIEW_CARDS], search },
    { timeout, polling: 'raf' },
  );
}
