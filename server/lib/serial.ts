/**
 * Runs async jobs one at a time, in call order. The server is the only
 * writer of its database, so serialising commits here is what makes "check
 * for the same sha256, then insert" atomic across concurrent uploads.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
