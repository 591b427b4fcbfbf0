// Lost contact (失联): the daily job opens a case for a member not heard of for six months, for
// their village's contact person, and closes it once they are found (reached, or a check-in
// confirmed); staff record attempts, assign (to someone who sees the member) and snooze, close
// by hand with a reason and reopen, within their scope, audited. Cases follow their member.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem } from 'drizzle-orm/batch';
import { auditLog, checkIns, homeUnits, lostContactCases, members, type AssignableStaff, type LostContactCase } from '../../schema/index.ts';
import { assignable } from '../../worker/src/data/lost-contact-changes.ts';
import { moveBranchCommittee, moveHome } from '../../worker/src/data/scope-copies.ts';
import worker from '../../worker/src/index.ts';
import { followUpLostContact, LOST_AFTER_MS } from '../../worker/src/jobs/lost-contact.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach, staleCopies } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

const as: Record<string, Session> = {};
const longAgo = Date.now() - LOST_AFTER_MS - 86_400_000;
beforeAll(async () => {
  await seed();
  for (const [name, mobile] of Object.entries({ admin: '13900000001', village: '13900000003', branch: '13900000005', partner: '13900000007' })) {
    as[name] = await signIn(mobile);
  }
  // The village's contact person is its staffer; the seed's members all joined long ago, and
  // mb_demo_05 checked in recently.
  await db().update(homeUnits).set({ contactUserId: 'su_demo_village' }).where(eq(homeUnits.id, 'hu_gangshang_bei'));
  await db().update(members).set({ createdAt: longAgo, lastCheckInAt: null });
  await db().update(members).set({ lastCheckInAt: Date.now() - 86_400_000 }).where(eq(members.id, 'mb_demo_05'));
});

const cases = async (who: string, query = '') => {
  const res = await call(`/v1/lost-contact${query}`, { headers: as[who]!.headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json<{ data: LostContactCase[] }>()).data;
};
const post = (who: string, path: string, body: unknown) => call(path, {
  method: 'POST', headers: { ...as[who]!.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
const openCase = async (memberId: string) =>
  (await db().select().from(lostContactCases).where(and(eq(lostContactCases.memberId, memberId), isNull(lostContactCases.closedAt))))[0];

describe('the daily job', () => {
  it('opens one case per member unheard of for six months, for the village contact, through the cron, twice safely', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const zhang = await openCase('mb_demo_01');
    expect(zhang).toMatchObject({ assigneeUserId: 'su_demo_village', closedAt: null });
    expect(zhang!.dueAt - zhang!.openedAt).toBe(14 * 86_400_000);
    expect(await openCase('mb_demo_05')).toBeUndefined();
    const before = (await db().select().from(lostContactCases)).length;
    expect((await followUpLostContact(env.DB)).opened).toBe(0);
    expect((await db().select().from(lostContactCases)).length).toBe(before);
  });

  it('seeks members by when they were last heard of, through its index', async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM members m WHERE m.tenant_id = 'pizhou'
      AND max(coalesce(m.last_check_in_at, 0), coalesce(m.last_contact_at, 0), m.created_at) < 1`).all<{ detail: string }>();
    expect(results.map((r) => r.detail).join('\n')).toMatch(/USING INDEX members_last_seen/);
  });
});

describe('following up', () => {
  beforeAll(async () => { await followUpLostContact(env.DB); });

  it('shows each side the cases of its own members, with the member and assignee', async () => {
    const village = await cases('village');
    expect(village.length).toBeGreaterThan(0);
    expect(village.every((c) => c.member.homeUnit.id === 'hu_gangshang_bei')).toBe(true);
    expect(village[0]).toMatchObject({ assignee: { id: 'su_demo_village' }, attempts: 0, overdue: false });
    expect((await cases('branch')).every((c) => c.member.hostBranch?.id === 'br_cz_lingjiatang')).toBe(true);
    expect((await cases('admin')).length).toBeGreaterThanOrEqual(village.length);
    await expectError(await call('/v1/lost-contact', { headers: as.partner!.headers }), 403, 'forbidden');
  });

  it('records attempts; one that reaches the member closes the case and the roster keeps the contact', async () => {
    const zhang = (await cases('village')).find((c) => c.member.id === 'mb_demo_01')!;
    expect((await post('village', `/v1/lost-contact/${zhang.id}/attempts`, { channel: 'phone', outcome: 'no_answer' })).status).toBe(201);
    const reached = await post('village', `/v1/lost-contact/${zhang.id}/attempts`, { channel: 'wechat', outcome: 'reached', note: '在常州打工，已联系上' });
    expect(reached.status).toBe(201);
    await expectError(await post('village', `/v1/lost-contact/${zhang.id}/attempts`, { channel: 'phone', outcome: 'no_answer' }), 409, 'conflict');
    expect((await cases('village')).map((c) => c.member.id)).not.toContain('mb_demo_01');
    const closed = (await cases('village', '?status=closed')).find((c) => c.id === zhang.id)!;
    expect(closed).toMatchObject({ closedReason: 'found', attempts: 2 });
    const [member] = await db().select().from(members).where(eq(members.id, 'mb_demo_01'));
    expect(member!.lastContactAt).toBeGreaterThan(Date.now() - 60_000);
    // Found: the next run leaves them alone.
    await followUpLostContact(env.DB);
    expect(await openCase('mb_demo_01')).toBeUndefined();
    const attempts = await (await call(`/v1/lost-contact/${zhang.id}/attempts`, { headers: as.village!.headers })).json<{ data: unknown[] }>();
    expect(attempts.data).toEqual([expect.objectContaining({ outcome: 'no_answer' }), expect.objectContaining({ outcome: 'reached', byUserId: 'su_demo_village' })]);
    const audited = await db().select().from(auditLog).where(and(eq(auditLog.action, 'lost_contact.attempt'), eq(auditLog.subjectId, 'mb_demo_01')));
    expect(audited.map((a) => a.userId)).toEqual(['su_demo_village', 'su_demo_village']);
  });

  it('closes a case as found when the member checks in, on the next run', async () => {
    const found = await openCase('mb_demo_06');
    expect(found).toBeDefined();
    await db().update(members).set({ lastCheckInAt: Date.now() }).where(eq(members.id, 'mb_demo_06'));
    expect((await followUpLostContact(env.DB)).found).toBeGreaterThanOrEqual(1);
    const [row] = await db().select().from(lostContactCases).where(eq(lostContactCases.id, found!.id));
    expect(row!.closedReason).toBe('found');
  });

  it('assigns, snoozes out of the overdue list, and refuses what is out of scope or out of range', async () => {
    // 吴敏 lives in 港上镇 itself (not its northern village), hosted by 钟楼 in Changzhou.
    const one = (await cases('admin')).find((c) => c.member.id === 'mb_demo_08')!;
    await db().update(lostContactCases).set({ dueAt: Date.now() - 1 }).where(eq(lostContactCases.id, one.id));
    expect((await cases('admin', '?status=overdue')).map((c) => c.id)).toContain(one.id);
    expect((await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: 'su_demo_town', snoozedUntil: Date.now() + 7 * 86_400_000 })).status).toBe(204);
    expect((await cases('admin', '?status=overdue')).map((c) => c.id)).not.toContain(one.id);
    expect((await cases('admin')).find((c) => c.id === one.id)!.assignee).toEqual({ id: 'su_demo_town', name: expect.any(String) });
    await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { snoozedUntil: Date.now() + 365 * 86_400_000 }), 400, 'validation_failed');
    await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: 'su_nobody' }), 400, 'validation_failed');
    await expectError(await post('village', `/v1/lost-contact/${one.id}/attempts`, { channel: 'phone', outcome: 'reached' }), 404, 'not_found');
  });

  it('offers as assignees only active staff whose grants cover the member, and refuses anyone else', async () => {
    const one = (await cases('admin')).find((c) => c.member.id === 'mb_demo_08')!;
    const res = await call(`/v1/lost-contact/${one.id}/assignees`, { headers: as.admin!.headers });
    expect(res.status).toBe(200);
    const { data } = await res.json<{ data: AssignableStaff[] }>();
    // The home admin and the town's staffer; not the northern village's, Suzhou's or Lingjiatang's, the station's or the partner's.
    expect(data.map((u) => [u.id, u.roles])).toEqual(expect.arrayContaining([['su_demo_admin', ['home_admin']], ['su_demo_town', ['town_staff']]]));
    expect(data.map((u) => u.id).sort()).toEqual(['su_demo_admin', 'su_demo_town']);
    const audited = await db().select().from(auditLog).where(and(eq(auditLog.action, 'lost_contact.assignees'), eq(auditLog.subjectId, 'mb_demo_08')));
    expect(audited).toHaveLength(1);
    // The chain: staff who cannot see the member cannot be given their case, whoever assigns it.
    for (const user of ['su_demo_village', 'su_demo_committee', 'su_demo_branch', 'su_demo_station', 'su_demo_partner']) {
      await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: user }), 400, 'validation_failed');
    }
    // A revoked grant covers nobody.
    await env.DB.prepare(`update staff_grants set revoked_at = 1 where user_id = 'su_demo_town'`).run();
    await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: 'su_demo_town' }), 400, 'validation_failed');
    await env.DB.prepare(`update staff_grants set revoked_at = null where user_id = 'su_demo_town'`).run();
    // Each arm seeks the grants of one role at one node: no scan of the tenant's grants.
    const { sql: text, params } = assignable(db(), (await openCase('mb_demo_08'))!).toSQL();
    const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail).join('\n');
    expect(plan, plan).toMatch(/USING INDEX staff_grants_node/);
    expect(plan, plan).not.toMatch(/SCAN (g|staff_grants|staff_users)\b/);
    // A case out of the caller's scope has no assignees to read.
    await expectError(await call(`/v1/lost-contact/${one.id}/assignees`, { headers: as.village!.headers }), 404, 'not_found');
  });

  it('closes a case by hand with a reason, keeps it closed through the daily run, and reopens it', async () => {
    const one = (await cases('village')).find((c) => c.member.id === 'mb_demo_07')!;
    await expectError(await post('village', `/v1/lost-contact/${one.id}/close`, { reason: 'other' }), 400, 'validation_failed');
    await expectError(await post('village', `/v1/lost-contact/${one.id}/close`, { reason: 'moved' }), 400, 'validation_failed');
    await expectError(await post('branch', `/v1/lost-contact/${one.id}/close`, { reason: 'deceased' }), 404, 'not_found');
    await expectError(await post('village', `/v1/lost-contact/${one.id}/reopen`, {}), 409, 'conflict');
    expect((await post('village', `/v1/lost-contact/${one.id}/close`, { reason: 'left_party', note: '2024 年已办理出党' })).status).toBe(204);
    await expectError(await post('village', `/v1/lost-contact/${one.id}/close`, { reason: 'duplicate' }), 409, 'conflict');
    expect((await cases('village')).map((c) => c.id)).not.toContain(one.id);
    expect((await cases('village', '?status=closed')).find((c) => c.id === one.id)).toMatchObject({ closedReason: 'left_party', closedNote: '2024 年已办理出党' });
    // Closed by hand: the daily job does not open another case for them.
    await followUpLostContact(env.DB);
    expect(await openCase('mb_demo_07')).toBeUndefined();
    expect((await post('village', `/v1/lost-contact/${one.id}/reopen`, { note: '误操作' })).status).toBe(204);
    const reopened = (await cases('village')).find((c) => c.id === one.id)!;
    expect(reopened).toMatchObject({ closedAt: null, closedReason: null, snoozedUntil: null });
    expect(reopened.dueAt - reopened.openedAt).toBe(14 * 86_400_000);
    const actions = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, 'mb_demo_07'));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['lost_contact.close', 'lost_contact.reopen']));
  });

  it('refuses to reopen a case when the member has another open one', async () => {
    // 张伟 was found earlier; a new case has since been opened for him by hand.
    const found = (await cases('village', '?status=closed')).find((c) => c.member.id === 'mb_demo_01')!;
    await env.DB.prepare(`insert into lost_contact_cases (id, tenant_id, member_id, opened_at, due_at, home_unit_id, home_town_id, member_branch_id, member_committee_id)
      select 'lc_second', tenant_id, id, 1, 2, home_unit_id, home_town_id, host_branch_id, host_committee_id from members where id = 'mb_demo_01'`).run();
    await expectError(await post('village', `/v1/lost-contact/${found.id}/reopen`, {}), 409, 'conflict');
    await env.DB.prepare(`delete from lost_contact_cases where id = 'lc_second'`).run();
  });

  it('closes a case as found when a check-in of the member is confirmed, and the case follows them to the new branch', async () => {
    const one = await openCase('mb_demo_07');
    expect(one?.memberBranchId).toBe('br_xa_tangyan');
    const sent = await submit(submission({ name: '周杰', mobile: '13800000007', branchId: 'br_cz_lingjiatang' }), { key: SK });
    expect(sent.status).toBe(201);
    const { reference } = await sent.json<{ reference: string }>();
    const [checkIn] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, reference));
    const confirmed = await call(`/v1/check-ins/${checkIn!.id}/confirm`, { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: '{}' });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    const [row] = await db().select().from(lostContactCases).where(eq(lostContactCases.id, one!.id));
    expect(row).toMatchObject({ closedReason: 'found', memberBranchId: 'br_cz_lingjiatang', memberCommitteeId: 'cm_changzhou' });
    expect((await cases('village')).map((c) => c.id)).not.toContain(one!.id);
    // Lingjiatang's secretary has him now, his closed case included.
    expect((await cases('branch', '?status=closed')).map((c) => c.id)).toContain(one!.id);
  });

  it('cases follow their member home (moveHome) and their branch to another committee', async () => {
    // 孙丽's case is closed (found); 刘洋 (mb_demo_04, 运河 centre) has an open one.
    const open = await openCase('mb_demo_04');
    expect(open).toBeDefined();
    await db().batch(moveHome(db(), { tenantId: 'pizhou', memberId: 'mb_demo_04', homeUnitId: 'hu_gangshang_bei' }) as [BatchItem<'sqlite'>]);
    expect((await cases('village')).map((c) => c.id)).toContain(open!.id);
    await db().batch(moveBranchCommittee(db(), { tenantId: 'pizhou', branchId: 'br_cz_lingjiatang', committeeId: 'cm_suzhou' }) as [BatchItem<'sqlite'>]);
    const [row] = await db().select().from(lostContactCases).where(and(eq(lostContactCases.memberId, 'mb_demo_07')));
    expect(row!.memberCommitteeId).toBe('cm_suzhou');
    await db().batch(moveBranchCommittee(db(), { tenantId: 'pizhou', branchId: 'br_cz_lingjiatang', committeeId: 'cm_changzhou' }) as [BatchItem<'sqlite'>]);
    // And the check would have caught a case left behind.
    await env.DB.prepare(`update lost_contact_cases set member_branch_id = 'br_sz_sip' where id = ?`).bind(open!.id).run();
    expect((await staleCopies()).lost_contact_cases).toEqual([{ id: open!.id }]);
    await env.DB.prepare(`update lost_contact_cases set member_branch_id = null where id = ?`).bind(open!.id).run();
  });
});
