import type { Tables } from '../i18n.ts';

export const signInMessages: Tables<{
  title: string; intro: string; mobile: string; mobileHint: string; mobileInvalid: string; send: string; sending: string;
  resendIn: (s: number) => string; sent: string; code: string; codeHint: string; codeInvalid: string;
  signIn: string; signingIn: string; wrongCode: string; exhausted: string; tooMany: string; network: string; failed: (m: string) => string;
}> = {
  'zh-CN': {
    title: '登录管理台',
    intro: '使用已开通管理台账号的手机号和短信验证码登录。',
    mobile: '手机号',
    mobileHint: '11 位中国大陆手机号',
    mobileInvalid: '请输入 11 位中国大陆手机号。',
    send: '获取验证码',
    sending: '正在发送…',
    resendIn: (s) => `${s} 秒后可重新获取`,
    sent: '如果该号码已开通管理台账号，验证码已发送。',
    code: '短信验证码',
    codeHint: '6 位数字',
    codeInvalid: '请输入 6 位数字验证码。',
    signIn: '登录',
    signingIn: '正在登录…',
    wrongCode: '验证码错误或已过期，请重新输入或重新获取。',
    exhausted: '验证码错误次数过多，请重新获取验证码。',
    tooMany: '请求过于频繁，请稍后再试。',
    network: '网络连接不稳定，请检查网络后重试。',
    failed: (m) => `登录失败：${m}`,
  },
  en: {
    title: 'Sign in to the staff console',
    intro: 'Sign in with the mobile number of your console account and a code sent by text message.',
    mobile: 'Mobile number',
    mobileHint: 'An 11-digit mainland China mobile number',
    mobileInvalid: 'Enter an 11-digit mainland China mobile number.',
    send: 'Send code',
    sending: 'Sending…',
    resendIn: (s) => `Send again in ${s} s`,
    sent: 'If this number has a console account, a code has been sent.',
    code: 'Code from the text message',
    codeHint: '6 digits',
    codeInvalid: 'Enter the 6-digit code.',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    wrongCode: 'The code is wrong or has expired. Type it again or ask for a new one.',
    exhausted: 'Too many wrong codes. Ask for a new one.',
    tooMany: 'Too many attempts. Please wait and try again.',
    network: 'The connection is unreliable. Check it and try again.',
    failed: (m) => `Could not sign in: ${m}`,
  },
};
