// The test limits (vitest.config.ts): 50 requests a minute per client address on a publishable
// key, 300 per secret key. Each test uses its own addresses and keys, as the limiter's counts persist.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../schema/index.ts';
import { prepareKey } from '../../worker/src/access/keys.ts';
import { call, db, expectError, PK, seed, withKey } from './helpers.ts';

beforeAll(seed);

/**
 * The limiter counts in windows aligned to the wall clock: a burst that straddles two windows
 * is split between them. Start a burst only with `needMs` of the window left.
 */
async function freshWindow(needMs: number, periodMs = 60_000) {
  const left = periodMs - (Date.now() % periodMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

const cities = (ip: string, key = PK) => call(`/v1/cities?key=${key}`, { headers: { 'CF-Connecting-IP': ip } });

async function newSecretKey(): Promise<string> {
  const { token, row } = await prepareKey({ tenantId: 'pizhou', kind: 'secret', label: 'rate test', role: 'home_admin', mode: 'test' });
  await db().insert(apiKeys).values(row);
  return token;
}

describe('rate limits', { timeout: 90_000 }, () => {
  it('limits one client address on a publishable key, with Retry-After, and not its neighbours', async () => {
    await freshWindow(20_000);
    const statuses: number[] = [];
    for (let i = 0; i < 55; i++) statuses.push((await cities('198.51.100.7')).status);
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    const refused = await cities('198.51.100.7');
    const error = await expectError(refused, 429, 'rate_limited');
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect(error.message).toMatch(/address/);
    expect((await cities('198.51.100.8')).status).toBe(200);
  });

  it('limits a secret key as a whole, whatever address it comes from', async () => {
    const key = await newSecretKey();
    await freshWindow(40_000);
    let first429 = -1;
    for (let i = 0; i < 305 && first429 < 0; i++) {
      const res = await call('/v1/cities', withKey(key, { 'CF-Connecting-IP': `203.0.113.${i % 250}` }));
      if (res.status === 429) first429 = i;
    }
    expect(first429).toBe(300);
    expect((await call('/v1/cities', withKey(await newSecretKey()))).status).toBe(200);
  });

  it('counts a publishable key per visitor address only: busy pages do not use up the key for the others', async () => {
    const { token, row } = await prepareKey({ tenantId: 'pizhou', kind: 'publishable', label: 'portal', allowedOrigins: ['https://portal.example.org'], mode: 'test' });
    await db().insert(apiKeys).values(row);
    await freshWindow(40_000);
    // Six addresses use 300 requests, the whole per-key test limit (KEY_RATE_LIMIT), 50 each.
    const statuses: number[] = [];
    for (let a = 1; a <= 6; a++) for (let i = 0; i < 50; i++) statuses.push((await cities(`198.18.0.${a}`, token)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await expectError(await cities('198.18.0.1', token), 429, 'rate_limited');
    // A seventh visitor still gets in.
    expect((await cities('198.18.0.7', token)).status).toBe(200);
  });

  it('counts an IPv6 visitor by its /64 network', async () => {
    await freshWindow(20_000);
    for (let i = 0; i < 50; i++) expect((await cities(`2001:db8:51:7::${(i + 1).toString(16)}`)).status).toBe(200);
    await expectError(await cities('2001:db8:51:7:ffff:1:2:3'), 429, 'rate_limited');
    expect((await cities('2001:db8:51:8::1')).status).toBe(200);
  });

  it('does not count requests refused for a bad key against anyone', async () => {
    for (let i = 0; i < 60; i++) expect((await cities('192.0.2.1', 'pk_test_unknown')).status).toBe(401);
    expect((await cities('192.0.2.1')).status).toBe(200);
  });
});

