/**
 * At most `running` named-query computations at once, at most `queued` more
 * waiting; beyond that the request is refused with 503 `server_busy` and a
 * Retry-After, never left to time out or fail as a 500. DuckDB already uses
 * every core for one statement, so running more at once only adds memory.
 */
import { AppError } from './errors.js';

export const serverBusy = (retryAfterS: number) =>
  new AppError(503, 'server_busy', 'The server is busy; try again shortly', '服务器繁忙，请稍后重试。', { retry_after_s: retryAfterS });

export class RunGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly queued: number,
    private readonly retryAfterS = 2,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.waiting.length >= this.queued) throw serverBusy(this.retryAfterS);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
