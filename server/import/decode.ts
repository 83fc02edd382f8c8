/**
 * Bytes → text. A BOM decides; otherwise strict UTF-8 (TextDecoder with
 * fatal: true), otherwise GB18030 (the superset of GBK that Chinese Excel
 * writes) via iconv-lite. Never Latin-1: a GBK file read as Latin-1 is the
 * garbled text users complain about. The detected encoding is reported and can
 * be overridden.
 */
import iconv from 'iconv-lite';
import { importErrors } from './errors.js';

export interface Decoded {
  text: string;
  /** Canonical name: UTF-8, UTF-16LE, UTF-16BE, GB18030, or an override's name. */
  encoding: string;
  /** For people: `UTF-8（带 BOM）`, `GB18030（兼容 GBK）`. */
  label: string;
  bom: boolean;
  /** false when the caller chose the encoding. */
  detected: boolean;
}

const LABELS: Record<string, string> = {
  'UTF-8': 'UTF-8',
  'UTF-16LE': 'UTF-16LE',
  'UTF-16BE': 'UTF-16BE',
  GB18030: 'GB18030（兼容 GBK）',
};

/** Names people type for the encodings we offer, folded to iconv-lite's. */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  big5: 'big5',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-16': 'utf-16',
};

/** Whether the bytes look like a binary file rather than text (NUL bytes, many control characters). */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (sample.length === 0) return false;
  // UTF-16 text has NULs; a BOM says so.
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control / sample.length > 0.05;
}

/**
 * @example decodeBytes(Buffer.from('序号,证书\n', 'utf8')).encoding // 'UTF-8'
 * @example decodeBytes(iconv.encode('序号,证书\n', 'gbk')).encoding // 'GB18030'
 */
export function decodeBytes(bytes: Uint8Array, override?: string | null, name = '文件'): Decoded {
  if (bytes.length === 0) throw importErrors.emptyFile();
  if (override && override.trim() !== '' && override.trim().toLowerCase() !== 'auto') return decodeAs(bytes, override.trim());
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strictUtf8(bytes.subarray(3));
    if (text === null) throw importErrors.undecodable('UTF-8');
    return { text, encoding: 'UTF-8', label: 'UTF-8（带 BOM）', bom: true, detected: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE', label: 'UTF-16LE（带 BOM）', bom: true, detected: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE', label: 'UTF-16BE（带 BOM）', bom: true, detected: true };
  if (looksBinary(bytes)) throw importErrors.binaryFile(name);
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8', label: LABELS['UTF-8']!, bom: false, detected: true };
  const gb = iconv.decode(Buffer.from(bytes), 'gb18030');
  // GB18030 maps almost every byte sequence; many replacement characters mean it is not GB text either.
  const bad = countReplacements(gb);
  if (bad > Math.max(2, gb.length / 200)) throw importErrors.undecodable('UTF-8 / GB18030');
  return { text: gb, encoding: 'GB18030', label: LABELS.GB18030!, bom: false, detected: true };
}

/**
 * Decodes a prefix of a large file (for sniffing): a multi-byte character cut
 * at the end is dropped rather than making the sample look like GB18030.
 */
export function decodeSample(bytes: Uint8Array, override?: string | null, name = '文件'): Decoded {
  let first: Decoded | null = null;
  let failure: unknown = null;
  try {
    first = decodeBytes(bytes, override, name);
    if (first.encoding !== 'GB18030' || !first.detected) return first;
  } catch (err) {
    failure = err;
  }
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const text = strictUtf8(bytes.subarray(0, bytes.length - cut));
    if (text !== null && !looksBinary(bytes)) return { text, encoding: 'UTF-8', label: LABELS['UTF-8']!, bom: false, detected: true };
  }
  if (first) return first;
  throw failure;
}

function decodeAs(bytes: Uint8Array, requested: string): Decoded {
  const key = requested.toLowerCase();
  const iconvName = ALIASES[key] ?? key;
  if (iconvName === 'latin1' || iconvName === 'iso-8859-1' || !iconv.encodingExists(iconvName)) throw importErrors.unknownEncoding(requested);
  const bom = key.startsWith('utf-8') && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  if (iconvName === 'utf-8') {
    const t = strictUtf8(bom ? bytes.subarray(3) : bytes);
    if (t === null) throw importErrors.undecodable('UTF-8');
    text = t;
  } else {
    text = iconv.decode(Buffer.from(bytes), iconvName).replace(/^\uFEFF/, '');
  }
  const encoding = iconvName === 'gb18030' ? 'GB18030' : iconvName.toUpperCase();
  return { text, encoding, label: `${LABELS[encoding] ?? encoding}（手动指定）`, bom, detected: false };
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** The encodings the web page offers in its override list. */
export const ENCODING_CHOICES = ['auto', 'UTF-8', 'GB18030', 'GBK', 'Big5', 'UTF-16LE', 'UTF-16BE'] as const;
