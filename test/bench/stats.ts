/**
 * Bench helpers: CPU time of this whole process (DuckDB works on native
 * threads, which process.cpuUsage() of the JS thread alone would miss — but
 * /proc/self/stat's utime + stime count every thread), and the median and
 * p95 of repeated measurements.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU milliseconds this process has used (all threads), or process.cpuUsage() where /proc is missing. */
export function processCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

/** CPU and wall milliseconds of fn. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ cpuMs: number; wallMs: number; value: T }> {
  const cpu0 = processCpuMs();
  const t0 = performance.now();
  const value = await fn();
  return { cpuMs: processCpuMs() - cpu0, wallMs: performance.now() - t0, value };
}

/** The q-quantile by nearest rank (q = 0.5: median; 0.95: p95). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: number[]) => quantile(values, 0.5);
export const p95 = (values: number[]) => quantile(values, 0.95);
