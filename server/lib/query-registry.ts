/**
 * Named queries: every file in queries/ is one query, its path (without .sql)
 * its name. A header of `-- @key value` lines declares what the query is, its
 * parameters and its output columns:
 *
 *   -- @title 各证书通过率
 *   -- @description Pass rate per certificate with a 95% Wilson interval.
 *   -- @param year integer 年份
 *   -- @param school school 学校（编号或名称）
 *   -- @column certificate VARCHAR 证书
 *
 *   -- @scope school
 *
 * The whole set is checked when the server starts: a missing header, an
 * undeclared or unused `$param`, an unknown parameter type, a duplicate name,
 * or a read that bypasses the principal's scope (see query-scope.ts) fails the
 * boot rather than a request.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { namedParameters } from './sql-text.js';
import { checkScope, parsePeers, SCOPE_KINDS, type ScopeKind } from './query-scope.js';
import type { PeerSpec } from './scope.js';

/** Bound by the runner from the principal (server/lib/scope.ts); a query never declares it. */
export const SCOPE_PARAM = 'scope';

export const PARAM_TYPES = {
  integer: 'a whole number',
  number: 'a number',
  text: 'text',
  boolean: 'true or false',
  school: "a school's id or name (any alias)",
  schools: "one or more schools' ids or names, comma-separated (1,2 or 广州城市职业学院,中山火炬职业技术学院)",
  province: 'a province, full or short name (浙江省 / 浙江)',
  city: 'a prefecture city, full or short name (杭州市 / 杭州)',
  certificate: "a certificate's id or name (any alias)",
  level: '初级, 中级 or 高级',
  import: "an import's id",
  limits: 'plain, phi or tau2 (funnel limits: binomial, multiplicative φ or additive τ², Spiegelhalter 2005)',
} as const;

export type ParamType = keyof typeof PARAM_TYPES;

export interface ParamSpec {
  name: string;
  type: ParamType;
  label: string;
}

export interface ColumnSpec {
  name: string;
  type: string;
  label: string;
}

export interface NamedQuery {
  name: string;
  title: string;
  description: string;
  params: ParamSpec[];
  columns: ColumnSpec[];
  sql: string;
  file: string;
  /** How the principal narrows it (query-scope.ts). */
  scope: ScopeKind;
  /** Benchmark queries: the columns that name a school, anonymised for peers. */
  peers: PeerSpec | null;
}

export class QueryDefinitionError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'QueryDefinitionError';
  }
}

export function parseNamedQuery(name: string, text: string, file = `${name}.sql`): NamedQuery {
  const header: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) {
      if (line.trim() === '') continue;
      break;
    }
    header.push(m[1]!);
  }
  let title = '';
  const description: string[] = [];
  const params: ParamSpec[] = [];
  const columns: ColumnSpec[] = [];
  let scope: ScopeKind | null = null;
  let peers: PeerSpec | null = null;
  const fail = (problem: string): never => {
    throw new QueryDefinitionError(file, problem);
  };
  for (const line of header) {
    const m = /^@(\w+)\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, key, rest] = m as unknown as [string, string, string];
    if (key === 'title') title = rest.trim();
    else if (key === 'description') description.push(rest.trim());
    else if (key === 'param') {
      const p = /^(\w+)\s+(\w+)\s*(.*)$/.exec(rest.trim());
      if (!p) throw new QueryDefinitionError(file, `malformed @param line: "${line}"`);
      const type = p[2]!;
      if (!(type in PARAM_TYPES)) throw new QueryDefinitionError(file, `parameter ${p[1]} has unknown type ${type}`);
      params.push({ name: p[1]!, type: type as ParamType, label: p[3]!.trim() });
    } else if (key === 'column') {
      const c = /^(\w+)\s+(\S+)\s*(.*)$/.exec(rest.trim());
      if (!c) throw new QueryDefinitionError(file, `malformed @column line: "${line}"`);
      columns.push({ name: c[1]!, type: c[2]!, label: c[3]!.trim() });
    } else if (key === 'scope') {
      const kind = rest.trim();
      if (!(SCOPE_KINDS as readonly string[]).includes(kind)) fail(`@scope must be one of ${SCOPE_KINDS.join(', ')}, got "${kind}"`);
      scope = kind as ScopeKind;
    } else if (key === 'peers') {
      peers = parsePeers(rest, fail);
    } else {
      throw new QueryDefinitionError(file, `unknown header key @${key}`);
    }
  }
  if (!title) throw new QueryDefinitionError(file, 'missing "-- @title" header');
  if (columns.length === 0) throw new QueryDefinitionError(file, 'missing "-- @column" header lines');
  const used = namedParameters(text).filter((u) => u !== SCOPE_PARAM);
  if (params.some((p) => p.name === SCOPE_PARAM)) fail(`$${SCOPE_PARAM} is bound from the principal; it cannot be a @param`);
  const declared = new Set(params.map((p) => p.name));
  for (const u of used) if (!declared.has(u)) throw new QueryDefinitionError(file, `uses $${u} but does not declare it`);
  for (const p of params) if (!used.includes(p.name)) throw new QueryDefinitionError(file, `declares @param ${p.name} but never uses $${p.name}`);
  const dup = params.find((p, i) => params.findIndex((q) => q.name === p.name) !== i);
  if (dup) throw new QueryDefinitionError(file, `declares @param ${dup.name} twice`);
  checkScope(text, scope, peers, columns.map((c) => c.name), fail);
  return { name, title, description: description.join(' '), params, columns, sql: text, file, scope: scope!, peers };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : entry.endsWith('.sql') ? [full] : [];
  });
}

export function loadQueryDirectory(dir: string): Map<string, NamedQuery> {
  const queries = new Map<string, NamedQuery>();
  for (const file of walk(dir).sort()) {
    const rel = relative(dir, file);
    const name = rel.slice(0, -'.sql'.length).split(sep).join('/');
    if (!/^[a-z0-9_/]+$/.test(name)) throw new QueryDefinitionError(rel, 'query file names use a-z, 0-9 and _ only');
    if (queries.has(name)) throw new QueryDefinitionError(rel, `duplicate query name ${name}`);
    queries.set(name, parseNamedQuery(name, readFileSync(file, 'utf8'), `queries/${rel}`));
  }
  return queries;
}
