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
