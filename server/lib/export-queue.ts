/**
 * A small gate for heavy exports: at most `running` at once, at most
 * `queued` waiting in arrival order, and a clear refusal beyond that. One
 * shared worker process encodes every answer, so three 1M-row exports at
 * once would hold three collected results there; in turn they each get the
 * worker's full attention and memory stays bounded.
 */
export class ExportQueue {
  private active = 0;
  private readonly waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly running: number,
    private readonly queued: number,
    private readonly full: (running: number, queued: number) => Error,
  ) {}

  get stats() {
    return { running: this.active, queued: this.waiting.length };
  }

  /** Waits for a slot; the returned function gives it back (call it once). An aborted wait leaves the queue. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.running) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queued) throw this.full(this.active, this.waiting.length);
    await new Promise<void>((resolve, reject) => {
      const entry = { resolve, reject };
      this.waiting.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) {
            this.waiting.splice(i, 1);
            reject(new Error('cancelled while queued'));
          }
        },
        { once: true },
      );
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line.
      if (next) next.resolve();
      else this.active--;
    };
  }
}
