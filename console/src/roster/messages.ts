import type { Tables } from '../i18n.ts';

export const rosterMessages: Tables<{
  title: string; home: string; host: string; trees: string; pickNode: string; category: string; allCategories: string;
  loaded: (n: number, more: boolean) => string; empty: string; branchesOf: string; noBranches: string; memberList: (name: string) => string; membersTitle: string;
  homeUnit: string; hostBranch: string; city: string; employer: string; lastCheckIn: string; details: (name: string) => string;
}> = {
  'zh-CN': {
    title: '花名册',
    home: '户籍地党组织（镇 → 村）',
    host: '流入地党组织（党委 → 支部）',
    trees: '组织',
    pickNode: '请在左侧（手机上为上方）选择一个组织，查看其党员。',
    category: '类别',
    allCategories: '全部类别',
    loaded: (n, more) => `已加载 ${n} 名党员${more ? '，还有更多' : ''}。`,
    empty: '这里没有党员。',
    branchesOf: '下属流动党支部',
    noBranches: '该党委下还没有流动党支部。',
    memberList: (name) => `${name}的党员`,
    membersTitle: '党员',
    homeUnit: '户籍地党组织',
    hostBranch: '流动党支部',
    city: '现居城市',
    employer: '工作单位',
    lastCheckIn: '最近报到',
    details: (name) => `${name}的详细信息`,
  },
  en: {
    title: 'Roster',
    home: 'Home organisation (towns → villages)',
    host: 'Host organisation (committees → branches)',
    trees: 'Organisation',
    pickNode: 'Pick a unit on the left (above, on a phone) to see its members.',
    category: 'Category',
    allCategories: 'All categories',
    loaded: (n, more) => `${n} ${n === 1 ? 'member' : 'members'} loaded${more ? ', more to load' : ''}.`,
    empty: 'No members here.',
    branchesOf: 'Its branches',
    noBranches: 'This committee has no branches yet.',
    memberList: (name) => `Members of ${name}`,
    membersTitle: 'Members',
    homeUnit: 'Home unit',
    hostBranch: 'Host branch',
    city: 'Current city',
    employer: 'Employer',
    lastCheckIn: 'Last check-in',
    details: (name) => `Details of ${name}`,
  },
};
