/**
 * `npm run generate -- --scale national|province|small [--seed N] [--out PATH]`:
 * writes a deterministic synthetic dataset (see server/dataset/generate/).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../config.js';
import { generateDataset } from '../dataset/generate/generate.js';
import { parseScale } from '../dataset/generate/scales.js';
import { generatedPath } from '../dataset/generate/paths.js';

function fail(zh: string, en: string): never {
  console.error(`${zh}\n${en}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false } } }));
} catch (err) {
  fail(`参数有误：${(err as Error).message}`, `Bad arguments: ${(err as Error).message}. Usage: npm run generate -- --scale national|province|small [--seed N] [--out PATH]`);
}
let scale;
try {
  scale = parseScale(values.scale);
} catch (err) {
  fail('', (err as Error).message);
}
if (!/^\d{1,9}$/.test(values.seed)) fail(`--seed 应为非负整数，收到“${values.seed}”`, `--seed must be a non-negative integer, got "${values.seed}"`);
const seed = Number(values.seed);
const out = values.out ? resolve(process.cwd(), values.out) : generatedPath(ROOT, scale, seed);
mkdirSync(dirname(out), { recursive: true });
console.log(`正在生成合成数据 / generating the synthetic dataset: scale ${scale}, seed ${seed} → ${out}`);
const result = await generateDataset({ scale, seed, out, log: values.quiet ? undefined : (l) => console.log(l) });
const c = result.counts;
console.log(`完成 / done in ${(result.ms / 1000).toFixed(1)} s, ${(result.bytes / 1048576).toFixed(1)} MB: `
  + `exam_results ${c.exam_results}, exam_records ${c.exam_records}, pilot_applications ${c.pilot_applications}, teacher_training ${c.teacher_training}, training_quotas ${c.training_quotas}, findings ${c.findings}, imports ${c.imports}`);
