// Mobile verification by SMS code: the proof-of-work challenge, sending a code (limits first,
// nothing spent when refused), checking it, and the proof a check-in carries.
import { env } from 'cloudflare:test';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkIns, MOBILE_CODE, mobileVerifications, smsOutbox, spentChallenges,
  type CheckInReceipt, type MobileProof, type MobileVerificationSent,
} from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { hmacHex } from '../../worker/src/lib/crypto.ts';
import { mobileHash, signMobileProofForHash } from '../../worker/src/verification/mobile-proof.ts';
import { derivedSecret } from '../../worker/src/verification/secrets.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, seed, SK } from './helpers.ts';
import { codeSentTo, humanProof, postJson } from './mobile-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

beforeAll(seed);

const json = postJson;
const anyIp = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
const send = async (mobile: string, proof?: string, ip = anyIp()) =>
  call(`/v1/mobile-verifications?key=${PK}`, json({ mobile, humanProof: proof ?? await humanProof() }, { 'CF-Connecting-IP': ip }));
const check = (id: string, code: string) => call(`/v1/mobile-verifications/${id}/check?key=${PK}`, json({ code }));

const codesFor = async (mobile: string) => (await db().select({ n: count() }).from(mobileVerifications)
  .where(eq(mobileVerifications.mobileHash, await mobileHash(env, 'pizhou', mobile))))[0]!.n;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sending and checking a code', () => {
  it('solves the challenge, sends a 6-digit code to the outbox, and trades the right code for a proof that checks in', async () => {
    const mobile = freshMobile();
    const res = await send(`+86 ${mobile.slice(0, 3)} ${mobile.slice(3)}`);
    expect(res.status).toBe(201);
    const sent = await res.json<MobileVerificationSent>();
    expect(sent).toMatchObject({ codeLength: 6 });
    expect(sent.expiresAt - Date.now()).toBeGreaterThan(290_000);
    expect(sent.resendAt - Date.now()).toBeGreaterThan(55_000);
    const code = await codeSentTo(mobile);
    expect(code).toMatch(/^\d{6}$/);
    // Only hashes are stored: neither the number nor the code is in the row.
    const [row] = await db().select().from(mobileVerifications).where(eq(mobileVerifications.id, sent.id));
    expect(JSON.stringify(row)).not.toContain(mobile);
    expect(JSON.stringify(row)).not.toContain(code);

    const miss = await expectError(await check(sent.id, wrong(code)), 400, 'code_incorrect');
    expect(miss.details).toEqual({ attemptsLeft: 4 });
    const ok = await check(sent.id, code);
    expect(ok.status).toBe(200);
    const { mobileProof, expiresAt } = await ok.json<MobileProof>();
    expect(expiresAt - Date.now()).toBeGreaterThan(23 * 3600_000);
    // A retry after a lost answer gets a proof again.
    expect((await check(sent.id, code)).status).toBe(200);

    const s = submission({ mobile });
    const created = await submit({ ...s, mobileProof });
    expect(created.status).toBe(201);
    const receipt = await created.json<CheckInReceipt>();
    const [stored] = await db().select().from(checkIns).where(eq(checkIns.reference, receipt.reference));
    expect(stored!.mobileVerified).toBe(true);
    // The status lookup takes the proof instead of the last four digits.
    const lookup = await call(`/v1/check-ins/status?reference=${receipt.reference}&mobileProof=${encodeURIComponent(mobileProof)}&key=${PK}`);
    expect(lookup.status).toBe(200);
    const otherProof = (await signMobileProofForHash(env, 'pizhou', await mobileHash(env, 'pizhou', freshMobile()))).mobileProof;
    await expectError(await call(`/v1/check-ins/status?reference=${receipt.reference}&mobileProof=${encodeURIComponent(otherProof)}&key=${PK}`), 404, 'not_found');
  });

  it('locks a code after five wrong attempts, even for the right code, and expires it after five minutes', async () => {
    const mobile = freshMobile();
    const sent = await (await send(mobile)).json<MobileVerificationSent>();
    const code = await codeSentTo(mobile);
    const left: unknown[] = [];
    for (let i = 0; i < 4; i++) left.push((await expectError(await check(sent.id, wrong(code)), 400, 'code_incorrect')).details);
    expect(left).toEqual([{ attemptsLeft: 4 }, { attemptsLeft: 3 }, { attemptsLeft: 2 }, { attemptsLeft: 1 }]);
    await expectError(await check(sent.id, wrong(code)), 400, 'code_exhausted');
    await expectError(await check(sent.id, code), 400, 'code_exhausted');

    const other = freshMobile();
    const late = await (await send(other)).json<MobileVerificationSent>();
    // Five minutes pass.
    await db().update(mobileVerifications).set({ expiresAt: Date.now() - 1 }).where(eq(mobileVerifications.id, late.id));
    await expectError(await check(late.id, await codeSentTo(other)), 400, 'code_expired');
    await expectError(await check('mv_unknown', '123456'), 404, 'not_found');
    await expectError(await check(sent.id, '12345'), 400, 'validation_failed');
  });

  it('counts parallel guesses: no more than five checks of one code get an answer other than exhausted', async () => {
    const mobile = freshMobile();
    const sent = await (await send(mobile)).json<MobileVerificationSent>();
    const code = await codeSentTo(mobile);
    const codes = (await Promise.all(Array.from({ length: 12 }, () => check(sent.id, wrong(code)).then((r) => r.json<{ error: { code: string } }>()))))
      .map((b) => b.error.code);
    expect(codes.filter((c) => c === 'code_incorrect')).toHaveLength(4);
    expect(codes.filter((c) => c === 'code_exhausted')).toHaveLength(8);
  });
});

describe('human verification before a code is sent', () => {
  it('refuses a missing, forged or reused proof (403) and sends nothing', async () => {
    const mobile = freshMobile();
    const before = (await db().select({ n: count() }).from(smsOutbox))[0]!.n;
    await expectError(await call(`/v1/mobile-verifications?key=${PK}`, json({ mobile })), 403, 'verification_failed');
    const proof = await humanProof();
    const forged = JSON.parse(atob(proof));
    forged.challenge.parameters.keyPrefix = '';
    await expectError(await send(mobile, btoa(JSON.stringify(forged))), 403, 'verification_failed');
    await expectError(await send(mobile, 'not base64 json'), 403, 'verification_failed');
    expect((await send(mobile, proof)).status).toBe(201);
    // The same solved challenge again, for another number: spent.
    const reused = await expectError(await send(freshMobile(), proof), 403, 'verification_failed');
    expect(reused.message).toMatch(/already used/);
    expect((await db().select({ n: count() }).from(smsOutbox))[0]!.n).toBe(before + 1);
  });

  it('checks the limits before spending the proof', async () => {
    const mobile = freshMobile();
    expect((await send(mobile)).status).toBe(201);
    const proof = await humanProof();
    const refused = await send(mobile, proof);
    const error = await expectError(refused, 429, 'rate_limited');
    expect(error.details).toMatchObject({ limit: 'number_minute' });
    // Not spent: it still works for another number.
    expect((await send(freshMobile(), proof)).status).toBe(201);
    expect((await db().select({ n: count() }).from(spentChallenges))[0]!.n).toBeGreaterThan(0);
  });
});

describe('limits: as strict as the SMS vendors\' own (one a minute, five an hour, ten a day per number)', () => {
  /** Codes sent to `mobile` (or from `ip`) at these ages, as if the member had asked before. */
  async function history(ages: number[], o: { mobile?: string; ip?: string }) {
    const number = await mobileHash(env, 'pizhou', o.mobile ?? freshMobile());
    const client = o.ip ? await hmacHex(await derivedSecret(env, 'client-hash'), `pizhou:${o.ip}`) : null;
    for (const age of ages) {
      await db().insert(mobileVerifications).values({
        id: `mv_${crypto.randomUUID().slice(0, 18)}`, tenantId: 'pizhou', mobileHash: number, codeHash: 'x', keyId: 'key_demo_pk',
        clientHash: client, createdAt: Date.now() - age, expiresAt: Date.now() - age + 300_000,
      });
    }
  }
  const minutes = (...m: number[]) => m.map((x) => x * 60_000);

  it('one a minute: says when to try again, with Retry-After', async () => {
    const mobile = freshMobile();
    await history([20_000], { mobile });
    const res = await send(mobile);
    const error = await expectError(res, 429, 'rate_limited');
    expect(error.details).toMatchObject({ limit: 'number_minute' });
    const wait = (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThan(35);
    expect(wait).toBeLessThanOrEqual(40);
    expect(res.headers.get('Retry-After')).toBe(String(wait));
  });

  it('five an hour, ten a day', async () => {
    const hourly = freshMobile();
    await history(minutes(5, 15, 25, 35, 45), { mobile: hourly });
    const perHour = await expectError(await send(hourly), 429, 'rate_limited');
    expect(perHour.details).toMatchObject({ limit: 'number_hour', retryAfterSeconds: 15 * 60 });
    const daily = freshMobile();
    await history(minutes(70, 120, 180, 240, 300, 360, 420, 480, 540, 600), { mobile: daily });
    const perDay = await expectError(await send(daily), 429, 'rate_limited');
    expect(perDay.details).toMatchObject({ limit: 'number_day' });
    const fine = freshMobile();
    await history(minutes(70, 120, 180, 240), { mobile: fine });
    expect((await send(fine)).status).toBe(201);
  });

  it('per client address: ten an hour, twenty a day, whatever the numbers', async () => {
    await history(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), { ip: '203.0.113.50' });
    const error = await expectError(await send(freshMobile(), undefined, '203.0.113.50'), 429, 'rate_limited');
    expect(error.details).toMatchObject({ limit: 'address' });
    expect((await send(freshMobile(), undefined, '203.0.113.51')).status).toBe(201);
  });

  it('three a day for one number from one address: locking a number out takes several addresses', async () => {
    const mobile = freshMobile();
    await history(minutes(120, 180, 240), { mobile, ip: '203.0.113.60' });
    const error = await expectError(await send(mobile, undefined, '203.0.113.60'), 429, 'rate_limited');
    expect(error.details).toMatchObject({ limit: 'address' });
    expect((await send(mobile, undefined, '203.0.113.61')).status).toBe(201);
  });

  it('sends racing from one address cannot pass its limit together', async () => {
    const proofs = await Promise.all(Array.from({ length: 13 }, () => humanProof()));
    const statuses = (await Promise.all(proofs.map((p) => send(freshMobile(), p, '203.0.113.70')))).map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(MOBILE_CODE.perAddressPerHour);
    expect(statuses.filter((x) => x === 429)).toHaveLength(3);
  });

  it('requests without a solved challenge do not count against the key-wide cap', async () => {
    // The test cap is 120 a minute per key (vitest.config.ts).
    for (let i = 0; i < 125; i++) await expectError(await send(freshMobile(), 'not a proof'), 403, 'verification_failed');
    expect((await send(freshMobile())).status).toBe(201);
  });

  it('two sends for one number at once: one code', async () => {
    const mobile = freshMobile();
    const [a, b] = await Promise.all([humanProof(), humanProof()]);
    const statuses = (await Promise.all([send(mobile, a), send(mobile, b)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 429]);
    expect(await codesFor(mobile)).toBe(1);
  });

  it('an SMS that could not be sent is a 503 and does not count against the member', async () => {
    const mobile = freshMobile();
    // Aliyun configured, its endpoint unreachable.
    const bindings = {
      ...env, SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret', ALIYUN_SMS_SIGN_NAME: '银杏家天下',
      ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1', ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:9',
    };
    const res = await app.request(`http://ginkgo.test/v1/mobile-verifications?key=${PK}`,
      json({ mobile, humanProof: await humanProof() }, { 'CF-Connecting-IP': '198.51.100.99' }), bindings);
    await expectError(res, 503, 'sms_unavailable');
    expect(await codesFor(mobile)).toBe(0);
  });
});

describe('what a check-in needs', () => {
  it('the form\'s check-in (publishable key) is refused without a live proof for its own number, and nothing is stored', async () => {
    const total = async () => (await db().select({ n: count() }).from(checkIns))[0]!.n;
    const before = await total();
    const s = submission();
    await expectError(await submit({ ...s, mobileProof: undefined }), 403, 'mobile_unverified');
    const forAnother = (await signMobileProofForHash(env, 'pizhou', await mobileHash(env, 'pizhou', freshMobile()))).mobileProof;
    await expectError(await submit({ ...s, mobileProof: forAnother }), 403, 'mobile_unverified');
    const expired = (await signMobileProofForHash(env, 'pizhou', await mobileHash(env, 'pizhou', s.mobile), Date.now() - 25 * 3600_000)).mobileProof;
    await expectError(await submit({ ...s, mobileProof: expired }), 403, 'mobile_unverified');
    const [body, sig] = forAnother.split('.');
    await expectError(await submit({ ...s, mobileProof: `${body}.${sig!.replace(/.$/, (ch) => (ch === '0' ? '1' : '0'))}` }), 403, 'mobile_unverified');
    expect(await total()).toBe(before);
    // A staff key may send an unverified check-in (recorded as such).
    const res = await submit(s, { key: SK });
    expect(res.status).toBe(201);
    const [row] = await db().select().from(checkIns).where(and(eq(checkIns.reference, (await res.json<CheckInReceipt>()).reference)));
    expect(row!.mobileVerified).toBe(false);
  });

  it('the challenge is 404 where human verification is not ALTCHA', async () => {
    const res = await app.request(`http://ginkgo.test/v1/mobile-verifications/challenge?key=${PK}`, {}, { ...env, VERIFICATION_PROVIDER: 'none' });
    await expectError(res, 404, 'not_found');
    expect(MOBILE_CODE.perNumberPerHour).toBe(5);
  });
});

describe('an IPv6 client is one address per /64', () => {
  it('counts codes from addresses of one /64 together', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) statuses.push((await send(freshMobile(), undefined, `2001:db8:77:1::${i.toString(16)}`)).status);
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    expect((await send(freshMobile(), undefined, '2001:db8:77:2::1')).status).toBe(201);
  });
});
