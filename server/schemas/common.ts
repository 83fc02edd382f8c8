import { Type, type Static } from '@sinclair/typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'stable snake_case code, e.g. query_not_found, invalid_params' }),
        message: Type.String({ description: 'English' }),
        message_zh: Type.Optional(Type.String({ description: '中文说明' })),
        param: Type.Optional(Type.String()),
        query: Type.Optional(Type.String()),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'ErrorResponse', description: 'Every error: {"error":{"code","message"}}' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const errorResponses = {
  400: ErrorResponse,
  404: ErrorResponse,
  500: ErrorResponse,
};
