/** Starts the server: API and web app on one port. */
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = readConfig();
const app = await buildApp({ ...config, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
const close = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);
try {
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`\nX-Pilot Analytics 已启动：http://${config.host}:${port}/  (API: /api, 文档: /api/docs)\n`);
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
