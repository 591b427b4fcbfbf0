// Editing the two trees: who may add and change committees, branches, towns and villages, and a
// branch moving committee taking its members' committee copies and counts along; the reads an edit
// form starts from, scoped and audited like the changes.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, members, type Branch, type BranchRecord, type HomeUnit, type HomeUnitRecord, type RosterLevel } from '../../schema/index.ts';
import { call, db, expectError, seed } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

const as: Record<string, Session> = {};
beforeAll(async () => {
  await seed();
  const staff = { admin: '13900000001', town: '13900000002', village: '13900000003', committee: '13900000004', branch: '13900000005' };
  for (const [name, mobile] of Object.entries(staff)) as[name] = await signIn(mobile);
});

const post = (who: string, path: string, body: unknown) => call(path, {
  method: 'POST', headers: { ...as[who]!.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
const newBranch = (committeeId: string | null) => ({
  committeeId, cityId: 'pizhou_suzhou', nameZh: '苏州新区流动党员党支部', nameEn: 'Suzhou New District Branch',
  addressZh: '苏州市虎丘区', addressEn: 'Huqiu District, Suzhou', lat: 31.3, lng: 120.5,
});

describe('branches', () => {
  it('a committee secretary adds one under its committee, and the finder finds it by name', async () => {
    const res = await post('committee', '/v1/branches', newBranch('cm_suzhou'));
    expect(res.status, await res.clone().text()).toBe(201);
    const branch = await res.json<Branch>();
    expect(branch).toMatchObject({ committee: { id: 'cm_suzhou' }, name: { zh: '苏州新区流动党员党支部' }, position: { lat: 31.3, lng: 120.5 } });
    const found = await (await call(`/v1/branches?q=${encodeURIComponent('新区')}&key=pk_test_pizhou`, { headers: { Origin: 'http://localhost:5173' } })).json<{ data: Branch[] }>();
    expect(found.data.map((b) => b.id)).toContain(branch.id);
    await expectError(await post('committee', '/v1/branches', newBranch('cm_changzhou')), 403, 'forbidden');
    await expectError(await post('branch', '/v1/branches', newBranch('cm_suzhou')), 403, 'forbidden');
  });

  it('a branch secretary edits its own branch only, and never its committee', async () => {
    const res = await post('branch', '/v1/branches/br_cz_lingjiatang', { meetingTimesZh: '每月第一个周六上午', officePhone: '0519-88880000' });
    expect(res.status).toBe(200);
    expect((await res.json<Branch>()).meetingTimes).toEqual({ zh: '每月第一个周六上午', en: expect.any(String) });
    await expectError(await post('branch', '/v1/branches/br_cz_xinbei', { nameZh: '改名' }), 403, 'forbidden');
    await expectError(await post('branch', '/v1/branches/br_cz_lingjiatang', { committeeId: 'cm_suzhou' }), 403, 'forbidden');
    await expectError(await post('branch', '/v1/branches/br_cz_lingjiatang', { officePhone: 'call me' }), 400, 'validation_failed');
  });

  it('the home admin moves a branch to another committee: its members and their counts follow', async () => {
    const hosted = await db().select({ id: members.id }).from(members).where(eq(members.hostBranchId, 'br_cz_xinbei'));
    expect(hosted.length).toBeGreaterThan(0);
    const count = async (id: string) => (await (await call('/v1/roster/tree?side=host', { headers: as.admin!.headers })).json<RosterLevel>())
      .nodes.find((n) => n.id === id)?.memberCount ?? 0;
    const before = { changzhou: await count('cm_changzhou'), suzhou: await count('cm_suzhou') };
    const res = await post('admin', '/v1/branches/br_cz_xinbei', { committeeId: 'cm_suzhou' });
    expect(res.status).toBe(200);
    expect((await res.json<Branch>()).committee?.id).toBe('cm_suzhou');
    expect(await count('cm_changzhou')).toBe(before.changzhou - hosted.length);
    expect(await count('cm_suzhou')).toBe(before.suzhou + hosted.length);
    // The copies are checked after each test (checkScopeCopiesAfterEach); the secretary sees them now.
    const seen = await (await call('/v1/members?branch=br_cz_xinbei', { headers: as.committee!.headers })).json<{ data: unknown[] }>();
    expect(seen.data.length).toBe(hosted.length);
  });
});

describe('towns and villages', () => {
  it('town staff add a village to their town and name its contact person; village staff rename theirs only', async () => {
    const res = await post('town', '/v1/home-units', { kind: 'village', parentId: 'hu_gangshang', nameZh: '港上南村党支部', nameEn: 'Gangshang South Village Branch' });
    expect(res.status).toBe(201);
    const village = await res.json<HomeUnit>();
    expect(village).toMatchObject({ kind: 'village', parentId: 'hu_gangshang' });
    // The contact person must see the village's members: its own or its town's staff, no one else.
    const named = await post('town', `/v1/home-units/${village.id}`, { contactUserId: 'su_demo_town' });
    expect((await named.json<HomeUnit>()).contactUserId).toBe('su_demo_town');
    for (const other of ['su_demo_village', 'su_demo_committee', 'su_demo_station', 'su_demo_partner']) {
      await expectError(await post('town', `/v1/home-units/${village.id}`, { contactUserId: other }), 400, 'validation_failed');
    }
    await expectError(await post('town', '/v1/home-units', { kind: 'village', parentId: 'hu_tiefu', nameZh: 'x', nameEn: 'x' }), 403, 'forbidden');
    await expectError(await post('town', '/v1/home-units', { kind: 'town', parentId: null, nameZh: 'x', nameEn: 'x' }), 403, 'forbidden');
    expect((await post('village', '/v1/home-units/hu_gangshang_bei', { nameEn: 'Gangshang North Village' })).status).toBe(200);
    await expectError(await post('village', `/v1/home-units/${village.id}`, { nameEn: 'x' }), 403, 'forbidden');
    await expectError(await post('admin', `/v1/home-units/${village.id}`, { contactUserId: 'su_nobody' }), 400, 'validation_failed');
    const entries = await db().select().from(auditLog).where(eq(auditLog.subjectId, village.id));
    expect(entries.map((e) => [e.action, e.userId])).toEqual([['org.home_unit.create', 'su_demo_town'], ['org.home_unit.update', 'su_demo_town']]);
  });

  it('only the home admin adds a town or a committee', async () => {
    expect((await post('admin', '/v1/home-units', { kind: 'town', parentId: null, nameZh: '新河镇', nameEn: 'Xinhe Town' })).status).toBe(201);
    await expectError(await post('admin', '/v1/home-units', { kind: 'village', parentId: null, nameZh: 'x', nameEn: 'x' }), 400, 'validation_failed');
    expect((await post('admin', '/v1/committees', { cityId: 'pizhou_suzhou', nameZh: '新委员会', nameEn: 'New committee' })).status).toBe(201);
    await expectError(await post('committee', '/v1/committees', { cityId: 'pizhou_suzhou', nameZh: 'x', nameEn: 'x' }), 403, 'forbidden');
    expect((await post('committee', '/v1/committees/cm_suzhou', { nameEn: 'Suzhou committee' })).status).toBe(200);
    await expectError(await post('committee', '/v1/committees/cm_changzhou', { nameEn: 'x' }), 403, 'forbidden');
  });
});

describe('reads for editing', () => {
  const read = (who: string, path: string) => call(path, { headers: as[who]!.headers });

  it("a branch as stored: an English text left out is null, where the public branch shows the Chinese", async () => {
    expect((await post('admin', '/v1/branches/br_cz_zhonglou', { meetingPlaceEn: null })).status).toBe(200);
    const res = await read('admin', '/v1/branches/br_cz_zhonglou/record');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const record = await res.json<BranchRecord>();
    expect(record).toMatchObject({ id: 'br_cz_zhonglou', committeeId: 'cm_changzhou', cityId: 'pizhou_changzhou', meetingPlaceZh: '邳州商会常州办事处', meetingPlaceEn: null });
    const shown = await (await call('/v1/branches/br_cz_zhonglou?key=pk_test_pizhou', { headers: { Origin: 'http://localhost:5173' } })).json<Branch>();
    expect(shown.meetingPlace).toEqual({ zh: '邳州商会常州办事处', en: '邳州商会常州办事处' });
  });

  it('a branch secretary reads its own branch only; an unknown one is 404', async () => {
    expect((await read('branch', '/v1/branches/br_cz_lingjiatang/record')).status).toBe(200);
    await expectError(await read('branch', '/v1/branches/br_cz_zhonglou/record'), 403, 'forbidden');
    await expectError(await read('committee', '/v1/branches/br_cz_lingjiatang/record'), 403, 'forbidden');
    await expectError(await read('admin', '/v1/branches/br_nowhere/record'), 404, 'not_found');
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, 'org.branch.read'));
    expect(entries.filter((e) => e.subjectId === 'br_cz_lingjiatang').map((e) => e.userId)).toEqual(['su_demo_branch']);
  });

  it("a village: its contact person and the staff who may be named, for its own and its town's staff", async () => {
    const res = await read('town', '/v1/home-units/hu_gangshang_bei');
    expect(res.status).toBe(200);
    const unit = await res.json<HomeUnitRecord>();
    expect(unit).toMatchObject({ id: 'hu_gangshang_bei', kind: 'village', parentId: 'hu_gangshang', contactUserId: 'su_demo_village' });
    expect(unit.contact).toEqual({ id: 'su_demo_village', name: '港上北村 李主任' });
    expect(unit.contactCandidates.map((u) => u.id).sort()).toEqual(['su_demo_town', 'su_demo_village']);
    expect((await read('village', '/v1/home-units/hu_gangshang_bei')).status).toBe(200);
    // A town's candidates are its own staff only.
    const town = await (await read('admin', '/v1/home-units/hu_gangshang')).json<HomeUnitRecord>();
    expect(town.contactCandidates.map((u) => u.id)).toEqual(['su_demo_town']);
    await expectError(await read('village', '/v1/home-units/hu_gangshang'), 403, 'forbidden');
    await expectError(await read('town', '/v1/home-units/hu_tiefu_yaowan'), 403, 'forbidden');
    await expectError(await read('committee', '/v1/home-units/hu_gangshang_bei'), 403, 'forbidden');
    await expectError(await read('admin', '/v1/home-units/hu_nowhere'), 404, 'not_found');
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, 'org.home_unit.read'));
    expect(entries.map((e) => [e.subjectId, e.userId])).toEqual([
      ['hu_gangshang_bei', 'su_demo_town'], ['hu_gangshang_bei', 'su_demo_village'], ['hu_gangshang', 'su_demo_admin'],
    ]);
  });
});
