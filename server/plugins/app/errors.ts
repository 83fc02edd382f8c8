/**
 * One error handler for the whole API: every error becomes
 * {"error":{"code","message","message_zh"}}; 5xx details stay in the log.
 */
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.js';

export default fp(
  async (app) => {
    app.setErrorHandler((err, request, reply) => {
      if (err instanceof AppError) {
        if (err.statusCode >= 500) request.log.error({ err }, err.message);
        return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, message_zh: err.messageZh, ...err.details } });
      }
      const e = err as { validation?: unknown; statusCode?: number; message: string; code?: string };
      if (e.validation) {
        return reply.status(400).send({ error: { code: 'invalid_params', message: e.message, message_zh: `请求参数不正确：${e.message}` } });
      }
      const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err }, 'unhandled error');
        return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error', message_zh: '服务器内部错误' } });
      }
      return reply.status(status).send({ error: { code: (e.code ?? 'bad_request').toLowerCase(), message: e.message, message_zh: `请求无效：${e.message}` } });
    });
  },
  { name: 'errors' },
);
