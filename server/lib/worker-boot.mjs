// Entry of every worker thread: lets the thread load the server's TypeScript (as `tsx` does for the
// main thread, whose loader hooks a worker does not inherit), then runs the module it was given.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
