import type { Role } from '../../../schema/tables.ts';
import type { Tables } from '../i18n.ts';

export const accountMessages: Tables<{
  roles: Record<Role, string>; actingAs: string; wholeTenant: string; signOut: string; signOutAll: string;
  signingOut: string; failed: (m: string) => string; account: string; setPassword: string;
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
    setPassword: '设置密码',
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
    setPassword: 'Set password',
  },
};

export const passwordMessages: Tables<{
  title: string; close: string; intro: (mobile: string) => string; send: string; sendAgain: string; sent: string;
  code: string; codeInvalid: string; newPassword: string; passwordHint: (n: number) => string; tooShort: (n: number) => string;
  save: string; saving: string; done: string; wrongCode: string; exhausted: string; tooMany: string; network: string; failed: (m: string) => string;
}> = {
  'zh-CN': {
    title: '设置密码',
    close: '关闭',
    intro: (mobile) => `设置或修改登录密码，需要发送到本人手机 ${mobile} 的短信验证码。设置后，也可以用手机号和密码登录。`,
    send: '获取验证码',
    sendAgain: '重新获取验证码',
    sent: '验证码已发送。',
    code: '短信验证码',
    codeInvalid: '请输入 6 位数字验证码。',
    newPassword: '新密码',
    passwordHint: (n) => `至少 ${n} 个字符`,
    tooShort: (n) => `密码至少需要 ${n} 个字符。`,
    save: '保存密码',
    saving: '正在保存…',
    done: '密码已设置。下次可以使用手机号和密码登录。',
    wrongCode: '验证码错误或已过期，请重新输入或重新获取。',
    exhausted: '验证码错误次数过多，请重新获取验证码。',
    tooMany: '请求过于频繁，请稍后再试。',
    network: '网络连接不稳定，请检查网络后重试。',
    failed: (m) => `设置失败：${m}`,
  },
  en: {
    title: 'Set password',
    close: 'Close',
    intro: (mobile) => `To set or change your password, enter a code sent by text message to your mobile, ${mobile}. Then you can also sign in with your mobile number and the password.`,
    send: 'Send code',
    sendAgain: 'Send a new code',
    sent: 'The code has been sent.',
    code: 'Code from the text message',
    codeInvalid: 'Enter the 6-digit code.',
    newPassword: 'New password',
    passwordHint: (n) => `At least ${n} characters`,
    tooShort: (n) => `The password needs at least ${n} characters.`,
    save: 'Save password',
    saving: 'Saving…',
    done: 'Your password is set. Next time you can sign in with your mobile number and the password.',
    wrongCode: 'The code is wrong or has expired. Type it again or ask for a new one.',
    exhausted: 'Too many wrong codes. Ask for a new one.',
    tooMany: 'Too many attempts. Please wait and try again.',
    network: 'The connection is unreliable. Check it and try again.',
    failed: (m) => `Could not set the password: ${m}`,
  },
};
