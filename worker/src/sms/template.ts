// The text of each SMS template: configuration, kept in this one place. The outbox prints it; the
// real vendors send the template approved in their console (its code/id is configuration there)
// and fill in the same params, so keep that approved text in step with this one.
import type { SmsTemplate } from './types.ts';

/** The signature (签名) that opens every message, as the vendors require. */
export const SMS_SIGNATURE = '银杏家天下';

/** Minutes a verification code stays valid (MOBILE_CODE's TTL, 300 s), as the text says it. */
export const CODE_TTL_MINUTES = 5;

/**
 * Addresses are fixed text of the approved template, never a variable (vendors refuse links in
 * variables): the member's status page and the console. The outbox fills in these configured ones
 * (NOTIFY_STATUS_ADDRESS, NOTIFY_CONSOLE_ADDRESS); a vendor's template must spell the same.
 */
export type SmsAddresses = { status: string; console: string; letter: string };
export const DEFAULT_ADDRESSES: SmsAddresses = {
  status: 'ginkgo.example.gov.cn/s', console: 'ginkgo.example.gov.cn/console', letter: 'ginkgo.example.gov.cn/l',
};

/**
 * How a member stops campaign SMS, closing both campaign texts: the letter page at the address just
 * named has 不再接收短信 (docs/campaigns.md, "Stopping the SMS"). Both texts stay under 134
 * characters, two SMS parts, as without it.
 */
export const LETTER_STOP = '不想再收此类短信，可在该网址点“不再接收短信”。';

type P = Record<string, string>;
export const SMS_TEXTS: Record<SmsTemplate, (params: P, at: SmsAddresses) => string> = {
  verification_code: ({ code }) =>
    `【${SMS_SIGNATURE}】您的验证码为${code}，${CODE_TTL_MINUTES}分钟内有效。如非本人操作，请忽略本短信。`,
  check_in_confirmed: ({ reference }, at) =>
    `【${SMS_SIGNATURE}】您的报到（查询码${reference}）已确认。详情请访问${at.status}查询。`,
  check_in_rejected: ({ reference }, at) =>
    `【${SMS_SIGNATURE}】您的报到（查询码${reference}）未通过审核，原因请访问${at.status}查询。`,
  check_in_returned: ({ reference }, at) =>
    `【${SMS_SIGNATURE}】您的报到（查询码${reference}）需要补充信息，请访问${at.status}查看并重新提交。`,
  service_request_resolved: ({ reference }, at) =>
    `【${SMS_SIGNATURE}】您的服务需求（查询码${reference}）已办结。详情请访问${at.status}查询。`,
  staff_digest: ({ checkIns, requests }, at) =>
    `【${SMS_SIGNATURE}】您有${checkIns}条报到待审核、${requests}条服务需求待办理，请登录${at.console}处理。`,
  // A campaign's letter and its reminder (docs/campaigns.md, Sending): `code` is the member's
  // personal code as shown (ABCDE-FGHJK), the only variable; the letter's address is fixed text.
  campaign_letter: ({ code }, at) =>
    `【${SMS_SIGNATURE}】家乡来信：家乡给您写了一封信。请访问${at.letter}，输入您的专属码${code}，阅读来信并报到。${LETTER_STOP}`,
  campaign_reminder: ({ code }, at) =>
    `【${SMS_SIGNATURE}】家乡来信提醒：您还未报到。请访问${at.letter}，输入您的专属码${code}，阅读来信并报到。${LETTER_STOP}`,
};

export const renderSms = (template: SmsTemplate, params: P, at: SmsAddresses = DEFAULT_ADDRESSES): string =>
  SMS_TEXTS[template](params, at);
