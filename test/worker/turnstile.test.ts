// Turnstile, the optional human verification where Cloudflare's challenge is served: its
// siteverify answered by a local fake that behaves as Cloudflare documents for its test secrets
// (no Turnstile servers here), both on its own and in front of code sending.
import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckInForm } from '../../schema/index.ts';
import { app } from '../../worker/src/app.ts';
import { SITEVERIFY_URL, turnstile } from '../../worker/src/verification/turnstile.ts';
import { freshMobile } from './check-in-helpers.ts';
import { expectError, PK, seed } from './helpers.ts';

beforeAll(seed);
afterEach(() => { vi.unstubAllGlobals(); });

// Cloudflare's documented test secrets: 1x… always passes, 2x… always fails.
const PASS_SECRET = '1x0000000000000000000000000000000AA';
const FAIL_SECRET = '2x0000000000000000000000000000000AA';
const TEST_SITE_KEY = '1x00000000000000000000AA';
const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** Answers siteverify as Cloudflare does for its test secrets, and a token's second redemption as a duplicate. */
function fakeSiteverify() {
  const redeemed = new Set<string>();
  return vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    if (String(url) !== SITEVERIFY_URL) throw new Error(`unexpected fetch ${String(url)}`);
    const { secret, response } = JSON.parse(String(init?.body)) as { secret: string; response: string };
    if (!secret.startsWith('1x')) return Response.json({ success: false, 'error-codes': ['invalid-input-response'] });
    if (redeemed.has(response)) return Response.json({ success: false, 'error-codes': ['timeout-or-duplicate'] });
    redeemed.add(response);
    return Response.json({ success: true, 'error-codes': [], hostname: 'example.com' });
  });
}

describe('the Turnstile verifier', () => {
  it('posts the secret, token and address; passes on success only', async () => {
    const fetch = fakeSiteverify();
    const pass = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch });
    expect(await pass.verify({ proof: DUMMY_TOKEN, remoteIp: '203.0.113.9' })).toEqual({ ok: true });
    expect(JSON.parse(String(fetch.mock.calls[0]![1]!.body))).toMatchObject({ secret: PASS_SECRET, response: DUMMY_TOKEN, remoteip: '203.0.113.9' });
    expect(await pass.verify({ proof: DUMMY_TOKEN, remoteIp: undefined })).toEqual({ ok: false, reason: 'failed', codes: ['timeout-or-duplicate'] });
    const fail = turnstile({ siteKey: TEST_SITE_KEY, secretKey: FAIL_SECRET, fetch });
    expect(await fail.verify({ proof: 'other', remoteIp: undefined })).toEqual({ ok: false, reason: 'failed', codes: ['invalid-input-response'] });
  });

  it('refuses without asking when there is no token; an unreachable or odd siteverify is no pass', async () => {
    const fetch = fakeSiteverify();
    const v = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch });
    expect(await v.verify({ proof: undefined, remoteIp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(fetch).not.toHaveBeenCalled();
    const down = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch: async () => { throw new TypeError('network'); } });
    expect(await down.verify({ proof: DUMMY_TOKEN, remoteIp: undefined })).toMatchObject({ ok: false, reason: 'unavailable' });
    const odd = turnstile({ siteKey: TEST_SITE_KEY, secretKey: PASS_SECRET, fetch: async () => Response.json({ success: 'yes' }) });
    expect(await odd.verify({ proof: DUMMY_TOKEN, remoteIp: undefined })).toMatchObject({ ok: false, reason: 'failed' });
  });
});

describe('code sending with Turnstile configured', () => {
  const withTurnstile = (secret: string) => {
    vi.stubGlobal('fetch', fakeSiteverify());
    const bindings = { ...env, VERIFICATION_PROVIDER: 'turnstile', TURNSTILE_SITE_KEY: TEST_SITE_KEY, TURNSTILE_SECRET_KEY: secret };
    return (path: string, init: RequestInit = {}) => app.request(`http://ginkgo.test${path}`, init, bindings);
  };
  const sendCode = (request: ReturnType<typeof withTurnstile>, humanProof?: string) => request(`/v1/mobile-verifications?key=${PK}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `198.51.100.${Math.floor(Math.random() * 250)}` },
    body: JSON.stringify({ mobile: freshMobile(), humanProof }),
  });

  it('tells the form the provider and site key, and has no proof-of-work challenge', async () => {
    const request = withTurnstile(PASS_SECRET);
    const form = await (await request(`/v1/check-in-form?key=${PK}`)).json<CheckInForm>();
    expect(form.verification).toEqual({ provider: 'turnstile', siteKey: TEST_SITE_KEY });
    await expectError(await request(`/v1/mobile-verifications/challenge?key=${PK}`), 404, 'not_found');
  });

  it('sends a code for a passing token once; a failing, missing or reused token is 403; siteverify down is 503', async () => {
    const request = withTurnstile(PASS_SECRET);
    expect((await sendCode(request, DUMMY_TOKEN)).status).toBe(201);
    await expectError(await sendCode(request, DUMMY_TOKEN), 403, 'verification_failed');
    await expectError(await sendCode(request), 403, 'verification_failed');
    const failing = await expectError(await sendCode(withTurnstile(FAIL_SECRET), 'another'), 403, 'verification_failed');
    expect(failing.details).toEqual({ codes: ['invalid-input-response'] });
    vi.stubGlobal('fetch', async () => { throw new TypeError('network down'); });
    const res = await sendCode(request, 'yet-another');
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
  });
});
