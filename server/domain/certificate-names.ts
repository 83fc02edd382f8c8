/**
 * Certificate names as reports print them, and the key they are matched by.
 *
 * Reports write the same certificate many ways: with or without the suffix
 * 职业技能等级证书, with spaces, in another Latin case, with full-width brackets,
 * with the level in brackets (sometimes cut off: `(中`). The key folds all of
 * those away; what it cannot fold (a truncated tail, an abbreviation moved to
 * the front, another wording) is an explicit alias in data/registry.
 */

export type Level = '初级' | '中级' | '高级';
export const LEVELS: readonly Level[] = ['初级', '中级', '高级'];

const SUFFIX = '职业技能等级证书';
const LEVEL_TAIL = /\((初级|中级|高级|初|中|高)级?\)?$/;

/** NFKC folds full-width letters, digits and brackets to their ASCII forms. */
function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Splits a printed certificate cell into name and level.
 *
 * @example splitLevel('财务共享服务职业技能等级证书(初级)') // { name: '财务共享服务职业技能等级证书', level: '初级', truncated: false }
 * @example splitLevel('机械产品三维模型设计职业技能等级证书(中') // { …, level: '中级', truncated: true }
 * @example splitLevel('智能财税') // { name: '智能财税', level: null, truncated: false }
 */
export function splitLevel(printed: string): { name: string; level: Level | null; truncated: boolean } {
  const text = printed.normalize('NFKC').trim();
  const match = LEVEL_TAIL.exec(text.replace(/\s+/gu, ''));
  if (!match) return { name: text, level: null, truncated: false };
  const level = (match[1]!.length === 1 ? `${match[1]}级` : match[1]) as Level;
  const truncated = !match[0].endsWith(')');
  // Cut the level off the original text (spaces kept) by its folded length.
  let kept = 0;
  let cut = text.length;
  const target = text.replace(/\s+/gu, '').length - match[0].length;
  for (let i = 0; i < text.length; i++) {
    if (kept === target) { cut = i; break; }
    if (!/\s/u.test(text[i]!)) kept++;
  }
  return { name: text.slice(0, cut).trim(), level, truncated };
}

/**
 * The matching key of a certificate name: folded width, no spaces, lower case,
 * no level, no suffix (nor a cut-off piece of it).
 *
 * @example certificateKey('Web 前端开发职业技能等级证书') // 'web前端开发'
 * @example certificateKey('建筑信息模型（BIM）职业技能等级证书') // '建筑信息模型(bim)'
 */
export function certificateKey(printed: string): string {
  let key = fold(splitLevel(printed).name).toLowerCase();
  for (let len = SUFFIX.length; len >= 4; len--) {
    const piece = SUFFIX.slice(0, len);
    if (key.endsWith(piece) && key.length > piece.length) {
      key = key.slice(0, -piece.length);
      break;
    }
  }
  return key;
}

export interface LevelCount {
  level: Level;
  passed: number;
  candidates: number;
}

/**
 * Reads a level breakdown written in a notes cell: `(初级: 98/100)、(中级: 60/60)`
 * means 98 of 100 passed at 初级 and 60 of 60 at 中级. Returns [] when the cell
 * holds no breakdown. Line breaks from PDF extraction are tolerated.
 */
export function parseLevelNote(note: string): LevelCount[] {
  const text = fold(note);
  const out: LevelCount[] = [];
  const re = /\(?(初级|中级|高级)[:：](\d+)\/(\d+)\)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ level: m[1] as Level, passed: Number(m[2]), candidates: Number(m[3]) });
  }
  return out;
}

export interface CertificateAlias {
  alias: string;
  certificateId: number;
}

export type Resolution =
  | { ok: true; certificateId: number; level: Level | null; levelTruncated: boolean }
  | { ok: false; key: string; suggestions: { certificateId: number; name: string; score: number }[] };

/** Resolves printed names to certificate ids through the registry's aliases. */
export class CertificateResolver {
  private readonly byKey = new Map<string, number>();
  private readonly names = new Map<number, string>();

  constructor(certificates: { id: number; name: string }[], aliases: CertificateAlias[]) {
    for (const c of certificates) {
      this.names.set(c.id, c.name);
      this.add(c.name, c.id);
    }
    for (const a of aliases) this.add(a.alias, a.certificateId);
  }

  private add(name: string, id: number): void {
    const key = certificateKey(name);
    const known = this.byKey.get(key);
    if (known !== undefined && known !== id) {
      throw new Error(`证书别名冲突：“${name}”同时指向证书 ${known} 和 ${id}`);
    }
    this.byKey.set(key, id);
  }

  resolve(printed: string): Resolution {
    const { level, truncated } = splitLevel(printed);
    const key = certificateKey(printed);
    const id = this.byKey.get(key);
    if (id !== undefined) return { ok: true, certificateId: id, level, levelTruncated: truncated };
    return { ok: false, key, suggestions: this.suggest(key) };
  }

  /** The closest known names by character-bigram overlap (Dice coefficient). */
  suggest(key: string, limit = 3): { certificateId: number; name: string; score: number }[] {
    const best = new Map<number, number>();
    for (const [known, id] of this.byKey) {
      const score = dice(key, known);
      if (score > (best.get(id) ?? 0)) best.set(id, score);
    }
    return [...best]
      .filter(([, score]) => score >= 0.3)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([certificateId, score]) => ({ certificateId, name: this.names.get(certificateId)!, score: Math.round(score * 100) / 100 }));
  }
}

function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i]! + c);
}

function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) { shared++; pool.set(g, n - 1); }
  }
  return (2 * shared) / (x.length + y.length);
}
