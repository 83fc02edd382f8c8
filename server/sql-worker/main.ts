/**
 * The SQL worker process. The server starts it with a data limit
 * (ulimit -d), so a statement that makes DuckDB allocate without bound —
 * huge strings escape DuckDB's memory_limit — fails inside this process
 * (DuckDB reports an Out of Memory error) or, at worst, ends this process;
 * the server answers the request with an error, starts a new worker and
 * keeps serving. A worker whose memory stays high after such a statement
 * asks to be recycled and ends once idle. The worker encodes each result
 * in the asked format and streams the bytes back, never more than the
 * server's window ahead of what the server has acked (see client.ts): the
 * encoders pull rows only as their output is read, so a client that stops
 * reading stops the encoding here.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBDataChunk, DuckDBResult } from '@duckdb/node-api';
import { ARROW_MIME, encodeResult } from '../lib/encode-result.js';
import { duckChunksToArrow } from '../lib/arrow.js';
import { ChunkReader } from '../lib/result-set.js';
import { withScratchInstance } from '../plugins/app/duckdb.js';
import { AppError } from '../lib/errors.js';
import { sqlErrors } from '../lib/sql-guard.js';
import { SandboxEngine, type TimeBudget } from './engine.js';
import type { FromWorker, ToWorker, WireError } from './protocol.js';

if (!process.send) {
  console.error('server/sql-worker/main.ts is started by the server (an IPC channel is needed)');
  process.exit(1);
}

const send = (m: FromWorker) => {
  if (process.connected) process.send!(m);
};
const engine = new SandboxEngine((dir) => send({ t: 'retired', dir }));
const cancels = new Map<number, AbortController>();
/** Per running answer: bytes it may still send, and who waits for more. */
const credits = new Map<number, { bytes: number; wake?: () => void }>();
let inFlight = 0;
let draining = false;
let recycleAsked = false;
const dataLimit = Number(process.env.XPILOT_SQL_WORKER_DATA_LIMIT ?? 0);

/** This process's private writable memory (what ulimit -d counts). */
function dataBytes(): number {
  try {
    const m = /VmData:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function settle() {
  inFlight--;
  if (!recycleAsked && dataLimit > 0) {
    const used = dataBytes();
    if (used > dataLimit / 2) {
      recycleAsked = true;
      send({ t: 'recycle', dataBytes: used });
    }
  }
  if (draining && inFlight === 0) {
    engine.close();
    process.exit(0);
  }
}

function wire(err: unknown): WireError {
  if (err instanceof AppError) return { status: err.statusCode, code: err.code, message: err.message, messageZh: err.messageZh, details: err.details };
  const message = err instanceof Error ? err.message : String(err);
  if (/out of memory|bad allocation|Cannot allocate/i.test(message)) {
    return { status: 422, code: 'sql_out_of_memory', message: 'The query needs more memory than the console allows; filter or aggregate first', messageZh: '查询所需内存超过控制台上限，请先筛选或汇总后再查询。' };
  }
  return { status: 500, code: 'sql_internal_error', message: 'The SQL console failed on this query', messageZh: 'SQL 控制台处理这条查询时出错。', details: { cause: message.slice(0, 300) } };
}

const FLUSH_BYTES = 256 * 1024;

/** Sends one piece of an answer once the server's window allows it (a streamed statement's time limit waits too). */
async function sendData(id: number, bytes: Buffer, signal: AbortSignal, budget?: TimeBudget): Promise<void> {
  const credit = credits.get(id)!;
  if (credit.bytes <= 0) budget?.pause();
  while (credit.bytes <= 0) {
    if (signal.aborted) throw new Error('cancelled');
    await new Promise<void>((resolve) => (credit.wake = resolve));
    credit.wake = undefined;
  }
  budget?.resume();
  if (signal.aborted) throw new Error('cancelled');
  credit.bytes -= bytes.length;
  send({ t: 'data', id, bytes });
}

/** Sends an encoder's pieces in FLUSH_BYTES messages. */
async function sendPieces(id: number, body: AsyncIterable<unknown>, signal: AbortSignal, budget?: TimeBudget): Promise<void> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const piece of body) {
    // A view, not a copy: the pieces are copied once, by the concat below.
    const bytes = piece as Uint8Array;
    const buf = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    pending.push(buf);
    size += buf.length;
    if (size >= FLUSH_BYTES) {
      const bytes = Buffer.concat(pending);
      pending = [];
      size = 0;
      await sendData(id, bytes, signal, budget);
    }
  }
  if (size > 0) await sendData(id, Buffer.concat(pending), signal, budget);
}

/** Rows read before an Arrow answer's head goes out: a result that ends within them has exact row-count headers. */
const AHEAD_ROWS = 65_536;

/**
 * An Arrow answer straight from the running statement: record batches are
 * built from DuckDB's chunks as the client takes the bytes, so the worker
 * never holds the whole result. A result longer than AHEAD_ROWS goes out
 * before its row count is known: its head says so (rowCount null) and the
 * end message carries the count.
 */
async function streamArrow(m: Extract<ToWorker, { t: 'run' }>, result: DuckDBResult, budget: TimeBudget, signal: AbortSignal, t0: number, onHead: () => void) {
  const reader = new ChunkReader(result, m.rowLimit);
  const ahead: DuckDBDataChunk[] = [];
  let rows = 0;
  while (rows < AHEAD_ROWS) {
    const chunk = await reader.next();
    if (!chunk) break;
    ahead.push(chunk);
    rows += chunk.rowCount;
  }
  const known = reader.done;
  const durationMs = performance.now() - t0;
  send({ t: 'head', id: m.id, head: { rowCount: known ? reader.rowCount : null, truncated: known ? reader.truncated : null, rowLimit: m.rowLimit, durationMs, contentType: ARROW_MIME } });
  onHead();
  async function* chunks(): AsyncGenerator<DuckDBDataChunk> {
    yield* ahead.splice(0);
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) yield chunk;
  }
  await sendPieces(m.id, duckChunksToArrow(reader.columns, reader.types, chunks()), signal, budget);
  return { rowCount: reader.rowCount, truncated: reader.truncated };
}

async function run(m: Extract<ToWorker, { t: 'run' }>) {
  inFlight++;
  const ac = new AbortController();
  cancels.set(m.id, ac);
  credits.set(m.id, { bytes: m.window });
  ac.signal.addEventListener('abort', () => credits.get(m.id)?.wake?.(), { once: true });
  const t0 = performance.now();
  let headSent = false;
  try {
    const req = { sql: m.sql, params: m.params, rowLimit: m.rowLimit, timeoutMs: m.timeoutMs, signal: ac.signal };
    if (m.format === 'arrow') {
      const tail = await engine.stream(req, (result, budget) => streamArrow(m, result, budget, ac.signal, t0, () => (headSent = true)));
      send({ t: 'end', id: m.id, tail });
      return;
    }
    const rs = await engine.run(req);
    if (m.refuseTruncated && rs.truncated) throw sqlErrors.xlsxTooManyRows(m.rowLimit);
    const durationMs = performance.now() - t0;
    const enc = await encodeResult(rs, m.format, { durationMs, scratch: withScratchInstance });
    send({ t: 'head', id: m.id, head: { rowCount: rs.rowCount, truncated: rs.truncated, rowLimit: rs.rowLimit, durationMs, contentType: enc.contentType, download: enc.download, length: enc.length } });
    headSent = true;
    if (typeof enc.body === 'string') {
      const all = Buffer.from(enc.body);
      for (let at = 0; at < all.length; at += FLUSH_BYTES) await sendData(m.id, all.subarray(at, at + FLUSH_BYTES), ac.signal);
    } else {
      try {
        await sendPieces(m.id, enc.body, ac.signal);
      } catch (err) {
        enc.body.destroy();
        throw err;
      }
    }
    send({ t: 'end', id: m.id });
  } catch (err) {
    send({ t: 'fail', id: m.id, error: headSent ? { ...wire(err), status: 500 } : wire(err) });
  } finally {
    cancels.delete(m.id);
    credits.delete(m.id);
    settle();
  }
}

process.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'open': {
      const t0 = performance.now();
      engine.open(m.file, m.dir, m.version, m.limits).then(
        () => send({ t: 'opened', version: m.version, openMs: performance.now() - t0 }),
        (err: unknown) => send({ t: 'open-failed', version: m.version, error: err instanceof Error ? err.message : String(err) }),
      );
      break;
    }
    case 'run':
      void run(m);
      break;
    case 'ack': {
      const credit = credits.get(m.id);
      if (credit) {
        credit.bytes += m.bytes;
        credit.wake?.();
      }
      break;
    }
    case 'cancel':
      cancels.get(m.id)?.abort();
      break;
    case 'schema':
      inFlight++;
      engine
        .schema()
        .then(
          (schema) => send({ t: 'schema', id: m.id, schema }),
          (err: unknown) => send({ t: 'fail', id: m.id, error: wire(err) }),
        )
        .finally(settle);
      break;
    case 'drain':
      draining = true;
      if (inFlight === 0) {
        engine.close();
        process.exit(0);
      }
      break;
  }
});

// The server went away: so does the worker.
process.on('disconnect', () => {
  engine.close();
  process.exit(0);
});

send({ t: 'ready' });
