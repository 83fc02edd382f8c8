/** Starts the server: API and web app on one port. */
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const config = readConfig();
let generatedPassword: string | undefined;
const t0 = performance.now();
console.log('正在打开数据库… / opening the database…');
const app = await buildApp({ ...config, logger: { level: process.env.LOG_LEVEL ?? 'warn' }, onAdminPasswordGenerated: (password) => (generatedPassword = password) });
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
  // The console's snapshot is made after the start, in the background: say when it is ready, or what failed.
  if (!app.sqlSandbox.isReady()) {
    console.log('SQL 控制台正在准备数据快照… / the SQL console is preparing its data snapshot…');
    app.sqlSandbox.whenReady().then(
      (info) => console.log(`SQL 控制台已就绪（快照 ${Math.round(info.totalMs)} ms） / the SQL console is ready (${Math.round(performance.now() - t0)} ms after start)`),
      (err: unknown) => console.error(`SQL 控制台的数据快照失败，下一条查询会重试 / the SQL console's snapshot failed; the next statement tries again: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
