/**
 * Security headers on every answer (@fastify/helmet): a Content-Security-Policy
 * under which no inline or foreign script runs, no framing (so /import cannot
 * be clickjacked), nosniff, no Referer leaving the site.
 *
 * The web app's HTML is the one exception to "no inline script": SvelteKit's
 * adapter-static writes a small bootstrap <script> into every page. The web
 * plugin sends those pages the same policy plus the sha256 of each inline
 * script it actually serves (`htmlPolicy`), computed from the file on disk.
 * We chose that over `kit.csp` (mode 'hash'): kit.csp only puts the hashes in
 * a <meta> tag, a header policy without them would still block the bootstrap
 * (both policies apply), and a meta policy cannot say frame-ancestors.
 */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/**
 * The policy. Trade-offs, each needed by something the product uses:
 * - style-src 'unsafe-inline': CodeMirror injects <style> elements, ECharts
 *   writes the tooltip's style attribute, Svelte transitions and the report's
 *   print header add <style>. Styles cannot run script; the script policy is
 *   what stops injection, and it stays strict.
 * - img-src data: blob:: chart exports (getDataURL), the report's PNG/SVG
 *   previews and Swagger UI's icons are data:/blob: images.
 * - No upgrade-insecure-requests: the app is often reached over plain http on
 *   a LAN address, where it would send every request to a missing https port.
 */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a header value, with extra sources for script-src (the inline scripts' hashes). */
export function cspHeader(scriptSources: readonly string[] = []): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, sources]) => `${name} ${(name === 'script-src' ? [...sources, ...scriptSources] : sources).join(' ')}`)
    .join('; ');
}

export default fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      // DENY as well as frame-ancestors: older browsers only know this header.
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      // Helmet's default, said out loud: another site's page cannot embed our answers (chart images included).
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
  },
  { name: 'security' },
);
