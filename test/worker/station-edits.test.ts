// Staff editing of stations, services, hours and teams, against the worker with a real local D1.
import { and, count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog, latCell, serviceRequests, stationHourExceptions, stationHours, stations, tenants, type NearbyStation, type Station,
  type StaffServiceRequestDetail,
} from '../../schema/index.ts';
import { isoDate, localDay, localToInstant } from '../../worker/src/lib/opening-hours.ts';
import { call, db, expectError, issueTestKey, PK, roleKey, seed, SK, withKey } from './helpers.ts';
import { filed } from './service-request-helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const DAY = 86_400_000;
const text = (zh: string, en: string) => ({ zh, en });
let keys: Record<'manager' | 'secretary' | 'branch' | 'readOnly' | 'other', string>;

beforeAll(async () => {
  await seed();
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
  keys = {
    manager: (await roleKey('station_manager', 'st_changzhou')).token,
    secretary: (await roleKey('committee_secretary', 'cm_suzhou')).token,
    branch: (await roleKey('branch_secretary', 'br_cz_lingjiatang')).token,
    readOnly: (await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin', scopes: ['read_only'] })).token,
    other: (await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin' })).token,
  };
});

function send(method: string, path: string, body: unknown, key = SK) {
  return call(path, { method, ...withKey(key, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
}
async function ok<T = Station>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json<T>();
}
const station = async (id: string) => ok(await call(`/v1/stations/${id}`, withKey(PK)));
const auditFor = async (id: string) =>
  db().select().from(auditLog).where(and(eq(auditLog.subjectType, 'station'), eq(auditLog.subjectId, id))).orderBy(desc(auditLog.id));
const auditCount = async () => (await db().select({ n: count() }).from(auditLog))[0]!.n;

/** A 400 that changed neither the station nor the audit log. */
async function refusedUnchanged(id: string, attempt: () => Promise<Response>, path: string) {
  const [before, audits] = [await station(id), await auditCount()];
  const error = await expectError(await attempt(), 400, 'validation_failed');
  expect(error.details as { path: string }[]).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  expect({ ...(await station(id)), openNow: 0, closesAt: 0, nextOpening: 0 }).toEqual({ ...before, openNow: 0, closesAt: 0, nextOpening: 0 });
  expect(await auditCount()).toBe(audits);
}

describe('PATCH /v1/stations/{id}', () => {
  it('changes the given fields only, keeps the grid columns right, and audits the change', async () => {
    const before = await station('st_beijing');
    const after = await ok(await send('PATCH', '/v1/stations/st_beijing', {
      name: text('邳州流动党员北京驿站', 'Pizhou Station, Beijing'), position: { lat: 39.9, lng: 116.4 },
      officeEmail: 'bj@station.pizhou.example', timeZone: 'Asia/Urumqi', alert: null,
    }));
    expect(after).toMatchObject({
      name: text('邳州流动党员北京驿站', 'Pizhou Station, Beijing'), position: { lat: 39.9, lng: 116.4 },
      officeEmail: 'bj@station.pizhou.example', timeZone: 'Asia/Urumqi', alert: null,
      address: before.address, officePhone: before.officePhone, services: before.services,
    });
    expect(await station('st_beijing')).toMatchObject({ name: after.name, timeZone: 'Asia/Urumqi' });
    const [row] = await db().select().from(stations).where(eq(stations.id, 'st_beijing'));
    expect(row!.latCell).toBe(latCell(39.9));
    // The nearest search (grid index) finds it at its new position.
    const near = await ok<{ data: NearbyStation[] }>(await call('/v1/stations/near?lat=39.9&lng=116.4&limit=1', withKey(PK)));
    expect(near.data[0]).toMatchObject({ id: 'st_beijing', distanceMeters: 0 });
    const [entry] = await auditFor('st_beijing');
    expect(entry).toMatchObject({ action: 'station.update', role: 'home_admin', detail: { changes: expect.objectContaining({ alert: null, timeZone: 'Asia/Urumqi' }) } });
  });

  it('sets and clears the alert', async () => {
    expect((await ok(await send('PATCH', '/v1/stations/st_suzhou', { alert: text('临时闭站', 'Temporarily closed') }))).alert)
      .toEqual(text('临时闭站', 'Temporarily closed'));
    expect((await ok(await send('PATCH', '/v1/stations/st_suzhou', { alert: null }))).alert).toBeNull();
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an offset for a zone', { timeZone: '+08:00' }, 'timeZone'],
    ['a latitude off the globe', { position: { lat: 91, lng: 120 } }, 'position.lat'],
    ['an empty Chinese name', { name: text(' ', 'Name') }, 'name.zh'],
    ['a malformed e-mail', { officeEmail: 'not-an-address' }, 'officeEmail'],
    ['an unknown field', { committeeId: 'cm_xian' }, ''],
    ['nothing to change', {}, ''],
  ])('refuses %s with 400 and changes nothing', async (_, body, path) => {
    await refusedUnchanged('st_changzhou', () => send('PATCH', '/v1/stations/st_changzhou', body), path);
  });
});

describe('who edits which station', () => {
  const patch = (id: string, key: string) => send('PATCH', `/v1/stations/${id}`, { description: text('范围测试', 'Scope test') }, key);

  it('a station manager edits their own station only; another one is 404 as if missing', async () => {
    await ok(await patch('st_changzhou', keys.manager));
    await expectError(await patch('st_suzhou', keys.manager), 404, 'not_found');
    await expectError(await patch('st_nowhere', keys.manager), 404, 'not_found');
  });

  it("a committee secretary edits the committee's stations only", async () => {
    await ok(await patch('st_suzhou', keys.secretary));
    await expectError(await patch('st_changzhou', keys.secretary), 404, 'not_found');
    await expectError(await patch('st_beijing', keys.secretary), 404, 'not_found');
  });

  it('publishable keys, roles without stations:write and read-only keys get 403; another tenant 404', async () => {
    for (const key of [PK, keys.branch, keys.readOnly]) await expectError(await patch('st_changzhou', key), 403, 'forbidden');
    await expectError(await patch('st_changzhou', keys.other), 404, 'not_found');
  });
});

describe('POST /v1/stations', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    cityId: 'pizhou_suzhou', name: text('邳州流动党员吴中服务驿站', 'Pizhou Service Station, Wuzhong'),
    address: text('苏州市吴中区东吴北路1号', '1 Dongwu North Road, Wuzhong'), position: { lat: 31.27, lng: 120.63 }, ...over,
  });

  it('opens a station (home admin) that the directory then lists, in Asia/Shanghai by default', async () => {
    const made = await ok(await send('POST', '/v1/stations', body({ id: 'st_wuzhong', committeeId: 'cm_suzhou', officePhone: '0512-66000000' })), 201);
    expect(made).toMatchObject({ id: 'st_wuzhong', committee: { id: 'cm_suzhou' }, city: { id: 'pizhou_suzhou' }, timeZone: 'Asia/Shanghai',
      hours: [], services: [], openNow: false, officePhone: '0512-66000000' });
    const list = await ok<{ data: Station[] }>(await call('/v1/stations?city=pizhou_suzhou', withKey(PK)));
    expect(list.data.map((s) => s.id)).toContain('st_wuzhong');
    expect((await auditFor('st_wuzhong'))[0]).toMatchObject({ action: 'station.create', detail: { city: 'pizhou_suzhou', committee: 'cm_suzhou' } });
    await expectError(await send('POST', '/v1/stations', body({ id: 'st_wuzhong' })), 409, 'conflict');
  });

  it("puts a committee secretary's station under their committee, and no other", async () => {
    const made = await ok(await send('POST', '/v1/stations', body(), keys.secretary), 201);
    expect(made.id).toMatch(/^st_[0-9a-f]{16}$/);
    expect(made.committee?.id).toBe('cm_suzhou');
    await expectError(await send('POST', '/v1/stations', body({ committeeId: 'cm_changzhou' }), keys.secretary), 403, 'forbidden');
    await expectError(await send('POST', '/v1/stations', body({ committeeId: null }), keys.secretary), 403, 'forbidden');
    await expectError(await send('POST', '/v1/stations', body(), keys.manager), 403, 'forbidden');
  });

  it('refuses an unknown city or committee (404) and a bad body (400), creating nothing', async () => {
    const before = (await db().select({ n: count() }).from(stations))[0]!.n;
    await expectError(await send('POST', '/v1/stations', body({ cityId: 'pizhou_lhasa' })), 404, 'not_found');
    await expectError(await send('POST', '/v1/stations', body({ committeeId: 'cm_nowhere' })), 404, 'not_found');
    await expectError(await send('POST', '/v1/stations', body({ id: 'Bad Id' })), 400, 'validation_failed');
    await expectError(await send('POST', '/v1/stations', body({ position: undefined })), 400, 'validation_failed');
    expect((await db().select({ n: count() }).from(stations))[0]!.n).toBe(before);
  });
});

describe('services', () => {
  const service = {
    category: 'legal', description: text('劳动争议调解', 'Labour dispute mediation'), eligibility: text('在常流动党员', 'Members in Changzhou'),
    howToApply: text('电话预约', 'Book by phone'), languages: ['zh', 'en'],
  };

  it('adds, changes and removes a service, each audited', async () => {
    const added = await ok(await send('POST', '/v1/stations/st_changzhou/services', service, keys.manager), 201);
    const legal = added.services.find((g) => g.category === 'legal')!.services[0]!;
    expect(legal).toMatchObject({ description: service.description, languages: ['zh', 'en'], fees: null });
    const changed = await ok(await send('PATCH', `/v1/stations/st_changzhou/services/${legal.id}`,
      { fees: text('咨询费50元', 'Consultation: 50 yuan'), category: 'hardship' }, keys.manager));
    expect(changed.services.find((g) => g.category === 'hardship')!.services[0]).toMatchObject({
      id: legal.id, fees: text('咨询费50元', 'Consultation: 50 yuan'), description: service.description,
    });
    expect(changed.services.some((g) => g.category === 'legal')).toBe(false);
    const removed = await ok(await send('DELETE', `/v1/stations/st_changzhou/services/${legal.id}`, undefined, keys.manager));
    expect(removed.services.flatMap((g) => g.services).map((s) => s.id)).not.toContain(legal.id);
    const actions = (await auditFor('st_changzhou')).map((a) => a.action);
    expect(actions.slice(0, 3)).toEqual(['station.service.delete', 'station.service.update', 'station.service.create']);
  });

  it("404s a service of another station, and refuses bad services with 400", async () => {
    await expectError(await send('PATCH', '/v1/stations/st_changzhou/services/st_suzhou_sv1', { fees: null }), 404, 'not_found');
    await expectError(await send('DELETE', '/v1/stations/st_changzhou/services/st_suzhou_sv1', undefined), 404, 'not_found');
    await refusedUnchanged('st_changzhou', () => send('POST', '/v1/stations/st_changzhou/services', { ...service, category: 'astrology' }), 'category');
    await refusedUnchanged('st_changzhou', () => send('POST', '/v1/stations/st_changzhou/services', { ...service, languages: ['Chinese!'] }), 'languages.0');
    await refusedUnchanged('st_changzhou', () => send('PATCH', '/v1/stations/st_changzhou/services/st_changzhou_sv1', {}), '');
  });
});

describe('PUT /v1/stations/{id}/hours', () => {
  const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

  it('replaces hours and exceptions, and open-now follows (round the clock, then closed today)', async () => {
    const allDay = EVERY_DAY.map((weekday) => ({ weekday, opens: '00:00', closes: '00:00' }));
    const open = await ok(await send('PUT', '/v1/stations/st_suzhou/hours', { hours: allDay, exceptions: [] }));
    expect(open).toMatchObject({ openNow: true, exceptions: [], hours: allDay });
    const today = localDay(Date.now(), 'Asia/Shanghai');
    const closedToday = {
      hours: allDay,
      exceptions: [{ date: isoDate(today), opens: null, closes: null, note: text('盘点', 'Stocktaking') }],
    };
    const closed = await ok(await send('PUT', '/v1/stations/st_suzhou/hours', closedToday, keys.secretary));
    expect(closed).toMatchObject({ openNow: false, closesAt: null, nextOpening: new Date(localToInstant(today + DAY, 'Asia/Shanghai')).toISOString() });
    expect(closed.exceptions).toEqual([{ date: isoDate(today), closed: true, opens: null, closes: null, note: text('盘点', 'Stocktaking') }]);
    expect((await auditFor('st_suzhou'))[0]).toMatchObject({ action: 'station.hours.replace', role: 'committee_secretary' });
  });

  it('writes many slots and exceptions in statements under 100 parameters, in one batch', async () => {
    const hours = EVERY_DAY.flatMap((weekday) => Array.from({ length: 10 }, (_, h) =>
      ({ weekday, opens: `${String(8 + h).padStart(2, '0')}:00`, closes: `${String(8 + h).padStart(2, '0')}:30` })));
    const start = Date.UTC(2030, 0, 1);
    const exceptions = Array.from({ length: 300 }, (_, i) => ({ date: isoDate(start + i * DAY), opens: '10:00', closes: '12:00' }));
    await ok(await send('PUT', '/v1/stations/st_beijing/hours', { hours, exceptions }));
    const n = async (t: typeof stationHours | typeof stationHourExceptions) =>
      (await db().select({ n: count() }).from(t).where(eq(t.stationId, 'st_beijing')))[0]!.n;
    expect([await n(stationHours), await n(stationHourExceptions)]).toEqual([70, 300]);
  });

  it.each([
    ['overlapping slots', { hours: [{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 1, opens: '11:00', closes: '14:00' }] }, 'hours.1'],
    ["Saturday night running into Sunday's morning", { hours: [{ weekday: 6, opens: '22:00', closes: '02:00' }, { weekday: 0, opens: '01:00', closes: '05:00' }] }, 'hours.1'],
    ['24:00', { hours: [{ weekday: 1, opens: '09:00', closes: '24:00' }] }, 'hours.0.closes'],
    ['weekday 7', { hours: [{ weekday: 7, opens: '09:00', closes: '12:00' }] }, 'hours.0.weekday'],
    ['opens without closes', { hours: [], exceptions: [{ date: '2027-03-01', opens: '09:00', closes: null }] }, 'exceptions.0'],
    ['a date that does not exist', { hours: [], exceptions: [{ date: '2027-02-30', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['month 13', { hours: [], exceptions: [{ date: '2027-13-01', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['month 00', { hours: [], exceptions: [{ date: '2027-00-10', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['day 00', { hours: [], exceptions: [{ date: '2027-03-00', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['an empty date', { hours: [], exceptions: [{ date: '', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['a date that is no date', { hours: [], exceptions: [{ date: 'tomorrow', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['29 February of a year that is not leap', { hours: [], exceptions: [{ date: '2100-02-29', opens: null, closes: null }] }, 'exceptions.0.date'],
    ['the same date twice', { hours: [], exceptions: [{ date: '2027-03-01', opens: null, closes: null }, { date: '2027-03-01', opens: null, closes: null }] }, 'exceptions.1.date'],
  ])('refuses %s with 400 and keeps the old hours', async (_, body, path) => {
    await refusedUnchanged('st_changzhou', () => send('PUT', '/v1/stations/st_changzhou/hours', body), path);
  });

  it('takes a whole schedule at its schema\'s maxima (about 355 KB: over the 64 KB other routes take), and not over 1 MB', async () => {
    const start = localDay(Date.now(), 'Asia/Shanghai') + 400 * DAY;
    const note = text('春'.repeat(200), 'n'.repeat(200));
    const exceptions = Array.from({ length: 400 }, (_, i) => ({ date: isoDate(start + i * DAY), opens: null, closes: null, note }));
    const body = JSON.stringify({ hours: [], exceptions });
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(300 * 1024);
    expect((await send('PUT', '/v1/stations/st_beijing/hours', { hours: [], exceptions })).status).toBe(200);
    const tooBig = await call('/v1/stations/st_beijing/hours', {
      method: 'PUT', body: JSON.stringify({ hours: [], exceptions, padding: 'x'.repeat(1024 * 1024) }),
      headers: { Authorization: `Bearer ${SK}`, 'Content-Type': 'application/json' },
    });
    await expectError(tooBig, 413, 'payload_too_large');
  });

  it('takes 29 February of a leap year (2028, 2000)', async () => {
    const exceptions = ['2028-02-29', '2000-02-29'].map((date) => ({ date, opens: null, closes: null }));
    expect((await send('PUT', '/v1/stations/st_beijing/hours', { hours: [], exceptions })).status).toBe(200);
  });

  it('says one thing per bad date: its format, or that it is no calendar date', async () => {
    const res = await send('PUT', '/v1/stations/st_beijing/hours', { hours: [], exceptions: [
      { date: '', opens: null, closes: null }, { date: '2027-13-01', opens: null, closes: null }] });
    const error = await expectError(res, 400, 'validation_failed');
    expect(error.details).toEqual([
      { path: 'exceptions.0.date', message: 'Must be YYYY-MM-DD.' },
      { path: 'exceptions.1.date', message: 'Not a calendar date.' },
    ]);
  });
});

describe('PUT /v1/stations/{id}/volunteer-teams', () => {
  it('keeps named teams, adds new ones and removes the rest', async () => {
    const result = await ok(await send('PUT', '/v1/stations/st_changzhou/volunteer-teams', {
      teams: [{ id: 'vt_cz_market', name: text('凌家塘红色先锋队', 'Lingjiatang Vanguard') }, { name: text('法律援助队', 'Legal aid') }],
    }, keys.manager));
    expect(result.volunteerTeams.map((t) => t.name.en).sort()).toEqual(['Legal aid', 'Lingjiatang Vanguard']);
    expect(result.volunteerTeams.find((t) => t.name.en === 'Lingjiatang Vanguard')!.id).toBe('vt_cz_market');
    expect((await auditFor('st_changzhou'))[0]).toMatchObject({ action: 'station.teams.replace' });
    const none = await ok(await send('PUT', '/v1/stations/st_changzhou/volunteer-teams', { teams: [] }));
    expect(none.volunteerTeams).toEqual([]);
  });

  it("refuses another station's team id and duplicate ids with 400", async () => {
    await refusedUnchanged('st_suzhou', () => send('PUT', '/v1/stations/st_suzhou/volunteer-teams',
      { teams: [{ id: 'vt_bj_legal', name: text('借来的', 'Borrowed') }] }), 'teams.0.id');
    await refusedUnchanged('st_suzhou', () => send('PUT', '/v1/stations/st_suzhou/volunteer-teams',
      { teams: [{ id: 'vt_sz_jobs', name: text('甲', 'A') }, { id: 'vt_sz_jobs', name: text('乙', 'B') }] }), 'teams');
  });

  it('keeps, renames and removes teams that service requests are assigned to (200), unlinking removed teams readably and auditing it', async () => {
    const assign = async (id: string, assignee: string, volunteerTeamId: string) => {
      const res = await send('POST', `/v1/service-requests/${id}/assign`, { assignee, volunteerTeamId }, keys.secretary);
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const byName = (await filed({ cityId: 'pizhou_suzhou', category: 'employment' })).row;
    const byPerson = (await filed({ cityId: 'pizhou_suzhou', category: 'social_insurance' })).row;
    await assign(byName.id, '就业帮帮团', 'vt_sz_jobs');
    await assign(byPerson.id, '张师傅', 'vt_sz_jobs');
    const detail = async (id: string) => ok<StaffServiceRequestDetail>(await call(`/v1/service-requests/${id}`, withKey(keys.secretary)));

    // Kept by id (and renamed): updated in place, the requests still point at it.
    const kept = await ok(await send('PUT', '/v1/stations/st_suzhou/volunteer-teams', {
      teams: [{ id: 'vt_sz_jobs', name: text('就业帮帮团', 'Suzhou Job Helpers') }, { name: text('法律援助队', 'Legal aid') }],
    }, keys.secretary));
    expect(kept.volunteerTeams.map((t) => t.id)).toContain('vt_sz_jobs');
    expect((await detail(byName.id)).volunteerTeam).toEqual({ id: 'vt_sz_jobs', name: text('就业帮帮团', 'Suzhou Job Helpers') });

    // Removed: the requests lose the link but keep a readable assignee, and their history says why.
    const legalAid = kept.volunteerTeams.find((t) => t.id !== 'vt_sz_jobs')!;
    const removed = await ok(await send('PUT', '/v1/stations/st_suzhou/volunteer-teams', { teams: [legalAid] }, keys.secretary));
    expect(removed.volunteerTeams).toEqual([legalAid]);
    const [a, b] = [await detail(byName.id), await detail(byPerson.id)];
    expect([a.volunteerTeam, a.status, b.volunteerTeam, b.status]).toEqual([null, 'assigned', null, 'assigned']);
    expect(a.assignee).toBe('就业帮帮团');
    expect(b.assignee).toBe('张师傅（就业帮帮团）');
    expect(b.history.at(-1)).toMatchObject({
      action: 'service_request.team_removed', role: 'committee_secretary',
      detail: { team: 'vt_sz_jobs', name: text('就业帮帮团', 'Suzhou Job Helpers'), station: 'st_suzhou', assignee: '张师傅（就业帮帮团）' },
    });
    expect((await auditFor('st_suzhou'))[0]).toMatchObject({
      action: 'station.teams.replace', detail: { teams: [legalAid.id], removed: ['vt_sz_jobs'], unassigned: expect.arrayContaining([byName.id, byPerson.id]) },
    });
    const rows = await db().select({ team: serviceRequests.volunteerTeamId }).from(serviceRequests).where(eq(serviceRequests.volunteerTeamId, 'vt_sz_jobs'));
    expect(rows).toEqual([]);
  });
});
