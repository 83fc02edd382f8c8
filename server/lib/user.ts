/**
 * Who is asking, for the SQL console's per-user limits, history, audit log
 * and saved-query ownership: the X-User header (set by whatever signs people
 * in in front of the service; percent-encoding allowed for Chinese names),
 * otherwise the client's IP address.
 */
import type { FastifyRequest } from 'fastify';

export function requestUser(request: FastifyRequest): string {
  const raw = request.headers['x-user'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value) {
    let name = value;
    try {
      name = decodeURIComponent(value);
    } catch {
      /* keep it as sent */
    }
    return name.slice(0, 100);
  }
  return request.ip || 'unknown';
}
