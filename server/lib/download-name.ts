/**
 * File names for downloads people keep: the query's Chinese title and the
 * values of the parameters given, in the query's parameter order.
 */

/**
 * @example downloadName('各证书通过率', ['2020', '广东']) // '各证书通过率_2020_广东'
 * @example downloadName('各证书通过率', [undefined, '']) // '各证书通过率'
 */
export function downloadName(title: string, values: readonly unknown[]): string {
  const parts = [title, ...values.flat().filter((v) => v !== undefined && v !== null && String(v).trim() !== '').map((v) => String(v).trim())];
  // Path separators and characters Windows refuses in file names.
  return parts.join('_').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120);
}
