/** Reading numeric settings from the environment: a bad value stops the start with its name, never a silent default. */
export function positiveIntEnv(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${key} must be a positive whole number, got "${raw}"`);
  return n;
}

/** Like positiveIntEnv, 0 allowed (e.g. a queue that may be switched off). */
export function nonNegativeIntEnv(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}
