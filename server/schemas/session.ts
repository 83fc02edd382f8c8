import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from './common.js';

export const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('official'), Type.Literal('dean'), Type.Literal('analyst'), Type.Literal('anonymous')]);

export const SessionState = Type.Object({
  admin: Type.Boolean({ description: 'whether this request is signed in as an administrator' }),
  user: Type.Union([Type.String(), Type.Null()], { description: 'who is signed in (null: an anonymous visitor)' }),
  role: RoleName,
  provinces: Type.Array(Type.String(), { description: 'provinces the scope covers (full names)' }),
  schoolIds: Type.Array(Type.Integer(), { description: 'schools the scope covers (ids)' }),
  scopeLabel: Type.String({ description: 'the scope in Chinese for the top bar: 全部数据, 广东省, 广州城市职业学院 …; 公开数据 for anonymous visitors' }),
  method: Type.Union([Type.Literal('session'), Type.Literal('basic'), Type.Literal('bearer'), Type.Null()], { description: 'how this request was signed in' }),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'for a session-cookie sign-in: send it as the x-csrf-token header with every POST/PATCH/DELETE (null otherwise: Basic and Bearer requests need none)',
  }),
});
export type SessionState = Static<typeof SessionState>;

export const SignInBody = Type.Object(
  {
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'omitted: the administrator (admin)' })),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const ChangePasswordBody = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const getSessionSchema = {
  tags: ['session'],
  summary: 'Who is signed in: role, scope, and the CSRF token for a cookie session',
  response: { 200: SessionState },
};

export const postSessionSchema = {
  tags: ['session'],
  summary: 'Sign in (sets a new HttpOnly SameSite=Strict session cookie)',
  description:
    '`{username, password}`; `{password}` alone signs in the administrator (`admin`). The answer carries the csrfToken for later writes. Wrong passwords: 5 per account and address, then a lock of 1 minute doubling to 15; 20 per address in 15 minutes; 30 sign-in requests per address and minute (429).',
  body: SignInBody,
  response: { 200: SessionState, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
};

export const deleteSessionSchema = {
  tags: ['session'],
  summary: 'Sign out (ends the session on the server too)',
  response: { 200: SessionState, 403: ErrorResponse },
};

export const changePasswordSchema = {
  tags: ['session'],
  summary: 'Change your own password (needs the current one); ends your other sessions',
  body: ChangePasswordBody,
  response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
};
