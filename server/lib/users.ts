/**
 * Accounts: the built-in administrator (`admin`, table admin_account, its
 * password from XPILOT_ADMIN_PASSWORD or generated on the first start) and
 * everyone else (table users: scrypt hash, role, scope, disabled flag).
 * Writes go through here so a password is never stored in the clear, and a
 * disabled or re-passworded account loses its sessions in the same step.
 */
import type { Db } from '../plugins/app/duckdb.js';
import { hashPassword, verifyPassword } from './password.js';
import { sqlFile } from './sql-files.js';
import { AppError } from './errors.js';
import { ADMIN, type Principal, type Role } from './principal.js';

/** The built-in administrator's user name. */
export const ADMIN_NAME = 'admin';
export const USER_ROLES = ['admin', 'official', 'dean', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface NewUser {
  username: string;
  password: string;
  role: Exclude<Role, 'anonymous'>;
  provinces?: string[];
  schoolIds?: number[];
  disabled?: boolean;
}

export interface UserRecord {
  username: string;
  role: UserRole;
  provinces: string[];
  schoolIds: number[];
  disabled: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

/** Creates or replaces an account. Provinces are full names, schools ids (resolve names with resolveScope first). */
export async function putUser(db: Db, u: NewUser): Promise<void> {
  await db.query(sqlFile('user_put'), {
    username: u.username,
    password_hash: await hashPassword(u.password),
    role: u.role,
    // Lists are bound as JSON text and cast in SQL: the bind API takes scalars.
    provinces: JSON.stringify(u.provinces ?? []),
    school_ids: JSON.stringify(u.schoolIds ?? []),
    disabled: u.disabled ?? false,
  });
}

const toRecord = (row: Record<string, unknown>): UserRecord => ({
  username: String(row.username),
  role: String(row.role) as UserRole,
  provinces: ((row.provinces as string[] | null) ?? []).map(String),
  schoolIds: ((row.school_ids as number[] | null) ?? []).map(Number),
  disabled: row.disabled === true,
  createdAt: row.created_at == null ? null : String(row.created_at),
  updatedAt: row.updated_at == null ? null : String(row.updated_at),
});

export async function getUser(db: Db, username: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
  const row = (await db.query(sqlFile('user_get'), { username })).rows[0];
  return row ? { ...toRecord(row), passwordHash: String(row.password_hash) } : undefined;
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return (await db.query(sqlFile('users_list'))).rows.map(toRecord);
}

export async function updateUser(db: Db, u: Pick<UserRecord, 'username' | 'role' | 'provinces' | 'schoolIds' | 'disabled'>): Promise<void> {
  await db.query(sqlFile('user_update'), {
    username: u.username,
    role: u.role,
    provinces: JSON.stringify(u.provinces),
    school_ids: JSON.stringify(u.schoolIds),
    disabled: u.disabled,
  });
  if (u.disabled) await endSessions(db, u.username);
}

/** Sets a password and ends the account's sessions, except `keepSession` (the hash of the caller's own, when they changed it themselves). */
export async function setPassword(db: Db, username: string, password: string, keepSession: string | null = null): Promise<void> {
  const hash = await hashPassword(password);
  if (username === ADMIN_NAME) {
    await db.query(sqlFile('admin_set'), { name: ADMIN_NAME, hash });
    // Chosen or printed to the operator who asked: not a start-generated password to print again.
    await db.query(sqlFile('admin_state_set'), { name: ADMIN_NAME, generated: false });
  }
  else await db.query(sqlFile('user_set_password'), { username, password_hash: hash });
  await endSessions(db, username, keepSession);
}

export async function deleteUser(db: Db, username: string): Promise<void> {
  await db.query(sqlFile('user_delete'), { username });
  await endSessions(db, username);
  await db.query(sqlFile('tokens_revoke_user'), { username });
}

export async function endSessions(db: Db, username: string, keep: string | null = null): Promise<void> {
  await db.query(sqlFile('sessions_delete_user'), { username, keep });
}

/** The principal an account signs in as, or undefined when it does not exist or is disabled. */
export async function principalOf(db: Db, username: string): Promise<Principal | undefined> {
  if (username === ADMIN_NAME) return ADMIN(ADMIN_NAME);
  const u = await getUser(db, username);
  if (!u || u.disabled) return undefined;
  return { user: u.username, role: u.role, provinces: u.provinces, schoolIds: u.schoolIds };
}

/** The stored hash to check a password against (the administrator's in admin_account), or undefined. Disabled accounts have none. */
export async function passwordHashOf(db: Db, username: string): Promise<string | undefined> {
  if (username === ADMIN_NAME) return (await db.query(sqlFile('admin_get'), { name: ADMIN_NAME })).rows[0]?.password_hash as string | undefined;
  const u = await getUser(db, username);
  return u && !u.disabled ? u.passwordHash : undefined;
}

/** A hash of a random password, so that an unknown user name costs one scrypt like a known one (no timing oracle). */
let decoyHash: Promise<string> | undefined;
export async function checkPassword(db: Db, username: string, password: string): Promise<boolean> {
  const hash = await passwordHashOf(db, username);
  if (!hash) {
    await verifyPassword(password, await (decoyHash ??= hashPassword('decoy-password-never-matches')));
    return false;
  }
  return verifyPassword(password, hash);
}

// Letters (Chinese included), digits and . _ @ -; not all digits and dots, which would look like an anonymous visitor's address.
const USERNAME = /^[\p{L}\p{N}._@-]{2,64}$/u;
export function validateUsername(username: string): void {
  if (!USERNAME.test(username) || /^[\d.]+$/.test(username)) {
    throw new AppError(400, 'invalid_username', 'A user name is 2–64 letters, digits or . _ @ - (not only digits and dots)', '用户名为 2–64 个字母、汉字、数字或 . _ @ -，且不能只有数字和点。');
  }
  if (username === ADMIN_NAME) throw new AppError(409, 'user_exists', `"${ADMIN_NAME}" is the built-in administrator`, `“${ADMIN_NAME}”是内置管理员账号。`);
}

export function validatePassword(password: string): void {
  if ([...password].length < 8) throw new AppError(400, 'weak_password', 'A password needs at least 8 characters', '密码至少需要 8 个字符。');
}

/** Turns provinces (full or short name) and schools (id or any name/alias) into full names and ids, or a 400 naming the unknown one. */
export async function resolveScope(db: Db, provinces: string[] = [], schools: (string | number)[] = []): Promise<{ provinces: string[]; schoolIds: number[] }> {
  const outP: string[] = [];
  for (const p of provinces) {
    const row = (await db.query(sqlFile('lookup_province'), { value: String(p).trim() })).rows[0];
    if (!row) throw new AppError(400, 'invalid_params', `Unknown province "${p}"`, `未知省份“${p}”`, { param: 'provinces' });
    if (!outP.includes(String(row.province))) outP.push(String(row.province));
  }
  const outS: number[] = [];
  for (const s of schools) {
    const row = (await db.query(sqlFile('lookup_school'), { value: String(s).trim() })).rows[0];
    if (!row) throw new AppError(400, 'invalid_params', `Unknown school "${s}"`, `未知学校“${s}”`, { param: 'schools' });
    if (!outS.includes(Number(row.id))) outS.push(Number(row.id));
  }
  return { provinces: outP, schoolIds: outS };
}

/** What each role's scope must hold: officials provinces, deans exactly one school, analysts one or the other. */
export function checkScope(role: UserRole, scope: { provinces: string[]; schoolIds: number[] }): void {
  const bad = (en: string, zh: string) => new AppError(400, 'invalid_scope', en, zh);
  if (role === 'admin' && (scope.provinces.length || scope.schoolIds.length)) throw bad('An administrator has no scope (sees everything)', '管理员没有范围限制（可见全部），不要指定省份或学校。');
  if (role === 'official' && (scope.provinces.length === 0 || scope.schoolIds.length)) throw bad('An official needs one or more provinces and no schools', '主管部门用户需要至少一个省份，且不指定学校。');
  if (role === 'dean' && (scope.schoolIds.length !== 1 || scope.provinces.length)) throw bad('A dean needs exactly one school', '院校用户需要且只能指定一所学校。');
  if (role === 'analyst' && (scope.provinces.length === 0) === (scope.schoolIds.length === 0)) throw bad('An analyst needs provinces or schools (one of the two)', '分析员需要指定省份或学校（二选一）。');
}
