/**
 * Serves the built SvelteKit app (adapter-static) from the same port as the
 * API. Unknown paths under /api are JSON 404s; other unknown paths get the
 * app shell so client-side routes deep-link.
 */
import fp from 'fastify-plugin';
import staticFiles from '@fastify/static';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cspHeader } from './security.js';

export const SPA_FALLBACK = '200.html';

/** The suffixes of the build's precompressed copies. */
const PRECOMPRESSED = /\.(br|gz)$/;

const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script\s*>/gi;

/**
 * 'sha256-…' of every inline script of an HTML page (SvelteKit's bootstrap),
 * the only inline scripts the Content-Security-Policy lets run.
 * @example inlineScriptHashes('<script>x()</script>') // ["'sha256-…'"]
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '')) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2] ?? '', 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** Policy per HTML file, kept while the file is unchanged (a rebuild changes the hashes, and needs no restart). */
const policies = new Map<string, { stamp: string; policy: string }>();
function htmlPolicy(path: string): string {
  const st = statSync(path);
  const stamp = `${st.mtimeMs}:${st.size}`;
  const known = policies.get(path);
  if (known?.stamp === stamp) return known.policy;
  const policy = cspHeader(inlineScriptHashes(readFileSync(path, 'utf8')));
  policies.set(path, { stamp, policy });
  return policy;
}

export default fp(
  async (app, opts: { dir: string }) => {
    const hasWeb = existsSync(join(opts.dir, SPA_FALLBACK));
    if (hasWeb) {
      // wildcard: files are looked up per request, so a rebuild needs no restart.
      await app.register(staticFiles, {
        root: opts.dir,
        wildcard: true,
        cacheControl: false,
        // The build writes .br and .gz beside every text file (adapter-static `precompress`): sent as they
        // are to a client that accepts them, with Vary: Accept-Encoding, so no answer is compressed per request.
        preCompressed: true,
        setHeaders: (res, served) => {
          res.setHeader('Vary', 'Accept-Encoding');
          // With preCompressed, `served` is the file sent (index.html.br); the rules below are about the page.
          const path = served.replace(PRECOMPRESSED, '');
          // Hashed assets never change; everything else (the HTML shell) is revalidated.
          res.setHeader('Cache-Control', path.includes(join('_app', 'immutable')) ? 'public, max-age=31536000, immutable' : 'no-cache');
          // Replaces helmet's policy (set earlier on the same response) with one that also allows this page's bootstrap script.
          if (path.endsWith('.html')) res.setHeader('Content-Security-Policy', htmlPolicy(path));
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
