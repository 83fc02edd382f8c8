/** /api/users: the administrator manages accounts (role, scope, disabled, password). */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import { audit } from '../lib/audit.js';
import { generatePassword } from '../lib/password.js';
import { schoolNames, scopeLabel } from '../lib/scope-label.js';
import { signInRequired } from '../plugins/app/principal.js';
import {
  ADMIN_NAME, checkScope, deleteUser, getUser, listUsers, putUser, resolveScope, setPassword, updateUser,
  validatePassword, validateUsername, type UserRecord,
} from '../lib/users.js';
import {
  createUserSchema, deleteUserSchema, listUsersSchema, patchUserSchema, resetPasswordSchema,
  type CreateUserBody, type PatchUserBody, type UserParams, type UserView,
} from '../schemas/users.js';
import type { Db } from '../plugins/app/duckdb.js';

export function requireAdmin(request: FastifyRequest): void {
  if (request.principal.role === 'anonymous') throw signInRequired();
  if (request.principal.role !== 'admin') throw new AppError(403, 'admin_only', 'Only an administrator may do this', '只有管理员可以进行此操作。');
}

const notFound = (username: string) => new AppError(404, 'user_not_found', `No user "${username}"`, `没有用户“${username}”`);
const builtIn = () => new AppError(409, 'built_in_admin', 'The built-in administrator is set by XPILOT_ADMIN_PASSWORD or `npm run user -- reset admin`', '内置管理员由 XPILOT_ADMIN_PASSWORD 或 `npm run user -- reset admin` 设置，不能在此修改。');

async function view(db: Db, u: UserRecord, builtInAdmin = false): Promise<UserView> {
  const names = await schoolNames(db, u.schoolIds);
  return {
    username: u.username,
    role: u.role,
    provinces: u.provinces,
    schoolIds: u.schoolIds,
    schools: u.schoolIds.map((id) => ({ id, name: names.get(id) ?? '未知学校' })),
    scopeLabel: await scopeLabel(db, u),
    disabled: u.disabled,
    builtIn: builtInAdmin,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

const BUILT_IN: UserRecord = { username: ADMIN_NAME, role: 'admin', provinces: [], schoolIds: [], disabled: false, createdAt: null, updatedAt: null };

const users: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', async (request) => requireAdmin(request));

  const existing = async (username: string) => {
    if (username === ADMIN_NAME) throw builtIn();
    const u = await getUser(app.db, username);
    if (!u) throw notFound(username);
    return u;
  };

  app.get('/users', { schema: listUsersSchema }, async () => ({
    items: [await view(app.db, BUILT_IN, true), ...(await Promise.all((await listUsers(app.db)).map((u) => view(app.db, u))))],
  }));

  app.post<{ Body: CreateUserBody }>('/users', { schema: createUserSchema }, async (request, reply) => {
    const { role } = request.body;
    const username = request.body.username.trim();
    validateUsername(username);
    if (await getUser(app.db, username)) throw new AppError(409, 'user_exists', `User "${username}" already exists`, `用户“${username}”已存在。`);
    const scope = await resolveScope(app.db, request.body.provinces, request.body.schools);
    checkScope(role, scope);
    const password = request.body.password ?? generatePassword();
    validatePassword(password);
    await putUser(app.db, { username, password, role, ...scope });
    await audit(request, { action: 'user_add', outcome: 'ok', target: username, detail: { role, ...scope } });
    return reply.status(201).send({ user: await view(app.db, (await getUser(app.db, username))!), password: request.body.password ? null : password });
  });

  app.patch<{ Params: UserParams; Body: PatchUserBody }>('/users/:username', { schema: patchUserSchema }, async (request) => {
    const u = await existing(request.params.username);
    const b = request.body;
    const scope = b.provinces !== undefined || b.schools !== undefined
      ? await resolveScope(app.db, b.provinces ?? [], b.schools ?? [])
      : { provinces: u.provinces, schoolIds: u.schoolIds };
    const role = b.role ?? u.role;
    checkScope(role, scope);
    if (b.password !== undefined) validatePassword(b.password);
    await updateUser(app.db, { username: u.username, role, ...scope, disabled: b.disabled ?? u.disabled });
    if (b.password !== undefined) await setPassword(app.db, u.username, b.password);
    const changed = Object.keys(b).filter((k) => k !== 'password');
    await audit(request, { action: 'user_change', outcome: 'ok', target: u.username, detail: { changed: b.password !== undefined ? [...changed, 'password'] : changed, role, ...scope, disabled: b.disabled ?? u.disabled } });
    return { user: await view(app.db, (await getUser(app.db, u.username))!) };
  });

  app.post<{ Params: UserParams }>('/users/:username/password', { schema: resetPasswordSchema }, async (request) => {
    const u = await existing(request.params.username);
    const password = generatePassword();
    await setPassword(app.db, u.username, password);
    await audit(request, { action: 'user_reset_password', outcome: 'ok', target: u.username });
    return { user: await view(app.db, u), password };
  });

  app.delete<{ Params: UserParams }>('/users/:username', { schema: deleteUserSchema }, async (request, reply) => {
    const u = await existing(request.params.username);
    await deleteUser(app.db, u.username);
    await audit(request, { action: 'user_delete', outcome: 'ok', target: u.username });
    return reply.status(204).send();
  });
};
export default users;
