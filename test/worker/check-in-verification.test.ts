// Human verification (none, Turnstile with outbound fetch mocked: no Turnstile servers here) and
// the per-number rate limit.
import { env } from 'cloudflare:test';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkIns, members, type CheckInForm } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { SITEVERIFY_URL, turnstile } from '../../worker/src/verification/turnstile.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { db, expectError, PK, seed } from './helpers.ts';

beforeAll(seed);
afterEach(() => { vi.unstubAllGlobals(); });

// Cloudflare's documented test secrets: 1x… always passes, 2x… always fails.
const PASS_SECRET = '1x0000000000000000000000000000000AA';
const FAIL_SECRET = '2x0000000000000000000000000000000AA';
const TEST_SITE_KEY = '1x00000000000000000000AA';
const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** Answers siteverify as Cloudflare does for its test secrets; records what was sent. */
function fakeSiteverify() {
  return vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    if (String(url) !== SITEVERIFY_URL) throw new Error(`unexpected fetch ${String(url)}`);
    const { secret } = JSON.parse(String(init?.body)) as { secret: string };
    return secret.startsWith('1x')
      ? Response.json({ success: true, 'error-codes': [], hostname: 'example.com' })
      : Response.json({ success: false, 'error-codes': ['invalid-input-response'] });
  });
}

describe('the Turnstile verifier', () => {
  it('posts the secret, token, address and a UUID idempotency key; passes on success only', async () => {
    const fetch = fakeSiteverify();
    const pass = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch });
    expect(await pass.verify({ token: DUMMY_TOKEN, remoteIp: '203.0.113.9', idempotencyKey: 'pizhou:key:abc' })).toEqual({ ok: true });
    const sent = JSON.parse(String(fetch.mock.calls[0]![1]!.body));
    expect(sent).toMatchObject({ secret: PASS_SECRET, response: DUMMY_TOKEN, remoteip: '203.0.113.9' });
    expect(sent.idempotency_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const fail = turnstile({ siteKey: TEST_SITE_KEY, secretKey: FAIL_SECRET, fetch });
    expect(await fail.verify({ token: DUMMY_TOKEN, remoteIp: undefined, idempotencyKey: 'k' }))
      .toEqual({ ok: false, reason: 'failed', codes: ['invalid-input-response'] });
  });

  it('refuses without asking when there is no token; an unreachable or odd siteverify is no pass', async () => {
    const fetch = fakeSiteverify();
    const v = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch });
    expect(await v.verify({ token: undefined, remoteIp: undefined, idempotencyKey: 'k' })).toEqual({ ok: false, reason: 'missing' });
    expect(fetch).not.toHaveBeenCalled();
    const down = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch: async () => { throw new TypeError('network'); } });
    expect(await down.verify({ token: DUMMY_TOKEN, remoteIp: undefined, idempotencyKey: 'k' })).toMatchObject({ ok: false, reason: 'unavailable' });
    const odd = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch: async () => Response.json({ success: 'yes' }) });
    expect(await odd.verify({ token: DUMMY_TOKEN, remoteIp: undefined, idempotencyKey: 'k' })).toMatchObject({ ok: false, reason: 'failed' });
  });
});

describe('check-ins with Turnstile configured', () => {
  /** The worker with Turnstile configured, its outbound fetch answered by `fakeSiteverify`. */
  const withTurnstile = (secret: string) => {
    const siteverify = fakeSiteverify();
    vi.stubGlobal('fetch', siteverify);
    const bindings = { ...env, VERIFICATION_PROVIDER: 'turnstile', TURNSTILE_SITE_KEY: TEST_SITE_KEY, TURNSTILE_SECRET_KEY: secret };
    const request = (path: string, init: RequestInit = {}) => app.request(`http://ginkgo.test${path}`, init, bindings);
    const send = (body: unknown, idempotencyKey = crypto.randomUUID()) => request(`/v1/check-ins?key=${PK}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey, 'CF-Connecting-IP': '198.51.100.20' },
      body: JSON.stringify(body),
    });
    return { siteverify, request, send };
  };
  const checkInCount = async () => (await db().select({ n: count() }).from(checkIns))[0]!.n;

  it('tells the form the provider and site key', async () => {
    const { request } = withTurnstile(PASS_SECRET);
    const form = await (await request(`/v1/check-in-form?key=${PK}`)).json<CheckInForm>();
    expect(form.verification).toEqual({ provider: 'turnstile', siteKey: TEST_SITE_KEY });
  });

  it('checks in with a passing token; a replay does not redeem the token again', async () => {
    const { send, siteverify } = withTurnstile(PASS_SECRET);
    const s = submission({ verificationToken: DUMMY_TOKEN });
    const key = crypto.randomUUID();
    expect((await send(s, key)).status).toBe(201);
    expect((await send(s, key)).headers.get('Idempotent-Replayed')).toBe('true');
    expect(siteverify).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(siteverify.mock.calls[0]![1]!.body)).remoteip).toBe('198.51.100.20');
  });

  it('refuses (403 verification_failed) a failing or missing token, and writes nothing', async () => {
    const before = await checkInCount();
    const failing = withTurnstile(FAIL_SECRET);
    const error = await expectError(await failing.send(submission({ verificationToken: DUMMY_TOKEN })), 403, 'verification_failed');
    expect(error.details).toEqual({ codes: ['invalid-input-response'] });
    const passing = withTurnstile(PASS_SECRET);
    await expectError(await passing.send(submission()), 403, 'verification_failed');
    expect(passing.siteverify).not.toHaveBeenCalled();
    expect(await checkInCount()).toBe(before);
  });

  it('answers 503 when siteverify cannot be reached', async () => {
    const { send } = withTurnstile(PASS_SECRET);
    vi.stubGlobal('fetch', async () => { throw new TypeError('network down'); });
    const res = await send(submission({ verificationToken: DUMMY_TOKEN }));
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
  });
});

describe('rate limit per mobile number', { timeout: 90_000 }, () => {
  it('allows 5 check-ins a minute for one number, whatever keys and addresses send them', async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
    const mobile = freshMobile();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await submit(submission({ mobile }))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const refused = await submit(submission({ mobile }));
    const error = await expectError(refused, 429, 'rate_limited');
    expect(error.message).toMatch(/mobile number/);
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect((await db().select().from(members).where(eq(members.mobile, mobile)))).toHaveLength(1);
    expect((await submit(submission())).status).toBe(201); // another number is unaffected
  });
});
