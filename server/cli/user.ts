/**
 * `npm run user -- <command> …`: accounts, written straight into the database
 * file XPILOT_DB names (default data/xpilot.duckdb) while the server is
 * stopped — DuckDB lets one process open a database file for writing, so with
 * the server running this refuses and says to stop it first.
 *
 *   reset admin    prints a new password for the administrator
 *
 * Commands are a table, so `add`, `list` and `disable` for other accounts can
 * join `reset` with their own usage line. Exit codes: 0 done, 1 refused or
 * failed, 2 wrong usage.
 */
import { existsSync } from 'node:fs';
import { readConfig } from '../config.js';
import { openDb, type Db } from '../plugins/app/duckdb.js';
import { generatePassword, hashPassword } from '../lib/password.js';
import { ADMIN_NAME, storeAdminPassword } from '../plugins/app/admin.js';

interface Command {
  usage: string;
  summary: string;
  /** Returns the exit code; throws only on unexpected failures. */
  run(db: Db, args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  reset: {
    usage: 'reset admin',
    summary: '为管理员生成并显示新密码 / print a new password for the administrator',
    async run(db, args) {
      const [name] = args;
      if (args.length !== 1 || name !== ADMIN_NAME) {
        console.error(`只有管理员账户 “${ADMIN_NAME}”；用法：npm run user -- reset ${ADMIN_NAME}\nThere is one account, "${ADMIN_NAME}"; usage: npm run user -- reset ${ADMIN_NAME}`);
        return 2;
      }
      const password = generatePassword();
      // Stored, then printed: a password is never shown that the database does not hold.
      await storeAdminPassword(db, name, await hashPassword(password), false);
      console.log(`管理员新密码（请妥善保存，旧密码已失效）/ New administrator password (the old one no longer works): ${password}`);
      if (process.env.XPILOT_ADMIN_PASSWORD) {
        console.log('注意：此 shell 设置了 XPILOT_ADMIN_PASSWORD；服务器若带着它启动，会改用它。/ Note: XPILOT_ADMIN_PASSWORD is set in this shell; a server started with it uses that password instead.');
      }
      return 0;
    },
  },
};

const USAGE = ['用法 / usage: npm run user -- <命令 command> …', ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(14)} ${c.summary}`)].join('\n');

/** The pid in DuckDB's "Conflicting lock is held in … (PID n)" error, when that is the error. */
function lockHolder(err: unknown): number | null | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (!/Could not set lock on file/i.test(message)) return undefined;
  const pid = /\(PID (\d+)\)/.exec(message);
  return pid ? Number(pid[1]) : null;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    console.error(name === undefined || name === '--help' || name === '-h' ? USAGE : `未知命令 / unknown command: ${name}\n${USAGE}`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  const { dbPath } = readConfig();
  if (dbPath === ':memory:' || !existsSync(dbPath)) {
    console.error(`没有数据库文件 ${dbPath}：请先启动一次服务器（npm start）。\nNo database file at ${dbPath}: start the server once first (npm start).`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof openDb>>;
  try {
    opened = await openDb(dbPath);
  } catch (err) {
    const holder = lockHolder(err);
    if (holder === undefined) throw err;
    const who = holder === null ? '' : `（PID ${holder}）`;
    const whoEn = holder === null ? '' : ` (PID ${holder})`;
    console.error(`数据库 ${dbPath} 正被另一个进程${who}使用，多半是正在运行的服务器。请先停止服务器，再运行本命令。\nThe database ${dbPath} is in use by another process${whoEn}, most likely the running server. Stop the server first, then run this again.`);
    return 1;
  }
  try {
    return await command.run(opened.db, args);
  } finally {
    opened.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
