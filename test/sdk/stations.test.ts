// The station directory through the SDK, against the real worker (seeded Pizhou demo tenant).
import { describe, expect, inject, it } from 'vitest';
import { GinkgoPublic } from '../../sdk/src/public-client.ts';
import { NotFoundError, type Station } from '../../sdk/src/index.ts';

const client = new GinkgoPublic({ key: 'pk_test_pizhou', baseUrl: inject('apiUrl') });

describe('client.stations', () => {
  it('lists the Beijing, Changzhou and Suzhou stations with services, hours and open-now', async () => {
    const page = await client.stations.list();
    expect(page.data.map((s) => s.id)).toEqual(['st_beijing', 'st_changzhou', 'st_suzhou']);
    for (const s of page.data) {
      expect(s.hours.length).toBeGreaterThan(0);
      expect(s.services.length).toBeGreaterThan(0);
      expect(typeof s.openNow).toBe('boolean');
      expect(s.openNow ? s.closesAt : s.nextOpening).toEqual(expect.any(String));
    }
  });

  it('filters by city and category, and iterates every page', async () => {
    expect((await client.stations.list({ city: 'pizhou_suzhou' })).data.map((s) => s.id)).toEqual(['st_suzhou']);
    expect((await client.stations.list({ category: 'credit' })).data.map((s) => s.id)).toEqual(['st_changzhou']);
    const all: Station[] = [];
    for await (const s of client.stations.list({ limit: 1 })) all.push(s);
    expect(all.map((s) => s.id)).toEqual(['st_beijing', 'st_changzhou', 'st_suzhou']);
  });

  it('finds the nearest station first, with its distance', async () => {
    const near = await client.stations.near({ lat: 31.73, lng: 120.0, limit: 2 });
    expect(near.map((s) => s.id)).toEqual(['st_changzhou', 'st_suzhou']);
    expect(near[0]!.distanceMeters).toBeLessThan(1_000);
    // The nearest offering a category: only Changzhou's station lends (credit), whoever asks from Beijing.
    expect((await client.stations.near({ lat: 39.9, lng: 116.4, limit: 3, category: 'credit' })).map((s) => s.id)).toEqual(['st_changzhou']);
  });

  it('gets one station, and an unknown one is a NotFoundError', async () => {
    const cz = await client.stations.get('st_changzhou');
    expect(cz.services.find((g) => g.category === 'credit')?.services[0]?.description.zh).toMatch(/农商银行/);
    await expect(client.stations.get('st_nowhere')).rejects.toBeInstanceOf(NotFoundError);
  });
});
