// The scope columns (schema/tables.ts) are copies: after every write path they equal what they
// copy, for every row. Checked by one query over the whole tenant after the seed, new members
// checking in and filing, a handover confirmed, and a rejection.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns, type CheckInReceipt } from '../../schema/index.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, seed, SK, withKey } from './helpers.ts';
import { file, request } from './service-request-helpers.ts';

beforeAll(seed);

/** Rows of the tenant whose copies differ from what they copy, by table; all empty when consistent. */
async function stale() {
  const count = (text: string) => env.DB.prepare(text).first<{ n: number }>().then((r) => r!.n);
  return {
    members: await count(`select count(*) n from members m left join home_units u on u.id = m.home_unit_id
      left join branches b on b.id = m.host_branch_id
      where m.home_town_id is not coalesce(u.parent_id, u.id) or m.host_committee_id is not b.committee_id`),
    checkIns: await count(`select count(*) n from check_ins c join members m on m.id = c.member_id
      left join branches b on b.id = c.branch_id left join branches p on p.id = c.previous_branch_id
      where c.home_unit_id is not m.home_unit_id or c.home_town_id is not m.home_town_id
        or c.member_branch_id is not m.host_branch_id or c.member_committee_id is not m.host_committee_id
        or c.branch_committee_id is not b.committee_id or c.previous_committee_id is not p.committee_id`),
    requests: await count(`select count(*) n from service_requests r join members m on m.id = r.member_id
      left join check_ins c on c.id = r.check_in_id
      where r.home_unit_id is not m.home_unit_id or r.home_town_id is not m.home_town_id
        or r.member_branch_id is not m.host_branch_id or r.check_in_branch_id is not c.branch_id`),
  };
}
const consistent = { members: 0, checkIns: 0, requests: 0 };

async function checkIn(over: Parameters<typeof submission>[0]) {
  const receipt = await (await submit(submission(over), { key: SK })).json<CheckInReceipt>();
  const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
  return row!.id;
}
const decide = (id: string, action: 'confirm' | 'reject', body: unknown = {}) =>
  call(`/v1/check-ins/${id}/${action}`, { method: 'POST', ...withKey(SK, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });

describe('scope copies', () => {
  it('hold after the seed', async () => {
    expect(await stale()).toEqual(consistent);
  });

  it('hold for a new member of a village checking in with needs, and filing a request', async () => {
    await checkIn({ homeUnitId: 'hu_tiefu_yaowan', branchId: 'br_sz_wuzhong', needs: ['legal', 'credit'] });
    expect((await file(request({ homeUnitId: 'hu_guanhu' }))).status).toBe(201);
    expect(await stale()).toEqual(consistent);
  });

  it('follow a member handed over to another committee\'s branch: every check-in and request of theirs', async () => {
    // 张伟 (mb_demo_01, hosted by 凌家塘 in Changzhou, with a seeded request) moves to Suzhou Industrial Park.
    const earlier = await checkIn({ name: '张伟', mobile: '13800000001', branchId: 'br_cz_xinbei', needs: ['policy'] });
    const moving = await checkIn({ name: '张伟', mobile: '13800000001', branchId: 'br_sz_sip', needs: ['training'] });
    expect((await decide(moving, 'confirm')).status).toBe(200);
    expect((await decide(earlier, 'reject', { reason: '已转至苏州' })).status).toBe(200);
    expect(await stale()).toEqual(consistent);
    const rows = await env.DB.prepare(`select member_branch_id b, member_committee_id c from check_ins where member_id = 'mb_demo_01'
      union select member_branch_id, 'request' from service_requests where member_id = 'mb_demo_01'`).all<{ b: string; c: string }>();
    expect(rows.results).toEqual(expect.arrayContaining([{ b: 'br_sz_sip', c: 'cm_suzhou' }, { b: 'br_sz_sip', c: 'request' }]));
    expect(rows.results.every((r) => r.b === 'br_sz_sip')).toBe(true);
    const [handover] = await db().select({ previous: checkIns.previousBranchId, committee: checkIns.previousCommitteeId })
      .from(checkIns).where(eq(checkIns.id, moving));
    expect(handover).toEqual({ previous: 'br_cz_lingjiatang', committee: 'cm_changzhou' });
  });
});
