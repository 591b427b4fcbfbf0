import type { Role } from '../../../schema/tables.ts';
import type { Tables } from '../i18n.ts';

export const accountMessages: Tables<{
  roles: Record<Role, string>; actingAs: string; wholeTenant: string; signOut: string; signOutAll: string;
  signingOut: string; failed: (m: string) => string; account: string;
}> = {
  'zh-CN': {
    roles: {
      home_admin: '县委组织部（管理员）',
      town_staff: '镇（街道）',
      village_staff: '村（社区）',
      committee_secretary: '流动党员工作委员会书记',
      branch_secretary: '流动党支部书记',
      station_manager: '服务站',
      partner: '合作单位',
    },
    actingAs: '当前身份',
    wholeTenant: '全县',
    signOut: '退出登录',
    signOutAll: '退出所有设备',
    signingOut: '正在退出…',
    failed: (m) => `退出失败：${m}`,
    account: '账号',
  },
  en: {
    roles: {
      home_admin: 'County organisation department (admin)',
      town_staff: 'Town / subdistrict',
      village_staff: 'Village / community',
      committee_secretary: 'Secretary, mobile members\u2019 committee',
      branch_secretary: 'Secretary, mobile members\u2019 branch',
      station_manager: 'Service station',
      partner: 'Partner organisation',
    },
    actingAs: 'Acting as',
    wholeTenant: 'Whole county',
    signOut: 'Sign out',
    signOutAll: 'Sign out everywhere',
    signingOut: 'Signing out…',
    failed: (m) => `Could not sign out: ${m}`,
    account: 'Account',
  },
};
