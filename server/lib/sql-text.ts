/**
 * Pure helpers over SQL text. They blank out comments and string literals so
 * that a `$name` or `;` inside them is never mistaken for code.
 */

/**
 * Replaces every comment and the inside of every string literal or quoted
 * identifier by spaces, keeping offsets (so positions still point into the
 * original text).
 *
 * @example maskSql("select '$x' -- $y\n, $z") // "select '  '     \n, $z"
 */
export function maskSql(sql: string): string {
  const out = sql.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      // A doubled quote inside a literal is an escaped quote, not its end.
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else if (c === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      const stop = end === -1 ? sql.length : end;
      blank(i + 2, stop);
      i = stop + 2;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** The `$name` parameters a statement uses, in order of first use. */
export function namedParameters(sql: string): string[] {
  const seen = new Set<string>();
  for (const m of maskSql(sql).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) seen.add(m[1]!);
  return [...seen];
}

/** Splits on top-level `;`, ignoring those inside comments and literals; drops empty pieces. */
export function splitStatements(sql: string): string[] {
  const masked = maskSql(sql);
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === ';') {
      parts.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(sql.slice(start));
  return parts.filter((p) => maskSql(p).trim() !== '');
}

/**
 * Quotes an identifier for DuckDB (doubling any `"` inside).
 * @example quoteIdent('exam_results') // '"exam_results"'
 * @example quoteIdent('a"b') // '"a""b"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quotes a string literal for DuckDB (doubling any `'` inside). Only for
 * text the server itself made (a temp file path), never for a user's value:
 * those are bound.
 * @example quoteLiteral("/tmp/it's") // "'/tmp/it''s'"
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('NUL in SQL literal');
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Fills `{{key}}` placeholders of a server SQL template with pieces that are
 * already quoted (quoteIdent / quoteLiteral). A placeholder without a value
 * is an error, so a typo never reaches DuckDB as text.
 * @example fillSql('DROP TABLE {{t}}', { t: quoteIdent('x') }) // 'DROP TABLE "x"'
 */
export function fillSql(template: string, pieces: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const piece = pieces[key];
    if (piece === undefined) throw new Error(`SQL template has no value for {{${key}}}`);
    return piece;
  });
}

/**
 * The first keyword of a statement, upper-cased, ignoring comments and
 * opening parentheses; '' when there is none.
 * @example firstKeyword('-- note\n(SELECT 1)') // 'SELECT'
 */
export function firstKeyword(sql: string): string {
  const m = /^[\s(]*([A-Za-z_]+)/.exec(maskSql(sql));
  return m ? m[1]!.toUpperCase() : '';
}

/**
 * The statement an EXPLAIN wraps (EXPLAIN [ANALYZE] [(options)] …), or null
 * when the text is not an EXPLAIN. Offsets are kept by masking, so the
 * returned text is a slice of the original.
 * @example explainedStatement('EXPLAIN ANALYZE SELECT 1') // 'SELECT 1'
 */
export function explainedStatement(sql: string): string | null {
  const m = /^\s*explain\b\s*(?:\([^)]*\)\s*)?(?:analy[sz]e\b\s*)?(?:\([^)]*\)\s*)?/i.exec(maskSql(sql));
  return m ? sql.slice(m[0].length) : null;
}

/**
 * Where each top-level statement's code begins (the first character that is
 * not blank or comment), e.g. to point an editor at a second statement.
 * @example statementStarts('select 1; -- x\n select 2') // [0, 16]
 */
export function statementStarts(sql: string): number[] {
  const masked = maskSql(sql);
  const starts: number[] = [];
  let inStatement = false;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i]!;
    if (ch === ';') inStatement = false;
    else if (!inStatement && !/\s/.test(ch)) {
      starts.push(i);
      inStatement = true;
    }
  }
  return starts;
}
