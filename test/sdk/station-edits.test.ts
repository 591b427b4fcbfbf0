// Station editing through the SDK against the real worker. The e2e files share one database, so
// this file edits st_beijing (no seeded exceptions) and puts everything back afterwards.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Ginkgo, NotFoundError, PermissionError, ValidationError, type Station } from '../../sdk/src/index.ts';
import { GinkgoPublic } from '../../sdk/src/public-client.ts';

const baseUrl = inject('apiUrl');
const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });
const portal = new GinkgoPublic({ key: 'pk_test_pizhou', baseUrl });
const ID = 'st_beijing';
const text = (zh: string, en: string) => ({ zh, en });
let original: Station;
let managerKeyId: string;
let manager: Ginkgo;

beforeAll(async () => {
  original = await admin.stations.get(ID);
  const key = await admin.keys.create({ kind: 'secret', label: 'sdk station-edits test', role: 'station_manager', scopeNodeId: 'st_changzhou' });
  managerKeyId = key.id;
  manager = new Ginkgo({ key: key.token, baseUrl });
});

afterAll(async () => {
  await admin.stations.update(ID, { alert: original.alert, officePhone: original.officePhone });
  await admin.stations.setHours(ID, { hours: original.hours, exceptions: [] });
  await admin.stations.setVolunteerTeams(ID, original.volunteerTeams.map(({ id, name, description }) => ({ id, name, description })));
  for (const s of (await admin.stations.get(ID)).services.flatMap((g) => g.services)) {
    if (!original.services.some((g) => g.services.some((o) => o.id === s.id))) await admin.stations.services.delete(ID, s.id);
  }
  await admin.keys.revoke(managerKeyId);
});

describe('client.stations (staff editing)', () => {
  it('updates a station; the portal sees the change', async () => {
    const updated = await admin.stations.update(ID, { alert: text('今日下午闭站', 'Closed this afternoon'), officePhone: '010-83700001' });
    expect(updated).toMatchObject({ id: ID, alert: text('今日下午闭站', 'Closed this afternoon'), officePhone: '010-83700001', name: original.name });
    expect((await portal.stations.get(ID)).alert?.zh).toBe('今日下午闭站');
  });

  it('adds, changes and removes a service', async () => {
    const added = await admin.stations.services.create(ID, {
      category: 'employment', description: text('在京招聘信息', 'Jobs in Beijing'), eligibility: text('在京流动党员', 'Members in Beijing'),
      howToApply: text('到驿站登记', 'Register at the station'), languages: ['zh', 'en'],
    });
    const service = added.services.find((g) => g.category === 'employment')!.services[0]!;
    expect(service).toMatchObject({ description: text('在京招聘信息', 'Jobs in Beijing'), fees: null });
    const changed = await admin.stations.services.update(ID, service.id, { fees: text('免费', 'Free') });
    expect(changed.services.find((g) => g.category === 'employment')!.services[0]!.fees).toEqual(text('免费', 'Free'));
    const removed = await admin.stations.services.delete(ID, service.id);
    expect(removed.services.some((g) => g.category === 'employment')).toBe(false);
  });

  it('sets hours with a closure, and replaces the volunteer teams', async () => {
    const closure = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const withClosure = await admin.stations.setHours(ID, {
      hours: [...original.hours, { weekday: 1, opens: '19:00', closes: '21:00' }],
      exceptions: [{ date: closure, opens: null, closes: null, note: text('盘点', 'Stocktaking') }],
    });
    expect(withClosure.hours).toContainEqual({ weekday: 1, opens: '19:00', closes: '21:00' });
    expect(withClosure.exceptions).toEqual([{ date: closure, closed: true, opens: null, closes: null, note: text('盘点', 'Stocktaking') }]);
    const teams = await admin.stations.setVolunteerTeams(ID, [...original.volunteerTeams, { name: text('就业志愿队', 'Job volunteers') }]);
    expect(teams.volunteerTeams.map((t) => t.name.zh)).toContain('就业志愿队');
  });

  it('maps scope, permission and validation failures to typed errors', async () => {
    await expect(manager.stations.update(ID, { alert: null })).rejects.toBeInstanceOf(NotFoundError);
    expect((await manager.stations.update('st_changzhou', { officeEmail: 'changzhou@station.pizhou.example' })).id).toBe('st_changzhou');
    await expect(new Ginkgo({ key: 'pk_test_pizhou', baseUrl }).stations.update(ID, { alert: null })).rejects.toBeInstanceOf(PermissionError);
    const invalid = await admin.stations.update(ID, { timeZone: 'Asia/Atlantis' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).details).toEqual([expect.objectContaining({ path: 'timeZone' })]);
  });
});
