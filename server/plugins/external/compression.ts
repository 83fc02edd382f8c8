/**
 * Compresses answers on the fly (@fastify/compress): JSON, CSV and other text
 * above `threshold` bytes, for clients that accept br or gzip. The web app's
 * files are not compressed here: the build wrote .br/.gz beside them and the
 * web plugin sends those (`preCompressed`), which this plugin leaves alone
 * because they already carry Content-Encoding.
 *
 * What is left as it is, by type (mime-db's "compressible" flag): Arrow IPC,
 * XLSX (a zip), Parquet (compressed inside), PNG. Streams (CSV exports) are
 * compressed as they flow; zlib keeps the socket's backpressure, and the work
 * runs on libuv's thread pool, not the event loop.
 */
import fp from 'fastify-plugin';
import compress from '@fastify/compress';
import type { onSendHookHandler } from 'fastify';

/** Answers smaller than this go as they are: a header and a zlib context cost more than they save. */
export const COMPRESS_THRESHOLD = 1024;

/**
 * nginx's rule for an entity tag on an answer it compressed: the bytes differ
 * by encoding, so a strong tag becomes weak (`W/"…"`); the content is the same.
 * @example weakenEtag('"abc"') // 'W/"abc"'
 * @example weakenEtag('W/"abc"') // 'W/"abc"'
 */
export function weakenEtag(tag: string): string {
  return tag.startsWith('W/') ? tag : `W/${tag}`;
}

export default fp(
  async (app) => {
    await app.register(compress, {
      threshold: COMPRESS_THRESHOLD,
      encodings: ['br', 'gzip'],
      // Uploads stay what their bytes say: an inflated gzip body would slip past the import size limits.
      globalDecompression: false,
    });
    // A revalidation carries back the weak tag we sent; routes compare their own strong tag, and a weak
    // comparison (RFC 9110 §13.1.2, what If-None-Match uses) matches the two.
    app.addHook('onRequest', async (request) => {
      const match = request.headers['if-none-match'];
      if (typeof match === 'string' && match.includes('W/')) request.headers['if-none-match'] = match.replace(/W\//g, '');
    });
    // @fastify/compress adds its onSend to each route as the route is declared; this one goes after it
    // (onRoute hooks run in the order registered), so Content-Encoding says what compress did.
    const weaken: onSendHookHandler = async (_request, reply, payload) => {
      const tag = reply.getHeader('etag');
      // Static files (with Last-Modified) have a tag per file, and the .br/.gz files are files of their own.
      if (typeof tag === 'string' && reply.getHeader('content-encoding') && !reply.hasHeader('last-modified')) reply.header('etag', weakenEtag(tag));
      return payload;
    };
    app.addHook('onRoute', (route) => {
      route.onSend = [...(Array.isArray(route.onSend) ? route.onSend : route.onSend ? [route.onSend] : []), weaken];
    });
  },
  { name: 'compression' },
);
