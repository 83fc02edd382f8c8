/**
 * What every bench section receives: the scale asked for (`npm run bench --
 * --scale small|province|national`) and the generated dataset of that scale
 * (read-only: a section that writes, or starts a server, copies it first).
 * At `small` (CI) every section keeps its row counts small: figures there are
 * not timed, only proved to run.
 */
import type { Scale } from '../../server/dataset/generate/scales.js';

export interface BenchContext {
  scale: Scale;
  dbPath: string;
}

export type BenchSection = (ctx: BenchContext) => Promise<void>;
