import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from './common.js';

const SessionState = Type.Object({
  admin: Type.Boolean({ description: 'whether this request is signed in as the administrator' }),
  user: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'who is signed in (null: an anonymous visitor)' })),
  role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('official'), Type.Literal('dean'), Type.Literal('analyst'), Type.Literal('anonymous')])),
  provinces: Type.Optional(Type.Array(Type.String(), { description: 'provinces the scope covers (full names)' })),
  schoolIds: Type.Optional(Type.Array(Type.Integer(), { description: 'schools the scope covers (ids)' })),
});

export const SignInBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type SignInBody = Static<typeof SignInBody>;

export const getSessionSchema = {
  tags: ['session'],
  summary: 'Whether the caller is signed in as the administrator',
  response: { 200: SessionState },
};

export const postSessionSchema = {
  tags: ['session'],
  summary: 'Sign in as the administrator (sets an HttpOnly session cookie)',
  description: 'Committing and undoing imports needs the administrator: this session cookie, or HTTP Basic `admin:<password>` on the request.',
  body: SignInBody,
  response: { 200: SessionState, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
};

export const deleteSessionSchema = {
  tags: ['session'],
  summary: 'Sign out',
  response: { 200: SessionState },
};
