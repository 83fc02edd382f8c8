/**
 * Brute-force guard for password checks (sign-in and HTTP Basic), holding
 * under parallel requests: an attempt is *reserved* synchronously, before
 * the asynchronous scrypt verify starts, so 150 guesses sent at once cannot
 * all slip past a counter that is only bumped after each verify returns.
 *
 * Two counters, both counting failures plus attempts still in flight:
 * - per account and address: `accountFailures` wrong passwords lock that
 *   pair for `baseLockMs`, doubling with each further failure up to `maxLockMs`;
 * - per address, across accounts: `addressFailures` wrong passwords in
 *   `addressWindowMs` lock the address for the rest of the window.
 * No counter is per account alone, so a stranger guessing the administrator's
 * password from their own address cannot lock the administrator out; a valid
 * session or token is never checked here at all.
 */
import { AppError } from './errors.js';

export interface GuardLimits {
  accountFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  addressFailures: number;
  addressWindowMs: number;
}

export const DEFAULT_GUARD: GuardLimits = {
  accountFailures: 5,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  addressFailures: 20,
  addressWindowMs: 15 * 60_000,
};

interface Counter {
  failures: number;
  inFlight: number;
  /** Account+address: locked until (ms). Address: window start (ms). */
  until: number;
}

export const tooManyAttempts = (waitMs: number) => {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return new AppError(429, 'too_many_attempts', `Too many wrong passwords; try again in ${minutes} min`, `密码错误次数过多，请 ${minutes} 分钟后再试。`, { retry_after_s: Math.ceil(waitMs / 1000) });
};

export class SignInGuard {
  private readonly pairs = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();

  constructor(
    readonly limits: GuardLimits = DEFAULT_GUARD,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Reserves one password check for `account` from `address`, or throws 429.
   * Call the returned function with the verify's outcome exactly once.
   */
  begin(account: string, address: string): (ok: boolean) => void {
    const t = this.now();
    const pairKey = `${address}\u0000${account}`;
    const pair = this.pairs.get(pairKey) ?? { failures: 0, inFlight: 0, until: 0 };
    let addr = this.addresses.get(address) ?? { failures: 0, inFlight: 0, until: t };
    if (t - addr.until >= this.limits.addressWindowMs && addr.inFlight === 0) addr = { failures: 0, inFlight: 0, until: t };

    // A pair whose last lock ran out long ago starts afresh.
    if (pair.inFlight === 0 && pair.failures > 0 && pair.until > 0 && t - pair.until > this.limits.maxLockMs) pair.failures = 0;
    if (pair.until > t) throw tooManyAttempts(pair.until - t);
    // Failures so far plus checks still running may not exceed the allowance; once locked before, one check at a time.
    const allowance = pair.failures >= this.limits.accountFailures ? 1 : this.limits.accountFailures - pair.failures;
    if (pair.inFlight >= allowance) throw tooManyAttempts(this.limits.baseLockMs);
    if (addr.failures + addr.inFlight >= this.limits.addressFailures) throw tooManyAttempts(addr.until + this.limits.addressWindowMs - t);

    pair.inFlight++;
    addr.inFlight++;
    this.pairs.set(pairKey, pair);
    this.addresses.set(address, addr);
    let done = false;
    return (ok: boolean) => {
      if (done) return;
      done = true;
      pair.inFlight--;
      addr.inFlight--;
      if (ok) {
        // A right password clears this pair's record; the address keeps its count (one success must not reset a spray).
        if (pair.inFlight === 0) this.pairs.delete(pairKey);
        else pair.failures = 0;
        return;
      }
      pair.failures++;
      addr.failures++;
      const over = pair.failures - this.limits.accountFailures;
      if (over >= 0) pair.until = this.now() + Math.min(this.limits.maxLockMs, this.limits.baseLockMs * 2 ** over);
      this.sweep();
    };
  }

  /** Forgets pairs whose lock has run out and idle addresses whose window closed, so the maps stay small. */
  private sweep(): void {
    if (this.pairs.size + this.addresses.size < 10_000) return;
    const t = this.now();
    for (const [k, c] of this.pairs) if (c.inFlight === 0 && (c.until === 0 ? c.failures < this.limits.accountFailures : t - c.until > this.limits.maxLockMs)) this.pairs.delete(k);
    for (const [k, c] of this.addresses) if (c.inFlight === 0 && t - c.until >= this.limits.addressWindowMs) this.addresses.delete(k);
  }
}
