/** /api/session: who is signed in; sign in and out; change one's own password. The mechanics live in plugins/app/principal.ts. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import { audit } from '../lib/audit.js';
import { scopeLabel } from '../lib/scope-label.js';
import { ADMIN_NAME, principalOf, setPassword, validatePassword } from '../lib/users.js';
import { signInRequired } from '../plugins/app/principal.js';
import { ANONYMOUS, type Principal } from '../lib/principal.js';
import {
  changePasswordSchema,
  deleteSessionSchema,
  getSessionSchema,
  postSessionSchema,
  type ChangePasswordBody,
  type SessionState,
  type SignInBody,
} from '../schemas/session.js';

const wrongPassword = () => new AppError(401, 'wrong_password', 'Wrong user name or password', '用户名或密码不正确。');

const session: FastifyPluginAsync = async (app) => {
  const state = async (request: FastifyRequest, reply: FastifyReply, p: Principal, csrfToken?: string | null): Promise<SessionState> => ({
    admin: p.role === 'admin',
    user: p.user,
    role: p.role,
    provinces: p.provinces,
    schoolIds: p.schoolIds,
    scopeLabel: await scopeLabel(app.db, p),
    method: p.role === 'anonymous' ? null : request.authMethod,
    csrfToken: csrfToken === undefined ? app.auth.csrfToken(request, reply) : csrfToken,
  });

  app.get('/session', { schema: getSessionSchema }, async (request, reply) => state(request, reply, request.principal));

  app.post<{ Body: SignInBody }>(
    '/session',
    { schema: postSessionSchema, config: { rateLimit: { max: app.auth.signInPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const username = (request.body.username ?? ADMIN_NAME).trim();
      if (!(await app.auth.checkPassword(request, username, request.body.password))) throw wrongPassword();
      const principal = await principalOf(app.db, username);
      if (!principal) throw wrongPassword();
      const csrfToken = await app.auth.startSession(request, reply, username);
      request.principal = principal;
      await audit(request, { action: 'sign_in', outcome: 'ok', actor: username, detail: { method: 'password' } });
      return state(request, reply, principal, csrfToken);
    },
  );

  app.delete('/session', { schema: deleteSessionSchema }, async (request, reply) => {
    if (request.authMethod === 'session') await audit(request, { action: 'sign_out', outcome: 'ok' });
    await app.auth.endSession(request, reply);
    request.principal = ANONYMOUS;
    request.authMethod = null;
    return state(request, reply, ANONYMOUS, null);
  });

  app.post<{ Body: ChangePasswordBody }>(
    '/session/password',
    { schema: changePasswordSchema, config: { rateLimit: { max: app.auth.signInPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const user = request.principal.user;
      if (!user) throw signInRequired();
      validatePassword(request.body.password);
      if (!(await app.auth.checkPassword(request, user, request.body.current))) throw new AppError(403, 'wrong_password', 'The current password is wrong', '当前密码不正确。');
      // Other sessions end (someone else may hold one); this one stays signed in.
      await setPassword(app.db, user, request.body.password, request.sessionHash);
      await audit(request, { action: 'password_change', outcome: 'ok', target: user });
      return reply.status(204).send();
    },
  );
};
export default session;
