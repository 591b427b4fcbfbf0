// The Aliyun and Tencent SMS adapters (worker/src/sms/) against local fakes of the two services
// (./sms-vendor-fakes.ts), which check each request as the real ones do, recomputing the signature
// from the vendors' documented algorithms, and answer as they do. Plus the worked examples that
// the vendors' signature pages give with fixed inputs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../worker/src/env.ts';
import { acs3Authorization, aliyunSender, percentEncode } from '../../worker/src/sms/aliyun.ts';
import { smsSenderFor, type SmsMessage } from '../../worker/src/sms/index.ts';
import { tc3Authorization, tencentSender } from '../../worker/src/sms/tencent.ts';
import {
  aliyunEncode, aliyunSignature, sha256, startAliyunFake, startTencentFake, tencentSignature, type VendorFake,
} from './sms-vendor-fakes.ts';

type Bindings = AppEnv['Bindings'];
const bindings = (over: Partial<Bindings>): Bindings => ({ DB: undefined as unknown as D1Database, ...over });

const message: SmsMessage = { tenantId: 'pizhou', mobile: '13800000001', template: 'verification_code', params: { code: '123456' } };
const SIGN_NAME = '银杏家天下';

/** A port nothing listens on: a connection there is refused. */
async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}

describe('Aliyun SendSms, signature V3 (ACS3-HMAC-SHA256)', () => {
  const account = { accessKeyId: 'LTAI5tTestKeyId0001', accessKeySecret: 'test-secret-aliyun-0001', signName: SIGN_NAME, templateCode: 'SMS_465010001' };
  let fake: VendorFake;
  const env = (over: Partial<Bindings> = {}) => bindings({
    SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: account.accessKeyId, ALIYUN_ACCESS_KEY_SECRET: account.accessKeySecret,
    ALIYUN_SMS_SIGN_NAME: account.signName, ALIYUN_SMS_TEMPLATE_CODE: account.templateCode, ALIYUN_SMS_ENDPOINT: fake.url, ...over,
  });
  beforeAll(async () => { fake = await startAliyunFake(account); });
  afterEach(() => { fake.mode = 'ok'; fake.received.length = 0; });
  afterAll(() => fake.close());

  // The V3 page's worked example: POST RunInstances to ecs.cn-shanghai with two query parameters,
  // no body, fixed date and nonce, AccessKey YourAccessKeyId / YourAccessKeySecret.
  const doc = {
    query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com', 'x-acs-action': 'RunInstances',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-acs-date': '2023-10-26T10:22:32Z', 'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d', 'x-acs-version': '2014-05-26',
    },
    authorization: 'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
  };

  it("reproduces the worked example of Aliyun's V3 signature page, in the adapter and in the fake", async () => {
    expect(await acs3Authorization({
      accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret', method: 'POST', canonicalUri: '/',
      query: doc.query, headers: doc.headers, hashedPayload: doc.headers['x-acs-content-sha256'],
    })).toBe(doc.authorization);
    expect(aliyunSignature({
      secret: 'YourAccessKeySecret', method: 'POST', canonicalUri: '/', query: doc.query, headers: doc.headers,
      signedHeaders: Object.keys(doc.headers), body: '',
    })).toBe(doc.authorization.slice(-64));
    expect(sha256('')).toBe(doc.headers['x-acs-content-sha256']);
  });

  it('percent-encodes as the page says (space %20, * %2A, ~ kept, UTF-8 bytes), like the fake', () => {
    for (const s of [' a!*\'()~-_.', '银杏家天下', '{"code":"123456"}', 'a+b=c&d/e:f']) expect(percentEncode(s)).toBe(aliyunEncode(s));
    expect(percentEncode(' *~')).toBe('%20%2A~');
  });

  it('sends SendSms as documented; the fake verifies the signature and answers OK with a BizId', async () => {
    expect(await smsSenderFor(env()).send(message)).toEqual({ ok: true, providerMessageId: '9006197469364984^0' });
    const [got] = fake.received;
    expect(got!.verdict).toBe('accepted');
    expect(got!.method).toBe('POST');
    expect(got!.query).toEqual({ PhoneNumbers: '13800000001', SignName: SIGN_NAME, TemplateCode: 'SMS_465010001', TemplateParam: '{"code":"123456"}' });
    expect(got!.body).toBe('');
    expect(got!.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(got!.headers['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a wrong secret is refused by the fake (SignatureDoesNotMatch): rejected', async () => {
    const outcome = await smsSenderFor(env({ ALIYUN_ACCESS_KEY_SECRET: 'not-the-secret' })).send(message);
    expect(outcome).toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'SignatureDoesNotMatch' });
    expect(fake.received[0]!.verdict).toBe('SignatureDoesNotMatch');
  });

  it('an unknown AccessKey id is refused (InvalidAccessKeyId.NotFound): rejected', async () => {
    expect(await smsSenderFor(env({ ALIYUN_ACCESS_KEY_ID: 'LTAI5tSomeoneElse' })).send(message))
      .toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'InvalidAccessKeyId.NotFound' });
  });

  it('the fake refuses a stale x-acs-date and a reused nonce, as the gateway does', async () => {
    const base = { ...account, endpoint: fake.url, fetch };
    const stale = aliyunSender({ ...base, now: () => new Date(Date.now() - 16 * 60_000) });
    expect(await stale.send(message)).toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'InvalidTimeStamp.Expired' });
    const sameNonce = aliyunSender({ ...base, nonce: () => 'a-nonce-used-twice' });
    expect(await sameNonce.send(message)).toMatchObject({ ok: true });
    expect(await sameNonce.send(message)).toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'SignatureNonceUsed' });
  });

  it("Aliyun's business refusals: a template or signature not approved is rejected", async () => {
    expect(await smsSenderFor(env({ ALIYUN_SMS_TEMPLATE_CODE: 'SMS_000' })).send(message))
      .toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'isv.SMS_TEMPLATE_ILLEGAL' });
    expect(await smsSenderFor(env({ ALIYUN_SMS_SIGN_NAME: '别的签名' })).send(message))
      .toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'isv.SMS_SIGNATURE_ILLEGAL' });
  });

  it('flow control (isv.BUSINESS_LIMIT_CONTROL, and the API gateway\'s Throttling.User) is throttled', async () => {
    fake.mode = 'throttle';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'throttled', vendorCode: 'isv.BUSINESS_LIMIT_CONTROL' });
    fake.mode = 'api-throttle';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'throttled', vendorCode: 'Throttling.User' });
  });

  it('a 500, an unreadable answer and a refused connection are unavailable', async () => {
    fake.mode = 'error500';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'unavailable' });
    fake.mode = 'unreadable';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(await smsSenderFor(env({ ALIYUN_SMS_ENDPOINT: await closedPortUrl() })).send(message))
      .toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringContaining('network error') });
  });

  it('no answer within 5 s is unavailable', async () => {
    fake.mode = 'hang';
    const started = Date.now();
    const outcome = await smsSenderFor(env()).send(message);
    const waited = Date.now() - started;
    expect(outcome).toEqual({ ok: false, reason: 'unavailable', message: 'no answer within 5 s' });
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(8_000);
    expect(fake.received).toHaveLength(1);
  }, 15_000);

  it('a number that is not 11 normalised digits never reaches Aliyun', async () => {
    expect(await smsSenderFor(env()).send({ ...message, mobile: '+8613800000001' })).toMatchObject({ ok: false, reason: 'rejected' });
    expect(fake.received).toHaveLength(0);
  });
});

describe('Tencent Cloud SendSms 2021-01-11, TC3-HMAC-SHA256', () => {
  const account = { secretId: 'AKIDtestSecretId0001', secretKey: 'test-secret-tencent-0001', sdkAppId: '1400787878', signName: SIGN_NAME, templateId: '1961234' };
  let fake: VendorFake;
  const env = (over: Partial<Bindings> = {}) => bindings({
    SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: account.secretId, TENCENT_SECRET_KEY: account.secretKey,
    TENCENT_SMS_SDK_APP_ID: account.sdkAppId, TENCENT_SMS_SIGN_NAME: account.signName, TENCENT_SMS_TEMPLATE_ID: account.templateId,
    TENCENT_SMS_ENDPOINT: fake.url, ...over,
  });
  beforeAll(async () => { fake = await startTencentFake(account); });
  afterEach(() => { fake.mode = 'ok'; fake.received.length = 0; });
  afterAll(() => fake.close());

  // The Signature v3 page's worked example: DescribeInstances on cvm, timestamp 1551113065
  // (2019-02-25 UTC), SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, content-type and host signed.
  const doc = {
    payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    authorization: 'TC3-HMAC-SHA256 Credential=AKID**********************0123456789EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
  };

  it("reproduces the worked example of Tencent's Signature v3 page, in the adapter and in the fake", async () => {
    expect(sha256(doc.payload)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064'); // the page's HashedRequestPayload
    expect(await tc3Authorization({
      secretId: 'AKID**********************0123456789EXAMPLE', secretKey: doc.secretKey, service: 'cvm',
      timestamp: 1551113065, headers: doc.headers, payload: doc.payload,
    })).toBe(doc.authorization);
    expect(tencentSignature({
      secretKey: doc.secretKey, service: 'cvm', timestamp: 1551113065, method: 'POST', canonicalQuery: '',
      headers: doc.headers, signedHeaders: ['content-type', 'host'], body: doc.payload,
    })).toBe(doc.authorization.slice(-64));
  });

  it('sends SendSms as documented; the fake verifies the signature and answers Ok with a SerialNo', async () => {
    expect(await smsSenderFor(env()).send(message)).toEqual({ ok: true, providerMessageId: '2028:f825e6b16e23f73f4123' });
    const [got] = fake.received;
    expect(got!.verdict).toBe('accepted');
    expect(JSON.parse(got!.body)).toEqual({
      PhoneNumberSet: ['+8613800000001'], SmsSdkAppId: '1400787878', SignName: SIGN_NAME, TemplateId: '1961234', TemplateParamSet: ['123456'],
    });
    expect(got!.headers).toMatchObject({
      'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-region': 'ap-guangzhou', 'content-type': 'application/json; charset=utf-8',
    });
    expect(got!.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDtestSecretId0001\/\d{4}-\d\d-\d\d\/sms\/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=[0-9a-f]{64}$/);
  });

  it('TENCENT_SMS_REGION is sent as X-TC-Region', async () => {
    expect(await smsSenderFor(env({ TENCENT_SMS_REGION: 'ap-nanjing' })).send(message)).toMatchObject({ ok: true });
    expect(fake.received[0]!.headers['x-tc-region']).toBe('ap-nanjing');
  });

  it('a wrong secret is refused by the fake (AuthFailure.SignatureFailure): rejected', async () => {
    expect(await smsSenderFor(env({ TENCENT_SECRET_KEY: 'not-the-secret' })).send(message))
      .toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'AuthFailure.SignatureFailure' });
    expect(fake.received[0]!.verdict).toBe('AuthFailure.SignatureFailure');
  });

  it('a stale timestamp is refused (AuthFailure.SignatureExpire): rejected', async () => {
    const stale = tencentSender({ ...account, region: 'ap-guangzhou', endpoint: fake.url, fetch, now: () => new Date(Date.now() - 6 * 60_000) });
    expect(await stale.send(message)).toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'AuthFailure.SignatureExpire' });
  });

  it("Tencent's business refusals: a template not approved is rejected", async () => {
    expect(await smsSenderFor(env({ TENCENT_SMS_TEMPLATE_ID: '1' })).send(message))
      .toMatchObject({ ok: false, reason: 'rejected', vendorCode: 'FailedOperation.TemplateIncorrectOrUnapproved' });
  });

  it('the per-number limit (LimitExceeded.PhoneNumberOneHourLimit) and RequestLimitExceeded are throttled', async () => {
    fake.mode = 'throttle';
    expect(await smsSenderFor(env()).send(message))
      .toMatchObject({ ok: false, reason: 'throttled', vendorCode: 'LimitExceeded.PhoneNumberOneHourLimit' });
    fake.mode = 'api-throttle';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'throttled', vendorCode: 'RequestLimitExceeded' });
  });

  it('a 502, an unreadable answer and a refused connection are unavailable', async () => {
    fake.mode = 'error500';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'unavailable' });
    fake.mode = 'unreadable';
    expect(await smsSenderFor(env()).send(message)).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(await smsSenderFor(env({ TENCENT_SMS_ENDPOINT: await closedPortUrl() })).send(message))
      .toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringContaining('network error') });
  });

  it('no answer within 5 s is unavailable', async () => {
    fake.mode = 'hang';
    const started = Date.now();
    const outcome = await smsSenderFor(env()).send(message);
    const waited = Date.now() - started;
    expect(outcome).toEqual({ ok: false, reason: 'unavailable', message: 'no answer within 5 s' });
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(8_000);
  }, 15_000);
});

describe('smsSenderFor: configuration fails loudly', () => {
  it('names every missing setting of a half-configured vendor', () => {
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'x', ALIYUN_SMS_SIGN_NAME: ' ' })))
      .toThrow('SMS_PROVIDER is aliyun but ALIYUN_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME, ALIYUN_SMS_TEMPLATE_CODE are not set.');
    expect(() => smsSenderFor(bindings({
      SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'x', TENCENT_SECRET_KEY: 'y', TENCENT_SMS_SIGN_NAME: 's', TENCENT_SMS_TEMPLATE_ID: 't',
    }))).toThrow('SMS_PROVIDER is tencent but TENCENT_SMS_SDK_APP_ID is not set.');
  });

  it('refuses an unknown provider and an endpoint that is no http(s) URL', () => {
    expect(() => smsSenderFor(bindings({ SMS_PROVIDER: 'twilio' }))).toThrow('Unknown SMS_PROVIDER: twilio');
    const tencent = { SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'x', TENCENT_SECRET_KEY: 'y', TENCENT_SMS_SDK_APP_ID: '1', TENCENT_SMS_SIGN_NAME: 's', TENCENT_SMS_TEMPLATE_ID: 't' };
    expect(() => smsSenderFor(bindings({ ...tencent, TENCENT_SMS_ENDPOINT: 'sms.tencentcloudapi.com' }))).toThrow('TENCENT_SMS_ENDPOINT is not a URL');
    expect(() => smsSenderFor(bindings({ ...tencent, TENCENT_SMS_ENDPOINT: 'ftp://x' }))).toThrow('TENCENT_SMS_ENDPOINT must be an http(s) URL');
    expect(smsSenderFor(bindings(tencent)).provider).toBe('tencent');
  });
});
