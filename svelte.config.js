import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // precompress: .br and .gz beside every text file, which the server sends as they are (plugins/external/web.ts).
    // The app is a client-rendered shell served by the Fastify process; every
    // figure comes from /api at run time, so nothing is prerendered with data.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false, precompress: true }),
    files: {
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      assets: 'web/static',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      params: 'web/params',
      serviceWorker: 'web/service-worker',
    },
    alias: { $server: 'server' },
  },
};
