/**
 * The console's text helpers: the `$name` parameters a statement uses and
 * the values typed for them, links that reopen a query, named queries as
 * starting templates, and the completion schema for the editor.
 */
import { namedParameters } from '../../../../server/lib/sql-text';

export type ParamValue = string | number | boolean | null;

/** The `$name` parameters of a statement, in order (comments and literals ignored). */
export function statementParams(sql: string): string[] {
  return namedParameters(sql);
}

/**
 * What a typed parameter value binds as: empty → NULL, a number → number,
 * true/false → boolean, "quoted" → the text inside, anything else → text.
 * @example paramValue('2020') // 2020
 * @example paramValue('"2020"') // '2020'
 * @example paramValue('') // null
 */
export function paramValue(text: string): ParamValue {
  const t = text.trim();
  if (t === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(t) && Number.isFinite(Number(t)) && Math.abs(Number(t)) <= Number.MAX_SAFE_INTEGER) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  const quoted = /^"(.*)"$/s.exec(t) ?? /^'(.*)'$/s.exec(t);
  if (quoted) return quoted[1]!;
  return t;
}

/** A bound value as it is typed back into its box. */
export function paramText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && (/^-?\d+(\.\d+)?$/.test(value.trim()) || value === 'true' || value === 'false' || value.trim() !== value)) return `"${value}"`;
  return String(value);
}

/** The values to send: one per parameter the statement uses. */
export function paramsFor(sql: string, inputs: Record<string, string>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const name of statementParams(sql)) out[name] = paramValue(inputs[name] ?? '');
  return out;
}

/** What the console's URL asks to open. */
export type ConsoleLink = { sql: string; params?: Record<string, string> } | { saved: number } | null;

/**
 * Reads `/sql?q=<sql>[&p.<name>=<value>…]` or `/sql?saved=<id>`.
 * @example readConsoleLink(new URLSearchParams('q=SELECT%201')) // { sql: 'SELECT 1' }
 */
export function readConsoleLink(search: URLSearchParams): ConsoleLink {
  const saved = search.get('saved');
  if (saved && /^\d{1,9}$/.test(saved)) return { saved: Number(saved) };
  const sql = search.get('q');
  if (sql === null || sql.trim() === '') return null;
  const params: Record<string, string> = {};
  for (const [k, v] of search) if (k.startsWith('p.')) params[k.slice(2)] = v;
  return Object.keys(params).length ? { sql, params } : { sql };
}

/**
 * A link that reopens a statement with its parameter values.
 * @example consoleHref('SELECT 1') // '/sql?q=SELECT+1'
 */
export function consoleHref(sql: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams({ q: sql });
  for (const [k, v] of Object.entries(params)) if (v !== '') search.set(`p.${k}`, v);
  return `/sql?${search.toString()}`;
}

export interface NamedQueryInfo {
  name: string;
  title: string;
  description: string;
  params: { name: string; type: string; label: string }[];
  sql?: string;
}

/**
 * A named query as a starting point: its SQL without the `-- @` header,
 * under a comment that says where it came from, parameters left empty
 * (NULL = no filter in every named query).
 */
export function templateFromNamedQuery(q: NamedQueryInfo): { sql: string; params: Record<string, string> } {
  const body = (q.sql ?? '')
    .split('\n')
    .filter((line) => !/^\s*--\s?@/.test(line))
    .join('\n')
    .trim();
  const head = [`-- 模板：${q.title}（命名查询 ${q.name}）`];
  if (q.params.length) head.push(`-- 参数（留空 = 不筛选）：${q.params.map((p) => `$${p.name} ${p.label}`).join('，')}`);
  return { sql: `${head.join('\n')}\n${body}`, params: Object.fromEntries(q.params.map((p) => [p.name, ''])) };
}

export interface SchemaTableInfo {
  name: string;
  comment: string | null;
  rowCount: number;
  columns: { name: string; type: string; nullable: boolean; samples: string[] }[];
}

export interface CompletionItem {
  label: string;
  type: string;
  detail?: string;
  info?: string;
}

/**
 * The editor's completion schema (CodeMirror lang-sql): each table with its
 * columns, each column with its type and a few sample values.
 */
export function completionSchema(tables: SchemaTableInfo[]): Record<string, CompletionItem[]> {
  const out: Record<string, CompletionItem[]> = {};
  for (const t of tables) {
    out[t.name] = t.columns.map((c) => ({
      label: c.name,
      type: 'property',
      detail: c.type,
      info: c.samples.length ? `例：${c.samples.join('、')}` : undefined,
    }));
  }
  return out;
}

/** Completion entries for the tables themselves (with their comment and size). */
export function tableCompletions(tables: SchemaTableInfo[]): CompletionItem[] {
  return tables.map((t) => ({ label: t.name, type: 'type', detail: `${t.rowCount.toLocaleString('zh-CN')} 行`, info: t.comment ?? undefined }));
}

/**
 * A one-line preview of a statement for lists: leading comment lines
 * dropped, whitespace collapsed.
 * @example sqlPreview('-- 模板：x\nSELECT *\n  FROM t') // 'SELECT * FROM t'
 */
export function sqlPreview(sql: string): string {
  const lines = sql.split('\n');
  let i = 0;
  while (i < lines.length - 1 && /^\s*(--.*)?$/.test(lines[i]!)) i++;
  return lines.slice(i).join(' ').replace(/\s+/g, ' ').trim();
}
