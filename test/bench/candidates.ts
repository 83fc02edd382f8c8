/**
 * A synthetic candidate-level CSV (one row per candidate), as a college's
 * exam system exports it: student number, name, ID number, certificate,
 * level, major, score, passed. Deterministic for a given row count.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const CERTIFICATES = ['智能财税', 'WEB 前端开发', '物流管理', '电子商务数据分析', '建筑信息模型（BIM）职业技能等级证书', '汽车运用与维修', '失智老年人照护', '网络系统建设与运维'];
const LEVELS = ['初级', '中级', '高级'];
const MAJORS = ['会计', '电子商务', '物流管理', '计算机应用技术', '建筑工程技术', '汽车检测与维修技术', '老年服务与管理'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

export const CANDIDATE_HEADER = '学号,姓名,身份证号,证书,等级,专业,成绩,是否通过';

export async function writeCandidateCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  out.write(`${CANDIDATE_HEADER}\n`);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const score = 30 + (next() % 71);
    const cert = CERTIFICATES[next() % CERTIFICATES.length]!;
    chunk += `2021${String(i).padStart(7, '0')},${SURNAMES[next() % SURNAMES.length]}同学${i % 997},4401${String(19900101 + (i % 9000)).padStart(8, '0')}${String(i % 10000).padStart(4, '0')}${i % 10},${cert},${LEVELS[next() % 3]},${MAJORS[next() % MAJORS.length]},${score},${score >= 60 ? '通过' : '不通过'}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'finish');
}
