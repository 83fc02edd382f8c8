/**
 * Serves the built SvelteKit app (adapter-static) from the same port as the
 * API. Unknown paths under /api are JSON 404s; other unknown paths get the
 * app shell so client-side routes deep-link.
 */
import fp from 'fastify-plugin';
import staticFiles from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SPA_FALLBACK = '200.html';

export default fp(
  async (app, opts: { dir: string }) => {
    const hasWeb = existsSync(join(opts.dir, SPA_FALLBACK));
    if (hasWeb) {
      // wildcard: files are looked up per request, so a rebuild needs no restart.
      await app.register(staticFiles, {
        root: opts.dir,
        wildcard: true,
        cacheControl: false,
        setHeaders: (res, path) => {
          // Hashed assets never change; everything else (the HTML shell) is revalidated.
          res.setHeader('Cache-Control', path.includes(join('_app', 'immutable')) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      if (path.startsWith('/api/') || path === '/api' || !hasWeb || request.method !== 'GET') {
        return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${path}`, message_zh: `没有这个地址：${path}` } });
      }
      return reply.header('Cache-Control', 'no-cache').sendFile(SPA_FALLBACK);
    });
  },
  { name: 'web' },
);
