/** Configuration from the environment (see README: Configuration). */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { positiveIntEnv } from './lib/env.js';
import { parseScale, type Scale } from './dataset/generate/scales.js';
import { generatedPath } from './dataset/generate/paths.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** XPILOT_DATASET: serve a generated synthetic dataset (npm run generate) instead of XPILOT_DB. */
  dataset: Scale | null;
  dataDir: string;
  queriesDir: string;
  webDir: string;
  adminPassword: string | undefined;
  /** How long a sign-in lasts (XPILOT_SESSION_HOURS). */
  sessionHours: number;
  /** Sign-in requests one address may make per minute (XPILOT_SIGNIN_PER_MINUTE). */
  signInPerMinute: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const dataset = env.XPILOT_DATASET ? parseScale(env.XPILOT_DATASET) : null;
  if (dataset && env.XPILOT_DB) {
    throw new Error(`XPILOT_DATASET 与 XPILOT_DB 只能设置一个 / set XPILOT_DATASET or XPILOT_DB, not both (XPILOT_DATASET=${env.XPILOT_DATASET} serves ${generatedPath(ROOT, dataset)})`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dbPath: dataset ? generatedPath(ROOT, dataset) : env.XPILOT_DB === ':memory:' ? ':memory:' : resolve(ROOT, env.XPILOT_DB ?? 'data/xpilot.duckdb'),
    dataset,
    dataDir: resolve(ROOT, 'data'),
    queriesDir: resolve(ROOT, 'queries'),
    webDir: resolve(ROOT, 'build'),
    adminPassword: env.XPILOT_ADMIN_PASSWORD,
    sessionHours: positiveIntEnv(env, 'XPILOT_SESSION_HOURS', 12),
    signInPerMinute: positiveIntEnv(env, 'XPILOT_SIGNIN_PER_MINUTE', 30),
  };
}
