import { describe, expect, it } from 'vitest';
import { evictions, readScopedLimits } from '../../server/lib/sql-scoped.js';

const e = (key: string, lastUsed: number, bytes = 10, running = 0) => ({ key, lastUsed, bytes, running });

describe('scoped snapshots: which to evict (least recently used, idle, never the one asked for)', () => {
  it.each([
    ['within limits', [e('a', 1), e('b', 2)], 2, 100, 'b', []],
    ['one too many: the oldest goes', [e('a', 1), e('b', 2), e('c', 3)], 2, 100, 'c', ['a']],
    ['the oldest is busy: the next oldest goes', [e('a', 1, 10, 1), e('b', 2), e('c', 3)], 2, 100, 'c', ['b']],
    ['the one asked for is never evicted', [e('a', 5), e('b', 2)], 1, 100, 'a', ['b']],
    ['over the disk limit', [e('a', 1, 60), e('b', 2, 60)], 5, 100, 'b', ['a']],
    ['everything busy: stays over', [e('a', 1, 10, 1), e('b', 2, 10, 2)], 1, 100, 'b', []],
  ])('%s', (_l, entries, maxSnapshots, maxBytes, keep, out) => {
    expect(evictions(entries, { maxSnapshots, maxBytes }, keep)).toEqual(out);
  });
  it('limits from the environment; a bad value stops the start', () => {
    expect(readScopedLimits({})).toEqual({ maxSnapshots: 3, maxBytes: 1024 * 1024 * 1024 });
    expect(readScopedLimits({ XPILOT_SQL_SCOPED_SNAPSHOTS: '5', XPILOT_SQL_SCOPED_SNAPSHOT_MB: '64' })).toEqual({ maxSnapshots: 5, maxBytes: 64 * 1024 * 1024 });
    expect(() => readScopedLimits({ XPILOT_SQL_SCOPED_SNAPSHOTS: '0' })).toThrow(/XPILOT_SQL_SCOPED_SNAPSHOTS/);
  });
});
