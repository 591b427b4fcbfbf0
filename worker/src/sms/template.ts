// The text of each SMS template: configuration, kept in this one place. The outbox prints it; the
// real vendors send the template approved in their console (its code/id is configuration there)
// and fill in the same params, so keep that approved text in step with this one.
import type { SmsTemplate } from './types.ts';

/** The signature (签名) that opens every message, as the vendors require. */
export const SMS_SIGNATURE = '银杏家天下';

/** Minutes a verification code stays valid (MOBILE_CODE's TTL, 300 s), as the text says it. */
export const CODE_TTL_MINUTES = 5;

export const SMS_TEXTS: Record<SmsTemplate, (params: { code: string }) => string> = {
  verification_code: ({ code }) =>
    `【${SMS_SIGNATURE}】您的验证码为${code}，${CODE_TTL_MINUTES}分钟内有效。如非本人操作，请忽略本短信。`,
};

export const renderSms = (template: SmsTemplate, params: { code: string }): string => SMS_TEXTS[template](params);
