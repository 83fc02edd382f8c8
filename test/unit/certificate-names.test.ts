import { describe, expect, it } from 'vitest';
import { certificateKey, parseLevelNote, splitLevel } from '../../server/domain/certificate-names.js';
import { readRegistry } from '../../server/dataset/default-dataset.js';
import { readConfig } from '../../server/config.js';

describe('splitLevel', () => {
  it.each([
    ['财务共享服务职业技能等级证书(初级)', '财务共享服务职业技能等级证书', '初级', false],
    ['5G移动网络运维职业技能等级证书（中级）', '5G移动网络运维职业技能等级证书', '中级', false],
    ['机械产品三维模型设计职业技能等级证书(中', '机械产品三维模型设计职业技能等级证书', '中级', true],
    ['企业财务与会计机器人应用职业技能等级证书', '企业财务与会计机器人应用职业技能等级证书', null, false],
    ['智能财税', '智能财税', null, false],
    ['建筑信息模型（BIM）职业技能等级证书', '建筑信息模型(BIM)职业技能等级证书', null, false],
  ])('%s → %s / %s', (printed, name, level, truncated) => {
    expect(splitLevel(printed)).toEqual({ name, level, truncated });
  });
});

describe('certificateKey', () => {
  it.each([
    ['Web 前端开发职业技能等级证书', 'web前端开发'],
    ['Web前端开发职业技能等级证书', 'web前端开发'],
    ['WEB 前端开发', 'web前端开发'],
    ['建筑信息模型（BIM）职业技能等级证书', '建筑信息模型(bim)'],
    ['跨境电商 B2B数据运营职业技能等级证书', '跨境电商b2b数据运营'],
    ['特殊焊接技术职 业技能等级证书', '特殊焊接技术'],
    ['财务共享服务职业技能等级证书(初级)', '财务共享服务'],
    ['机械产品三维模型设计职业技能等级证书(中', '机械产品三维模型设计'],
    ['智能财税职业技能等级', '智能财税'],
    ['３Ｄ 引擎技术应用', '3d引擎技术应用'],
  ])('%s → %s', (printed, key) => {
    expect(certificateKey(printed)).toBe(key);
  });
});

describe('parseLevelNote — seed 004, exam table 备注 column', () => {
  it.each([
    ['(初级: 98/100)、(中级: 60/60)', [{ level: '初级', passed: 98, candidates: 100 }, { level: '中级', passed: 60, candidates: 60 }]],
    // Row 16 as PDF extraction wrapped it over three lines.
    ['(初级: 10/47)、(中\n\n\t\t\t\t\t级:1/24)', [{ level: '初级', passed: 10, candidates: 47 }, { level: '中级', passed: 1, candidates: 24 }]],
    ['（高级：5/8）', [{ level: '高级', passed: 5, candidates: 8 }]],
    ['', []],
    ['补考 12 人', []],
  ])('%j', (note, expected) => {
    expect(parseLevelNote(note)).toEqual(expected);
  });
});

describe('certificate registry — every spelling in the seeds resolves to one id', () => {
  const registry = readRegistry(readConfig().dataDir, []);
  const id = (printed: string) => {
    const r = registry.resolver.resolve(printed);
    if (!r.ok) throw new Error(`did not resolve: ${printed}`);
    return r.certificateId;
  };

  it('BIM: seed 003 list and annex 1, seed 004 exam and teacher tables', () => {
    const ids = ['建筑信息模型（BIM）职业技能等级证书', 'BIM 建筑信息模型', '建筑信息模型(BIM)', 'bim建筑信息模型'].map(id);
    expect(new Set(ids).size).toBe(1);
    expect(registry.certificateName(ids[0]!)).toBe('建筑信息模型（BIM）');
  });

  it('Web front end: seed 003 list, seed 003 annex 1, seed 004', () => {
    const ids = ['Web前端开发职业技能等级证书', 'Web 前端开发职业技能等级证书', 'WEB 前端开发'].map(id);
    expect(new Set(ids).size).toBe(1);
    expect(registry.certificateName(ids[0]!)).toBe('Web前端开发');
  });

  it('truncated and reworded names: seed 002 失智老年人, seed 004 快递运营 and 财务智能数字化应用', () => {
    expect(registry.certificateName(id('失智老年人'))).toBe('失智老年人照护');
    expect(registry.certificateName(id('快递运营'))).toBe('快递运营管理');
    expect(id('财务智能数字化应用')).toBe(id('财务数字化应用'));
  });

  it('an unknown name does not resolve and suggests the closest known names', () => {
    const r = registry.resolver.resolve('智能财务税务');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions.map((s) => s.name)).toContain('智能财税');
  });
});
