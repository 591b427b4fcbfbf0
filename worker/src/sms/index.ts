// The SMS sender for mobile verification codes, behind one small interface (docs/mobile-verification.md):
// `outbox` (the default: local development and tests, nothing is sent), `aliyun` or `tencent`.
// Settings: wrangler.toml's comment next to [vars]; the secrets go in with `wrangler secret put`.
import type { AppEnv } from '../env.ts';
import { ALIYUN_DEFAULT_ENDPOINT, aliyunSender } from './aliyun.ts';
import { outboxSender } from './outbox.ts';
import { TENCENT_DEFAULT_ENDPOINT, TENCENT_DEFAULT_REGION, tencentSender } from './tencent.ts';
import { DEFAULT_ADDRESSES, type SmsAddresses } from './template.ts';
import { SMS_TEMPLATES, type SmsSender, type SmsTemplate } from './types.ts';

export type { SmsMessage, SmsOutcome, SmsSender, SmsTemplate } from './types.ts';
export { SMS_PARAMS } from './types.ts';
export { renderSms, SMS_TEXTS } from './template.ts';

type Bindings = AppEnv['Bindings'];

/** The named settings, or an Error listing those missing (a half-configured provider never sends). */
function required<K extends keyof Bindings>(env: Bindings, provider: string, names: K[]): { [P in K]: string } {
  const missing = names.filter((n) => typeof env[n] !== 'string' || !(env[n] as string).trim());
  if (missing.length) throw new Error(`SMS_PROVIDER is ${provider} but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.`);
  return Object.fromEntries(names.map((n) => [n, (env[n] as string).trim()])) as { [P in K]: string };
}

/**
 * The notification templates' vendor codes/ids: SMS_NOTIFY_TEMPLATES, a JSON object (or a wrangler
 * var table) from template name to code, e.g. {"check_in_confirmed":"SMS_465010002"}. Unknown names
 * and empty values are left out; a template left out is off (nothing is written for it).
 */
export function notifyTemplates(env: Bindings): Partial<Record<SmsTemplate, string>> {
  let raw: unknown = env.SMS_NOTIFY_TEMPLATES;
  if (typeof raw === 'string') {
    try { raw = raw.trim() ? JSON.parse(raw) : {}; } catch { throw new Error('SMS_NOTIFY_TEMPLATES is not JSON.'); }
  }
  if (!raw || typeof raw !== 'object') return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>)
    .filter(([k, v]) => (SMS_TEMPLATES as readonly string[]).includes(k) && k !== 'verification_code' && typeof v === 'string' && v.trim())
    .map(([k, v]) => [k, (v as string).trim()]));
}

/** Whether a notification by this template can be sent: always with the outbox, else with its approved template configured. */
export function smsTemplateOn(env: Bindings, template: SmsTemplate): boolean {
  const provider = (env.SMS_PROVIDER ?? '').trim() || 'outbox';
  return provider === 'outbox' || Boolean(notifyTemplates(env)[template]);
}

/** The fixed addresses the messages name (configured; the vendors' approved texts spell the same). */
export const smsAddresses = (env: Bindings): SmsAddresses => ({
  status: env.NOTIFY_STATUS_ADDRESS?.trim() || DEFAULT_ADDRESSES.status,
  console: env.NOTIFY_CONSOLE_ADDRESS?.trim() || DEFAULT_ADDRESSES.console,
  letter: env.LETTER_ADDRESS?.trim() || DEFAULT_ADDRESSES.letter,
});

/** An http(s) origin for a vendor endpoint setting, or an Error naming the setting. */
function endpointOf(name: string, value: string | undefined, fallback: string): string {
  const raw = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL: ${raw}`);
  return url.origin;
}

/**
 * The sender `env` configures (`SMS_PROVIDER`: `outbox` when unset, `aliyun` or `tencent`). An
 * unknown or half-configured provider throws here, loudly, instead of pretending to send.
 * `fetcher` reaches the vendor (tests inject one; the default is the runtime's fetch).
 */
export function smsSenderFor(env: Bindings, fetcher?: typeof fetch): SmsSender {
  // Called as a plain function, never as a method of another object: Workers' fetch refuses a foreign `this`.
  const doFetch: typeof fetch = fetcher ?? ((input, init) => fetch(input, init));
  const provider = (env.SMS_PROVIDER ?? '').trim() || 'outbox';
  switch (provider) {
    case 'outbox':
      return outboxSender(env.DB, smsAddresses(env));
    case 'aliyun': {
      const s = required(env, provider, ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE']);
      return aliyunSender({
        accessKeyId: s.ALIYUN_ACCESS_KEY_ID, accessKeySecret: s.ALIYUN_ACCESS_KEY_SECRET,
        signName: s.ALIYUN_SMS_SIGN_NAME, templateCode: s.ALIYUN_SMS_TEMPLATE_CODE, templates: notifyTemplates(env),
        endpoint: endpointOf('ALIYUN_SMS_ENDPOINT', env.ALIYUN_SMS_ENDPOINT, ALIYUN_DEFAULT_ENDPOINT), fetch: doFetch,
      });
    }
    case 'tencent': {
      const s = required(env, provider, ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_ID']);
      return tencentSender({
        secretId: s.TENCENT_SECRET_ID, secretKey: s.TENCENT_SECRET_KEY, sdkAppId: s.TENCENT_SMS_SDK_APP_ID,
        signName: s.TENCENT_SMS_SIGN_NAME, templateId: s.TENCENT_SMS_TEMPLATE_ID, templates: notifyTemplates(env),
        region: env.TENCENT_SMS_REGION?.trim() || TENCENT_DEFAULT_REGION,
        endpoint: endpointOf('TENCENT_SMS_ENDPOINT', env.TENCENT_SMS_ENDPOINT, TENCENT_DEFAULT_ENDPOINT), fetch: doFetch,
      });
    }
    default:
      throw new Error(`Unknown SMS_PROVIDER: ${provider} (use outbox, aliyun or tencent).`);
  }
}
