/** Where a generated dataset lives by default (gitignored: *.duckdb). */
import { join } from 'node:path';
import type { Scale } from './scales.js';

export function generatedPath(root: string, scale: Scale, seed = 1): string {
  return join(root, 'data', 'generated', `${scale}-${seed}.duckdb`);
}
