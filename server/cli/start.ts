/**
 * `npm start [-- --dataset small|province|national]`: build the web app if
 * needed, generate the synthetic dataset if one is asked for and absent, then
 * serve API + web on one port. Without a dataset it serves XPILOT_DB (the seeds).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureWebBuild } from './build-web.js';

let dataset: string | undefined;
try {
  dataset = parseArgs({ options: { dataset: { type: 'string' } } }).values.dataset;
} catch (err) {
  console.error(`参数有误 / bad arguments: ${(err as Error).message}. Usage: npm start [-- --dataset small|province|national]`);
  process.exit(2);
}
if (dataset !== undefined) process.env.XPILOT_DATASET = dataset;

const { readConfig } = await import('../config.js');
let config;
try {
  config = readConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
ensureWebBuild();
if (config.dataset && !existsSync(config.dbPath)) {
  const { generateDataset } = await import('../dataset/generate/generate.js');
  console.log(`正在生成合成数据（${config.dataset}，首次使用时生成一次）… / generating the ${config.dataset} synthetic dataset (once)…`);
  const r = await generateDataset({ scale: config.dataset, seed: 1, out: config.dbPath });
  console.log(`已生成 / generated ${config.dbPath} in ${(r.ms / 1000).toFixed(1)} s`);
}
await import('../main.js');
