/**
 * The SQL console's state and actions (run, download, save, open, link),
 * shared by the page and its panels. Runes outside a component, so the page
 * stays a layout of presentational parts.
 */
import { replaceState } from '$app/navigation';
import { toApiError, type ApiError, type Fetch } from '../../api';
import { deleteSaved, downloadSql, fetchHistory, fetchSaved, runSql, saveQuery, SqlError, type DownloadFormat, type HistoryItem, type SavedQuery, type SqlLimits, type SqlRun } from './api';

const SAVED_PAGE = 50;
import { consoleHref, paramText, paramsFor, statementParams, templateFromNamedQuery, type NamedQueryInfo } from './query-text';

export const EXAMPLE_SQL = `-- 各证书考证人数与通过率（默认数据集）
SELECT c.name AS 证书,
       sum(e.candidates) AS 考证人数,
       sum(e.passed) AS 通过人数,
       round(sum(e.passed) / sum(e.candidates), 3) AS 通过率
FROM exam_results e
JOIN certificates c ON c.id = e.certificate_id
GROUP BY c.name
ORDER BY 考证人数 DESC`;

export class SqlConsole {
  sql = $state('');
  paramInputs = $state<Record<string, string>>({});
  running = $state(false);
  result = $state.raw<SqlRun | null>(null);
  error = $state.raw<ApiError | null>(null);
  history = $state.raw<HistoryItem[]>([]);
  saved = $state.raw<SavedQuery[]>([]);
  /** How many saved queries there are in all (the panel shows the first pages). */
  savedTotal = $state(0);
  user = $state('');
  notice = $state('');
  view = $state<'grid' | 'chart'>('grid');
  downloading = $state<DownloadFormat | null>(null);

  readonly params = $derived(statementParams(this.sql));
  /** The error's place in the editor (1-based), when DuckDB gave one. */
  readonly errorMark = $derived(this.error instanceof SqlError && this.error.where ? { line: this.error.where.line, column: this.error.where.column, message: this.error.messageZh } : null);

  /** The statement whose result is on screen: downloads export it, not later edits. */
  private shown: ReturnType<SqlConsole['request']> | null = null;
  private controller: AbortController | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fetchFn: Fetch,
    readonly limits: SqlLimits,
  ) {}

  say(text: string) {
    this.notice = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = ''), 5000);
  }

  clearNotice() {
    this.notice = '';
    clearTimeout(this.noticeTimer);
  }

  /** The link that reopens the current statement. */
  get href(): string {
    const used = Object.fromEntries(this.params.map((p) => [p, this.paramInputs[p] ?? '']));
    return consoleHref(this.sql, used);
  }

  private request() {
    return { sql: this.sql, params: paramsFor(this.sql, this.paramInputs) };
  }

  async run() {
    if (this.sql.trim() === '') return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.error = null;
    this.clearNotice();
    const request = this.request();
    try {
      const result = await runSql(this.fetchFn, { ...request, limit: this.limits.maxRows }, controller.signal);
      if (this.controller !== controller) return;
      this.result = result;
      this.shown = request;
      if (result.table.numRows === 0) this.view = 'grid';
      try {
        replaceState(this.href, {});
      } catch {
        /* before the router is ready: the link button still works */
      }
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (this.controller !== controller) return;
      this.error = toApiError(err);
      // The previous result (and "已导出 …" about it) would read as this statement's answer under the error.
      this.result = null;
    } finally {
      if (this.controller === controller) {
        this.running = false;
        this.controller = undefined;
      }
      void this.refreshHistory();
    }
  }

  cancel() {
    this.controller?.abort();
    this.controller = undefined;
    this.running = false;
    this.say('已取消。');
  }

  async download(format: DownloadFormat) {
    const request = this.shown ?? (this.sql.trim() === '' ? null : this.request());
    if (!request) return;
    this.downloading = format;
    try {
      const file = await downloadSql(this.fetchFn, request, format);
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const cap = this.limits.caps[format]?.max ?? this.limits.exportMaxRows;
      this.say(file.truncated ? `已导出 ${file.rowCount.toLocaleString('zh-CN')} 行：结果超过导出上限 ${cap.toLocaleString('zh-CN')} 行，其余未导出。` : `已导出 ${file.rowCount.toLocaleString('zh-CN')} 行（${format.toUpperCase()}）。`);
    } catch (err) {
      this.error = toApiError(err);
    } finally {
      this.downloading = null;
    }
  }

  open(q: { sql: string; params?: Record<string, unknown>; sqlTruncated?: boolean; sqlBytes?: number }) {
    this.sql = q.sql;
    this.paramInputs = Object.fromEntries(Object.entries(q.params ?? {}).map(([k, v]) => [k, paramText(v)]));
    this.error = null;
    if (q.sqlTruncated) this.say(`历史记录只保存了语句的前 4 KB（原文 ${Math.ceil((q.sqlBytes ?? 0) / 1024)} KB），打开的是截断后的文本`);
  }

  openTemplate(q: NamedQueryInfo) {
    const t = templateFromNamedQuery(q);
    this.sql = t.sql;
    this.paramInputs = t.params;
    this.error = null;
    this.say(`已载入模板“${q.title}”，参数留空表示不筛选。`);
  }

  async save(name: string, description: string) {
    try {
      const q = await saveQuery(this.fetchFn, { name, description: description || undefined, ...this.request() });
      await this.refreshSaved();
      this.user = q.owner;
      this.say(`已保存“${q.name}”，链接：/sql?saved=${q.id}`);
      return q;
    } catch (err) {
      this.error = toApiError(err);
      return null;
    }
  }

  async remove(id: number) {
    try {
      await deleteSaved(this.fetchFn, id);
      await this.refreshSaved();
      this.say('已删除。');
    } catch (err) {
      this.error = toApiError(err);
    }
  }

  async copyLink() {
    const url = new URL(this.href, location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      this.say('链接已复制，打开它会重新载入这条查询。');
    } catch {
      this.say(`链接：${url}`);
    }
  }

  async refreshHistory() {
    try {
      const h = await fetchHistory(this.fetchFn);
      this.history = h.items;
      this.user = h.user;
    } catch {
      /* the history panel keeps what it had */
    }
  }

  async refreshSaved() {
    const page = await fetchSaved(this.fetchFn, { limit: SAVED_PAGE });
    this.saved = page.items;
    this.savedTotal = page.total;
  }

  /** The next page of saved queries, after those shown. */
  async moreSaved() {
    const page = await fetchSaved(this.fetchFn, { limit: SAVED_PAGE, offset: this.saved.length });
    const seen = new Set(this.saved.map((q) => q.id));
    this.saved = [...this.saved, ...page.items.filter((q) => !seen.has(q.id))];
    this.savedTotal = page.total;
  }
}
