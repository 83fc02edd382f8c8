/**
 * Pure helpers that turn a DuckDB error message into what the SQL console
 * shows: a stable code, an English and a Chinese message, and where in the
 * user's text the error is (so the editor can point at it).
 *
 * DuckDB marks a position in two ways:
 * - binder/catalog errors end with `LINE n: <snippet>` and a caret line whose
 *   offset counts display columns (a CJK character is two), with `...` when
 *   the snippet is cut;
 * - parser errors carry a character offset that `json_serialize_sql` reports
 *   (their caret is unreliable with CJK text, so it is not used).
 */

export interface SqlPosition {
  /** 0-based offset into the SQL text, in UTF-16 code units (what editors use). */
  position: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

export interface SqlErrorInfo {
  status: number;
  code: string;
  message: string;
  messageZh: string;
  /** DuckDB's error class, e.g. "Binder", "Parser". */
  kind: string;
}

/**
 * Display width of a code point as a terminal (and DuckDB) counts it.
 * @example charWidth('中'.codePointAt(0)!) // 2
 * @example charWidth('a'.codePointAt(0)!) // 1
 */
export function charWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    cp <= 0x115f ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Line and column (1-based) of a UTF-16 offset. */
export function lineColumn(sql: string, position: number): SqlPosition {
  const p = Math.max(0, Math.min(position, sql.length));
  const before = sql.slice(0, p);
  const line = before.split('\n').length;
  const column = p - (before.lastIndexOf('\n') + 1) + 1;
  return { position: p, line, column };
}

/**
 * A code-point offset (what DuckDB's parser reports) as a UTF-16 offset.
 * @example codePointToUtf16('𠀀x', 1) // 2
 */
export function codePointToUtf16(text: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * The position a DuckDB message marks with `LINE n:` and a caret, or null.
 * @example caretPosition('Binder Error: x\n\nLINE 1: select zzz\n               ^', 'select zzz') // { position: 7, line: 1, column: 8 }
 */
export function caretPosition(message: string, sql: string): SqlPosition | null {
  const m = /(?:^|\n)LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return null;
  const lineNo = Number(m[1]);
  const lines = sql.split('\n');
  const line = (lines[lineNo - 1] ?? '').replace(/\r$/, '');
  let snippet = m[2]!;
  let caret = m[3]!.length - `LINE ${m[1]}: `.length;
  let start = 0;
  if (snippet.startsWith('...')) {
    snippet = snippet.slice(3);
    caret -= 3;
    if (snippet.endsWith('...') && !line.includes(snippet)) snippet = snippet.slice(0, -3);
    const found = line.indexOf(snippet);
    start = found >= 0 ? found : 0;
  }
  let col = start;
  let width = 0;
  while (col < line.length && width < caret) {
    const cp = line.codePointAt(col)!;
    width += charWidth(cp);
    col += cp > 0xffff ? 2 : 1;
  }
  let offset = 0;
  for (let i = 0; i < lineNo - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return lineColumn(sql, offset + col);
}

/** DuckDB's error class ("Binder", "Parser", "INTERRUPT", …) from the head of a message. */
export function errorKind(message: string): string {
  const m = /^([A-Za-z ]+?) Error:/.exec(message);
  return m ? m[1]! : '';
}

/** The first paragraph of a DuckDB message, without the class prefix or the LINE/caret block. */
export function errorText(message: string): string {
  const body = message.replace(/^[A-Za-z ]+? Error:\s*/, '');
  const head = body.split(/\n\s*\n/)[0]!.trim();
  return head.length > 600 ? `${head.slice(0, 600)}…` : head;
}

const KIND_ZH: Record<string, string> = {
  Parser: 'SQL 语法错误',
  Binder: '无法解析名称或类型',
  Catalog: '找不到表、列或函数',
  Conversion: '类型转换失败',
  'Invalid Input': '输入无效',
  'Out of Range': '数值超出范围',
  'Not implemented': '暂不支持的写法',
  Constraint: '违反约束',
};

/**
 * What the console answers for an error DuckDB raised while preparing or
 * running a user's statement (timeouts are decided by the caller, which
 * knows it interrupted the query).
 */
export function classifyDuckdbError(message: string): SqlErrorInfo {
  const kind = errorKind(message);
  const text = errorText(message);
  if (kind === 'Permission') {
    return {
      status: 403,
      code: 'sql_forbidden',
      kind,
      message: `Not allowed in the SQL console: files, the network, extensions and settings are out of reach (${text})`,
      messageZh: `SQL 控制台不能访问文件、网络、扩展或设置：${text}`,
    };
  }
  if (kind === 'Out of Memory') {
    return {
      status: 422,
      code: 'sql_out_of_memory',
      kind,
      message: `The query needs more memory than the console allows; filter or aggregate first (${text})`,
      messageZh: '查询所需内存超过控制台上限，请先筛选或汇总后再查询。',
    };
  }
  if (kind === 'INTERRUPT') {
    return { status: 422, code: 'sql_interrupted', kind, message: 'The query was interrupted', messageZh: '查询已被中断。' };
  }
  const zh = KIND_ZH[kind] ?? 'SQL 执行出错';
  return { status: 400, code: 'sql_error', kind, message: text || message, messageZh: `${zh}：${text || message}` };
}
