/**
 * Accounts other than the administrator: stored with a scrypt hash, a role and
 * a scope (server/sql/schema.sql, table users). Writes go through here so a
 * password is never stored in the clear.
 */
import type { Db } from '../plugins/app/duckdb.js';
import { hashPassword } from './password.js';
import { sqlFile } from './sql-files.js';
import type { Role } from './principal.js';

export interface NewUser {
  username: string;
  password: string;
  role: Exclude<Role, 'anonymous'>;
  provinces?: string[];
  schoolIds?: number[];
  disabled?: boolean;
}

/** Creates or replaces an account. Provinces are full names, schools ids (resolve names before calling). */
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
