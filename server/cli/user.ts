/**
 * `npm run user -- <command> …`: accounts for operators, written straight into
 * the database file XPILOT_DB names (default data/xpilot.duckdb). DuckDB lets
 * one process hold the file, so this refuses clearly while the server runs —
 * use the users page or /api/users then.
 *
 *   add NAME --role official|dean|analyst|admin [--province P]… [--school S]… [--password PW]
 *   list
 *   disable NAME | enable NAME
 *   reset NAME              a new generated password, printed once (NAME may be admin)
 *   set-password NAME --password PW
 *   delete NAME
 *
 * Exit codes: 0 done, 1 refused (unknown user, bad scope…), 2 wrong usage, 3 database locked.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { readConfig } from '../config.js';
import { openDb, type Db } from '../plugins/app/duckdb.js';
import { ensureDefaultDataset } from '../dataset/ensure.js';
import { AppError } from '../lib/errors.js';
import { generatePassword } from '../lib/password.js';
import { scopeLabel } from '../lib/scope-label.js';
import {
  ADMIN_NAME, USER_ROLES, checkScope, deleteUser, getUser, listUsers, putUser, resolveScope, setPassword, updateUser,
  validatePassword, validateUsername, type UserRole,
} from '../lib/users.js';

const USAGE = `用法 / usage: npm run user -- <命令>
  add 用户名 --role official|dean|analyst|admin [--province 省份]… [--school 学校]… [--password 密码]
  list
  disable 用户名 | enable 用户名
  reset 用户名                 生成新密码并显示一次（admin 也可以）
  set-password 用户名 --password 密码
  delete 用户名`;

const ROLE_ZH: Record<UserRole, string> = { admin: '管理员', official: '主管部门', dean: '院校', analyst: '分析员' };

class Usage extends Error {}

async function run(db: Db, argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, province: { type: 'string', multiple: true }, school: { type: 'string', multiple: true }, password: { type: 'string' } },
  });
  const [command, name] = positionals;
  const needName = () => {
    if (!name) throw new Usage(`${command} 需要用户名 / needs a user name`);
    return name;
  };
  const existing = async (username: string) => {
    const u = await getUser(db, username);
    if (!u) throw new AppError(404, 'user_not_found', `No user "${username}"`, `没有用户“${username}”`);
    return u;
  };

  switch (command) {
    case 'add': {
      const username = needName();
      const role = values.role as UserRole | undefined;
      if (!role || !(USER_ROLES as readonly string[]).includes(role)) throw new Usage('--role 应为 official、dean、analyst 或 admin');
      validateUsername(username);
      if (await getUser(db, username)) throw new AppError(409, 'user_exists', `User "${username}" already exists`, `用户“${username}”已存在。`);
      const scope = await resolveScope(db, values.province ?? [], values.school ?? []);
      checkScope(role, scope);
      const password = values.password ?? generatePassword();
      validatePassword(password);
      await putUser(db, { username, password, role, ...scope });
      console.log(`已添加 ${username}（${ROLE_ZH[role]} · ${await scopeLabel(db, { role, ...scope })}）`);
      if (!values.password) console.log(`初始密码（只显示这一次）/ password (shown once): ${password}`);
      return;
    }
    case 'list': {
      console.log(`${ADMIN_NAME}\t管理员\t全部数据\t（内置）`);
      for (const u of await listUsers(db)) console.log(`${u.username}\t${ROLE_ZH[u.role]}\t${await scopeLabel(db, u)}\t${u.disabled ? '已停用' : '正常'}`);
      return;
    }
    case 'disable':
    case 'enable': {
      const u = await existing(needName());
      await updateUser(db, { ...u, disabled: command === 'disable' });
      console.log(command === 'disable' ? `已停用 ${u.username}，其登录已失效` : `已启用 ${u.username}`);
      return;
    }
    case 'reset':
    case 'set-password': {
      const username = needName();
      if (username !== ADMIN_NAME) await existing(username);
      if (command === 'set-password' && !values.password) throw new Usage('set-password 需要 --password');
      const password = values.password ?? generatePassword();
      validatePassword(password);
      await setPassword(db, username, password);
      console.log(`已为 ${username} 设置新密码，其登录已失效。`);
      if (!values.password) console.log(`新密码（只显示这一次）/ new password (shown once): ${password}`);
      if (username === ADMIN_NAME && process.env.XPILOT_ADMIN_PASSWORD) console.log('注意：设置了 XPILOT_ADMIN_PASSWORD 时，服务器下次启动会改回它。');
      return;
    }
    case 'delete': {
      const u = await existing(needName());
      await deleteUser(db, u.username);
      console.log(`已删除 ${u.username}`);
      return;
    }
    default:
      throw new Usage(command ? `未知命令 / unknown command: ${command}` : '缺少命令 / missing command');
  }
}

async function main(): Promise<number> {
  const config = readConfig();
  // Never create a stray database here: the first start (npm start) makes it, with the default dataset.
  if (config.dbPath === ':memory:' || !existsSync(config.dbPath)) {
    console.error(`没有数据库文件 ${config.dbPath}：请先启动一次服务器（npm start）。\nNo database file at ${config.dbPath}: start the server once first (npm start).`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof openDb>>;
  try {
    opened = await openDb(config.dbPath);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/lock/i.test(message)) {
      console.error(`数据库 ${config.dbPath} 正被另一个进程（多半是运行中的服务器）占用。请先停止服务器，或在“用户”页面 / /api/users 中操作。\nThe database is locked by another process (most likely the running server): stop it first, or use the users page or /api/users.`);
      return 3;
    }
    throw err;
  }
  try {
    // Schools and provinces resolve against the registry, which the first start loads; load it here if this comes first.
    await ensureDefaultDataset(opened.db, config.dataDir);
    await run(opened.db, process.argv.slice(2));
    return 0;
  } catch (err) {
    if (err instanceof Usage || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof AppError) {
      console.error(`${err.messageZh} / ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    opened.close();
  }
}

process.exitCode = await main();
