import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Branch, BranchPage, NearbyBranch } from '../../schema/index.ts';
import { call, expectError, PK, seed, SK, withKey } from './helpers.ts';

beforeAll(seed);

const CHANGZHOU = { lat: 31.78, lng: 119.95 };
const near = (query: string, init?: RequestInit) => call(`/v1/branches/near?${query}`, init);

describe('GET /v1/branches/near', () => {
  it('lists the Changzhou branches first, nearest first, with distances', async () => {
    const res = await near(`lat=${CHANGZHOU.lat}&lng=${CHANGZHOU.lng}&limit=5&key=${PK}`);
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: NearbyBranch[] }>();
    expect(data).toHaveLength(5);
    expect(data.slice(0, 3).map((b) => b.city.name.en)).toEqual(['Changzhou', 'Changzhou', 'Changzhou']);
    const distances = data.map((b) => b.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeLessThan(5_000);
  });

  it('gives what a visitor needs and no personal data', async () => {
    const res = await near(`lat=31.73&lng=120.0&limit=1&key=${PK}`);
    const [branch] = (await res.json<{ data: NearbyBranch[] }>()).data;
    expect(branch).toMatchObject({
      id: 'br_cz_lingjiatang',
      name: { zh: '凌家塘市场流动党员党支部', en: 'Lingjiatang Market Branch' },
      committee: { id: 'cm_changzhou' },
      meetingTimes: { zh: expect.any(String), en: expect.any(String) },
      officePhone: '0519-86300000',
      membersServed: 80, // 86 members, rounded down to tens
    });
    const text = JSON.stringify(branch);
    expect(text).not.toMatch(/1380000\d{4}|member_count|memberCount|张伟/);
  });

  it('reports the D1 work it did', async () => {
    const res = await near(`lat=31.73&lng=120.0&limit=1&key=${PK}`);
    expect(res.headers.get('Server-Timing')).toMatch(/d1;desc="queries=\d+ rows_read=\d+"/);
  });

  it('refuses bad coordinates with a 400 that names each field, and changes nothing', async () => {
    const error = await expectError(await near(`lat=91&lng=abc&key=${PK}`), 400, 'validation_failed');
    expect(error.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'lat' }), expect.objectContaining({ path: 'lng' }),
    ]));
    await expectError(await near(`lat=31&lng=120&limit=500&key=${PK}`), 400, 'validation_failed');
  });
});

describe('GET /v1/branches (search)', () => {
  const search = async (query: string) => {
    const res = await call(`/v1/branches?${query}`, withKey(SK));
    expect(res.status).toBe(200);
    return res.json<BranchPage>();
  };

  it('finds by host city', async () => {
    const page = await search('city=pizhou_suzhou');
    expect(page.data.map((b) => b.id).sort()).toEqual(['br_sz_sip', 'br_sz_wuzhong']);
    expect(page.nextCursor).toBeNull();
  });

  it('finds by Chinese or English text in names, addresses and cities', async () => {
    expect((await search(`q=${encodeURIComponent('凌家塘')}`)).data.map((b) => b.id)).toEqual(['br_cz_lingjiatang']);
    expect((await search('q=MINHANG')).data.map((b) => b.id)).toEqual(['br_sh_minhang']);
    expect((await search(`q=${encodeURIComponent('西安')}`)).data).toHaveLength(2);
    expect((await search('q=100%25')).data).toEqual([]); // a literal %, not a wildcard
  });

  it('takes a query longer than D1 allows a LIKE pattern (50 bytes) without an error', async () => {
    const name = '凌家塘市场流动党员党支部';
    expect((await search(`q=${encodeURIComponent(`${name}${name}`)}`)).data).toEqual([]); // 24 characters, 72 bytes
    expect((await search(`q=${encodeURIComponent(` 凌家塘市场流动党员党支部 `)}`)).data.map((b) => b.id)).toEqual(['br_cz_lingjiatang']);
  });

  it('has a text index that the migration backfills as the triggers keep it', async () => {
    const index = async () => Promise.all([
      env.DB.prepare('SELECT * FROM branch_text_grams ORDER BY tenant_id, gram, city_id, branch_id').all(),
      env.DB.prepare('SELECT * FROM branch_text_gram_counts WHERE branches > 0 ORDER BY tenant_id, gram').all(),
    ]).then((all) => all.map((r) => r.results));
    const kept = await index();
    expect(kept[0]!.length).toBeGreaterThan(500);
    const backfill = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0006_'))!.queries
      .filter((q) => /INSERT INTO branch_text_gram/.test(q) && !/CREATE TRIGGER/.test(q));
    expect(backfill).toHaveLength(2);
    await env.DB.batch([env.DB.prepare('DELETE FROM branch_text_grams'), env.DB.prepare('DELETE FROM branch_text_gram_counts')]);
    for (const q of backfill) await env.DB.prepare(q).run();
    expect(await index()).toEqual(kept);
  });

  it('pages with a cursor, every branch exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: BranchPage = await search(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      if (page.nextCursor) expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/); // usable in a URL as it is
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('refuses a forged cursor', async () => {
    await expectError(await call('/v1/branches?cursor=bm9wZQ', withKey(SK)), 400, 'validation_failed');
  });
});

describe('GET /v1/branches/{id} and /v1/cities', () => {
  it('gets one branch, and 404s for an unknown one', async () => {
    const res = await call('/v1/branches/br_xa_kangfu', withKey(SK));
    expect((await res.json<Branch>()).city.name.zh).toBe('西安');
    await expectError(await call('/v1/branches/br_nope', withKey(SK)), 404, 'not_found');
  });

  it('lists the host cities for the picker', async () => {
    const res = await call(`/v1/cities?key=${PK}`);
    const { data } = await res.json<{ data: { name: { en: string } }[] }>();
    expect(data.map((c) => c.name.en)).toEqual(['Beijing', 'Changzhou', 'Qingdao', 'Shanghai', 'Suzhou', "Xi'an", 'Yangzhou']);
  });
});

describe('caching', () => {
  it('sends an ETag and Cache-Control, and 304s on a matching If-None-Match', async () => {
    const path = `/v1/branches/near?lat=31.78&lng=119.95&key=${PK}`;
    const first = await call(path);
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/);
    const second = await call(path, { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('keeps responses to a key in the Authorization header out of shared caches', async () => {
    const res = await call('/v1/cities', withKey(SK));
    expect(res.headers.get('Cache-Control')).toMatch(/^private, /);
  });
});

describe('keys and origins', () => {
  it('requires a key', async () => {
    await expectError(await near('lat=31&lng=120'), 401, 'unauthenticated');
    await expectError(await near('lat=31&lng=120&key=pk_test_unknown'), 401, 'unauthenticated');
    await expectError(await near('lat=31&lng=120&key=not a key'), 401, 'unauthenticated');
  });

  it('accepts the demo publishable key from any local port and echoes that origin', async () => {
    const res = await near(`lat=31&lng=120&key=${PK}`, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(res.headers.get('Vary')).toContain('Origin');
  });

  it('refuses a publishable key from an origin it does not list, readably for that page', async () => {
    const res = await near(`lat=31&lng=120&key=${PK}`, { headers: { Origin: 'https://evil.example' } });
    // The page's editor must learn that the site is not registered, not see a network failure.
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://evil.example');
    const error = await expectError(res, 403, 'origin_not_allowed');
    expect(error.message).toContain('https://evil.example');
    const unknownKey = await near('lat=31&lng=120&key=pk_test_unknown', { headers: { Origin: 'http://localhost:5173' } });
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173'); // the page can say why
    const lookalike = await near(`lat=31&lng=120&key=${PK}`, { headers: { Origin: 'http://localhost.evil.example:80' } });
    expect(lookalike.status).toBe(403);
  });

  it("refuses a secret key from another site's page, or in a URL", async () => {
    await expectError(await near('lat=31&lng=120', withKey(SK, { Origin: 'http://localhost:3000' })), 403, 'forbidden');
    // Another port, scheme or a look-alike host is another site.
    for (const origin of ['http://ginkgo.test:8080', 'https://ginkgo.test', 'http://ginkgo.test.evil.example', 'null']) {
      await expectError(await near('lat=31&lng=120', withKey(SK, { Origin: origin })), 403, 'forbidden');
    }
    await expectError(await near(`lat=31&lng=120&key=${SK}`), 401, 'unauthenticated');
  });

  it('accepts a secret key from the API\'s own pages (/docs), and sends no CORS header for them', async () => {
    const res = await call('/v1/members?limit=1', withKey(SK, { Origin: 'http://ginkgo.test' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers a CORS preflight', async () => {
    const res = await call('/v1/branches', {
      method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Headers')).toContain('Authorization');
  });
});
