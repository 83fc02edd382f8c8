/** Starts the server: API and web app on one port. */
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import { IntegrityError } from './dataset/integrity.js';

const config = readConfig();
let generated: { password: string; again: boolean } | undefined;
const t0 = performance.now();
console.log('正在打开数据库… / opening the database…');
const app = await buildApp({ ...config, logger: { level: process.env.LOG_LEVEL ?? 'warn' }, onAdminPasswordGenerated: (password, again) => (generated = { password, again }) }).catch((err: unknown) => {
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
  if (app.lake) console.log(`只读副本：数据湖版本 ${app.lake.id()} / read-only replica of lake version ${app.lake.id()}\n`);
  if (generated && !app.lake) {
    // Only its hash is stored. Until someone signs in with it, the next start prints a new one (plugins/app/admin.ts).
    if (generated.again) console.log('还没有人用上次生成的管理员密码登录过，因此生成了新密码（旧密码已失效）。/ Nobody has signed in with the previous generated password, so here is a new one (the old one no longer works).');
    console.log(`管理员密码（请妥善保存）/ Administrator password: ${generated.password}`);
    console.log('导入数据和撤销导入时需要它。忘记了：停止服务器后运行 npm run user -- reset admin；要用自己的密码：设置 XPILOT_ADMIN_PASSWORD 后重启。');
    console.log('Needed to commit and undo imports. Lost it: stop the server and run npm run user -- reset admin; to choose your own: restart with XPILOT_ADMIN_PASSWORD.\n');
  }
  // The console's snapshot is made after the start, in the background: say when it is ready, or what failed.
  if (!app.lake && !app.sqlSandbox.isReady()) {
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
