// The scope columns (schema/tables.ts) are copies, written only by worker/src/data/scope-copies.ts:
// after every write path they equal what they copy, for every row. scope-consistency.ts checks
// that after each test of every write path's test file; here, the moves themselves, and that the
// check does catch a stale copy.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns, type CheckInReceipt } from '../../schema/index.ts';
import { moveHome } from '../../worker/src/data/scope-copies.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach, CONSISTENT, expectScopeCopiesConsistent, staleCopies, triggers, TRIGGERS } from './scope-consistency.ts';
import { file, request } from './service-request-helpers.ts';

beforeAll(seed);
checkScopeCopiesAfterEach();

async function checkIn(over: Parameters<typeof submission>[0]) {
  const receipt = await (await submit(submission(over), { key: SK })).json<CheckInReceipt>();
  const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
  return row!.id;
}
const decide = (id: string, action: 'confirm' | 'reject', body: unknown = {}) =>
  call(`/v1/check-ins/${id}/${action}`, { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });

describe('scope copies', () => {
  it('hold after the seed', async () => {
    await expectScopeCopiesConsistent();
  });

  it('hold for a new member of a village checking in with needs, and filing a request', async () => {
    await checkIn({ homeUnitId: 'hu_tiefu_yaowan', branchId: 'br_sz_wuzhong', needs: ['legal', 'credit'] });
    expect((await file(request({ homeUnitId: 'hu_guanhu' }))).status).toBe(201);
    await expectScopeCopiesConsistent();
  });

  it('follow a member handed over to another committee\'s branch: every check-in and request of theirs', async () => {
    // 张伟 (mb_demo_01, hosted by 凌家塘 in Changzhou, with a seeded request) moves to Suzhou Industrial Park.
    const earlier = await checkIn({ name: '张伟', mobile: '13800000001', branchId: 'br_cz_xinbei', needs: ['policy'] });
    const moving = await checkIn({ name: '张伟', mobile: '13800000001', branchId: 'br_sz_sip', needs: ['training'] });
    expect((await decide(moving, 'confirm')).status).toBe(200);
    expect((await decide(earlier, 'reject', { reason: '已转至苏州' })).status).toBe(200);
    await expectScopeCopiesConsistent();
    const rows = await env.DB.prepare(`select member_branch_id b, member_committee_id c from check_ins where member_id = 'mb_demo_01'
      union select member_branch_id, 'request' from service_requests where member_id = 'mb_demo_01'`).all<{ b: string; c: string }>();
    expect(rows.results).toEqual(expect.arrayContaining([{ b: 'br_sz_sip', c: 'cm_suzhou' }, { b: 'br_sz_sip', c: 'request' }]));
    expect(rows.results.every((r) => r.b === 'br_sz_sip')).toBe(true);
    const [handover] = await db().select({ previous: checkIns.previousBranchId, committee: checkIns.previousCommitteeId })
      .from(checkIns).where(eq(checkIns.id, moving));
    expect(handover).toEqual({ previous: 'br_cz_lingjiatang', committee: 'cm_changzhou' });
  });

  it('follow a member whose home unit changes (moveHome): to a village of another town', async () => {
    // mb_demo_01 has check-ins and requests by now; 姚湾 (hu_tiefu_yaowan) is a village of 铁富.
    const [first, ...rest] = moveHome(db(), { tenantId: 'pizhou', memberId: 'mb_demo_01', homeUnitId: 'hu_tiefu_yaowan' });
    await db().batch([first!, ...rest]);
    await expectScopeCopiesConsistent();
    const rows = await env.DB.prepare(`select distinct home_unit_id u, home_town_id t from (
      select home_unit_id, home_town_id from check_ins where member_id = 'mb_demo_01'
      union all select home_unit_id, home_town_id from service_requests where member_id = 'mb_demo_01')`).all();
    expect(rows.results).toEqual([{ u: 'hu_tiefu_yaowan', t: 'hu_tiefu' }]);
  });

  it('are checked: a stale copy anywhere is found', async () => {
    const corrupt = [
      `update members set host_committee_id = 'cm_xian' where id = 'mb_demo_01'`,
      `update check_ins set member_branch_id = 'br_nowhere' where id = (select id from check_ins limit 1)`,
      `update service_requests set home_town_id = 'hu_nowhere' where id = 'sr_demo_policy'`,
      `delete from branch_text_grams where (tenant_id, gram, city_id, branch_id) = (select tenant_id, gram, city_id, branch_id from branch_text_grams limit 1)`,
    ];
    await env.DB.batch(corrupt.map((q) => env.DB.prepare(q)));
    // Each table's check finds its own (a stale member also makes its rows' copies look stale).
    const stale = await staleCopies();
    for (const table of ['members', 'check_ins', 'service_requests', 'branch_text_grams'] as const) expect(stale[table], table).not.toEqual([]);
    // Put right again, as the write paths would have written them (the after-each check runs next).
    await env.DB.batch([
      env.DB.prepare(`update members set host_committee_id = (select committee_id from branches where id = members.host_branch_id) where id = 'mb_demo_01'`),
      env.DB.prepare(`update check_ins set member_branch_id = (select host_branch_id from members where id = check_ins.member_id)`),
      env.DB.prepare(`update service_requests set home_town_id = (select home_town_id from members where id = service_requests.member_id)`),
      env.DB.prepare(`insert or ignore into branch_text_grams (tenant_id, gram, city_id, branch_id) select tenant_id, gram, city_id, branch_id from branch_text_gram_source`),
    ]);
    expect(await staleCopies()).toEqual(CONSISTENT);
  });

  it('kept by triggers are still there after every migration (a table rebuild would drop them)', async () => {
    const present = await triggers();
    for (const [table, names] of Object.entries(TRIGGERS)) expect(present[table], table).toEqual(names);
  });
});
