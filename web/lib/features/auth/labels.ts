/** Chinese labels for roles and audit actions: what people see instead of internal codes. */
import type { Role } from './api';

export const ROLE_ZH: Record<Role, string> = { admin: '管理员', official: '主管部门', dean: '院长', analyst: '分析员', anonymous: '访客' };

export const ACTION_ZH: Record<string, string> = {
  sign_in: '登录',
  sign_out: '退出',
  password_change: '修改密码',
  import: '导入',
  undo: '撤销导入',
  user_add: '添加用户',
  user_change: '修改用户',
  user_delete: '删除用户',
  user_reset_password: '重置密码',
  token_create: '创建令牌',
  token_revoke: '撤销令牌',
  sql: 'SQL 查询',
};

export const OUTCOME_ZH: Record<string, string> = { ok: '成功', failed: '失败', denied: '拒绝', refused: '拒绝', error: '出错', timeout: '超时', cancelled: '已取消' };

/** The built-in administrator's login name: shown to people as 系统管理员, never as the English word. */
export const BUILT_IN_ADMIN = 'admin';

/**
 * A user name as people read it: the built-in administrator is 系统管理员; other names are their own (people choose them).
 * @example userLabel('admin') // '系统管理员'
 * @example userLabel('王院长') // '王院长'
 */
export function userLabel(name: string | null | undefined): string {
  if (!name) return '访客';
  return name === BUILT_IN_ADMIN ? '系统管理员' : name;
}

/**
 * The top bar's line for who is signed in.
 * @example whoLine({ user: '王院长', role: 'dean', scopeLabel: '广州城市职业学院' }) // '王院长 · 院长 · 广州城市职业学院'
 */
export function whoLine(s: { user: string | null; role: Role; scopeLabel: string }): string {
  if (!s.user) return '未登录';
  if (s.user === BUILT_IN_ADMIN) return '系统管理员';
  return s.role === 'admin' ? `${s.user} · 管理员` : `${s.user} · ${ROLE_ZH[s.role]} · ${s.scopeLabel}`;
}
