/**
 * PNG rasterising (resvg, with the per-chart font subset of render.ts) in a
 * worker process, so a large chart does not stop the server from answering
 * others; and the size cap that keeps one PNG's cost bounded. The worker is
 * kept between charts (its font subsets stay cached) and replaced if it dies.
 */
import { AppError } from '../lib/errors.js';
import { positiveIntEnv } from '../lib/env.js';
import { TaskWorker, TaskWorkerError } from '../lib/task-worker.js';

export interface RasterLimits {
  /** Most pixels (width × height × scale²) of one PNG (XPILOT_CHART_MAX_MEGAPIXELS, in millions). */
  maxPixels: number;
  /** Heap of the rasterising worker (XPILOT_CHART_WORKER_MEMORY_MB). */
  workerMemoryMb: number;
  /** Wall time of one PNG (XPILOT_CHART_RENDER_TIMEOUT_MS). */
  timeoutMs: number;
}

/**
 * 16 million pixels: a 4000 × 4000 chart at scale 1, a 2000 × 2000 one at
 * scale 2 or a 1333 × 1000 one at 3× — more than any export the web app
 * offers (its charts are about 1000 × 600 CSS pixels, at 2× or 3×) — and 64 MB
 * of RGBA while it is drawn.
 */
export const DEFAULT_MAX_MEGAPIXELS = 16;

export function readRasterLimits(env: NodeJS.ProcessEnv = process.env): RasterLimits {
  return {
    maxPixels: positiveIntEnv(env, 'XPILOT_CHART_MAX_MEGAPIXELS', DEFAULT_MAX_MEGAPIXELS) * 1_000_000,
    workerMemoryMb: positiveIntEnv(env, 'XPILOT_CHART_WORKER_MEMORY_MB', 512),
    timeoutMs: positiveIntEnv(env, 'XPILOT_CHART_RENDER_TIMEOUT_MS', 30_000),
  };
}

/** Refuses a PNG of more than `maxPixels` before anything is drawn. */
export function checkPixels(width: number, height: number, scale: number, maxPixels: number): void {
  const pixels = Math.round(width * scale) * Math.round(height * scale);
  if (pixels <= maxPixels) return;
  const mpx = (n: number) => Math.round(n / 100_000) / 10;
  throw new AppError(
    400,
    'chart_too_large',
    `A ${width} × ${height} chart at scale ${scale} is ${mpx(pixels)} million pixels; a PNG may have at most ${mpx(maxPixels)} million (width × height × scale², XPILOT_CHART_MAX_MEGAPIXELS). Lower width, height or scale.`,
    `${width} × ${height} 的图表按 ${scale} 倍输出为 ${mpx(pixels)} 百万像素，PNG 最多 ${mpx(maxPixels)} 百万像素（宽 × 高 × 倍数²，XPILOT_CHART_MAX_MEGAPIXELS）；请减小宽度、高度或倍数`,
    { pixels, max_pixels: maxPixels },
  );
}

export type Rasterise = (svg: string, scale: number) => Promise<Buffer>;

export interface RasterPool {
  rasterise: Rasterise;
  close: () => Promise<void>;
}

export function createRasterPool(limits: RasterLimits): RasterPool {
  const pool = new TaskWorker<{ svg: string; scale: number }, Uint8Array>({
    entry: new URL('./png-worker.ts', import.meta.url),
    maxOldGenerationSizeMb: limits.workerMemoryMb,
    timeoutMs: limits.timeoutMs,
    concurrency: 1,
    maxQueue: 16,
    reuse: true,
  });
  return {
    rasterise: async (svg, scale) => {
      try {
        const png = await pool.run({ svg, scale });
        return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
      } catch (err) {
        if (!(err instanceof TaskWorkerError)) throw err;
        if (err.reason === 'busy') throw new AppError(503, 'chart_busy', 'Too many charts are waiting to be drawn; try again shortly', '等待绘制的图表过多，请稍后再试');
        if (err.reason === 'timeout') throw new AppError(503, 'chart_timeout', `Drawing the chart took longer than ${limits.timeoutMs} ms (XPILOT_CHART_RENDER_TIMEOUT_MS)`, `绘制图表超过 ${limits.timeoutMs} 毫秒（XPILOT_CHART_RENDER_TIMEOUT_MS），已停止`);
        if (err.reason === 'out_of_memory') throw new AppError(503, 'chart_out_of_memory', `Drawing the chart needed more than ${limits.workerMemoryMb} MB (XPILOT_CHART_WORKER_MEMORY_MB)`, `绘制图表所需内存超过 ${limits.workerMemoryMb} MB（XPILOT_CHART_WORKER_MEMORY_MB）`);
        throw err;
      }
    },
    close: () => pool.close(),
  };
}
