// Lost contact (失联): the daily job opens a case for a member not heard of for six months, for
// their village's contact person, and closes it once they are found; staff record attempts,
// assign and snooze, within their scope, audited.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, homeUnits, lostContactCases, members, type LostContactCase } from '../../schema/index.ts';
import worker from '../../worker/src/index.ts';
import { followUpLostContact, LOST_AFTER_MS } from '../../worker/src/jobs/lost-contact.ts';
import { call, db, expectError, seed } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
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
    const one = (await cases('admin')).find((c) => c.member.homeUnit.id !== 'hu_gangshang_bei')!;
    await db().update(lostContactCases).set({ dueAt: Date.now() - 1 }).where(eq(lostContactCases.id, one.id));
    expect((await cases('admin', '?status=overdue')).map((c) => c.id)).toContain(one.id);
    expect((await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: 'su_demo_town', snoozedUntil: Date.now() + 7 * 86_400_000 })).status).toBe(204);
    expect((await cases('admin', '?status=overdue')).map((c) => c.id)).not.toContain(one.id);
    expect((await cases('admin')).find((c) => c.id === one.id)!.assignee).toEqual({ id: 'su_demo_town', name: expect.any(String) });
    await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { snoozedUntil: Date.now() + 365 * 86_400_000 }), 400, 'validation_failed');
    await expectError(await post('admin', `/v1/lost-contact/${one.id}`, { assigneeUserId: 'su_nobody' }), 400, 'validation_failed');
    await expectError(await post('village', `/v1/lost-contact/${one.id}/attempts`, { channel: 'phone', outcome: 'reached' }), 404, 'not_found');
  });
});
