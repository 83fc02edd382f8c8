/**
 * The import page's logic as pure functions: findings by cell, the mapping
 * override the server expects, labels, and what a paste becomes.
 */
import type { ContextField, ImportFinding, ImportForm, Preview, PreviewTable, Severity } from './types';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const CONTEXT_LABEL: Record<ContextField, string> = { school: '学校', year: '年份', province: '省份', city: '城市' };

/** Where a context value was read from, for people. */
export const FROM_LABEL: Record<string, string> = {
  form: '您填写的',
  title: '来自标题',
  text: '来自正文',
  filename: '来自文件名',
  registry: '来自学校登记表',
  column: '来自表格列',
};

/** The fields a column can be mapped to, in the order the select lists them. */
export const FIELD_OPTIONS: { value: string; label: string }[] = [
  { value: '', label: '（不导入）' },
  { value: 'seq', label: '序号' },
  { value: 'school', label: '学校' },
  { value: 'year', label: '年份' },
  { value: 'certificate', label: '证书' },
  { value: 'level', label: '等级' },
  { value: 'candidates', label: '考证人数' },
  { value: 'passed', label: '通过人数' },
  { value: 'rate', label: '通过率' },
  { value: 'note', label: '备注' },
  { value: 'batch', label: '批次' },
  { value: 'majors', label: '专业' },
  { value: 'student_scale', label: '学生规模' },
  { value: 'requested', label: '申请培训人数' },
  { value: 'approved', label: '批准培训人数' },
  { value: 'status', label: '状态' },
  { value: 'teachers', label: '培训教师人数' },
  { value: 'assessors', label: '考评员人数' },
  { value: 'category', label: '培训项目' },
  { value: 'programme', label: '专业类别或专题' },
  { value: 'host', label: '承办单位' },
  { value: 'partner', label: '合作评价组织' },
  { value: 'audience', label: '培训对象' },
  { value: 'format', label: '培训形式' },
  { value: 'subtotal', label: '小计' },
  { value: 'student_name', label: '姓名（假名化）' },
  { value: 'student_no', label: '学号（假名化）' },
  { value: 'id_number', label: '身份证号（假名化）' },
  { value: 'major', label: '考生专业' },
  { value: 'score', label: '成绩' },
  { value: 'result', label: '是否通过' },
];

export const KIND_OPTIONS: { value: string; label: string }[] = [
  { value: 'exam_results', label: '考核结果（考证人数/通过人数）' },
  { value: 'pilot_applications', label: '试点申报（申请/批准培训人数）' },
  { value: 'teacher_training', label: '师资培训（培训教师人数）' },
  { value: 'training_quotas', label: '培训名额分配（按设区市）' },
  { value: 'training_programmes', label: '证书师资培训项目' },
  { value: 'exam_records', label: '逐考生考核记录' },
  { value: 'certificates', label: '证书与评价组织名录（不导入）' },
  { value: 'unknown', label: '不导入' },
];

export const ENCODINGS = ['auto', 'UTF-8', 'GB18030', 'GBK', 'Big5', 'UTF-16LE', 'UTF-16BE'];

/** The label of a mapping target: a field, or a city's quota (`quota:杭州市` → `名额·杭州市`). */
export function fieldLabel(target: string | null): string {
  if (!target) return '（不导入）';
  if (target.startsWith('quota:')) return `名额·${target.slice(6)}`;
  return FIELD_OPTIONS.find((o) => o.value === target)?.label ?? target;
}

export const cellKey = (table: string, row: number, col: number | null) => `${table}:${row}:${col ?? '*'}`;

/**
 * Findings by the cell they point at (`table:row:col`, or `table:row:*` for a
 * whole row), most severe first.
 * @example findingsByCell([{ severity: 'warning', cell: { table: 'exam', row: 13, col: 4 }, … }]).get('exam:13:4')
 */
export function findingsByCell(findings: ImportFinding[]): Map<string, ImportFinding[]> {
  const out = new Map<string, ImportFinding[]>();
  for (const f of findings) {
    if (!f.cell) continue;
    const k = cellKey(f.cell.table, f.cell.row, f.cell.col);
    out.set(k, [...(out.get(k) ?? []), f].sort((a, b) => RANK[a.severity] - RANK[b.severity]));
  }
  return out;
}

/** The most severe finding level among several, or null. */
export function worst(findings: ImportFinding[] | undefined): Severity | null {
  if (!findings || findings.length === 0) return null;
  return findings.reduce<Severity>((w, f) => (RANK[f.severity] < RANK[w] ? f.severity : w), 'info');
}

/** The tables a report's text is cut into, as people name them (the importer's keys stay in the API). */
const SOURCE_TABLE_LABEL: Record<string, string> = {
  exam: '考核结果表', teachers: '师资培训表', applications: '试点申报表', narrative: '正文', notice: '正文', table: '表格',
};

/**
 * A table key for people: `exam` → 考核结果表, `annex2` → 附件 2, `sheet1` → 工作表 1; other keys (sheet names people gave) as they are.
 * @example sourceTableLabel('annex1') // '附件 1'
 */
export function sourceTableLabel(key: string): string {
  const annex = /^annex(\d+)$/.exec(key);
  if (annex) return `附件 ${annex[1]}`;
  const numbered = /^(sheet|table)(\d+)$/i.exec(key);
  if (numbered) return `${numbered[1]!.toLowerCase() === 'sheet' ? '工作表' : '表格'} ${numbered[2]}`;
  return SOURCE_TABLE_LABEL[key] ?? key;
}

/** A column named by the importer (a field such as `year`, or `pilots_中级`), in words; a column as printed stays as printed. */
function columnText(column: string): string {
  if (FIELD_OPTIONS.some((o) => o.value === column && o.value !== '')) return fieldLabel(column);
  return METRIC_LABEL[column] ?? column;
}

/** A finding's place, for people: `考核结果表 · 第 14 行 · 通过率`. */
export function findingPlace(f: ImportFinding): string {
  const parts = [f.source_table ? sourceTableLabel(f.source_table) : null, f.source_row !== null ? `第 ${f.source_row} 行` : null, f.source_column ? columnText(f.source_column) : null, f.line ? `正文第 ${f.line} 行` : null];
  return parts.filter(Boolean).join(' · ');
}

/** Findings grouped by severity, errors first. */
export function groupFindings(findings: ImportFinding[]): { severity: Severity; items: ImportFinding[] }[] {
  return (['error', 'warning', 'info'] as Severity[]).map((severity) => ({ severity, items: findings.filter((f) => f.severity === severity) })).filter((g) => g.items.length > 0);
}

/**
 * The `mapping` form field: only the tables the user changed, named by their
 * override key; '' when nothing was changed.
 * @example mappingJson({ exam: { columns: { 报名数: 'candidates' } } }) // '{"tables":{"exam":{"columns":{"报名数":"candidates"}}}}'
 */
export function mappingJson(overrides: ImportForm['overrides']): string {
  const tables = Object.fromEntries(Object.entries(overrides).filter(([, o]) => o.kind || Object.keys(o.columns).length > 0));
  return Object.keys(tables).length === 0 ? '' : JSON.stringify({ tables });
}

/** Sets one column's field (or the table's kind) in the overrides, returning a new object. */
export function withColumn(overrides: ImportForm['overrides'], table: PreviewTable, header: string, field: string): ImportForm['overrides'] {
  const current = overrides[table.overrideKey] ?? { columns: {} };
  return { ...overrides, [table.overrideKey]: { ...current, columns: { ...current.columns, [header]: field } } };
}

export function withKind(overrides: ImportForm['overrides'], table: PreviewTable, kind: string): ImportForm['overrides'] {
  const current = overrides[table.overrideKey] ?? { columns: {} };
  return { ...overrides, [table.overrideKey]: { ...current, kind } };
}

/** The multipart fields the page sends (empty ones are left out). */
export function formFields(form: ImportForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['school', 'year', 'province', 'city', 'sheet'] as const) if (form[k].trim() !== '') out[k] = form[k].trim();
  if (form.encoding && form.encoding !== 'auto') out.encoding = form.encoding;
  const mapping = mappingJson(form.overrides);
  if (mapping) out.mapping = mapping;
  if (form.replace) out.replace = 'true';
  // Always sent: the choice is explicit in the request (the server's default is restricted too).
  out.visibility = form.visibility;
  if (form.overlap) out.overlap = form.overlap;
  if (form.overlap === 'keep' && form.reason.trim() !== '') out.reason = form.reason.trim();
  return out;
}

/**
 * Whether the overlap choice lets a commit go ahead: no overlap, replace, or
 * keep with a reason.
 *
 * @example overlapReady([], { overlap: '', reason: '' }) // true
 * @example overlapReady([o], { overlap: 'keep', reason: ' ' }) // false
 */
export function overlapReady(overlaps: readonly unknown[], form: Pick<ImportForm, 'overlap' | 'reason'>): boolean {
  if (overlaps.length === 0) return true;
  return form.overlap === 'replace' || (form.overlap === 'keep' && form.reason.trim() !== '');
}

/**
 * What a pasted table becomes: TSV when it has tabs (copied from Excel), else CSV.
 * @example pastedFile('证书\t考证人数\n智能财税\t10') // { name: '粘贴的表格.tsv', text: '证书\t考证人数\n智能财税\t10\n' }
 */
export function pastedFile(text: string): { name: string; text: string } | null {
  const body = text.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '');
  if (body.trim() === '') return null;
  return { name: body.includes('\t') ? '粘贴的表格.tsv' : '粘贴的表格.csv', text: `${body}\n` };
}

/**
 * @example formatBytes(1536) // '1.5 KB'
 * @example formatBytes(52428800) // '50.0 MB'
 */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

export const TABLE_LABEL: Record<string, string> = {
  exam_results: '考核结果',
  pilot_applications: '试点申报',
  teacher_training: '师资培训',
  training_quotas: '培训名额',
  training_programmes: '培训项目',
  training_offers: '培训报价',
  stated_totals: '文件所列合计',
  exam_records: '考生记录',
};

/** What kind of import a history row is, in words: the default dataset, synthetic data, or the table kind it held. */
export function kindLabel(kind: string): string {
  if (kind === 'seed') return '默认数据集';
  if (kind === 'synthetic') return '合成数据';
  return TABLE_LABEL[kind] ?? (kind === 'report_text' || kind === 'report' ? '报告文本' : '其他');
}

/**
 * The name of an imported document for people: a seed's title (kept as its note), otherwise the file as the user named it.
 * @example documentName({ kind: 'seed', file_name: '004_44f8.txt', note: '广州城市职业学院2020年…报告' }) // '广州城市职业学院2020年…报告'
 */
export function documentName(r: { kind: string; file_name: string; note?: string | null }): string {
  return r.kind === 'seed' && r.note ? r.note : r.file_name;
}

/** Row counts worth showing: `考核结果 18 · 师资培训 19 · 文件所列合计 16`. */
export function rowCountText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([t, n]) => `${TABLE_LABEL[t] ?? t} ${n.toLocaleString('zh-CN')}`);
  return parts.length ? parts.join(' · ') : '无';
}

/** What a figure stated in the text is, for people. */
export const METRIC_LABEL: Record<string, string> = {
  candidates: '考证人数', passed: '通过人数', pass_rate: '通过率', certificates: '证书数', teachers_trained: '培训教师人数',
  assessors: '考评员人数', pilots: '试点数', pilots_初级: '初级试点数', pilots_中级: '中级试点数', pilots_高级: '高级试点数',
  approved: '批准培训人数', requested: '申请培训人数', students_trained: '学生培训人数', students_examined: '完成考核人数',
  quota: '名额', programmes: '培训项目数', trainees_planned: '计划培训人数',
};

export const STATUS_LABEL: Record<string, string> = { pending: '写入中', committed: '已导入', undone: '已撤销', replaced: '已替换' };

/** Whether a history row can be undone from the page. */
export const canUndo = (r: { status: string; kind: string }) => r.status === 'committed' && r.kind !== 'seed';

/** The context fields in the order the form shows them, with what the preview found. */
export function contextRows(preview: Preview | null, form: ImportForm): { field: ContextField; label: string; found: string | null; from: string | null; missing: boolean; value: string }[] {
  return (['school', 'year', 'province', 'city'] as ContextField[]).map((field) => {
    const c = preview?.context[field] ?? null;
    return {
      field,
      label: CONTEXT_LABEL[field],
      found: c ? String(c.value) : null,
      from: c ? FROM_LABEL[c.from] ?? c.from : null,
      missing: preview?.missing.includes(field) ?? false,
      value: form[field],
    };
  });
}
