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
      synthetic: Type.Union([Type.Null(), Type.Object({
        scale: Type.String({ description: 'small | province | national (npm run generate --scale)' }),
        seed: Type.Union([Type.Integer(), Type.Null()]),
      })], { description: 'null for real data; the generator\'s scale and seed when the database holds a synthetic dataset (npm run generate)' }),
    }),
  },
};
