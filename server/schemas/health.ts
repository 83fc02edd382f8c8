import { Type } from '@sinclair/typebox';

export const healthSchema = {
  tags: ['health'],
  summary: 'Liveness and data version',
  response: {
    200: Type.Object({
      status: Type.Literal('ok'),
      version: Type.String(),
      dataset: Type.String(),
      queries: Type.Integer(),
    }),
  },
};
