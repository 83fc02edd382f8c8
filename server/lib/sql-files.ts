/** The server's own statements (schema, macros, lookups) live as .sql files in server/sql. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../sql/', import.meta.url));
const cache = new Map<string, string>();

export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${dir}${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}
