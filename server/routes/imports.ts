/**
 * /api/imports: upload (or preview) a file, list the history, show one
 * import with its findings, undo one. Handlers are thin: the pipeline,
 * commit and undo live in server/import/.
 */
import type { FastifyPluginAsync } from 'fastify';
import { describeSweep, makeImportTempDir, sweepImportTempDirs } from '../import/temp-dirs.js';
import multipart from '@fastify/multipart';
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../lib/errors.js';
import { SCOPE_TYPE, scopeValue } from '../lib/scope.js';
import { parseVisibility } from '../dataset/writer.js';
import { audit } from '../lib/audit.js';
import { authoriseWrite, mayWriteAtAll, reachOfFacts, reachOfImport } from '../lib/write-scope.js';
import { sqlFile } from '../lib/sql-files.js';
import { cleanup, commitImport, prepareImport, undoImport } from '../import/commit.js';
import { importErrors, maxImportBytes } from '../import/errors.js';
import { parseOverlapChoice } from '../import/overlaps.js';
import { findingAction } from '../domain/findings-registry.js';
import { registryFromDb } from '../import/registry-db.js';
import { readImportLimits } from '../import/limits.js';
import { createFileParser } from '../import/parser.js';
import type { ImportOptions } from '../import/pipeline.js';
import {
  deleteImportSchema,
  getImportSchema,
  listImportsSchema,
  postImportSchema,
  type ImportIdParams,
  type ImportRecord,
  type PostImportQuerystring,
} from '../schemas/imports.js';

const OPTION_FIELDS = ['kind', 'school', 'year', 'province', 'city', 'encoding', 'sheet', 'mapping', 'replace', 'note', 'overlap', 'reason', 'visibility'] as const;

/** A finding as the API sends it: the registry's meaning and suggested action beside the message. */
export function withAction<F extends { code: string }>(f: F): F & { title?: string; action?: string; action_en?: string } {
  const a = findingAction(f.code);
  return a ? { ...f, ...a } : f;
}

function toRecord(row: Record<string, unknown>): ImportRecord {
  return {
    id: Number(row.id),
    file_name: String(row.file_name),
    sha256: String(row.sha256),
    kind: String(row.kind),
    imported_by: String(row.imported_by),
    imported_at: String(row.imported_at),
    visibility: row.visibility === 'public' ? 'public' : 'restricted',
    row_count: Number(row.row_count),
    status: String(row.status),
    note: row.note === null || row.note === undefined ? null : String(row.note),
    overlap_choice: row.overlap_choice === null || row.overlap_choice === undefined ? null : String(row.overlap_choice),
    overlap_reason: row.overlap_reason === null || row.overlap_reason === undefined ? null : String(row.overlap_reason),
    overlap_imports: row.overlap_imports ? String(row.overlap_imports).split(',').map(Number) : [],
    errors: Number(row.errors ?? 0),
    warnings: Number(row.warnings ?? 0),
    infos: Number(row.infos ?? 0),
  };
}

const imports: FastifyPluginAsync = async (app) => {
  const maxBytes = maxImportBytes();
  // Uploads and records copies of processes that were killed before they could remove them.
  const swept = sweepImportTempDirs();
  if (swept.removed.length) app.log.info({ removed: swept.removed }, describeSweep(swept)!);
  for (const f of swept.failed) app.log.warn(f, 'imports: could not remove a stale temp dir');
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 2 * 1024 * 1024, parts: 30 },
    throwFileSizeLimit: true,
  });
  // Reading an upload (open to all for previews) happens in a worker thread with a heap and a time limit.
  const limits = readImportLimits();
  const parser = createFileParser(limits);
  app.addHook('onClose', () => parser.close());

  app.post<{ Querystring: PostImportQuerystring }>('/imports', { schema: postImportSchema }, async (request, reply) => {
    const dryRun = request.query.dryRun === 'true' || request.query.dryRun === '1';
    // A preview changes nothing and stays open; a commit needs a role that may write (checked before the upload is read), then a scope covering every row.
    if (!dryRun) mayWriteAtAll(request.principal);
    if (!request.isMultipart()) throw importErrors.noFile();
    const dir = makeImportTempDir('upload');
    try {
      const fields: Partial<Record<(typeof OPTION_FIELDS)[number], string>> = {};
      let file: { path: string; name: string; sha256: string; size: number } | null = null;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            continue;
          }
          const path = join(dir, 'upload');
          const hash = createHash('sha256');
          let size = 0;
          const tap = new Transform({
            transform(chunk: Buffer, _enc, done) {
              hash.update(chunk);
              size += chunk.length;
              done(null, chunk);
            },
          });
          try {
            await pipeline(part.file, tap, createWriteStream(path));
          } catch (err) {
            if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw importErrors.fileTooLarge(maxBytes);
            throw err;
          }
          if (part.file.truncated) throw importErrors.fileTooLarge(maxBytes);
          file = { path, name: part.filename || 'upload', sha256: hash.digest('hex'), size };
        } else if ((OPTION_FIELDS as readonly string[]).includes(part.fieldname)) {
          fields[part.fieldname as (typeof OPTION_FIELDS)[number]] = String(part.value ?? '');
        }
      }
      if (!file) throw importErrors.noFile();
      const visibility = parseVisibility(fields.visibility);
      let mapping: unknown = null;
      if (fields.mapping && fields.mapping.trim() !== '') {
        try {
          mapping = JSON.parse(fields.mapping);
        } catch {
          throw importErrors.badMapping('不是有效的 JSON / not valid JSON');
        }
      }
      const options: ImportOptions = {
        kind: fields.kind || null,
        school: fields.school || null,
        year: fields.year || null,
        province: fields.province || null,
        city: fields.city || null,
        encoding: fields.encoding || null,
        sheet: fields.sheet || null,
        mapping,
      };
      const choice = parseOverlapChoice(fields.overlap, fields.reason);
      const registry = await registryFromDb(app.db);
      const prepared = await prepareImport(app.db, { fileName: file.name, path: file.path, sha256: file.sha256, options, readTables: parser.read, limits }, registry);
      prepared.preview.findings = prepared.preview.findings.map(withAction);
      if (dryRun) {
        cleanup(prepared);
        return reply.status(200).send({ preview: prepared.preview, duplicateOf: prepared.duplicateOf });
      }
      const replace = ['true', '1', 'on', 'yes'].includes((fields.replace ?? '').toLowerCase());
      const what = { en: 'You may not commit this import', zh: '您不能提交这次导入' };
      try {
        const recordSchools = [...(prepared.profile?.schools.map((s) => s.school_id) ?? []), ...(prepared.records?.schoolId ? [prepared.records.schoolId] : [])];
        authoriseWrite(request.principal, await reachOfFacts(app.db, prepared.facts, recordSchools, false), what);
        // Replacing an earlier import undoes it: that one must be within reach too.
        if (replace && prepared.duplicateOf) authoriseWrite(request.principal, await reachOfImport(app.db, prepared.duplicateOf.id), what);
        if (choice.overlap === 'replace') for (const o of prepared.overlaps) authoriseWrite(request.principal, await reachOfImport(app.db, o.id), what);
      } catch (err) {
        cleanup(prepared);
        await audit(request, { action: 'import', outcome: 'denied', target: file.name, detail: { code: (err as { code?: string }).code } });
        throw err;
      }
      const committed = await commitImport(app.db, prepared, { importedBy: request.principal.user!, replace, note: fields.note || null, overlap: choice.overlap, reason: choice.reason, visibility });
      await audit(request, { action: 'import', outcome: 'ok', target: committed.id, detail: { file: file.name, rows: committed.rowCounts, replaced: committed.replaced, overlapReplaced: committed.overlapReplaced } });
      const row = (await app.db.query(sqlFile('import_get'), { id: committed.id })).rows[0]!;
      return reply.status(201).send({ import: toRecord(row), replaced: committed.replaced, overlapReplaced: committed.overlapReplaced, rowCounts: committed.rowCounts, preview: prepared.preview });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  app.get<{ Querystring: { limit?: string } }>('/imports', { schema: listImportsSchema }, async (request) => {
    const limit = Math.min(Number(request.query.limit ?? 200), 1000);
    const { rows } = await app.db.query(sqlFile('imports_list'), { limit, scope: scopeValue(request.principal) }, { scope: SCOPE_TYPE });
    return { imports: rows.map(toRecord) };
  });

  app.get<{ Params: ImportIdParams }>('/imports/:id', { schema: getImportSchema }, async (request) => {
    const id = Number(request.params.id);
    // Outside the scope answers exactly like a missing id (404, not 403), so ids say nothing.
    const row = (await app.db.query(sqlFile('import_get_in'), { id, scope: scopeValue(request.principal) }, { scope: SCOPE_TYPE })).rows[0];
    if (!row) throw new AppError(404, 'import_not_found', `No import with id ${id}`, `没有编号为 ${id} 的导入`, { import_id: id });
    const findings = (await app.db.query(sqlFile('import_findings'), { id })).rows.map((f) => withAction(f as { code: string }));
    const counts = (await app.db.query(sqlFile('import_row_counts'), { id })).rows;
    return { import: toRecord(row), findings, rowCounts: Object.fromEntries(counts.map((c) => [String(c.table_name), Number(c.rows)])) };
  });

  app.delete<{ Params: ImportIdParams }>('/imports/:id', { schema: deleteImportSchema }, async (request) => {
    const id = Number(request.params.id);
    mayWriteAtAll(request.principal);
    try {
      authoriseWrite(request.principal, await reachOfImport(app.db, id), { en: `You may not undo import ${id}`, zh: `您不能撤销导入 #${id}` });
    } catch (err) {
      await audit(request, { action: 'undo', outcome: 'denied', target: id, detail: { code: (err as { code?: string }).code } });
      throw err;
    }
    const undone = await undoImport(app.db, id);
    await audit(request, { action: 'undo', outcome: 'ok', target: id, detail: { removed: undone.removed } });
    return undone;
  });
};

export default imports;
