// The SDK's reads against the real worker (wrangler dev, seeded with the Pizhou demo tenant).
import { describe, expect, inject, it } from 'vitest';
import { Ginkgo, type Branch } from '../../sdk/src/index.ts';

const baseUrl = inject('apiUrl');
const CHANGZHOU = { lat: 31.78, lng: 119.95 };
const CHANGZHOU_BRANCHES = ['br_cz_lingjiatang', 'br_cz_xinbei', 'br_cz_zhonglou'];

describe.each([
  ['publishable key', 'pk_test_pizhou'],
  ['secret key', 'sk_test_pizhou_admin'],
])('with a %s', (_, key) => {
  const client = new Ginkgo({ key, baseUrl });

  it('finds the three Changzhou branches nearest a Changzhou position, nearest first', async () => {
    const near = await client.branches.near(CHANGZHOU);
    expect(near.slice(0, 3).map((b) => b.id).sort()).toEqual(CHANGZHOU_BRANCHES);
    expect(near[0]?.id).toBe('br_cz_zhonglou');
    const distances = near.map((b) => b.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[2]).toBeLessThan(15_000);
    expect(near[3]?.distanceMeters).toBeGreaterThan(50_000);
  });

  it('honours the limit of a nearest search', async () => {
    expect(await client.branches.near({ ...CHANGZHOU, limit: 1 })).toHaveLength(1);
  });

  it('gets one branch by id', async () => {
    const branch = await client.branches.get('br_cz_lingjiatang');
    expect(branch.name.zh).toBe('凌家塘市场流动党员党支部');
    expect(branch.city.name.en).toBe('Changzhou');
  });
});

describe('search and pagination', () => {
  const client = new Ginkgo({ key: 'pk_test_pizhou', baseUrl });

  it('searches by city', async () => {
    const page = await client.branches.search({ city: 'pizhou_changzhou' });
    expect(page.data.map((b) => b.id).sort()).toEqual(CHANGZHOU_BRANCHES);
    expect(page.nextCursor).toBeNull();
  });

  it('searches by text in Chinese and in English', async () => {
    const zh = await client.branches.search({ q: '凌家塘' });
    expect(zh.data.map((b) => b.id)).toEqual(['br_cz_lingjiatang']);
    // Mixed case and a space: the query string must be encoded and matched case-insensitively.
    const en = await client.branches.search({ q: 'Industrial Park' });
    expect(en.data.map((b) => b.id)).toEqual(['br_sz_sip']);
    const both = await client.branches.search({ city: 'pizhou_xian', q: 'market' });
    expect(both.data.map((b) => b.id)).toEqual(['br_xa_kangfu']);
  });

  it('pages by cursor, and iterates every branch of every page exactly once', async () => {
    const all = await client.branches.search({ limit: 100 });
    expect(all.data.length).toBeGreaterThanOrEqual(10);
    const first = await client.branches.search({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.branches.search({ limit: 2, cursor: first.nextCursor! });
    expect(second.data.map((b) => b.id)).toEqual(all.data.slice(2, 4).map((b) => b.id));

    const seen: Branch[] = [];
    for await (const branch of client.branches.search({ limit: 2 })) seen.push(branch);
    expect(seen.map((b) => b.id)).toEqual(all.data.map((b) => b.id));
    expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
  });

  it('stops fetching when the loop breaks early, and reuses an awaited first page', async () => {
    let calls = 0;
    const counting = new Ginkgo({ key: 'pk_test_pizhou', baseUrl, fetch: (i, init) => { calls += 1; return fetch(i, init); } });
    const pages = counting.branches.search({ limit: 2 });
    const first = await pages;
    for await (const branch of pages) { expect(branch.id).toBe(first.data[0]?.id); break; }
    expect(calls).toBe(1);
  });

  it('lists the host cities', async () => {
    const cities = await client.cities.list();
    expect(cities.map((c) => c.id)).toContain('pizhou_changzhou');
    expect(cities.find((c) => c.id === 'pizhou_changzhou')?.name).toEqual({ zh: '常州', en: 'Changzhou' });
  });
});

describe('transport', () => {
  /** A fetch that records what it was asked, then asks the global fetch. */
  function recordingFetch() {
    const calls: { url: string; headers: Headers }[] = [];
    const f: typeof fetch = (input, init) => {
      calls.push({ url: String(input), headers: new Headers(init?.headers) });
      return globalThis.fetch(input, init);
    };
    return { calls, fetch: f };
  }

  it('sends a publishable key in the URL, so a browser GET needs no preflight', async () => {
    const rec = recordingFetch();
    await new Ginkgo({ key: 'pk_test_pizhou', baseUrl, fetch: rec.fetch }).cities.list();
    expect(rec.calls).toHaveLength(1);
    expect(new URL(rec.calls[0]!.url).searchParams.get('key')).toBe('pk_test_pizhou');
    expect(rec.calls[0]!.headers.has('Authorization')).toBe(false);
  });

  it('sends a secret key only in the Authorization header', async () => {
    const rec = recordingFetch();
    await new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: `${baseUrl}/`, fetch: rec.fetch }).branches.get('br_cz_xinbei');
    expect(rec.calls[0]!.url).toBe(`${baseUrl}/v1/branches/br_cz_xinbei`);
    expect(rec.calls[0]!.headers.get('Authorization')).toBe('Bearer sk_test_pizhou_admin');
  });

  it('calls an injected fetch unbound', async () => {
    // A fetch that, like a browser's, refuses to be called as a method of another object.
    let calls = 0;
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      calls += 1;
      return fetch(input, init);
    };
    await new Ginkgo({ key: 'pk_test_pizhou', baseUrl, fetch: strict }).cities.list();
    expect(calls).toBe(1);
  });

  it('refuses a key that is neither publishable nor secret', () => {
    expect(() => new Ginkgo({ key: 'test_pizhou', baseUrl })).toThrow(TypeError);
  });
});
