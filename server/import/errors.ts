/**
 * The ways an import can be refused before (or instead of) a preview. Each is
 * an AppError with a stable code and both languages; the route answers with it
 * and nothing is written.
 */
import { AppError } from '../lib/errors.js';
import type { ImportFinding } from './types.js';

export const DEFAULT_MAX_MB = 50;

/** The upload size limit in bytes: XPILOT_IMPORT_MAX_MB (default 50). */
export function maxImportBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.XPILOT_IMPORT_MAX_MB ?? DEFAULT_MAX_MB);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024);
}

const unprocessable = (code: string, en: string, zh: string, details?: Record<string, unknown>) => new AppError(422, code, en, zh, details);

export const importErrors = {
  emptyFile: () => unprocessable('empty_file', 'The file is empty', '文件是空的，没有可导入的内容'),
  binaryFile: (name: string) =>
    unprocessable('binary_file', `"${name}" is not a text table (it contains binary data)`, `“${name}”不是文本表格（含有二进制内容），请上传 CSV、TSV、XLSX 或报告文本`),
  undecodable: (encoding: string) =>
    unprocessable('undecodable_text', `The file cannot be read as ${encoding}`, `无法按 ${encoding} 编码读取此文件，请选择正确的编码`),
  unknownEncoding: (encoding: string) =>
    new AppError(400, 'invalid_params', `Parameter "encoding": unknown encoding "${encoding}"`, `参数“encoding”：不认识的编码“${encoding}”`, { param: 'encoding' }),
  notZip: (name: string) =>
    unprocessable('invalid_xlsx', `"${name}" is not a valid XLSX file (not a zip archive)`, `“${name}”不是有效的 XLSX 文件（不是 zip 压缩包），请用 Excel 另存为 .xlsx 后再导入`),
  brokenXlsx: (name: string, why: string) =>
    unprocessable('invalid_xlsx', `"${name}" is not a readable XLSX file: ${why}`, `“${name}”无法作为 XLSX 读取：${why}`),
  legacyXls: (name: string) =>
    unprocessable('unsupported_format', `"${name}" is an old .xls workbook; save it as .xlsx or CSV`, `“${name}”是旧版 .xls 工作簿，请在 Excel 中另存为 .xlsx 或 CSV 后导入`),
  xlsxTooLarge: (part: string, mb: number, maxMb: number) =>
    unprocessable(
      'xlsx_too_large',
      `"${part}" unpacks to ${mb} MB; an XLSX import unpacks at most ${maxMb} MB (XPILOT_XLSX_MAX_UNCOMPRESSED_MB). Candidate-level records import as CSV.`,
      `“${part}”解压后有 ${mb} MB，XLSX 导入最多解压 ${maxMb} MB（XPILOT_XLSX_MAX_UNCOMPRESSED_MB）；逐考生记录请另存为 CSV 导入`,
      { part, unpacked_mb: mb, max_mb: maxMb },
    ),
  tooManyRows: (rows: number, max: number) =>
    unprocessable('too_many_rows', `The table has ${rows} rows; a summary-table import reads at most ${max} (XPILOT_IMPORT_MAX_ROWS). Candidate-level records import as CSV.`, `表格有 ${rows} 行，汇总表导入最多 ${max} 行（XPILOT_IMPORT_MAX_ROWS）；逐考生记录请用 CSV 导入`, { rows, max_rows: max }),
  tooManyCells: (cells: number, max: number) =>
    unprocessable('too_many_cells', `The table has ${cells} cells; an import preview reads at most ${max} (XPILOT_IMPORT_MAX_CELLS)`, `表格有 ${cells} 个单元格，导入预览最多读取 ${max} 个（XPILOT_IMPORT_MAX_CELLS）；请删去多余的行列，逐考生记录请用 CSV 导入`, { cells, max_cells: max }),
  parseOutOfMemory: (maxMb: number) =>
    unprocessable('import_too_complex', `Reading the file needed more than the ${maxMb} MB the import reader may use (XPILOT_IMPORT_WORKER_MEMORY_MB); nothing was written`, `读取此文件所需内存超过导入读取的上限 ${maxMb} MB（XPILOT_IMPORT_WORKER_MEMORY_MB），未写入任何数据；请删去多余的行列或另存为 CSV`, { max_mb: maxMb }),
  parseTimeout: (ms: number) =>
    unprocessable('import_too_slow', `Reading the file took longer than ${Math.round(ms / 1000)} s (XPILOT_IMPORT_PARSE_TIMEOUT_MS); nothing was written`, `读取此文件超过 ${Math.round(ms / 1000)} 秒（XPILOT_IMPORT_PARSE_TIMEOUT_MS），已停止，未写入任何数据；请删去多余的行列或另存为 CSV`, { timeout_ms: ms }),
  parseBusy: (waiting: number) =>
    new AppError(503, 'import_busy', `${waiting} uploads are already waiting to be read; try again shortly`, `已有 ${waiting} 个上传文件在排队读取，请稍后再试`, { waiting }),
  unknownSheet: (sheet: string, sheets: string[]) =>
    new AppError(400, 'invalid_params', `Parameter "sheet": no sheet named "${sheet}" (sheets: ${sheets.join(', ')})`, `参数“sheet”：没有名为“${sheet}”的工作表（可选：${sheets.join('、')}）`, { param: 'sheet' }),
  noTables: (name: string) =>
    unprocessable('no_tables', `No table found in "${name}"`, `在“${name}”中没有找到表格（需要表头行和数据行）`),
  fileTooLarge: (maxBytes: number) =>
    new AppError(413, 'file_too_large', `The file is larger than the ${Math.round(maxBytes / 1048576)} MB import limit`, `文件超过导入上限 ${Math.round(maxBytes / 1048576)} MB（可通过 XPILOT_IMPORT_MAX_MB 调整）`, { max_bytes: maxBytes }),
  noFile: () => new AppError(400, 'invalid_params', 'Send the file in the multipart field "file"', '请在 multipart 字段“file”中上传文件', { param: 'file' }),
  badMapping: (why: string) =>
    new AppError(400, 'invalid_params', `Parameter "mapping": ${why}`, `参数“mapping”：${why}`, { param: 'mapping' }),
  badParam: (param: string, en: string, zh: string) => new AppError(400, 'invalid_params', `Parameter "${param}": ${en}`, `参数“${param}”：${zh}`, { param }),
  duplicate: (existing: { id: number; file_name: string; imported_at: string | null }) =>
    new AppError(
      409,
      'duplicate_import',
      `This file (same sha256) was already imported as import ${existing.id} ("${existing.file_name}"); send replace=true to replace it`,
      `同一文件（sha256 相同）已导入过（导入 #${existing.id}“${existing.file_name}”）；如需替换，请勾选“替换已有导入”（replace=true）`,
      { existing_import: existing.id },
    ),
  /** The preview has errors: nothing is written. */
  hasErrors: (findings: ImportFinding[], missing: string[]) => {
    const errors = findings.filter((f) => f.severity === 'error');
    if (missing.length > 0) {
      const zh = missing.map((m) => FIELD_ZH[m] ?? m).join('、');
      return unprocessable(
        'missing_context',
        `Missing ${missing.join(', ')}: the file does not say it; fill the field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
        `缺少${zh}：文件中没有写明，请填写“${zh}”`,
        { missing, findings },
      );
    }
    return unprocessable(
      'import_has_errors',
      `The import has ${errors.length} error(s); nothing was written`,
      `导入有 ${errors.length} 个错误，未写入任何数据：${errors.slice(0, 3).map((e) => e.message).join('；')}`,
      { findings },
    );
  },
};

export const FIELD_ZH: Record<string, string> = {
  school: '学校',
  year: '年份',
  province: '省份',
  city: '城市',
  certificate: '证书',
};
