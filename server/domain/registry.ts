/**
 * The reference data every import resolves against: schools and certificates
 * with all their aliases.
 */
import { CertificateResolver, certificateKey } from './certificate-names.js';

export interface SchoolRecord {
  id: number;
  name: string;
  aliases: string[];
  type: string | null;
  province: string | null;
  city: string | null;
}

export interface CertificateRecord {
  id: number;
  name: string;
  batch: string | null;
  organisation: string | null;
}

export interface AliasRecord {
  alias: string;
  certificate_id: number;
  seen_in: string | null;
}

export class Registry {
  readonly certificatesById: Map<number, CertificateRecord>;
  readonly schoolsById: Map<number, SchoolRecord>;
  readonly resolver: CertificateResolver;
  private readonly schoolByName = new Map<string, number>();

  constructor(
    readonly schools: SchoolRecord[],
    readonly certificates: CertificateRecord[],
    readonly aliases: AliasRecord[],
  ) {
    this.certificatesById = new Map(certificates.map((c) => [c.id, c]));
    this.schoolsById = new Map(schools.map((s) => [s.id, s]));
    for (const a of aliases) {
      if (!this.certificatesById.has(a.certificate_id)) throw new Error(`证书别名“${a.alias}”指向不存在的证书编号 ${a.certificate_id}`);
    }
    this.resolver = new CertificateResolver(certificates, aliases.map((a) => ({ alias: a.alias, certificateId: a.certificate_id })));
    for (const s of schools) for (const n of [s.name, ...s.aliases]) this.schoolByName.set(schoolKey(n), s.id);
  }

  schoolId(nameOrId: string): number | undefined {
    const trimmed = nameOrId.trim();
    if (/^\d+$/.test(trimmed) && this.schoolsById.has(Number(trimmed))) return Number(trimmed);
    return this.schoolByName.get(schoolKey(trimmed));
  }

  certificateName(id: number): string {
    return this.certificatesById.get(id)?.name ?? `#${id}`;
  }

  aliasRows(): { alias: string; alias_key: string; certificate_id: number; seen_in: string | null }[] {
    const rows = [
      ...this.certificates.map((c) => ({ alias: c.name, certificate_id: c.id, seen_in: 'canonical name' })),
      ...this.aliases,
    ];
    const seen = new Set<string>();
    return rows.flatMap((r) => {
      if (seen.has(r.alias)) return [];
      seen.add(r.alias);
      return [{ ...r, alias_key: certificateKey(r.alias) }];
    });
  }
}

/** @example schoolKey(' 浙江金融职业学院 ') // '浙江金融职业学院' */
export function schoolKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}
