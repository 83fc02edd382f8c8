/**
 * The registry an import resolves against is the one the database holds
 * (schools, certificates and their aliases, written from data/ at start).
 * Read once per dataset version.
 */
import type { Db } from '../plugins/app/duckdb.js';
import { Registry } from '../domain/registry.js';
import { sqlFile } from '../lib/sql-files.js';

const cache = new WeakMap<Db, { version: string; registry: Registry }>();

export async function registryFromDb(db: Db): Promise<Registry> {
  const version = String((await db.query(sqlFile('meta_get'), { key: 'dataset_version' })).rows[0]?.value ?? '');
  const hit = cache.get(db);
  if (hit && hit.version === version) return hit.registry;
  const [schools, certificates, aliases] = await Promise.all([
    db.query(sqlFile('registry_schools')),
    db.query(sqlFile('registry_certificates')),
    db.query(sqlFile('registry_aliases')),
  ]);
  const registry = new Registry(
    schools.rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
      type: r.type === null ? null : String(r.type),
      province: r.province === null ? null : String(r.province),
      city: r.city === null ? null : String(r.city),
    })),
    certificates.rows.map((r) => ({ id: Number(r.id), name: String(r.name), batch: r.batch === null ? null : String(r.batch), organisation: r.organisation === null ? null : String(r.organisation) })),
    aliases.rows.map((r) => ({ alias: String(r.alias), certificate_id: Number(r.certificate_id), seen_in: r.seen_in === null ? null : String(r.seen_in) })),
  );
  cache.set(db, { version, registry });
  return registry;
}
