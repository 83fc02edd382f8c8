/**
 * The named-query result cache (server/lib/result-cache.ts) and single flight
 * (server/lib/single-flight.ts): bounded by bytes as well as entries, least
 * recently used first; a new data version empties it; a failed computation
 * is shared by its waiters but not remembered.
 */
import { describe, expect, it } from 'vitest';
import { ResultCache } from '../../server/lib/result-cache.js';
import { SingleFlight } from '../../server/lib/single-flight.js';

describe('ResultCache', () => {
  it('evicts the least recently used entries once the bytes exceed the budget', () => {
    const cache = new ResultCache<string>(100, 1000);
    cache.set('v1', 'a', 'A', 400);
    cache.set('v1', 'b', 'B', 400);
    expect(cache.get('v1', 'a')).toBe('A'); // a is now the most recent
    cache.set('v1', 'c', 'C', 400);
    expect([cache.get('v1', 'a'), cache.get('v1', 'b'), cache.get('v1', 'c')]).toEqual(['A', undefined, 'C']);
    expect(cache.bytes).toBe(800);
  });

  it('counts an encoded body added later (grow) against the budget, keeping the entry grown', () => {
    const cache = new ResultCache<string>(100, 1000);
    cache.set('v1', 'a', 'A', 100);
    cache.set('v1', 'b', 'B', 100);
    cache.grow('v1', 'b', 850);
    expect(cache.get('v1', 'a')).toBeUndefined();
    expect(cache.get('v1', 'b')).toBe('B');
    expect(cache.bytes).toBe(950);
    // Growing an entry of an older version, or one already gone, changes nothing.
    cache.grow('v0', 'b', 10_000);
    cache.grow('v1', 'a', 10_000);
    expect(cache.bytes).toBe(950);
  });

  it('keeps at most `capacity` entries and forgets everything at a new data version', () => {
    const cache = new ResultCache<number>(2);
    cache.set('v1', 'a', 1);
    cache.set('v1', 'b', 2);
    cache.set('v1', 'c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('v1', 'a')).toBeUndefined();
    expect(cache.get('v2', 'c')).toBeUndefined();
    cache.set('v2', 'd', 4, 10);
    expect([cache.size, cache.bytes, cache.get('v1', 'c')]).toEqual([1, 10, undefined]);
  });
});

describe('SingleFlight', () => {
  it('runs a key once for concurrent callers, and again after a failure', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let fail = true;
    const compute = () => new Promise<number>((resolve, reject) => setTimeout(() => (++runs, fail ? reject(new Error('boom')) : resolve(runs)), 5));
    const first = await Promise.allSettled([flights.run('k', compute), flights.run('k', compute), flights.run('k', compute)]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(runs).toBe(1);
    fail = false;
    expect(await Promise.all([flights.run('k', compute), flights.run('k', compute)])).toEqual([2, 2]);
    expect(flights.size).toBe(0);
  });
});
