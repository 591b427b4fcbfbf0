// The local SMS provider (outbox) in the Workers runtime with a real local D1, and the choice of
// provider from the environment (wrangler.toml's [vars]).
import { env } from 'cloudflare:test';
import { desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { smsOutbox } from '../../schema/tables.ts';
import { database } from '../../worker/src/db.ts';
import type { AppEnv } from '../../worker/src/env.ts';
import { smsSenderFor } from '../../worker/src/sms/index.ts';

type Bindings = AppEnv['Bindings'];
const bindings = (over: Partial<Bindings> = {}): Bindings => ({ ...(env as unknown as Bindings), ...over });
const TEXT = '【银杏家天下】您的验证码为654321，5分钟内有效。如非本人操作，请忽略本短信。';

afterEach(() => { vi.restoreAllMocks(); });

describe('the outbox sender', () => {
  it("is wrangler.toml's provider for local development and tests", () => {
    expect((env as unknown as Bindings).SMS_PROVIDER).toBe('outbox');
    expect(smsSenderFor(bindings()).provider).toBe('outbox');
    expect(smsSenderFor(bindings({ SMS_PROVIDER: undefined })).provider).toBe('outbox');
  });

  it('stores the rendered message in sms_outbox and prints one smsOutbox JSON line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const before = Date.now();
    const outcome = await smsSenderFor(bindings()).send({ tenantId: 'pizhou', mobile: '13800000001', template: 'verification_code', params: { code: '654321' } });

    const [row] = await database(env.DB).select().from(smsOutbox).where(eq(smsOutbox.mobile, '13800000001')).orderBy(desc(smsOutbox.id)).limit(1);
    expect(row).toMatchObject({ tenantId: 'pizhou', mobile: '13800000001', template: 'verification_code', params: { code: '654321' }, text: TEXT });
    expect(row!.createdAt).toBeGreaterThanOrEqual(before);
    expect(outcome).toEqual({ ok: true, providerMessageId: `outbox-${row!.id}` });

    const lines = log.mock.calls.map((args) => String(args[0])).filter((l) => l.startsWith('{"smsOutbox"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      smsOutbox: { tenantId: 'pizhou', to: '13800000001', template: 'verification_code', params: { code: '654321' }, text: TEXT, at: row!.createdAt },
    });
  });

  it('refuses a number that is not 11 normalised digits, storing and printing nothing', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const outcome = await smsSenderFor(bindings()).send({ tenantId: 'pizhou', mobile: '138 0000 0002', template: 'verification_code', params: { code: '111111' } });
    expect(outcome).toMatchObject({ ok: false, reason: 'rejected' });
    expect(await database(env.DB).select().from(smsOutbox).where(eq(smsOutbox.mobile, '138 0000 0002'))).toEqual([]);
    expect(log).not.toHaveBeenCalled();
  });
});

describe('smsSenderFor fails loudly', () => {
  it('throws for SMS_PROVIDER=aliyun without its keys, naming them', () => {
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'aliyun' })))
      .toThrow('SMS_PROVIDER is aliyun but ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME, ALIYUN_SMS_TEMPLATE_CODE are not set.');
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'LTAI5t', ALIYUN_SMS_SIGN_NAME: '银杏家天下', ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1' })))
      .toThrow('SMS_PROVIDER is aliyun but ALIYUN_ACCESS_KEY_SECRET is not set.');
  });

  it('throws for SMS_PROVIDER=tencent without its keys', () => {
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'AKID' }))).toThrow(/^SMS_PROVIDER is tencent but TENCENT_SECRET_KEY, /);
  });

  it('throws for an unknown provider', () => {
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'aliyun-sms' }))).toThrow('Unknown SMS_PROVIDER: aliyun-sms (use outbox, aliyun or tencent).');
  });
});
