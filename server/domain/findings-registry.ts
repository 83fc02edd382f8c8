/**
 * Every data-quality finding the importer and the checks can record: its
 * stable code, severity, Chinese and English message templates, and what the
 * data steward should do about it. Findings are only ever made through
 * `makeFinding`, so a code cannot exist without its texts; the API sends the
 * texts along, the import page shows the Chinese message and action, and the
 * README's table is tested equal to this file. Pure (no Node imports).
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding points, as stored with it. */
export interface FindingPlace {
  source_file?: string | null;
  source_table?: string | null;
  source_row?: number | null;
  source_column?: string | null;
  printed_value?: string | number | null;
  expected_value?: string | number | null;
}

interface Def<P> {
  severity: Severity;
  /** What it is, in a few Chinese words (README table, grouping). */
  title: string;
  zh: (p: P) => string;
  en: (p: P) => string;
  /** What the steward should do. */
  action: string;
  action_en: string;
}

const def = <P = Record<string, never>>(d: Def<P>): Def<P> => d;

/** `第 3 行`, `12 行`, … as the caller words the place; empty for the whole file. */
type Where = { where: string };
const whereEn = (w: string) => w.replace(/^第\s*(\d+)\s*行$/u, 'row $1').replace(/^(\d+)\s*行$/u, '$1 rows');

export const FINDING_DEFS = {
  // Reading the file
  missing_value: def<Where & { column: string }>({
    severity: 'error', title: '必填值为空',
    zh: (p) => `${p.where}“${p.column}”为空`,
    en: (p) => `${whereEn(p.where)}: "${p.column}" is empty`,
    action: '在原表中补上该值后重新导入', action_en: 'Fill the value in the file and import again',
  }),
  not_a_number: def<Where & { column: string; value: string }>({
    severity: 'error', title: '不是数字',
    zh: (p) => `${p.where}“${p.column}”的值“${p.value}”不是数字，人数应为非负整数`,
    en: (p) => `${whereEn(p.where)}: "${p.column}" value "${p.value}" is not a number`,
    action: '改正该单元格（只写数字），或在列映射中把该列设为不导入', action_en: 'Correct the cell (digits only), or map the column to nothing',
  }),
  negative_count: def<Where & { column: string; value: string }>({
    severity: 'error', title: '人数为负',
    zh: (p) => `${p.where}“${p.column}”的值“${p.value}”是负数，人数应为非负整数`,
    en: (p) => `${whereEn(p.where)}: "${p.column}" value "${p.value}" is negative`,
    action: '核对原件并改正该单元格', action_en: 'Check the original document and correct the cell',
  }),
  non_integer_count: def<Where & { column: string; value: string }>({
    severity: 'error', title: '人数不是整数',
    zh: (p) => `${p.where}“${p.column}”的值“${p.value}”不是整数，人数应为非负整数`,
    en: (p) => `${whereEn(p.where)}: "${p.column}" value "${p.value}" is not a whole number`,
    action: '核对原件并改正该单元格', action_en: 'Check the original document and correct the cell',
  }),
  unknown_certificate: def<{ printed: string; hint: string; rows?: string }>({
    severity: 'error', title: '证书不在登记表中',
    zh: (p) => `证书“${p.printed}”${p.rows ? `（${p.rows}）` : ''}不在证书登记表中${p.hint ? `；最接近的是：${p.hint}` : ''}（请在证书别名登记表中添加这种写法）`,
    en: (p) => `Certificate "${p.printed}" is not in the registry${p.hint ? `; closest: ${p.hint}` : ''}`,
    action: '若是已有证书的另一种写法，在证书别名登记表中添加这种写法；新证书先加入证书登记表', action_en: 'Add the spelling to certificate_aliases.csv (or the new certificate to certificates.csv)',
  }),
  unknown_certificate_reference: def<{ printed: string; hint: string }>({
    severity: 'warning', title: '名录中的证书不在登记表中',
    zh: (p) => `证书“${p.printed}”不在证书登记表中${p.hint ? `；最接近的是：${p.hint}` : ''}（名录表不导入，仅提示）`,
    en: (p) => `Certificate "${p.printed}" in a reference list is not in the registry${p.hint ? `; closest: ${p.hint}` : ''}`,
    action: '核对名录中的证书名称；需要时在登记表中添加', action_en: 'Check the name; add it to the registry if needed',
  }),
  unknown_school: def<{ name: string; hint: string; rows?: string }>({
    severity: 'error', title: '学校不在登记表中',
    zh: (p) => `学校“${p.name}”${p.rows ? `（${p.rows}）` : ''}不在学校登记表中${p.hint ? `；最接近的是：${p.hint}` : ''}（新学校请先加入学校登记表）`,
    en: (p) => `School "${p.name}" is not in the registry${p.hint ? `; closest: ${p.hint}` : ''}`,
    action: '在“学校”一栏选择已登记的学校，或先把新学校加入学校登记表', action_en: 'Pick a registered school, or add the school to data/schools.csv',
  }),
  unknown_province: def<{ value: string }>({
    severity: 'error', title: '省份无法识别',
    zh: (p) => `省份“${p.value}”无法识别`, en: (p) => `Province "${p.value}" is not recognised`,
    action: '填写省份全称或简称，如“浙江省”或“浙江”', action_en: 'Give the full or short province name',
  }),
  unknown_city: def<{ value: string }>({
    severity: 'error', title: '城市无法识别',
    zh: (p) => `城市“${p.value}”无法识别`, en: (p) => `City "${p.value}" is not recognised`,
    action: '填写设区市全称或简称，如“杭州市”或“杭州”', action_en: 'Give the full or short city name',
  }),
  invalid_year: def<Where & { value: string }>({
    severity: 'error', title: '年份无法识别',
    zh: (p) => `${p.where}年份“${p.value}”无法识别，应为四位数字，如 2021`, en: (p) => `${whereEn(p.where)}: year "${p.value}" is not a four-digit year`,
    action: '改为四位年份（如 2021），或在“年份”一栏填写', action_en: 'Write a four-digit year, or fill the year field',
  }),
  invalid_level: def<Where & { value: string }>({
    severity: 'error', title: '等级无法识别',
    zh: (p) => `${p.where}等级“${p.value}”应为初级、中级或高级`, en: (p) => `${whereEn(p.where)}: level "${p.value}" should be 初级, 中级 or 高级`,
    action: '把等级改为初级、中级或高级', action_en: 'Use 初级, 中级 or 高级',
  }),
  invalid_level_ignored: def<{ value: string; rows: string }>({
    severity: 'warning', title: '等级无法识别（按空处理）',
    zh: (p) => `等级“${p.value}”（${p.rows}）应为初级、中级或高级，按证书名称中的等级（或空）处理`, en: (p) => `Level "${p.value}" (${p.rows}) is not 初级/中级/高级; the level in the certificate name (or none) is used`,
    action: '核对这些记录的等级；需要时改正后重新导入', action_en: 'Check those rows’ level and re-import if needed',
  }),
  missing_context: def<{ field: string; detail?: string }>({
    severity: 'error', title: '缺少学校/年份/省份',
    zh: (p) => p.detail ?? `缺少${p.field}：文件中没有写明，请在“${p.field}”一栏填写`, en: (p) => `Missing ${p.field}: the file does not say it`,
    action: '在导入表单中填写该项', action_en: 'Fill the field in the import form',
  }),
  missing_column: def<{ column: string }>({
    severity: 'error', title: '缺少必需的列',
    zh: (p) => `逐考生记录缺少“${p.column}”列`, en: (p) => `Candidate records lack the "${p.column}" column`,
    action: '在列映射中指定该列，或在文件中补上', action_en: 'Map the column, or add it to the file',
  }),
  missing_student_key: def<{ rows: number; column: string }>({
    severity: 'error', title: '缺少考生键',
    zh: (p) => `${p.rows} 行没有“${p.column}”，无法生成考生假名键`, en: (p) => `${p.rows} rows have no "${p.column}"; no pseudonymous key can be made`,
    action: '补全这些行的学号或身份证号', action_en: 'Fill the student number or ID for those rows',
  }),
  weak_student_key: def({
    severity: 'warning', title: '考生按姓名识别',
    zh: () => '没有身份证号或学号列，考生按姓名生成假名键（同名考生会被视为同一人）', en: () => 'No ID or student-number column: candidates are keyed by name (namesakes merge)',
    action: '如有学号或身份证号列，请加入文件后重新导入', action_en: 'Add a student-number or ID column if there is one',
  }),
  pseudonymised: def<{ column: string }>({
    severity: 'info', title: '个人信息已假名化',
    zh: (p) => `“${p.column}”列在导入时替换为加盐假名键，原值不保存；姓名、身份证号等其他个人信息列不导入`, en: (p) => `"${p.column}" is replaced by a salted pseudonymous key; other personal columns are not imported`,
    action: '无需处理', action_en: 'Nothing to do',
  }),
  unreadable_score: def<{ rows: number }>({
    severity: 'warning', title: '成绩不是数字',
    zh: (p) => `${p.rows} 行的成绩不是数字，记为空（按原样不导入该值）`, en: (p) => `${p.rows} rows have a score that is not a number; stored empty`,
    action: '核对这些行的成绩', action_en: 'Check those rows’ scores',
  }),
  unreadable_result: def<{ value: string; rows: string }>({
    severity: 'warning', title: '考核结果无法识别',
    zh: (p) => `“${p.value}”（${p.rows}）不是可识别的考核结果（通过/不通过），记为空`, en: (p) => `"${p.value}" (${p.rows}) is not a recognised result (通过/不通过); stored empty`,
    action: '把结果改为“通过”或“不通过”', action_en: 'Use 通过 or 不通过',
  }),
  no_facts: def<{ reason: string }>({
    severity: 'error', title: '没有可导入的数据',
    zh: (p) => p.reason, en: () => 'Nothing to import',
    action: '检查文件是否选对；表格无法识别时在“列映射”中指定各列含义', action_en: 'Check the file; map the columns if the table was not recognised',
  }),
  unknown_table: def<{ table: string; header: string }>({
    severity: 'warning', title: '表格类型无法识别',
    zh: (p) => `无法识别“${p.table}”的表格类型（表头：${p.header}），未导入；可在列映射中指定`, en: (p) => `Table "${p.table}" was not recognised and is not imported`,
    action: '在列映射中选择表格类型和各列含义', action_en: 'Choose the table kind and columns in the mapping',
  }),
  empty_table: def<{ table: string }>({
    severity: 'info', title: '空白模板',
    zh: (p) => `“${p.table}”是空白模板，没有数据行，不导入`, en: (p) => `"${p.table}" is an empty form; not imported`,
    action: '无需处理', action_en: 'Nothing to do',
  }),
  reference_table: def<{ table: string }>({
    severity: 'info', title: '名录表（不导入）',
    zh: (p) => `“${p.table}”是证书与评价组织名录：核对证书名称，不写入事实表（联系人、电话等不保存）`, en: (p) => `"${p.table}" is a reference list: names are checked, nothing is stored`,
    action: '无需处理', action_en: 'Nothing to do',
  }),
  cell_rejoined: def<{ column: string; pieces: number; joined: string }>({
    severity: 'info', title: '换行拆开的单元格已拼接',
    zh: (p) => `“${p.column}”单元格被 PDF 换行拆成 ${p.pieces} 段，已拼接为“${p.joined}”`, en: (p) => `A "${p.column}" cell split over ${p.pieces} lines was joined to "${p.joined}"`,
    action: '核对拼接结果是否与原件一致', action_en: 'Check the joined text against the original',
  }),
  merged_cell: def<{ column: string; joined: string; header: boolean }>({
    severity: 'info', title: '合并单元格已展开',
    zh: (p) => (p.header ? `表头“${p.joined}”由合并单元格展开` : `“${p.column}”为合并单元格（“${p.joined}”），已用于它所跨的各行`), en: (p) => `Merged cell "${p.joined}" applied to the rows it spans`,
    action: '核对展开后各行是否正确', action_en: 'Check the rows it was applied to',
  }),
  truncated_name: def<{ printed: string; resolved: string; what?: string }>({
    severity: 'warning', title: '名称被截断',
    zh: (p) => `${p.what ?? '证书名称'}“${p.printed}”不完整，按登记表识别为“${p.resolved}”`, en: (p) => `"${p.printed}" is cut off; read as "${p.resolved}"`,
    action: '核对识别结果；不对时在别名表中改正', action_en: 'Check the reading; fix the alias if wrong',
  }),
  truncated_majors: def<Where & { last: string }>({
    severity: 'warning', title: '专业名称被截断',
    zh: (p) => `${p.where}专业名称似乎被截断：“${p.last}”`, en: (p) => `${whereEn(p.where)}: a major's name seems cut off: "${p.last}"`,
    action: '对照原件补全专业名称（数字不受影响）', action_en: 'Complete the name from the original (figures are unaffected)',
  }),
  certificate_merged: def<{ printed: string; certificate: string; rows: string }>({
    severity: 'info', title: '证书写法已合并',
    zh: (p) => `“${p.printed}”按证书别名登记表合并为“${p.certificate}”（${p.rows}）`, en: (p) => `"${p.printed}" merged into "${p.certificate}" through the alias registry (${p.rows})`,
    action: '核对合并是否正确；不是同一证书时修改证书别名登记表', action_en: 'Check the merge; if wrong, fix data/registry/certificate_aliases.csv',
  }),
  level_conflict: def<Where & { level: string }>({
    severity: 'warning', title: '等级前后矛盾',
    zh: (p) => `${p.where}证书名称注明${p.level}，备注却按等级拆分`, en: (p) => `${whereEn(p.where)}: the name says ${p.level} but the note splits by level`,
    action: '核对原件，确认哪一处正确', action_en: 'Check which is right in the original',
  }),
  unreadable_rate: def<{ who: string; printed: string }>({
    severity: 'warning', title: '通过率无法识别',
    zh: (p) => `${p.who}通过率“${p.printed}”无法识别（按原样保留）`, en: (p) => `${p.who}: rate "${p.printed}" cannot be read (kept as printed)`,
    action: '核对原件中的通过率', action_en: 'Check the printed rate',
  }),
  unreadable_total: def<{ column: string; printed: string }>({
    severity: 'warning', title: '合计值无法识别',
    zh: (p) => `合计行“${p.column}”的值“${p.printed}”无法识别`, en: (p) => `Totals row "${p.column}" value "${p.printed}" cannot be read`,
    action: '核对原件中的合计', action_en: 'Check the printed total',
  }),
  // Quota tables
  quota_not_split: def<{ programme: string; note: string; subtotal: number }>({
    severity: 'info', title: '按需报名（不分市）',
    zh: (p) => `“${p.programme}”未按设区市分配（${p.note}），按小计 ${p.subtotal} 记为一行`, en: (p) => `"${p.programme}" is not split by city (${p.note}); its subtotal ${p.subtotal} is kept as one row`,
    action: '无需处理；该项目计入全部名额，不计入各市合计', action_en: 'Nothing to do: it counts in the overall total, not in any city',
  }),
  quota_not_split_unexplained: def<{ programme: string; subtotal: number }>({
    severity: 'warning', title: '未分市且无说明',
    zh: (p) => `“${p.programme}”各市名额为空，文件也没有说明原因；按小计 ${p.subtotal} 记为不分市的一行`, en: (p) => `"${p.programme}" has no city figures and no note saying why; its subtotal ${p.subtotal} is kept as one unsplit row`,
    action: '向发文单位确认该项目是否按需报名；如是，可在备注中写明后重新导入', action_en: 'Ask the issuer whether it is on demand; re-import with a note if so',
  }),
  quota_row_unreadable: def<Where & { programme: string }>({
    severity: 'error', title: '名额行无法读取',
    zh: (p) => `${p.where}“${p.programme}”既没有各市名额，也没有小计，无法读取`, en: (p) => `${whereEn(p.where)}: "${p.programme}" has neither city figures nor a subtotal`,
    action: '补上小计或各市名额后重新导入', action_en: 'Add the subtotal or the city figures and import again',
  }),
  figure_not_imported: def<Where & { column: string; value: string }>({
    severity: 'warning', title: '数字未导入',
    zh: (p) => `${p.where}“${p.column}”的数字“${p.value}”没有导入任何事实或合计（该列未映射）`, en: (p) => `${whereEn(p.where)}: figure "${p.value}" in "${p.column}" is not imported (column not mapped)`,
    action: '在列映射中为该列选择含义；确实无需导入时可忽略', action_en: 'Map the column; ignore only if the figure is not needed',
  }),
  // The data-truth checks
  passed_exceeds_candidates: def<{ who: string; passed: number; candidates: number }>({
    severity: 'error', title: '通过人数大于考证人数',
    zh: (p) => `${p.who}：通过人数 ${p.passed} 大于考证人数 ${p.candidates}`, en: (p) => `${p.who}: passed ${p.passed} exceeds candidates ${p.candidates}`,
    action: '核对原件：两列是否对调或录入错误', action_en: 'Check the original: swapped columns or a typo',
  }),
  no_candidates: def<{ who: string }>({
    severity: 'info', title: '考证人数为 0',
    zh: (p) => `${p.who}：考证人数为 0，无法计算通过率`, en: (p) => `${p.who}: no candidates, no pass rate`,
    action: '无需处理', action_en: 'Nothing to do',
  }),
  stated_rate_mismatch: def<{ who: string; printed: string; passed: number; candidates: number; actual: string }>({
    severity: 'warning', title: '所列通过率与人数不符',
    zh: (p) => `${p.who}：所列通过率 ${p.printed} 与 ${p.passed}/${p.candidates} = ${p.actual} 不符（按原样保留）`, en: (p) => `${p.who}: stated rate ${p.printed} vs ${p.passed}/${p.candidates} = ${p.actual} (kept as printed)`,
    action: '核对原件的人数与通过率；报告中引用时以人数为准', action_en: 'Check the original; quote the counts, not the rate',
  }),
  approved_exceeds_requested: def<{ who: string; approved: number; requested: number }>({
    severity: 'warning', title: '批准人数大于申请人数',
    zh: (p) => `${p.who}：批准培训人数 ${p.approved} 大于申请培训人数 ${p.requested}（按原样保留）`, en: (p) => `${p.who}: approved ${p.approved} exceeds requested ${p.requested} (kept as printed)`,
    action: '向学校核实批准人数', action_en: 'Confirm the approved number with the school',
  }),
  missing_level: def<{ who: string }>({
    severity: 'warning', title: '未注明等级',
    zh: (p) => `${p.who}：未注明证书等级`, en: (p) => `${p.who}: no certificate level given`,
    action: '向学校确认等级，需要时在“等级”列补上', action_en: 'Confirm the level with the school',
  }),
  duplicate_sequence: def<{ seq: number; row: number }>({
    severity: 'warning', title: '序号重复',
    zh: (p) => `序号 ${p.seq} 重复出现（第 ${p.row} 行）`, en: (p) => `Sequence number ${p.seq} repeats (row ${p.row})`,
    action: '核对是否漏行或重复录入', action_en: 'Check for a missing or repeated row',
  }),
  skipped_sequence: def<{ after: number; seq: number }>({
    severity: 'warning', title: '序号不连续',
    zh: (p) => `序号不连续：${p.after} 之后为 ${p.seq}`, en: (p) => `Sequence jumps from ${p.after} to ${p.seq}`,
    action: '核对是否漏行', action_en: 'Check for a missing row',
  }),
  duplicate_row: def<{ who: string; first: number; row: number }>({
    severity: 'warning', title: '同一证书列出两次',
    zh: (p) => `${p.who}在同一表中出现两次（第 ${p.first} 行和第 ${p.row} 行），合计时会重复计算`, en: (p) => `${p.who} is listed twice (rows ${p.first} and ${p.row}); totals count it twice`,
    action: '核对原件；确属重复时删去一行后重新导入', action_en: 'Check; if a true duplicate, remove one row and re-import',
  }),
  total_mismatch: def<{ where: string; what: string; printed: string; basis: string; computed: string; diff?: number }>({
    severity: 'warning', title: '合计与明细不符',
    zh: (p) => `${p.where}所列${p.what} ${p.printed} 与${p.basis} ${p.computed} 不符${p.diff === undefined ? '' : `（差 ${p.diff}）`}`,
    en: (p) => `${p.what}: stated ${p.printed} vs ${p.computed} from the rows`,
    action: '核对原件；数字按原样保留，引用时注明差异', action_en: 'Check the original; figures are kept as printed',
  }),
  narrative_total_mismatch: def<{ where: string; what: string; printed: string; basis: string; computed: string; diff?: number }>({
    severity: 'warning', title: '正文数字与表格不符',
    zh: (p) => `${p.where}所列${p.what} ${p.printed} 与${p.basis} ${p.computed} 不符（差 ${p.diff}）`, en: (p) => `The text states ${p.printed} for ${p.what}; the table gives ${p.computed}`,
    action: '核对正文与表格哪个正确', action_en: 'Check which of text and table is right',
  }),
  city_totals_exclude_unsplit: def<{ cities: number; statedCities: number; unsplit: number; overall: number; programmes: string; rest: string }>({
    severity: 'info', title: '各市合计不含按需报名（文件已注明）',
    zh: (p) => `文件注明各设区市合计不含按需报名项目（${p.programmes}，共 ${p.unsplit} 人）：全部合计 ${p.overall} = 分市名额 ${p.overall - p.unsplit} + 按需报名 ${p.unsplit}；“合计”行 ${p.cities} 个市之和为 ${p.statedCities}${p.rest}`,
    en: (p) => `The document notes that city totals exclude the on-demand programmes (${p.unsplit}): overall ${p.overall} = ${p.overall - p.unsplit} split + ${p.unsplit} on demand; the ${p.cities} city totals add to ${p.statedCities}`,
    action: '无需处理；按需报名名额只计入全部名额', action_en: 'Nothing to do: on-demand places count only in the overall total',
  }),
  // Against the database
  overlaps_import: def<{ id: number; file: string; rows: number; what: string }>({
    severity: 'warning', title: '与已导入的数据重叠',
    zh: (p) => `与导入 #${p.id}“${p.file}”有 ${p.rows} 行重叠（${p.what}相同）；提交时须选择替换该导入，或保留两者并说明理由`,
    en: (p) => `${p.rows} rows overlap import ${p.id} ("${p.file}") (same ${p.what}); choose to replace it or keep both with a reason`,
    action: '新文件是更正版：选“替换”；确为另一批数据：选“保留两者”并写明理由', action_en: 'A corrected file: replace. Another batch: keep both and give the reason',
  }),
} as const;

export type FindingCode = keyof typeof FINDING_DEFS;
export type FindingParams<C extends FindingCode> = (typeof FINDING_DEFS)[C] extends Def<infer P> ? P : never;

export interface RegisteredFinding {
  severity: Severity;
  code: FindingCode;
  message: string;
  message_en: string;
  source_file: string | null;
  source_table: string | null;
  source_row: number | null;
  source_column: string | null;
  printed_value: string | null;
  expected_value: string | null;
}

/** The one way to make a finding: severity and both messages come from the registry. */
export function makeFinding<C extends FindingCode>(code: C, params: FindingParams<C>, at: FindingPlace = {}): RegisteredFinding {
  const d = FINDING_DEFS[code] as unknown as Def<FindingParams<C>>;
  const text = (v: string | number | null | undefined) => (v === undefined || v === null ? null : String(v));
  return {
    severity: d.severity,
    code,
    message: d.zh(params),
    message_en: d.en(params),
    source_file: at.source_file ?? null,
    source_table: at.source_table ?? null,
    source_row: at.source_row ?? null,
    source_column: at.source_column ?? null,
    printed_value: text(at.printed_value),
    expected_value: text(at.expected_value),
  };
}

/** A code's suggested action (for findings read back from the database). */
export function findingAction(code: string): { title: string; action: string; action_en: string } | null {
  const d = (FINDING_DEFS as Record<string, Def<never>>)[code];
  return d ? { title: d.title, action: d.action, action_en: d.action_en } : null;
}

/** The README table: one row per code. */
export function findingRegistryMarkdown(): string {
  const rows = Object.entries(FINDING_DEFS).map(([code, d]) => `| \`${code}\` | ${d.severity} | ${d.title} | ${d.action} |`);
  return ['| code | severity | 含义 | 建议处理 |', '|---|---|---|---|', ...rows].join('\n');
}
