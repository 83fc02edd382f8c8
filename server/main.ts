/** Starts the server: API and web app on one port. */
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import { IntegrityError } from './dataset/integrity.js';

const config = readConfig();
let generatedPassword: string | undefined;
const app = await buildApp({ ...config, logger: { level: process.env.LOG_LEVEL ?? 'warn' }, onAdminPasswordGenerated: (password) => (generatedPassword = password) }).catch((err: unknown) => {
  if (!(err instanceof IntegrityError)) throw err;
  // A refusal is for the operator to read, not a crash: its message says what to do.
  console.error(`\n${err.message}\n`);
  process.exit(1);
});
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
  if (generatedPassword) {
    // Printed once, on the start that created it; only its hash is stored.
    console.log(`管理员密码（只显示这一次，请妥善保存）/ Administrator password (shown once): ${generatedPassword}`);
    console.log('导入数据和撤销导入时需要它；要改用自己的密码，设置 XPILOT_ADMIN_PASSWORD 后重启。\n');
  }
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
