/**
 * Who is asking, and what they may see: every request carries one Principal
 * (request.principal, set by plugins/app/principal.ts). Scope is a property of
 * the principal, so the data layer narrows every read path from this one value.
 *
 * - admin: everything.
 * - official: the schools of `provinces` (full names, 广东省).
 * - dean: the schools in `schoolIds` (one).
 * - analyst: read-only with the SQL console, scoped by provinces or schoolIds.
 * - anonymous: public rows only, never candidate-level records.
 */
export type Role = 'admin' | 'official' | 'dean' | 'analyst' | 'anonymous';
export const SIGNED_IN_ROLES = ['admin', 'official', 'dean', 'analyst'] as const;

export interface Principal {
  /** User name; null for an anonymous visitor. */
  user: string | null;
  role: Role;
  /** Full province names the principal's scope covers (official, analyst). */
  provinces: string[];
  /** School ids the principal's scope covers (dean, analyst). */
  schoolIds: number[];
}

export const ANONYMOUS: Principal = Object.freeze({ user: null, role: 'anonymous', provinces: [], schoolIds: [] }) as Principal;
export const ADMIN = (user: string): Principal => ({ user, role: 'admin', provinces: [], schoolIds: [] });

/** Sees every row, restricted ones included, without narrowing. */
export const seesEverything = (p: Principal): boolean => p.role === 'admin';

/**
 * A stable key of what the principal may see, for result caches and ETags:
 * two principals with the same key get byte-identical answers.
 */
export function scopeKey(p: Principal): string {
  if (p.role === 'admin') return 'all';
  if (p.role === 'anonymous') return 'public';
  const provinces = [...p.provinces].sort().join(',');
  const schools = [...p.schoolIds].sort((a, b) => a - b).join(',');
  return `${p.role}:p=${provinces};s=${schools}`;
}

/**
 * Whose saved queries, SQL history and per-user limits a request counts
 * against: the signed-in user, or the address of an anonymous visitor (user
 * names may not look like an address, see lib/users.ts validateUsername).
 */
export const ownerOf = (p: Principal, address: string): string => p.user ?? (address || 'unknown');
