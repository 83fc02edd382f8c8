/** Reads a CSV file of data/ into string records (papaparse: the parser the web app uses too). */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`${path}: CSV 第 ${(e.row ?? 0) + 2} 行无法解析：${e.message}`);
  }
  return parsed.data;
}
