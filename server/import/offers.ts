/**
 * Teacher-training offers stated in a notice's text (seed 000: fee per person,
 * levels, online hours per level, days offline) and the fee a provincial
 * notice sets for the programmes of its annex (seed 003: `培训费按 10天计不超过
 * 3200元`). Figures are kept as printed; the wording is the evidence.
 */
import type { Level } from '../domain/certificate-names.js';
import type { TrainingOffer } from '../domain/facts.js';
import type { Paragraph } from './report-text.js';

export interface FeeStatement {
  fee: number;
  /** `不超过` / `最高`: the figure is a ceiling. */
  cap: boolean;
  printed: string;
  line: number;
}

/** The first training fee the text states: `培训费用：4800 元/人`, `培训费按 10天计不超过 3200元`. */
export function feeStatement(paragraphs: Paragraph[]): FeeStatement | null {
  const re = /培训费(?:用)?\s*[：:]?\s*(?:按\s*\d+\s*天计\s*)?(不超过|最高|上限为?)?\s*(\d+(?:\.\d+)?)\s*元/u;
  for (const p of paragraphs) {
    const m = re.exec(p.text);
    if (m) return { fee: Number(m[2]), cap: m[1] !== undefined, printed: m[0], line: p.line };
  }
  return null;
}

const LEVEL_CHAR: Record<string, Level> = { 初: '初级', 中: '中级', 高: '高级' };

export interface NoticeOffer {
  certificatePrinted: string;
  offers: Omit<TrainingOffer, 'certificate_id' | 'certificate_as_printed'>[];
  line: number;
}

/**
 * A notice with no table that announces teacher training for one certificate:
 * one offer per level it names.
 */
export function noticeOffers(title: string | null, paragraphs: Paragraph[], sourceFile: string, year: number | null): NoticeOffer | null {
  if (!title || !/师资培训|教师培训/u.test(title)) return null;
  const fee = feeStatement(paragraphs);
  if (!fee) return null;
  const cert = /1\s*\+\s*X\s*(.+?)职业技能等级证书/u.exec(title);
  if (!cert) return null;
  const text = paragraphs.map((p) => p.text).join('\n');
  const provider = /^(.+?(?:公司|集团|协会|中心|学会|研究院))关于/u.exec(title)?.[1] ?? null;
  const organiser = /委托\s*(\S+?(?:公司|中心|协会|研究院|学院|大学))/u.exec(text)?.[1] ?? null;
  const levelsText = /[（(]\s*([初中高](?:\s*[、,，]\s*[初中高])*)\s*级\s*[）)]/u.exec(`${title}\n${text}`)?.[1];
  const levels: Level[] = levelsText ? [...levelsText.matchAll(/[初中高]/gu)].map((m) => LEVEL_CHAR[m[0]]!) : [];
  const days = /线下培训[^。]*?(\d+)\s*([—–\-~～至])\s*(\d+)\s*天/u.exec(text);
  const singleDays = days ? null : /线下培训[^。]*?(\d+)\s*天/u.exec(text);
  const hoursOf = (level: Level) => {
    const m = new RegExp(`${level}学员[^。；]*?(\\d+)\\s*学时`, 'u').exec(text);
    return m ? Number(m[1]) : null;
  };
  const offers = (levels.length > 0 ? levels : [null]).map((level, i) => ({
    provider,
    organiser,
    level,
    fee_per_person: fee.fee,
    fee_is_cap: fee.cap,
    hours_online: level ? hoursOf(level) : null,
    hours_total: null,
    days_offline: days ? Math.max(Number(days[1]), Number(days[3])) : singleDays ? Number(singleDays[1]) : null,
    year,
    note: days ? `线下 ${days[1]}${days[2]}${days[3]} 天` : singleDays ? `线下 ${singleDays[1]} 天` : null,
    source_file: sourceFile,
    source_table: 'notice',
    source_row: i + 1,
  }));
  return { certificatePrinted: cert[1]!.trim(), offers, line: fee.line };
}

/** Hours and days a programme's format states: `5天线下、5天线上（共80学时）`. */
export function formatFigures(format: string | null): { hoursTotal: number | null; daysOffline: number | null; note: string | null } {
  if (!format) return { hoursTotal: null, daysOffline: null, note: null };
  const hours = /共\s*(\d+)\s*学时/u.exec(format);
  const days = /(\d+)\s*天\s*线下/u.exec(format);
  const note = format.replace(/[（(]\s*共[^）)]*学时\s*[）)]/u, '').trim();
  return { hoursTotal: hours ? Number(hours[1]) : null, daysOffline: days ? Number(days[1]) : null, note: note || null };
}
