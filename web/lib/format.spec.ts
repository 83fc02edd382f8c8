import { describe, expect, it } from 'vitest';
import { formatCount, formatInt, formatInterval, formatN, formatPercent } from './format';

describe('formatInt', () => {
  it.each([
    [1479, '1,479'],
    [0, '0'],
    [91, '91'],
    [1234567, '1,234,567'],
    [-1200, '-1,200'],
    [12.6, '13'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('formatInt(%s) → %s', (value, expected) => {
    expect(formatInt(value)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.80122, '80.1%'],
    [0.8012170385395537, '80.1%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.9402985074626866, '94.0%'],
    [0.15492957746478872, '15.5%'],
    [0.0005, '0.1%'],
    [null, '—'],
    [undefined, '—'],
  ])('formatPercent(%s) → %s', (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });
});

describe('formatInterval', () => {
  it.each([
    [0.7801, 0.8208, '78.0%–82.1%'],
    [0.9630065012310038, 1, '96.3%–100.0%'],
    [0.23072427940911852, 0.8823792268590027, '23.1%–88.2%'],
    [null, 0.5, '—'],
    [0.5, null, '—'],
    [null, null, '—'],
  ])('formatInterval(%s, %s) → %s', (low, high, expected) => {
    expect(formatInterval(low, high)).toBe(expected);
  });
});

describe('formatCount', () => {
  it.each([
    [123456, '12.3万'],
    [100000, '10万'],
    [99999, '99,999'],
    [1479, '1,479'],
    [1662, '1,662'],
    [0, '0'],
    [2_500_000, '250万'],
    [250_000_000, '2.5亿'],
    [null, '—'],
  ])('formatCount(%s) → %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });
});

describe('formatN', () => {
  it.each([
    [335, 'n=335'],
    [5, 'n=5'],
    [1479, 'n=1,479'],
    [null, 'n=—'],
  ])('formatN(%s) → %s', (value, expected) => {
    expect(formatN(value)).toBe(expected);
  });
});
