/** The parse worker's entry (see parser.ts): one file read per message. */
import { serveTasks } from '../lib/task-worker.js';
import { readFileTables, type ReadRequest } from './read-file.js';

serveTasks((req: ReadRequest) => readFileTables(req));
