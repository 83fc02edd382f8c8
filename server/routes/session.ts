/** /api/session: sign the administrator in and out (see plugins/app/admin.ts). */
import type { FastifyPluginAsync } from 'fastify';
import { deleteSessionSchema, getSessionSchema, postSessionSchema, type SignInBody } from '../schemas/session.js';

const session: FastifyPluginAsync = async (app) => {
  app.get('/session', { schema: getSessionSchema }, async (request) => {
    const p = request.principal;
    return { admin: p.role === 'admin', user: p.user, role: p.role, provinces: p.provinces, schoolIds: p.schoolIds };
  });

  app.post<{ Body: SignInBody }>('/session', { schema: postSessionSchema }, async (request, reply) => {
    await app.admin.signIn(request, reply, request.body.password);
    return { admin: true };
  });

  app.delete('/session', { schema: deleteSessionSchema }, async (request, reply) => {
    app.admin.signOut(request, reply);
    return { admin: false };
  });
};
export default session;
