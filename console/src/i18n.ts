// The console's languages: Chinese first, English second. The choice is kept in localStorage;
// without one, a browser whose language starts with zh gets Chinese, any other English. Each screen
// keeps its own table beside it ({ 'zh-CN': …, en: … }), so a chunk carries only its own words.
import type { LocalizedText } from '../../schema/common.ts';
import type { Screen } from './roles.ts';

export type Lang = 'zh-CN' | 'en';
export type Tables<T> = { 'zh-CN': T; en: T };

const LANG_KEY = 'ginkgo-console-lang';

export function initialLang(): Lang {
  let stored: string | null = null;
  try { stored = localStorage.getItem(LANG_KEY); } catch { /* storage off */ }
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function storeLang(lang: Lang): void {
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* storage off */ }
}

/** The side of a `{ zh, en }` pair for the UI's language. */
export const pick = (text: LocalizedText, lang: Lang): string => (lang === 'en' ? text.en : text.zh);

/** The shell's words: the title, the language switch, what every screen may say. */
export const shellMessages: Tables<{
  product: string; console: string; docTitle: string; language: string; switchTo: string;
  loading: string; network: string; failed: (message: string) => string; signedOut: string; noGrants: string;
  signOut: string; retry: string; inviteSignIn: string; inviteAccepted: string; inviteRefused: string;
  sections: string; tabs: Record<Screen, string>; queueTab: (n: number, more: boolean) => string; noScreens: string;
}> = {
  'zh-CN': {
    product: '银杏家天下', console: '管理台', docTitle: '管理台 · 银杏家天下', language: '语言',
    switchTo: 'English',
    loading: '正在加载…', network: '网络连接不稳定，请检查网络后重试。', failed: (m) => `操作失败：${m}`,
    signedOut: '登录已失效，请重新登录。', noGrants: '该账号暂无管理台权限，请联系县委组织部开通。',
    signOut: '退出登录', retry: '重试',
    inviteSignIn: '请使用受邀的手机号登录，登录后即接受管理台邀请。',
    inviteAccepted: '已接受邀请，新的身份已生效。',
    inviteRefused: '邀请链接无效：可能已使用、已过期，或不是发给当前登录手机号的。',
    sections: '栏目',
    tabs: { queue: '待确认', roster: '花名册', 'not-reported': '未报到', 'lost-contact': '失联', organisation: '组织架构', staff: '邀请', import: '导入', 'service-desk': '服务需求', stations: '驿站信息', 'data-requests': '数据请求', keys: '密钥与合作方', audit: '审计日志', campaigns: '家乡来信' },
    queueTab: (n, more) => `待确认 (${n}${more ? '+' : ''})`,
    noScreens: '当前身份在管理台暂无可用的栏目。',
  },
  en: {
    product: 'Ginkgo', console: 'Staff console', docTitle: 'Staff console · Ginkgo', language: 'Language',
    switchTo: '中文',
    loading: 'Loading…', network: 'The connection is unreliable. Check it and try again.', failed: (m) => `That did not work: ${m}`,
    signedOut: 'Your session has ended. Please sign in again.', noGrants: 'This account has no console access yet. Ask the county organisation department.',
    signOut: 'Sign out', retry: 'Try again',
    inviteSignIn: 'Sign in with the mobile number you were invited with to accept the invitation.',
    inviteAccepted: 'Invitation accepted: your new role is active.',
    inviteRefused: 'This invitation link does not work: it was used, has expired, or was sent to another mobile number.',
    sections: 'Sections',
    tabs: { queue: 'Pending', roster: 'Roster', 'not-reported': 'Not reported', 'lost-contact': 'Lost contact', organisation: 'Organisation', staff: 'Invite staff', import: 'Import', 'service-desk': 'Service desk', stations: 'Stations', 'data-requests': 'Data requests', keys: 'Keys & partners', audit: 'Audit log', campaigns: 'Letters from home' },
    queueTab: (n, more) => `Pending (${n}${more ? '+' : ''})`,
    noScreens: 'Your current role has no sections in the console yet.',
  },
};
