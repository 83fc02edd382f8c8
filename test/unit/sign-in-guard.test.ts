/** lib/sign-in-guard.ts with a fake clock: reservations before the check, back-off per account and address, a per-address cap. */
import { describe, expect, it } from 'vitest';
import { SignInGuard } from '../../server/lib/sign-in-guard.js';

const MIN = 60_000;
const setup = () => {
  let now = 1_000_000;
  const guard = new SignInGuard({ accountFailures: 5, baseLockMs: MIN, maxLockMs: 15 * MIN, addressFailures: 20, addressWindowMs: 15 * MIN }, () => now);
  return { guard, tick: (ms: number) => (now += ms) };
};
const fail = (g: SignInGuard, account: string, address: string) => g.begin(account, address)(false);
const refused = (g: SignInGuard, account: string, address: string) => {
  try {
    g.begin(account, address)(false);
    return false;
  } catch (err) {
    return (err as { code: string }).code === 'too_many_attempts';
  }
};

describe('SignInGuard', () => {
  it('reserves before the check: 5 attempts may be in flight at once, the 6th is refused before any finishes', () => {
    const { guard } = setup();
    const pending = Array.from({ length: 5 }, () => guard.begin('admin', '1.1.1.1'));
    expect(refused(guard, 'admin', '1.1.1.1')).toBe(true);
    pending.forEach((done) => done(false));
  });

  it('locks the pair for 1, 2, 4 … minutes up to 15; other addresses are not locked', () => {
    const { guard, tick } = setup();
    for (let i = 0; i < 5; i++) fail(guard, 'admin', '1.1.1.1');
    expect(refused(guard, 'admin', '1.1.1.1')).toBe(true);
    expect(guard.begin('admin', '2.2.2.2')).toBeTypeOf('function');
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      let waited = 0;
      while (refused(guard, 'admin', '1.1.1.1')) {
        tick(MIN / 4);
        waited += MIN / 4;
      }
      waits.push(waited / MIN);
    }
    expect(waits).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('a right password clears the pair', () => {
    const { guard } = setup();
    for (let i = 0; i < 4; i++) fail(guard, 'dean', '1.1.1.1');
    guard.begin('dean', '1.1.1.1')(true);
    for (let i = 0; i < 4; i++) fail(guard, 'dean', '1.1.1.1');
    expect(refused(guard, 'dean', '1.1.1.1')).toBe(false);
  });

  it('one address may fail 20 times across accounts in 15 minutes, then waits for the window', () => {
    const { guard, tick } = setup();
    for (let i = 0; i < 20; i++) fail(guard, `user-${i}`, '3.3.3.3');
    expect(refused(guard, 'user-new', '3.3.3.3')).toBe(true);
    expect(refused(guard, 'user-new', '4.4.4.4')).toBe(false);
    tick(15 * MIN);
    expect(refused(guard, 'user-new', '3.3.3.3')).toBe(false);
  });
});
