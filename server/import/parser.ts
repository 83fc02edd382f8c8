/**
 * Runs the parse step (read-file.ts) of uploads in a worker process with the
 * limits of limits.ts, and turns a worker that ran out of memory or time, or
 * a full line, into the import's own clear errors. The file travels as its
 * path (uploads are on disk); test bytes are copied across.
 */
import { TaskWorker, TaskWorkerError } from '../lib/task-worker.js';
import { importErrors } from './errors.js';
import type { ImportLimits } from './limits.js';
import type { FileRead, ReadRequest } from './read-file.js';

export type ReadTables = (req: ReadRequest) => Promise<FileRead>;

export interface FileParser {
  read: ReadTables;
  close: () => Promise<void>;
}

/** Uploads that may wait for the parser while others are read. */
const MAX_WAITING = 8;

export function createFileParser(limits: ImportLimits): FileParser {
  const pool = new TaskWorker<ReadRequest, FileRead>({
    entry: new URL('./parse-worker.ts', import.meta.url),
    maxOldGenerationSizeMb: limits.workerMemoryMb,
    timeoutMs: limits.parseTimeoutMs,
    concurrency: limits.concurrency,
    maxQueue: MAX_WAITING,
    reuse: false,
  });
  return {
    read: async (req) => {
      try {
        return await pool.run(req);
      } catch (err) {
        if (!(err instanceof TaskWorkerError)) throw err;
        if (err.reason === 'out_of_memory') throw importErrors.parseOutOfMemory(limits.workerMemoryMb);
        if (err.reason === 'timeout') throw importErrors.parseTimeout(limits.parseTimeoutMs);
        if (err.reason === 'busy') throw importErrors.parseBusy(MAX_WAITING);
        throw err;
      }
    },
    close: () => pool.close(),
  };
}
