/** The chart rasteriser's worker process (see raster-pool.ts): one SVG → PNG per message, font subsets kept warm between them. */
import { serveTasks } from '../lib/task-worker.js';
import { svgToPng } from './render.js';

serveTasks(async ({ svg, scale }: { svg: string; scale: number }) => (await svgToPng(svg, { scale })).png);
