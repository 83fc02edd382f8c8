/**
 * Secrets handed to a browser (session cookie) or a script (Bearer token):
 * 32 random bytes, base64url. Only their sha256 is stored — a fast hash is
 * enough for 256 random bits, and it lets a request be looked up by it.
 */
import { createHash, randomBytes } from 'node:crypto';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new secret and the hash to store. Script tokens carry a prefix so a leaked one is recognisable in logs and scanners. */
export function newToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
