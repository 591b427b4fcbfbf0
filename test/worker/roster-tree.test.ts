// The roster's trees: each side sees its own tree within its scope, and the counts follow new
// members and moves (they are kept, never counted from members on a read).
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIns, type CheckInReceipt, type RosterLevel } from '../../schema/index.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

const as: Record<string, Session> = {};
beforeAll(async () => {
  await seed();
  const staff = { admin: '13900000001', town: '13900000002', village: '13900000003', committee: '13900000004', branch: '13900000005', partner: '13900000007' };
  for (const [name, mobile] of Object.entries(staff)) as[name] = await signIn(mobile);
});

const level = (who: string, query: string) => call(`/v1/roster/tree?${query}`, { headers: as[who]!.headers });
const nodes = async (who: string, query: string): Promise<[string, number, boolean][]> => {
  const res = await level(who, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json<RosterLevel>()).nodes.map((n) => [n.id, n.memberCount, n.hasChildren]);
};

describe('the home tree', () => {
  it('shows the home admin every town with its members, then a town\'s villages', async () => {
    const towns = await nodes('admin', 'side=home');
    expect(towns).toEqual(expect.arrayContaining([['hu_gangshang', expect.any(Number), true], ['hu_tiefu', expect.any(Number), true]]));
    const gangshang = towns.find(([id]) => id === 'hu_gangshang')!;
    const villages = await nodes('admin', 'side=home&parent=hu_gangshang');
    expect(villages.map(([id]) => id)).toContain('hu_gangshang_bei');
    // A town counts its villages' members and its own.
    expect(gangshang[1]).toBeGreaterThanOrEqual(villages.reduce((n, [, m]) => n + m, 0));
  });

  it("keeps town and village staff to their own node, and the host side out", async () => {
    expect((await nodes('town', 'side=home')).map(([id]) => id)).toEqual(['hu_gangshang']);
    expect((await nodes('town', 'side=home&parent=hu_gangshang')).map(([id]) => id)).toContain('hu_gangshang_bei');
    await expectError(await level('town', 'side=home&parent=hu_tiefu'), 403, 'forbidden');
    expect((await nodes('village', 'side=home')).map(([id]) => id)).toEqual(['hu_gangshang_bei']);
    await expectError(await level('village', 'side=home&parent=hu_gangshang'), 403, 'forbidden');
    await expectError(await level('branch', 'side=home'), 403, 'forbidden');
    await expectError(await level('town', 'side=host'), 403, 'forbidden');
    await expectError(await level('partner', 'side=home'), 403, 'forbidden');
  });
});

describe('the host tree', () => {
  it('shows committees first, then branches without one; a committee secretary its committee and its branches', async () => {
    const top = await nodes('admin', 'side=host');
    const ids = top.map(([id]) => id);
    expect(ids.indexOf('cm_suzhou')).toBeLessThan(ids.indexOf('br_yz_guangling'));
    expect(ids).not.toContain('br_sz_sip');
    expect((await nodes('committee', 'side=host')).map(([id]) => id)).toEqual(['cm_suzhou']);
    expect((await nodes('committee', 'side=host&parent=cm_suzhou')).map(([id]) => id)).toEqual(['br_sz_sip', 'br_sz_wuzhong']);
    await expectError(await level('committee', 'side=host&parent=cm_changzhou'), 403, 'forbidden');
    expect((await nodes('branch', 'side=host')).map(([id]) => id)).toEqual(['br_cz_lingjiatang']);
  });
});

describe('the counts', () => {
  it('follow a new member to their village and town, and a confirmed check-in to its branch and committee', async () => {
    const count = async (who: string, query: string, id: string) => (await nodes(who, query)).find(([n]) => n === id)?.[1];
    const before = {
      village: await count('admin', 'side=home&parent=hu_tiefu', 'hu_tiefu_yaowan'), town: await count('admin', 'side=home', 'hu_tiefu'),
      branch: await count('admin', 'side=host&parent=cm_suzhou', 'br_sz_sip'), committee: await count('admin', 'side=host', 'cm_suzhou'),
    };
    const receipt = await (await submit(submission({ branchId: 'br_sz_sip', homeUnitId: 'hu_tiefu_yaowan', currentCity: '苏州' }), { key: SK })).json<CheckInReceipt>();
    expect(await count('admin', 'side=home&parent=hu_tiefu', 'hu_tiefu_yaowan')).toBe(before.village! + 1);
    expect(await count('admin', 'side=home', 'hu_tiefu')).toBe(before.town! + 1);
    expect(await count('admin', 'side=host&parent=cm_suzhou', 'br_sz_sip')).toBe(before.branch);
    const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
    expect((await call(`/v1/check-ins/${row!.id}/confirm`, { method: 'POST', ...withKey(SK) })).status).toBe(200);
    expect(await count('admin', 'side=host&parent=cm_suzhou', 'br_sz_sip')).toBe(before.branch! + 1);
    expect(await count('admin', 'side=host', 'cm_suzhou')).toBe(before.committee! + 1);
  });
});
