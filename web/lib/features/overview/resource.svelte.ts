/**
 * One block of a page fed by a promise from `load`: its state, last value and
 * error. A new promise (new filters) marks the block loading but keeps the
 * previous value to draw dimmed, so the page never blanks; an answer to an
 * older promise is ignored.
 */
import { ApiError, toApiError } from '../../api';

export type ResourceState = 'loading' | 'ready' | 'error';

export class Resource<T> {
  state = $state<ResourceState>('loading');
  value = $state.raw<T | undefined>(undefined);
  error = $state.raw<ApiError | undefined>(undefined);
  #token = 0;

  track(promise: Promise<T>): void {
    const token = ++this.#token;
    this.state = 'loading';
    promise.then(
      (value) => {
        if (token !== this.#token) return;
        this.value = value;
        this.error = undefined;
        this.state = 'ready';
      },
      (error: unknown) => {
        if (token !== this.#token) return;
        this.error = toApiError(error);
        this.state = 'error';
      },
    );
  }
}
