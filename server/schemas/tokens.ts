import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from './common.js';

const TokenView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsed: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, description: 'what the token is for' }) }, { additionalProperties: false });
export type CreateTokenBody = Static<typeof CreateTokenBody>;
export const TokenParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export type TokenParams = Static<typeof TokenParams>;

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const createTokenSchema = {
  tags: ['tokens'],
  summary: 'Create a script token for yourself: shown once, send it as Authorization: Bearer <token>',
  body: CreateTokenBody,
  response: { 201: Type.Object({ token: Type.String({ description: 'shown only in this answer; only its hash is stored' }), item: TokenView }), ...errors },
};
export const listTokensSchema = {
  tags: ['tokens'],
  summary: 'Your script tokens (never the tokens themselves)',
  response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...errors },
};
export const revokeTokenSchema = {
  tags: ['tokens'],
  summary: 'Revoke one of your tokens (it stops working at once)',
  params: TokenParams,
  response: { 204: Type.Null(), ...errors, 404: ErrorResponse },
};
