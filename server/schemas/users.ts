import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from './common.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('official'), Type.Literal('dean'), Type.Literal('analyst')]);
const Provinces = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40, description: 'full or short names: 广东省 / 广东' });
const Schools = Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 100 })]), { maxItems: 50, description: 'ids or any name/alias' });

export const UserView = Type.Object({
  username: Type.String(),
  role: Role,
  provinces: Type.Array(Type.String()),
  schoolIds: Type.Array(Type.Integer()),
  schools: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: 'the schools of schoolIds with their names' }),
  scopeLabel: Type.String(),
  disabled: Type.Boolean(),
  builtIn: Type.Boolean({ description: 'the administrator from XPILOT_ADMIN_PASSWORD: cannot be changed here' }),
  createdAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type UserView = Static<typeof UserView>;

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'omitted: one is generated and returned once' })),
    role: Role,
    provinces: Type.Optional(Provinces),
    schools: Type.Optional(Schools),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const PatchUserBody = Type.Object(
  {
    role: Type.Optional(Role),
    provinces: Type.Optional(Provinces),
    schools: Type.Optional(Schools),
    disabled: Type.Optional(Type.Boolean({ description: 'true ends the user’s sessions and stops their tokens' })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a new password; ends the user’s sessions' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchUserBody = Static<typeof PatchUserBody>;

export const UserParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
export type UserParams = Static<typeof UserParams>;

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const listUsersSchema = {
  tags: ['users'],
  summary: 'Every account with its role and scope (administrator only)',
  response: { 200: Type.Object({ items: Type.Array(UserView) }), ...errors },
};

export const createUserSchema = {
  tags: ['users'],
  summary: 'Add an account (administrator only)',
  description: 'Roles: official (provinces), dean (one school), analyst (provinces or schools), admin (no scope). A generated password is returned once.',
  body: CreateUserBody,
  response: { 201: Type.Object({ user: UserView, password: Type.Union([Type.String(), Type.Null()], { description: 'the generated password, shown once (null when you gave one)' }) }), ...errors, 409: ErrorResponse },
};

export const patchUserSchema = {
  tags: ['users'],
  summary: 'Change an account: role, scope, disabled, password (administrator only)',
  params: UserParams,
  body: PatchUserBody,
  response: { 200: Type.Object({ user: UserView }), ...errors, 404: ErrorResponse },
};

export const resetPasswordSchema = {
  tags: ['users'],
  summary: 'Reset an account’s password to a generated one, shown once (administrator only)',
  params: UserParams,
  response: { 200: Type.Object({ user: UserView, password: Type.String() }), ...errors, 404: ErrorResponse },
};

export const deleteUserSchema = {
  tags: ['users'],
  summary: 'Remove an account, its sessions and tokens (administrator only)',
  params: UserParams,
  response: { 204: Type.Null(), ...errors, 404: ErrorResponse },
};
