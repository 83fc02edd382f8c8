/**
 * Hostile XLSX files for the bounded-work tests, built byte by byte: a part
 * whose honest header declares a huge size (a zip bomb), a sheet whose header
 * understates what it unpacks to, and sheets with many rows or cells.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { listZip, readEntry } from '../../server/import/zip.js';
import { workbook } from './helpers.js';

export interface RawPart {
  name: string;
  /** Deflated bytes. */
  deflated: Buffer;
  /** What the headers declare the part unpacks to. */
  size: number;
  crc: number;
}

const part = (name: string, data: Buffer): RawPart => ({ name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) });

/** `bytes` of one repeated byte, deflated as a stream (never held unpacked). */
export async function deflatedFill(bytes: number, fill = 0x20): Promise<Buffer> {
  const chunk = Buffer.alloc(Math.min(bytes, 16 * 1024 * 1024), fill);
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => z.on('end', resolve).on('error', reject));
  for (let left = bytes; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!z.write(piece)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

/** Writes deflated (method 8) parts as a zip; the headers carry each part's declared `size`. */
export function deflatedZip(parts: RawPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, p.deflated);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(p.crc >>> 0, 16);
    c.writeUInt32LE(p.deflated.length, 20);
    c.writeUInt32LE(p.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** The parts of a small, valid workbook: sheet 考核 with a header and one data row. */
export async function baseParts(): Promise<{ name: string; data: Buffer }[]> {
  const bytes = await workbook((wb) => {
    const ws = wb.addWorksheet('考核');
    ws.addRow(['证书', '考证人数', '通过人数']);
    ws.addRow(['智能财税', 10, 9]);
  });
  return listZip(bytes).map((e) => ({ name: e.name, data: readEntry(bytes, e) }));
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** The small workbook plus one part `name` that honestly declares and holds `bytes` bytes. */
export async function bombXlsx(name: string, bytes: number): Promise<Buffer> {
  const parts = (await baseParts()).filter((p) => p.name !== name).map((p) => part(p.name, p.data));
  parts.push({ name, deflated: await deflatedFill(bytes), size: bytes, crc: 0 });
  return deflatedZip(parts);
}

/** The small workbook whose sheet declares 1 KB but unpacks to `bytes`. */
export async function lyingXlsx(bytes: number): Promise<Buffer> {
  const parts = (await baseParts()).filter((p) => p.name !== SHEET).map((p) => part(p.name, p.data));
  parts.push({ name: SHEET, deflated: await deflatedFill(bytes), size: 1024, crc: 0 });
  return deflatedZip(parts);
}

const col = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(64 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)));

/** A sheet with a header of `cols` columns and `rows` rows of 1s (99,000 × 60 compresses to about 2 MB). */
export async function gridXlsx(rows: number, cols: number): Promise<Buffer> {
  const parts = (await baseParts()).filter((p) => p.name !== SHEET).map((p) => part(p.name, p.data));
  const xml: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  const header = Array.from({ length: cols }, (_, c) => `<c r="${col(c)}1" t="inlineStr"><is><t>列${c + 1}</t></is></c>`).join('');
  xml.push(`<row r="1">${header}</row>`);
  for (let r = 2; r <= rows + 1; r++) {
    let cells = '';
    for (let c = 0; c < cols; c++) cells += `<c r="${col(c)}${r}"><v>1</v></c>`;
    xml.push(`<row r="${r}">${cells}</row>`);
  }
  xml.push('</sheetData></worksheet>');
  parts.push(part(SHEET, Buffer.from(xml.join(''), 'utf8')));
  return deflatedZip(parts);
}
