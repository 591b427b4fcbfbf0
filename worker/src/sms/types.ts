// The SMS sender's contract: what the caller asks for and what it gets back.

/**
 * The messages Ginkgo sends. Each real vendor renders its own approved template from `params`:
 * the code's template is ALIYUN_SMS_TEMPLATE_CODE / TENCENT_SMS_TEMPLATE_ID, the notifications'
 * are SMS_NOTIFY_TEMPLATES (docs/notifications.md).
 */
export const SMS_TEMPLATES = [
  'verification_code', 'check_in_confirmed', 'check_in_rejected', 'check_in_returned', 'service_request_resolved', 'staff_digest',
  'campaign_letter', 'campaign_reminder',
] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

/** Each template's variables, in the order Tencent's TemplateParamSet fills {1}, {2}…; Aliyun takes them by name. */
export const SMS_PARAMS = {
  verification_code: ['code'],
  check_in_confirmed: ['reference'],
  check_in_rejected: ['reference'],
  check_in_returned: ['reference'],
  service_request_resolved: ['reference'],
  staff_digest: ['checkIns', 'requests'],
  campaign_letter: ['code'],
  campaign_reminder: ['code'],
} as const satisfies Record<SmsTemplate, readonly string[]>;

export type SmsMessage = {
  tenantId: string;
  /** 11 digits, normalised (a mainland China mobile, no prefix). */
  mobile: string;
  template: SmsTemplate;
  params: Record<string, string>;
};

/**
 * `throttled`: the vendor's own frequency limit for this number or account was hit.
 * `rejected`: the vendor refused this message for good (bad number, template, signature, keys, config).
 * `unavailable`: network error, timeout, 5xx or an answer that could not be read; the caller may retry later.
 */
export type SmsOutcome =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; reason: 'throttled' | 'rejected' | 'unavailable'; vendorCode?: string; message?: string };

export interface SmsSender {
  readonly provider: 'outbox' | 'aliyun' | 'tencent';
  send(message: SmsMessage): Promise<SmsOutcome>;
}

/** A normalised mainland mobile: what every sender accepts (others are refused before any call). */
export const NORMALISED_MOBILE = /^1\d{10}$/;

export const notNormalised = (mobile: string): SmsOutcome =>
  ({ ok: false, reason: 'rejected', message: `not a normalised 11-digit mainland mobile: ${mobile.slice(0, 3)}…` });

export const noTemplate = (template: SmsTemplate): SmsOutcome =>
  ({ ok: false, reason: 'rejected', message: `no approved template configured for ${template} (SMS_NOTIFY_TEMPLATES)` });
