/**
 * One error shape for the whole API: every error becomes
 * {"error":{"code","message","message_zh"}}; 5xx details stay in the log.
 *
 * Three kinds of error never reach `setErrorHandler`, so they are routed here
 * by other doors: a URL that is not valid percent-encoding (Fastify's router
 * answers it: `frameworkErrors`), header blocks over Node's limit and other
 * malformed requests (Node's HTTP parser answers before Fastify sees a
 * request: `clientErrorHandler`), and JSON bodies refused for a `__proto__` /
 * `constructor.prototype` key (Fastify's parser reports them as invalid JSON,
 * which they are not).
 */
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { AppError } from '../../lib/errors.js';

interface Envelope {
  error: { code: string; message: string; message_zh: string; [k: string]: unknown };
}

const envelope = (code: string, message: string, message_zh: string): Envelope => ({ error: { code, message, message_zh } });

/** Fastify's own 4xx errors, by their code, with a stable code of ours and a Chinese message. */
const FRAMEWORK: Record<string, (e: { message: string }) => Envelope['error']> = {
  FST_ERR_BAD_URL: (e) => ({ code: 'bad_url', message: `${e.message} (bad percent-encoding)`, message_zh: '地址中有无效的百分号编码（%XX），无法解析。' }),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({ code: 'invalid_json', message: 'The body is not valid JSON', message_zh: '请求正文不是有效的 JSON。' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({ code: 'empty_body', message: 'The body is empty but its content-type is application/json', message_zh: '请求正文为空，但内容类型是 application/json。' }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({ code: 'unsupported_media_type', message: 'Unsupported content-type (use application/json, or multipart/form-data for uploads)', message_zh: '不支持的内容类型（请用 application/json，上传文件用 multipart/form-data）。' }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({ code: 'body_too_large', message: 'The request body is too large', message_zh: '请求正文太大。' }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({ code: 'invalid_content_length', message: 'Content-Length does not match the body', message_zh: 'Content-Length 与请求正文长度不符。' }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({ code: 'bad_url', message: 'A path parameter is too long', message_zh: '地址中的参数太长。' }),
};

/** A JSON body that parses but carries a key that could poison prototypes (Fastify refuses it). */
export const forbiddenKey = () =>
  new AppError(
    400,
    'forbidden_json_key',
    'The body contains a "__proto__" or "constructor.prototype" key, which is not accepted',
    '请求正文含有 “__proto__” 或 “constructor.prototype” 键，不予接受。',
  );

/** For Fastify's `frameworkErrors` option: errors its router answers before any route or hook. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (err, _request: FastifyRequest, reply: FastifyReply) => {
  const known = FRAMEWORK[(err as { code?: string }).code ?? ''];
  const body = known ? { error: known(err) } : envelope('bad_request', err.message, `请求无效：${err.message}`);
  void reply.status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send(body);
};

/** What Node's parser refused, in our shape (Fastify's default writes its own JSON). */
function clientErrorBody(code: string | undefined): { status: number; body: Envelope } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: envelope('headers_too_large', 'The request headers are too large (cookies or headers over 16 KB)', '请求头太大（Cookie 或请求头超过 16 KB），请清理 Cookie 后重试。') };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: envelope('request_timeout', 'The request was not received in time', '请求未在限定时间内送达。') };
  }
  return { status: 400, body: envelope('bad_request', 'The request is not valid HTTP', '请求不是有效的 HTTP。') };
}

/** For Fastify's `clientErrorHandler` option: answers on the raw socket, as Node would, then closes it. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = clientErrorBody(err.code);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

export default fp(
  async (app) => {
    // Fastify's JSON parser answers "not valid JSON" for a body it refused for a __proto__ key; say what happened.
    const json = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      json(request, body as string, (err: Error | null, value?: unknown) => {
        if (err && (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
          try {
            JSON.parse(body as string);
            return done(forbiddenKey(), undefined);
          } catch {
            /* really not JSON */
          }
        }
        done(err, value);
      });
    });

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
      const known = FRAMEWORK[e.code ?? ''];
      if (known) return reply.status(status).send({ error: known(e) });
      return reply.status(status).send({ error: { code: (e.code ?? 'bad_request').toLowerCase(), message: e.message, message_zh: `请求无效：${e.message}` } });
    });
  },
  { name: 'errors' },
);
