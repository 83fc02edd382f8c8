/**
 * The default dataset: the seed documents transcribed into data/ as clean
 * tables. Reading it resolves every school and certificate through the
 * registry and refuses a row that resolves to nothing, naming the row; the
 * data-truth checks then run per seed document, exactly as for an import.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './csv.js';
import { Registry } from '../domain/registry.js';
import { checkFacts } from '../domain/checks.js';
import { parseCount, parseRate } from '../domain/numbers.js';
import { LEVELS, type Level } from '../domain/certificate-names.js';
import { emptyFactSet, type FactSet, type Finding } from '../domain/facts.js';

export interface SeedDocument {
  file: string;
  sha256: string;
  title: string;
  kind: string;
  facts: FactSet;
  findings: Finding[];
}

export interface DefaultDataset {
  registry: Registry;
  documents: SeedDocument[];
  /** Changes whenever any file under data/ changes: the database reloads then. */
  version: string;
}

export class DatasetError extends Error {
  constructor(readonly problems: string[]) {
    super(`默认数据集有 ${problems.length} 处错误：\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'DatasetError';
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

export function datasetVersion(dataDir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dataDir).filter((f) => f.endsWith('.csv'))) {
    hash.update(file.slice(dataDir.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Reads one CSV into typed rows, collecting every problem instead of stopping at the first. */
class RowReader {
  constructor(readonly problems: string[], readonly file: string) {}
  private row = 0;
  at(row: number) { this.row = row; return this; }
  private fail(column: string, message: string): null {
    this.problems.push(`${this.file} 第 ${this.row} 行 ${column}：${message}`);
    return null;
  }
  text(rec: Record<string, string>, column: string): string | null {
    const v = rec[column];
    if (v === undefined) return this.fail(column, '缺少此列');
    return v.trim() === '' ? null : v.trim();
  }
  required(rec: Record<string, string>, column: string): string {
    return this.text(rec, column) ?? (this.fail(column, '不能为空'), '');
  }
  count(rec: Record<string, string>, column: string, optional = false): number | null {
    const raw = this.text(rec, column);
    if (raw === null) return optional ? null : this.fail(column, '不能为空');
    const parsed = parseCount(raw);
    return parsed.ok ? parsed.value : this.fail(column, `“${raw}”不是非负整数`);
  }
  level(rec: Record<string, string>, column: string): Level | null {
    const raw = this.text(rec, column);
    if (raw === null) return null;
    return (LEVELS as readonly string[]).includes(raw) ? (raw as Level) : this.fail(column, `等级“${raw}”应为初级、中级或高级`);
  }
  bool(rec: Record<string, string>, column: string): boolean | null {
    const raw = this.text(rec, column);
    if (raw === null) return null;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return this.fail(column, `“${raw}”应为 true 或 false`);
  }
  number(rec: Record<string, string>, column: string): number | null {
    const raw = this.text(rec, column);
    if (raw === null) return null;
    const n = Number(raw);
    return Number.isFinite(n) ? n : this.fail(column, `“${raw}”不是数字`);
  }
  school(registry: Registry, rec: Record<string, string>, column = 'school'): number {
    const raw = this.required(rec, column);
    return registry.schoolId(raw) ?? (this.fail(column, `学校“${raw}”不在 data/schools.csv 中`), -1);
  }
  certificate(registry: Registry, rec: Record<string, string>, column = 'certificate'): { id: number; printed: string; levelTruncated: boolean; level: Level | null } {
    const printed = this.required(rec, column);
    const r = registry.resolver.resolve(printed);
    if (r.ok) return { id: r.certificateId, printed, levelTruncated: r.levelTruncated, level: r.level };
    const hint = r.suggestions.length ? `；最接近的是 ${r.suggestions.map((s) => s.name).join('、')}` : '';
    this.fail(column, `证书“${printed}”无法对应到证书登记表（请在 data/registry/certificate_aliases.csv 中添加别名${hint}）`);
    return { id: -1, printed, levelTruncated: false, level: null };
  }
}

export function readRegistry(dataDir: string, problems: string[]): Registry {
  const schools = readCsv(join(dataDir, 'schools.csv')).map((r, i) => {
    const rr = new RowReader(problems, 'data/schools.csv').at(i + 2);
    return {
      id: rr.count(r, 'id') ?? -1,
      name: rr.required(r, 'name'),
      aliases: (rr.text(r, 'aliases') ?? '').split('|').map((a) => a.trim()).filter(Boolean),
      type: rr.text(r, 'type'),
      province: rr.text(r, 'province'),
      city: rr.text(r, 'city'),
    };
  });
  const certificates = readCsv(join(dataDir, 'registry/certificates.csv')).map((r, i) => {
    const rr = new RowReader(problems, 'data/registry/certificates.csv').at(i + 2);
    return { id: rr.count(r, 'id') ?? -1, name: rr.required(r, 'name'), batch: rr.text(r, 'batch'), organisation: rr.text(r, 'organisation') };
  });
  const aliases = readCsv(join(dataDir, 'registry/certificate_aliases.csv')).map((r, i) => {
    const rr = new RowReader(problems, 'data/registry/certificate_aliases.csv').at(i + 2);
    return { alias: rr.required(r, 'alias'), certificate_id: rr.count(r, 'certificate_id') ?? -1, seen_in: rr.text(r, 'seen_in') };
  });
  try {
    return new Registry(schools, certificates, aliases);
  } catch (err) {
    problems.push((err as Error).message);
    return new Registry(schools, certificates, []);
  }
}

export function readDefaultDataset(dataDir: string): DefaultDataset {
  const problems: string[] = [];
  const registry = readRegistry(dataDir, problems);
  const facts = emptyFactSet();
  const source = (rr: RowReader, r: Record<string, string>) => ({
    source_file: rr.required(r, 'source_file'),
    source_table: rr.required(r, 'source_table'),
    source_row: rr.count(r, 'source_row') ?? 0,
  });
  const table = (name: string) => readCsv(join(dataDir, 'facts', `${name}.csv`)).map((r, i) => ({ r, rr: new RowReader(problems, `data/facts/${name}.csv`).at(i + 2) }));

  for (const { r, rr } of table('exam_results')) {
    const cert = rr.certificate(registry, r);
    const printedRate = rr.text(r, 'stated_rate');
    const rate = parseRate(printedRate);
    facts.exam_results.push({
      ...source(rr, r),
      school_id: rr.school(registry, r),
      year: rr.count(r, 'year') ?? 0,
      certificate_id: cert.id,
      level: rr.level(r, 'level') ?? cert.level,
      candidates: rr.count(r, 'candidates') ?? 0,
      passed: rr.count(r, 'passed') ?? 0,
      stated_rate: rate?.value ?? null,
      stated_rate_printed: printedRate,
      certificate_as_printed: cert.printed,
      note: rr.text(r, 'note'),
    });
  }
  for (const { r, rr } of table('pilot_applications')) {
    const cert = rr.certificate(registry, r);
    facts.pilot_applications.push({
      ...source(rr, r),
      school_id: rr.school(registry, r),
      year: rr.count(r, 'year') ?? 0,
      batch: rr.text(r, 'batch'),
      certificate_id: cert.id,
      level: rr.level(r, 'level'),
      level_truncated: cert.levelTruncated,
      majors: rr.text(r, 'majors'),
      student_scale: rr.count(r, 'student_scale', true),
      requested: rr.count(r, 'requested', true),
      approved: rr.count(r, 'approved', true),
      status: rr.text(r, 'status'),
      printed_seq: rr.count(r, 'printed_seq', true),
      certificate_as_printed: cert.printed,
      note: rr.text(r, 'note'),
    });
  }
  for (const { r, rr } of table('teacher_training')) {
    const cert = rr.certificate(registry, r);
    facts.teacher_training.push({
      ...source(rr, r),
      school_id: rr.school(registry, r),
      year: rr.count(r, 'year') ?? 0,
      certificate_id: cert.id,
      teachers_trained: rr.count(r, 'teachers_trained', true),
      assessors: rr.count(r, 'assessors', true),
      printed_seq: rr.count(r, 'printed_seq', true),
      certificate_as_printed: cert.printed,
    });
  }
  for (const { r, rr } of table('training_quotas')) {
    facts.training_quotas.push({
      ...source(rr, r),
      province: rr.required(r, 'province'),
      year: rr.count(r, 'year') ?? 0,
      category: rr.text(r, 'category'),
      programme: rr.required(r, 'programme'),
      host: rr.text(r, 'host'),
      city: rr.text(r, 'city'),
      quota: rr.count(r, 'quota') ?? 0,
      note: rr.text(r, 'note'),
    });
  }
  for (const { r, rr } of table('training_programmes')) {
    const cert = rr.certificate(registry, r);
    facts.training_programmes.push({
      ...source(rr, r),
      province: rr.required(r, 'province'),
      year: rr.count(r, 'year') ?? 0,
      certificate_id: cert.id,
      host: rr.text(r, 'host'),
      partner_organisation: rr.text(r, 'partner_organisation'),
      audience: rr.text(r, 'audience'),
      format: rr.text(r, 'format'),
      hours: rr.count(r, 'hours', true),
      certificate_as_printed: cert.printed,
    });
  }
  for (const { r, rr } of table('training_offers')) {
    const cert = rr.certificate(registry, r);
    facts.training_offers.push({
      ...source(rr, r),
      certificate_id: cert.id,
      provider: rr.text(r, 'provider'),
      organiser: rr.text(r, 'organiser'),
      level: rr.level(r, 'level'),
      fee_per_person: rr.number(r, 'fee_per_person'),
      fee_is_cap: rr.bool(r, 'fee_is_cap'),
      hours_online: rr.count(r, 'hours_online', true),
      hours_total: rr.count(r, 'hours_total', true),
      days_offline: rr.count(r, 'days_offline', true),
      year: rr.count(r, 'year', true),
      note: rr.text(r, 'note'),
      certificate_as_printed: cert.printed,
    });
  }
  for (const { r, rr } of table('stated_totals')) {
    const school = rr.text(r, 'school');
    const certificate = rr.text(r, 'certificate');
    const printed = rr.required(r, 'value');
    const metric = rr.required(r, 'metric');
    const count = parseCount(printed);
    const numeric = metric === 'pass_rate' ? (parseRate(printed)?.value ?? null) : count.ok ? count.value : null;
    facts.stated_totals.push({
      source_file: rr.required(r, 'source_file'),
      source_table: rr.required(r, 'source_table'),
      label: rr.required(r, 'label'),
      school_id: school ? rr.school(registry, r) : null,
      year: rr.count(r, 'year', true),
      certificate_id: certificate ? rr.certificate(registry, r).id : null,
      city: rr.text(r, 'city'),
      batch: rr.text(r, 'batch'),
      metric,
      value: numeric,
      value_as_printed: printed,
      note: rr.text(r, 'note'),
    });
  }
  const seeds = readCsv(join(dataDir, 'seeds.csv'));
  const known = new Set(seeds.map((s) => s.file));
  for (const t of ['exam_results', 'pilot_applications', 'teacher_training', 'training_quotas', 'training_programmes', 'training_offers', 'stated_totals'] as const) {
    for (const row of facts[t]) if (!known.has(row.source_file)) problems.push(`data/facts/${t}.csv：来源文件“${row.source_file}”不在 data/seeds.csv 中`);
  }
  if (problems.length > 0) throw new DatasetError(problems);

  const documents = seeds.map((s) => {
    const part = emptyFactSet();
    for (const t of Object.keys(part) as (keyof FactSet)[]) {
      (part[t] as unknown[]) = (facts[t] as { source_file: string }[]).filter((row) => row.source_file === s.file);
    }
    return {
      file: s.file!,
      sha256: s.sha256!,
      title: s.title!,
      kind: s.kind!,
      facts: part,
      findings: checkFacts(part, { certificate: (id) => registry.certificateName(id) }),
    };
  });
  return { registry, documents, version: datasetVersion(dataDir) };
}
