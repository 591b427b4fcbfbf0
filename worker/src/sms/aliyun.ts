// Aliyun SMS (Dysmsapi 2017-05-25, SendSms), signed with Aliyun's signature V3, `ACS3-HMAC-SHA256`
// in the Authorization header: the method Aliyun documents now for all its OpenAPIs, RPC style
// included ("V3版本请求体&签名机制", https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature;
// its V2 page for RPC APIs says V2 is discontinued). SendSms: POST to `/`, its parameters in the
// query (PhoneNumbers, SignName, TemplateCode, TemplateParam), no body
// (https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms).
import { callVendor, jsonObject, str, VENDOR_TIMEOUT_MS } from './http.ts';
import { hex, hmacSha256, sha256Hex } from '../lib/crypto.ts';
import { NORMALISED_MOBILE, notNormalised, noTemplate, SMS_PARAMS, type SmsOutcome, type SmsSender, type SmsTemplate } from './types.ts';

export const ALIYUN_DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com';
const ACTION = 'SendSms';
const VERSION = '2017-05-25';
const ALGORITHM = 'ACS3-HMAC-SHA256';

/** A random nonce: 32 hex digits. */
const randomNonce = (): string => hex(crypto.getRandomValues(new Uint8Array(16)).buffer);

export type AliyunConfig = {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** The notification templates' codes (SMS_NOTIFY_TEMPLATES); `templateCode` is the verification code's. */
  templates?: Partial<Record<SmsTemplate, string>>;
  /** Scheme and host (a port allowed); the RPC path is always `/`. */
  endpoint: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** For tests: the clock and the nonce. */
  now?: () => Date;
  nonce?: () => string;
};

/**
 * RFC 3986 percent-encoding as the V3 page specifies: A–Z a–z 0–9 - _ . ~ stay, every other UTF-8
 * byte becomes %XX (so a space is %20, `*` is %2A, and `~` is never %7E).
 */
export const percentEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** CanonicalQueryString: parameters sorted by name, name and value percent-encoded, joined by `&`. */
export const canonicalQuery = (params: Record<string, string>): string =>
  Object.keys(params).sort().map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&');

/** ISO 8601 UTC to the second, as `x-acs-date` wants it: 2023-10-26T10:22:32Z. */
export const acsDate = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The Authorization header value. `headers` are the headers to sign (host, content-type if any, and
 * every x-acs-* header), already holding `x-acs-content-sha256` = `hashedPayload`.
 */
export async function acs3Authorization(o: {
  accessKeyId: string; accessKeySecret: string; method: string; canonicalUri: string;
  query: Record<string, string>; headers: Record<string, string>; hashedPayload: string;
}): Promise<string> {
  const entries = Object.entries(o.headers).map(([k, v]) => [k.toLowerCase(), v.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = entries.map(([k]) => k).join(';');
  const canonicalRequest = [
    o.method.toUpperCase(), o.canonicalUri, canonicalQuery(o.query),
    entries.map(([k, v]) => `${k}:${v}\n`).join(''), signedHeaders, o.hashedPayload,
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
  const signature = hex(await hmacSha256(o.accessKeySecret, stringToSign));
  return `${ALGORITHM} Credential=${o.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/**
 * Aliyun's `Code` → our reason. Flow control (per number: 1/min, 5/h, 10/day by default; per
 * account per day; the API gateway's Throttling.*) is `throttled`; a platform-side `isp.*` error
 * may pass and is `unavailable`; anything else (isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL,
 * isv.SMS_TEMPLATE_ILLEGAL, isv.AMOUNT_NOT_ENOUGH, SignatureDoesNotMatch, InvalidAccessKeyId.NotFound…) is `rejected`.
 */
export function aliyunReason(code: string): 'throttled' | 'rejected' | 'unavailable' {
  if (code === 'isv.BUSINESS_LIMIT_CONTROL' || code === 'isv.DAY_LIMIT_CONTROL' || code.startsWith('isv.BUSINESS_LIMIT')
    || code === 'Throttling' || code.startsWith('Throttling.')) return 'throttled';
  if (code.startsWith('isp.') || code === 'ServiceUnavailable' || code === 'InternalError') return 'unavailable';
  return 'rejected';
}

export function aliyunSender(c: AliyunConfig): SmsSender {
  const endpoint = new URL(c.endpoint);
  const doFetch = c.fetch;
  return {
    provider: 'aliyun',
    async send({ mobile, template, params }): Promise<SmsOutcome> {
      if (!NORMALISED_MOBILE.test(mobile)) return notNormalised(mobile);
      const templateCode = template === 'verification_code' ? c.templateCode : c.templates?.[template];
      if (!templateCode) return noTemplate(template);
      const query = {
        PhoneNumbers: mobile, SignName: c.signName, TemplateCode: templateCode,
        TemplateParam: JSON.stringify(Object.fromEntries(SMS_PARAMS[template].map((k) => [k, params[k] ?? '']))),
      };
      const hashedPayload = await sha256Hex(''); // no body: the parameters are in the query
      const headers: Record<string, string> = {
        host: endpoint.host,
        'x-acs-action': ACTION,
        'x-acs-version': VERSION,
        'x-acs-date': acsDate(c.now?.() ?? new Date()),
        'x-acs-signature-nonce': c.nonce?.() ?? randomNonce(),
        'x-acs-content-sha256': hashedPayload,
      };
      const authorization = await acs3Authorization({
        accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, method: 'POST', canonicalUri: '/',
        query, headers, hashedPayload,
      });
      const { host: _host, ...sent } = headers; // fetch sets Host from the URL, the value signed above
      const answer = await callVendor(doFetch, `${endpoint.origin}/?${canonicalQuery(query)}`,
        { method: 'POST', headers: { ...sent, Authorization: authorization } }, c.timeoutMs ?? VENDOR_TIMEOUT_MS);
      if (!answer.ok) return { ok: false, reason: 'unavailable', message: answer.message };
      const body = jsonObject(answer.text);
      const code = str(body?.Code);
      const message = str(body?.Message);
      if (code === 'OK' && answer.status < 300) return { ok: true, providerMessageId: str(body?.BizId) ?? null };
      if (code && aliyunReason(code) === 'throttled') return { ok: false, reason: 'throttled', vendorCode: code, message };
      if (answer.status >= 500 || !code) {
        return { ok: false, reason: 'unavailable', vendorCode: code, message: message ?? `HTTP ${answer.status}, no Code in the answer` };
      }
      return { ok: false, reason: aliyunReason(code), vendorCode: code, message };
    },
  };
}
