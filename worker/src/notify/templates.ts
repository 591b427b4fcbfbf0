// Which template each notification uses, per channel. SMS templates' texts: ../sms/template.ts;
// their vendor codes: SMS_NOTIFY_TEMPLATES. WeChat templates: WECHAT_TEMPLATE_* (docs/notifications.md).
import type { NotificationEvent } from '../../../schema/index.ts';
import type { AppEnv } from '../env.ts';
import type { SmsTemplate } from '../sms/index.ts';

export const SMS_TEMPLATE_OF: Record<NotificationEvent, SmsTemplate> = {
  'check_in.confirmed': 'check_in_confirmed',
  'check_in.rejected': 'check_in_rejected',
  'check_in.returned': 'check_in_returned',
  'service_request.resolved': 'service_request_resolved',
  'staff.digest': 'staff_digest',
};

/** The WeChat subscription template for a member's event, or undefined when WeChat is off (any setting missing). */
export function wechatTemplateOf(env: AppEnv['Bindings'], event: NotificationEvent): string | undefined {
  if (!env.WECHAT_APP_ID?.trim() || !env.WECHAT_APP_SECRET?.trim()) return undefined;
  const id = event.startsWith('check_in.') ? env.WECHAT_TEMPLATE_CHECK_IN : event === 'service_request.resolved' ? env.WECHAT_TEMPLATE_REQUEST : undefined;
  return id?.trim() || undefined;
}

const RESULT_ZH: Record<string, string> = { confirmed: '已确认', rejected: '未通过', returned: '待补充', resolved: '已办结' };

/**
 * The subscription message's `data`. The approved templates must have these keywords: a
 * `character_string1` (查询码) and a `phrase2` (结果, at most 5 characters), as WeChat's keyword
 * kinds require; choose templates with them, or change this mapping with them.
 */
export const wechatData = (params: Record<string, string>): Record<string, { value: string }> => ({
  character_string1: { value: params.reference ?? '' },
  phrase2: { value: RESULT_ZH[params.status ?? ''] ?? '有更新' },
});
