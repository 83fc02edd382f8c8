/**
 * What a table is, from its headers. Each column is matched to a field by
 * synonyms (考证人数/报考人数/参考人数 → candidates, 通过人数/合格人数 → passed,
 * 通过率/合格率 → rate, 批准总培训人数/批准人数 → approved …); the set of fields
 * decides the kind. The user can override both, per table.
 */
import { fold } from './text-cells.js';
import type { RawTable } from './types.js';

export const KINDS = [
  'exam_results',
  'pilot_applications',
  'teacher_training',
  'training_quotas',
  'training_programmes',
  'training_offers',
  'certificates',
  'exam_records',
] as const;
export type Kind = (typeof KINDS)[number];
export type TableKind = Kind | 'template' | 'unknown';

export const KIND_ZH: Record<TableKind, string> = {
  exam_results: '考核结果（考证人数/通过人数）',
  pilot_applications: '试点申报（申请/批准培训人数）',
  teacher_training: '师资培训（培训教师人数）',
  training_quotas: '培训名额分配（按设区市）',
  training_programmes: '证书师资培训项目',
  training_offers: '师资培训报价',
  certificates: '证书与评价组织名录',
  exam_records: '逐考生考核记录',
  template: '空白模板（无数据）',
  unknown: '无法识别',
};

/** Fields a column can map to. City columns of a quota table map to `quota:<city>`. */
export const FIELDS = {
  seq: ['序号', '编号', '序'],
  school: ['学校', '院校', '学校名称', '院校名称', '试点院校', '试点院校名称', '单位名称'],
  year: ['年份', '年度', '申报年度', '考核年度', '考试年度'],
  certificate: ['证书', '证书名称', '试点证书', '职业技能等级证书', '职业技能等级证书名称', '证书名称及等级', '参与试点证书及等级', '考核证书', '报考证书', '所报证书培训班名称'],
  level: ['等级', '证书等级', '级别', '考核等级'],
  candidates: ['考证人数', '报考人数', '参考人数', '参考人次', '考核人数', '考试人数', '应考人数', '参加考核人数', '考生人数'],
  passed: ['通过人数', '合格人数', '通过考核人数', '取证人数', '获证人数', '考核通过人数'],
  rate: ['通过率', '合格率', '取证率', '考核通过率'],
  note: ['备注', '说明', '学校情况备注'],
  batch: ['申报批次', '批次', '试点批次'],
  majors: ['申报专业', '专业', '专业名称', '试点专业', '参与试点专业名称'],
  student_scale: ['学生规模', '专业学生规模', '参与试点学生规模'],
  requested: ['申请总培训人数', '申请培训人数', '申请人数', '申报培训人数', '培训人数/申请', '申请'],
  approved: ['批准总培训人数', '批准培训人数', '批准人数', '获批人数', '获批培训人数', '培训人数/批准', '批准'],
  status: ['申报状态', '状态', '审核状态', '审核结果'],
  teachers: ['培训教师人数', '师资培训人数', '培训教师数', '参训教师人数', '教师人数', '培训人数'],
  assessors: ['考评员人数', '考评员数', '获得考评员人数'],
  category: ['培训项目', '项目类别', '项目'],
  programme: ['专业类别或专题', '培训专题', '专业类别', '专题'],
  host: ['承担院校', '承办单位', '承办院校', '承担单位', '培训机构', '承办机构'],
  partner: ['合作评价组织', '评价组织', '合作培训评价组织'],
  audience: ['培训对象'],
  format: ['培训形式', '培训方式'],
  subtotal: ['小计', '计划数', '计划数/小计', '合计'],
  organisation: ['培训评价组织名称', '培训评价组名称', '培训评价组组织名称', '组织名称', '培训评价组织'],
  contact: ['联系人', '办公电话', '手机', '传真', '电子邮箱', '通讯地址', '邮政编码', '联系电话', '邮箱', '性别', '职务'],
  student_name: ['姓名', '考生姓名', '学生姓名'],
  student_no: ['学号', '考生号', '准考证号', '考号', '学籍号'],
  id_number: ['身份证号', '身份证号码', '证件号码', '证件号', '身份证'],
  major: ['所在专业', '考生专业', '学生专业'],
  score: ['成绩', '分数', '考核成绩', '总分', '得分'],
  result: ['是否通过', '考核结果', '结果', '是否合格', '通过'],
  school_type: ['学校类型', '院校类型'],
  count_of_majors: ['参与试点专业数量', '专业数量'],
} as const satisfies Record<string, readonly string[]>;

export type Field = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];
/** What a column maps to: a field, a city's quota (`quota:杭州市`), or nothing. */
export type ColumnTarget = Field | `quota:${string}` | null;

export const FIELD_ZH: Record<Field, string> = {
  seq: '序号', school: '学校', year: '年份', certificate: '证书', level: '等级', candidates: '考证人数', passed: '通过人数',
  rate: '通过率', note: '备注', batch: '批次', majors: '专业', student_scale: '学生规模', requested: '申请培训人数',
  approved: '批准培训人数', status: '状态', teachers: '培训教师人数', assessors: '考评员人数', category: '培训项目',
  programme: '专业类别或专题', host: '承办单位', partner: '合作评价组织', audience: '培训对象', format: '培训形式',
  subtotal: '小计', organisation: '培训评价组织', contact: '联系方式（不导入）', student_name: '姓名（假名化）',
  student_no: '学号（假名化）', id_number: '身份证号（假名化）', major: '专业', score: '成绩', result: '是否通过',
  school_type: '学校类型', count_of_majors: '专业数量',
};

/** Units and annotations a header carries that do not change its meaning: `考证人数(人)`, `通过率（%）`. */
export function foldHeader(header: string): string {
  return fold(header).replace(/\((人|人次|%|个|名|元|元\/人|学时|天)\)$/u, '').replace(/\(时长.*\)$/u, '');
}

const SYNONYMS: { key: string; field: Field }[] = FIELD_NAMES.flatMap((field) => FIELDS[field].map((s) => ({ key: foldHeader(s), field })));
const EXACT = new Map(SYNONYMS.map((s) => [s.key, s.field]));
const BY_LENGTH = [...SYNONYMS].sort((a, b) => b.key.length - a.key.length);

/** Words a header line of a report is made of (for spotting headers in text). */
export function isHeaderWord(text: string, cities: Set<string>): boolean {
  const k = foldHeader(text);
  if (k === '') return false;
  if (EXACT.has(k) || cities.has(k)) return true;
  return BY_LENGTH.some((s) => s.key.length >= 2 && k.includes(s.key) && k.length <= s.key.length + 8);
}

/** A header word exactly (a synonym or a city name), no containment. */
export function isExactHeaderWord(text: string, cities: Set<string>): boolean {
  const k = foldHeader(text);
  return k !== '' && (EXACT.has(k) || cities.has(k) || GROUP_WORDS.has(k));
}

const GROUP_WORDS = new Set(['计划数', '人数', '名额', '计划名额', '分配名额']);

/** Whether text can still grow into a header word (`承担` → `承担院校`, `杭` → `杭州`). */
export function isHeaderPrefix(text: string, cities: Set<string>): boolean {
  const k = foldHeader(text);
  if (k === '') return false;
  for (const s of SYNONYMS) if (s.key.startsWith(k) && s.key !== k) return true;
  for (const c of cities) if (c.startsWith(k) && c !== k) return true;
  return false;
}

export interface CityNames {
  /** Folded full or short city name → full name (`杭州` → `杭州市`). */
  resolve(name: string, province: string | null): string | null;
  /** All folded names, full and short. */
  all: Set<string>;
}

/** One header → its target, with how sure we are (2 exact, 1 contained). */
export function matchHeader(header: string, cities: CityNames, province: string | null): { target: ColumnTarget; score: number } {
  const k = foldHeader(header);
  if (k === '') return { target: null, score: 0 };
  const exact = EXACT.get(k);
  if (exact) return { target: exact, score: 2 };
  // A flattened group header (`计划数（人）/杭州`, `培训人数/申请`): the part below decides.
  const sub = k.includes('/') ? k.slice(k.lastIndexOf('/') + 1) : null;
  if (sub !== null) {
    const city = cities.resolve(sub, province);
    if (city) return { target: `quota:${city}`, score: 2 };
    const bySub = EXACT.get(sub);
    if (bySub) return { target: bySub, score: 2 };
  }
  const city = cities.resolve(k, province);
  if (city) return { target: `quota:${city}`, score: 2 };
  for (const s of BY_LENGTH) if (s.key.length >= 2 && k.includes(s.key)) return { target: s.field, score: 1 };
  return { target: null, score: 0 };
}

export interface Detected {
  kind: TableKind;
  mapping: ColumnTarget[];
  /** Why: the fields found, for the preview. */
  reason: string;
}

/** Maps every column and decides the table's kind. */
export function detectKind(table: Pick<RawTable, 'header' | 'rows'>, cities: CityNames, province: string | null): Detected {
  const matches = table.header.map((h) => matchHeader(h, cities, province));
  const mapping: ColumnTarget[] = matches.map((m) => m.target);
  // A field claimed by two columns keeps the surer (then the first) one.
  const best = new Map<string, number>();
  matches.forEach((m, i) => {
    if (!m.target) return;
    const j = best.get(m.target);
    if (j === undefined || m.score > matches[j]!.score) best.set(m.target, i);
  });
  mapping.forEach((t, i) => {
    if (t && best.get(t) !== i) mapping[i] = null;
  });
  return { kind: kindOf(mapping, table), mapping, reason: describe(mapping) };
}

export function kindOf(mapping: ColumnTarget[], table: Pick<RawTable, 'rows'>): TableKind {
  const has = (f: Field) => mapping.includes(f);
  const cityColumns = mapping.filter((t) => t !== null && t.startsWith('quota:')).length;
  let kind: TableKind = 'unknown';
  if ((has('student_name') || has('student_no') || has('id_number')) && (has('score') || has('result')) && !has('candidates')) kind = 'exam_records';
  else if (has('certificate') && has('candidates') && has('passed')) kind = 'exam_results';
  else if (has('certificate') && (has('requested') || has('approved'))) kind = 'pilot_applications';
  else if (has('certificate') && has('teachers')) kind = 'teacher_training';
  else if ((has('programme') || has('category')) && (cityColumns > 0 || has('subtotal'))) kind = 'training_quotas';
  else if (has('certificate') && has('host') && (has('partner') || has('audience') || has('format'))) kind = 'training_programmes';
  else if (has('certificate') && (has('organisation') || has('contact'))) kind = 'certificates';
  if (isTemplate(mapping, table)) return 'template';
  return kind;
}

/** A table whose rows hold nothing but sequence numbers and labels: a form to fill in. */
function isTemplate(mapping: ColumnTarget[], table: Pick<RawTable, 'rows'>): boolean {
  const seqCol = mapping.indexOf('seq');
  return table.rows.every((r) =>
    r.cells.every((c, i) => {
      const t = c.trim();
      if (t === '' || i === seqCol) return true;
      const target = mapping[i];
      if (target && target !== 'majors' && target !== 'note') return false;
      return !/\d/.test(t);
    }),
  );
}

function describe(mapping: ColumnTarget[]): string {
  return mapping.filter((t): t is NonNullable<ColumnTarget> => t !== null).map((t) => (t.startsWith('quota:') ? t.slice(6) : FIELD_ZH[t as Field])).join('、');
}

/**
 * The user's mapping override: `{ "<header>": "<field>" | "" }` for every
 * table, or `{ "tables": { "<table key>": { "kind": …, "columns": {…} } } }`.
 */
export interface MappingOverride {
  kind?: TableKind;
  columns: Record<string, string | null>;
}

export function parseMappingOverride(json: unknown): { all: MappingOverride | null; byTable: Map<string, MappingOverride> } {
  const byTable = new Map<string, MappingOverride>();
  if (json === null || json === undefined || json === '') return { all: null, byTable };
  if (typeof json !== 'object' || Array.isArray(json)) throw new Error('应为 JSON 对象 / must be a JSON object');
  const o = json as Record<string, unknown>;
  const columnsOf = (v: unknown): Record<string, string | null> => {
    if (v === undefined) return {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('columns 应为 {表头: 字段} / columns must map headers to fields');
    const out: Record<string, string | null> = {};
    for (const [h, f] of Object.entries(v as Record<string, unknown>)) {
      if (f !== null && typeof f !== 'string') throw new Error(`“${h}”的字段应为字符串 / field for "${h}" must be a string`);
      if (f && !isTarget(f)) throw new Error(`未知字段“${f}” / unknown field "${f}"`);
      out[h] = f ? f : null;
    }
    return out;
  };
  const kindOfOverride = (v: unknown): TableKind | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' || !([...KINDS, 'unknown', 'template'] as string[]).includes(v)) throw new Error(`未知类型“${String(v)}” / unknown kind "${String(v)}"`);
    return v as TableKind;
  };
  if ('tables' in o) {
    const tables = o.tables;
    if (typeof tables !== 'object' || tables === null) throw new Error('tables 应为对象 / tables must be an object');
    for (const [key, spec] of Object.entries(tables as Record<string, unknown>)) {
      const s = (spec ?? {}) as Record<string, unknown>;
      byTable.set(key, { kind: kindOfOverride(s.kind), columns: columnsOf(s.columns) });
    }
    return { all: null, byTable };
  }
  return { all: { columns: columnsOf(o) }, byTable };
}

export function isTarget(f: string): f is NonNullable<ColumnTarget> {
  return (FIELD_NAMES as string[]).includes(f) || /^quota:.+/.test(f);
}

/** Applies an override to a detected mapping: headers named in it get the given field. */
export function applyOverride(header: string[], detected: ColumnTarget[], override: MappingOverride | undefined | null): ColumnTarget[] {
  if (!override) return detected;
  const byFolded = new Map(Object.entries(override.columns).map(([h, f]) => [fold(h), f]));
  return header.map((h, i) => {
    const hit = override.columns[h] !== undefined ? override.columns[h] : byFolded.get(fold(h));
    if (hit === undefined) return detected[i] ?? null;
    return (hit ?? null) as ColumnTarget;
  });
}
