// A member's history for the staff who see them: check-ins with handovers, requests for help,
// and who looked at the record (console users by name), itself audited.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkIns, type CheckInReceipt, type MemberHistory } from '../../schema/index.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn, type Session } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

let village: Session;
let branch: Session;
beforeAll(async () => {
  await seed();
  village = await signIn('13900000003');
  branch = await signIn('13900000005');
});

describe("a member's history", () => {
  it('lists a handover, and who looked at the record, by name for console users', async () => {
    // 张伟 (hosted by 凌家塘) checks in to the Suzhou Industrial Park branch; the home admin confirms: a handover.
    const receipt = await (await submit(submission({ name: '张伟', mobile: '13800000001', branchId: 'br_sz_sip', currentCity: '苏州' }), { key: SK })).json<CheckInReceipt>();
    const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
    expect((await call(`/v1/check-ins/${row!.id}/confirm`, { method: 'POST', ...withKey(SK) })).status).toBe(200);
    expect((await call('/v1/members/mb_demo_01', { headers: village.headers })).status).toBe(200);

    const res = await call('/v1/members/mb_demo_01/history', { headers: village.headers });
    expect(res.status).toBe(200);
    const history = await res.json<MemberHistory>();
    expect(history.checkIns[0]).toMatchObject({ reference: receipt.reference, status: 'confirmed', branch: { id: 'br_sz_sip' }, previousBranch: { id: 'br_cz_lingjiatang' } });
    expect(history.views[0]).toMatchObject({ action: 'member.read', role: 'village_staff', user: { id: 'su_demo_village', name: expect.any(String) } });
    expect(history.views.some((v) => v.action === 'member.handover' && v.user === null)).toBe(true);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.requestId, res.headers.get('X-Request-Id')!));
    expect(entry).toMatchObject({ action: 'member.history', subjectId: 'mb_demo_01', userId: 'su_demo_village', detail: { found: true } });
  });

  it('is a 404 for a member outside the scope, and closed to partners', async () => {
    // After the handover 张伟 is hosted in Suzhou: the Changzhou branch no longer sees them.
    await expectError(await call('/v1/members/mb_demo_01/history', { headers: branch.headers }), 404, 'not_found');
    const partner = await signIn('13900000007');
    await expectError(await call('/v1/members/mb_demo_01/history', { headers: partner.headers }), 403, 'forbidden');
  });
});
