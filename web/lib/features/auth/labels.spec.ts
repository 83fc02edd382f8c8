import { describe, expect, it } from 'vitest';
import { userLabel, whoLine } from './labels';

describe('whoLine', () => {
  it.each([
    [{ user: '王院长', role: 'dean' as const, scopeLabel: '广州城市职业学院' }, '王院长 · 院长 · 广州城市职业学院'],
    [{ user: '广东主管', role: 'official' as const, scopeLabel: '广东省' }, '广东主管 · 主管部门 · 广东省'],
    [{ user: 'admin', role: 'admin' as const, scopeLabel: '全部数据' }, '系统管理员'],
    [{ user: null, role: 'anonymous' as const, scopeLabel: '公开数据' }, '未登录'],
  ])('%o → %s', (input, expected) => expect(whoLine(input)).toBe(expected));
});

describe('userLabel — the built-in administrator reads as 系统管理员', () => {
  it.each([
    ['admin', '系统管理员'],
    ['王院长', '王院长'],
    [null, '访客'],
  ])('%s → %s', (name, expected) => expect(userLabel(name)).toBe(expected));
  it('the top bar never shows the English login name', () => {
    expect(whoLine({ user: 'admin', role: 'admin', scopeLabel: '' })).toBe('系统管理员');
  });
});
