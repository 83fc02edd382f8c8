import { describe, expect, it } from 'vitest';
import { parseCount, parseRate, rateAgrees } from '../../server/domain/numbers.js';

describe('parseCount', () => {
  it.each([
    ['1479', { ok: true, value: 1479 }],
    ['1,479', { ok: true, value: 1479 }],
    ['１４７９', { ok: true, value: 1479 }],
    ['91 人', { ok: true, value: 91 }],
    ['0', { ok: true, value: 0 }],
    ['-3', { ok: false, reason: 'negative', value: -3 }],
    ['12.5', { ok: false, reason: 'not_integer', value: 12.5 }],
    ['十二', { ok: false, reason: 'not_a_number' }],
    ['', { ok: false, reason: 'empty' }],
  ])('%j → %j', (text, expected) => expect(parseCount(text)).toEqual(expected));
});

describe('parseRate and rateAgrees — seed 004, exam table 通过率 column', () => {
  it.each([
    ['99%', 0.99, 0],
    ['80.8%', 0.808, 1],
    ['80.12%', 0.8012, 2],
    ['９４％', 0.94, 0],
    ['0.94', 0.94, 0],
    ['94', 0.94, 0],
  ])('%s → %f (%i decimals)', (text, value, decimals) => {
    const r = parseRate(text)!;
    expect(r.value).toBeCloseTo(value, 10);
    expect(r.percentDecimals).toBe(decimals);
  });

  it.each([
    ['99%', 158, 160, true], // 3D 引擎技术应用: 98.75% printed as 99%
    ['80.8%', 63, 78, true], // 建筑工程识图: 80.77%
    ['15.5%', 11, 71, true], // BIM: 15.49%
    ['80.12%', 1185, 1479, true], // 合计
    ['56.8%', 33, 62, false], // WEB 前端开发: 53.23% — the seed's error
    ['90%', 28, 31, true], // 90.32%
    ['61%', 70, 115, true], // 60.87%
  ])('%s vs %i/%i → %s', (text, passed, candidates, agrees) => {
    expect(rateAgrees(parseRate(text)!, passed, candidates)).toBe(agrees);
  });
});
