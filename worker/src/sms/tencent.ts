// Tencent Cloud SMS (API 3.0: sms.tencentcloudapi.com, Action SendSms, Version 2021-01-11), signed
// with `TC3-HMAC-SHA256` as Tencent's "签名方法 v3" / "Signature v3" page specifies (the same text
// for every product, e.g. https://cloud.tencent.com/document/api/213/30654 or
// https://www.tencentcloud.com/document/product/1084/39391): canonical request, credential scope
// `date/sms/tc3_request`, the key derived from "TC3" + SecretKey, X-TC-* headers. Numbers go as
// +86…; the answer is `Response.SendStatusSet[0].Code` ("Ok") or `Response.Error`
// (error codes: https://cloud.tencent.com/document/api/382/59177).
import { callVendor, jsonObject, str, VENDOR_TIMEOUT_MS } from './http.ts';
import { hex, hmacSha256, sha256Hex } from '../lib/crypto.ts';
import { NORMALISED_MOBILE, notNormalised, noTemplate, SMS_PARAMS, type SmsOutcome, type SmsSender, type SmsTemplate } from './types.ts';

export const TENCENT_DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';
export const TENCENT_DEFAULT_REGION = 'ap-guangzhou';
const SERVICE = 'sms';
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
const ALGORITHM = 'TC3-HMAC-SHA256';
const CONTENT_TYPE = 'application/json; charset=utf-8';

export type TencentConfig = {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** The notification templates' ids (SMS_NOTIFY_TEMPLATES); `templateId` is the verification code's. */
  templates?: Partial<Record<SmsTemplate, string>>;
  region: string;
  /** Scheme and host (a port allowed); API 3.0's path is always `/`. */
  endpoint: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** For tests: the clock. */
  now?: () => Date;
};

/**
 * The Authorization header value for a request whose signed headers are `headers` (at least
 * content-type and host; names and values are lowercased and trimmed, sorted by name) and whose
 * body is `payload`. The date in the credential scope is the UTC date of `timestamp`.
 */
export async function tc3Authorization(o: {
  secretId: string; secretKey: string; service: string; timestamp: number;
  headers: Record<string, string>; payload: string; method?: string; canonicalQuery?: string;
}): Promise<string> {
  const entries = Object.entries(o.headers).map(([k, v]) => [k.toLowerCase().trim(), v.toLowerCase().trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = entries.map(([k]) => k).join(';');
  const canonicalRequest = [
    o.method ?? 'POST', '/', o.canonicalQuery ?? '',
    entries.map(([k, v]) => `${k}:${v}\n`).join(''), signedHeaders, await sha256Hex(o.payload),
  ].join('\n');
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${o.service}/tc3_request`;
  const stringToSign = `${ALGORITHM}\n${o.timestamp}\n${scope}\n${await sha256Hex(canonicalRequest)}`;
  const secretDate = await hmacSha256(`TC3${o.secretKey}`, date);
  const secretService = await hmacSha256(secretDate, o.service);
  const secretSigning = await hmacSha256(secretService, 'tc3_request');
  const signature = hex(await hmacSha256(secretSigning, stringToSign));
  return `${ALGORITHM} Credential=${o.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/**
 * Tencent's error or send-status code → our reason. Frequency limits (LimitExceeded.PhoneNumber*Limit,
 * DeliveryFrequencyLimit, the daily ones, and the API's RequestLimitExceeded) are `throttled`;
 * InternalError* may pass and is `unavailable`; anything else (AuthFailure.*, FailedOperation.*,
 * InvalidParameterValue.*, UnauthorizedOperation.*, too many numbers in one request…) is `rejected`.
 */
export function tencentReason(code: string): 'throttled' | 'rejected' | 'unavailable' {
  if (code === 'LimitExceeded.PhoneNumberCountLimit') return 'rejected'; // more than 200 numbers in one call
  if (code.startsWith('LimitExceeded.') || code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.')) return 'throttled';
  if (code === 'InternalError' || code.startsWith('InternalError.')) return 'unavailable';
  return 'rejected';
}

export function tencentSender(c: TencentConfig): SmsSender {
  const endpoint = new URL(c.endpoint);
  const doFetch = c.fetch;
  return {
    provider: 'tencent',
    async send({ mobile, template, params }): Promise<SmsOutcome> {
      if (!NORMALISED_MOBILE.test(mobile)) return notNormalised(mobile);
      const templateId = template === 'verification_code' ? c.templateId : c.templates?.[template];
      if (!templateId) return noTemplate(template);
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${mobile}`], SmsSdkAppId: c.sdkAppId, SignName: c.signName,
        TemplateId: templateId, TemplateParamSet: SMS_PARAMS[template].map((k) => params[k] ?? ''),
      });
      const timestamp = Math.floor((c.now?.() ?? new Date()).getTime() / 1000);
      const authorization = await tc3Authorization({
        secretId: c.secretId, secretKey: c.secretKey, service: SERVICE, timestamp, payload,
        // Host is signed as fetch will send it (from the URL); the action is signed too, as the SDKs do.
        headers: { 'content-type': CONTENT_TYPE, host: endpoint.host, 'x-tc-action': ACTION },
      });
      const answer = await callVendor(doFetch, `${endpoint.origin}/`, {
        method: 'POST',
        headers: {
          Authorization: authorization, 'Content-Type': CONTENT_TYPE, 'X-TC-Action': ACTION,
          'X-TC-Timestamp': String(timestamp), 'X-TC-Version': VERSION, 'X-TC-Region': c.region,
        },
        body: payload,
      }, c.timeoutMs ?? VENDOR_TIMEOUT_MS);
      if (!answer.ok) return { ok: false, reason: 'unavailable', message: answer.message };
      const response = jsonObject(answer.text)?.Response;
      const r = response && typeof response === 'object' ? response as Record<string, unknown> : null;
      if (answer.status >= 500 || !r) {
        return { ok: false, reason: 'unavailable', message: `HTTP ${answer.status}, no Response in the answer` };
      }
      const error = r.Error && typeof r.Error === 'object' ? r.Error as Record<string, unknown> : null;
      if (error) {
        const code = str(error.Code) ?? 'unknown';
        return { ok: false, reason: tencentReason(code), vendorCode: code, message: str(error.Message) };
      }
      const first: unknown = Array.isArray(r.SendStatusSet) ? r.SendStatusSet[0] : undefined;
      const status = first && typeof first === 'object' ? first as Record<string, unknown> : null;
      const code = str(status?.Code);
      if (!status || !code) return { ok: false, reason: 'unavailable', message: 'no SendStatusSet in the answer' };
      if (code === 'Ok') return { ok: true, providerMessageId: str(status.SerialNo) ?? null };
      return { ok: false, reason: tencentReason(code), vendorCode: code, message: str(status.Message) };
    },
  };
}
