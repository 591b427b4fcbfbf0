// The SMS sender's contract: what the caller asks for and what it gets back.

/** The messages Ginkgo sends. Each real vendor renders its own approved template from `params`. */
export type SmsTemplate = 'verification_code';

export type SmsMessage = {
  tenantId: string;
  /** 11 digits, normalised (a mainland China mobile, no prefix). */
  mobile: string;
  template: SmsTemplate;
  params: { code: string };
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
