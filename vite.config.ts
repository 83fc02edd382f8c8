import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const apiPort = process.env.XPILOT_API_PORT ?? '8080';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // `npm run dev`: the web app on Vite, /api proxied to the Fastify process.
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
  build: { chunkSizeWarningLimit: 900 },
  // Fastify's light-my-request hoists cookie@2 to the root node_modules, while
  // SvelteKit's server runtime needs its own cookie@0.6 (nested under kit).
  // Bundling it makes the build's analyse step resolve kit's copy.
  ssr: { noExternal: ['cookie'] },
});
