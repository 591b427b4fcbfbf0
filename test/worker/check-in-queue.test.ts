// The review queue's tools: search by reference, mobile or name (within scope only), returning a
// check-in for changes (the member sees what to correct and sends again), and each check-in's
// decision history with who decided.
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkIns, type CheckIn, type CheckInHistory, type CheckInPage, type CheckInReceipt } from '../../schema/index.ts';
import { freshMobile, submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, roleKey, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';
import { signIn } from './staff-helpers.ts';

checkScopeCopiesAfterEach();

let lingjiatang: string;
let sip: string;
/** 凌家塘 check-ins: two by 王小明 (one by the mobile X), one by 王小红 (mobile Y); one to Suzhou SIP by 王小明 (mobile X). */
const made: Record<string, { id: string; reference: string; mobile: string }> = {};
const X = freshMobile();
const Y = freshMobile();

async function make(name: string, over: Parameters<typeof submission>[0]) {
  const s = submission(over);
  const receipt = await (await submit(s)).json<CheckInReceipt>();
  const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
  made[name] = { id: row!.id, reference: receipt.reference, mobile: s.mobile };
  await new Promise((r) => setTimeout(r, 5));
}

beforeAll(async () => {
  await seed();
  lingjiatang = (await roleKey('branch_secretary', 'br_cz_lingjiatang')).token;
  sip = (await roleKey('branch_secretary', 'br_sz_sip')).token;
  await make('one', { name: '王小明', mobile: X, branchId: 'br_cz_lingjiatang' });
  await make('two', { name: '王小红', mobile: Y, branchId: 'br_cz_lingjiatang' });
  await make('three', { name: '王小明', branchId: 'br_cz_lingjiatang' });
  await make('suzhou', { name: '王小明', mobile: X, branchId: 'br_sz_sip', currentCity: '苏州' });
});

async function search(token: string, q: string) {
  const res = await call(`/v1/check-ins?status=pending&q=${encodeURIComponent(q)}`, withKey(token));
  expect(res.status).toBe(200);
  return (await res.json<CheckInPage>()).data.map((c) => c.id);
}
const decide = (token: string, id: string, action: 'confirm' | 'reject' | 'return', body: unknown = {}) =>
  call(`/v1/check-ins/${id}/${action}`, { method: 'POST', ...withKey(token, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });

describe('search', () => {
  it('finds by reference (any case, full-width), whole mobile (spaced, +86, full-width) or the start of the submitted name, newest first', async () => {
    expect(await search(lingjiatang, made.one!.reference.toLowerCase())).toEqual([made.one!.id]);
    const spaced = `+86 ${X.slice(0, 3)} ${X.slice(3, 7)} ${X.slice(7)}`;
    expect(await search(lingjiatang, spaced)).toEqual([made.one!.id]);
    const fullWidth = X.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(await search(lingjiatang, fullWidth)).toEqual([made.one!.id]);
    // A Chinese keyboard in full-width mode types the reference's letters, digits and dash full-width too.
    const fullWidthReference = made.one!.reference.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    expect(await search(lingjiatang, fullWidthReference)).toEqual([made.one!.id]);
    expect(await search(lingjiatang, '王小明')).toEqual([made.three!.id, made.one!.id]);
    expect(await search(lingjiatang, '王小')).toEqual([made.three!.id, made.two!.id, made.one!.id]);
    expect(await search(lingjiatang, '王小明明')).toEqual([]);
  });

  it('never finds outside the scope: Suzhou\'s branch finds its own by the same number and reference only', async () => {
    expect(await search(sip, X)).toEqual([made.suzhou!.id]);
    expect(await search(sip, made.one!.reference)).toEqual([]);
    expect(await search(sip, '王小')).toEqual([made.suzhou!.id]);
    expect(await search(SK, X)).toEqual([made.suzhou!.id, made.one!.id]);
  });

  it('pages through matches with the cursor', async () => {
    const first = await (await call('/v1/check-ins?q=%E7%8E%8B%E5%B0%8F&limit=2', withKey(lingjiatang))).json<CheckInPage>();
    expect(first.data.map((c) => c.id)).toEqual([made.three!.id, made.two!.id]);
    const second = await (await call(`/v1/check-ins?q=%E7%8E%8B%E5%B0%8F&limit=2&cursor=${first.nextCursor}`, withKey(lingjiatang))).json<CheckInPage>();
    expect(second).toEqual({ data: [expect.objectContaining({ id: made.one!.id })], nextCursor: null });
  });

  it('audits what kind of search ran, never the number or name searched for', async () => {
    await search(lingjiatang, X);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'check_in.list')).orderBy(desc(auditLog.id)).limit(1);
    expect(entry!.detail).toMatchObject({ filters: { q: 'mobile', status: 'pending' } });
    expect(JSON.stringify(entry!.detail)).not.toContain(X);
  });

  it('refuses a search of one character or over 40 (400), and a search from a partner (403)', async () => {
    await expectError(await call('/v1/check-ins?q=%20%E7%8E%8B%20', withKey(lingjiatang)), 400, 'validation_failed');
    await expectError(await call(`/v1/check-ins?q=${'王'.repeat(41)}`, withKey(lingjiatang)), 400, 'validation_failed');
    const partner = (await roleKey('partner', 'pt_cz_chamber')).token;
    expect((await call(`/v1/check-ins?q=${X}`, withKey(partner))).status).toBe(403);
  });
});

describe('returning for changes', () => {
  it('returns with what to correct: the receipt says so, nothing moves, and the member sends a new check-in', async () => {
    await expectError(await decide(lingjiatang, made.two!.id, 'return', {}), 400, 'validation_failed');
    const res = await decide(lingjiatang, made.two!.id, 'return', { reason: '请写明现居城市的区' });
    expect(res.status).toBe(200);
    expect(await res.json<CheckIn>()).toMatchObject({ status: 'returned', rejectReason: '请写明现居城市的区', previousBranch: null });
    const receipt = await (await call(`/v1/check-ins/status?key=${PK}&reference=${made.two!.reference}&mobileLast4=${Y.slice(-4)}`)).json<CheckInReceipt>();
    expect(receipt).toMatchObject({ status: 'returned', rejectReason: '请写明现居城市的区' });
    // Their retry gets the same answer; anything else is a conflict.
    expect((await decide(lingjiatang, made.two!.id, 'return', { reason: '请写明现居城市的区' })).status).toBe(200);
    await expectError(await decide(lingjiatang, made.two!.id, 'confirm'), 409, 'conflict');
    await expectError(await decide(SK, made.two!.id, 'return', { reason: '再改' }), 409, 'conflict');
    // Corrected and sent again: a new pending check-in, which the branch confirms.
    const again = await (await submit(submission({ name: '王小红', mobile: Y, branchId: 'br_cz_lingjiatang', currentCity: '常州武进区' }))).json<CheckInReceipt>();
    expect(again).toMatchObject({ status: 'pending' });
    expect(again.reference).not.toBe(made.two!.reference);
    expect(await search(lingjiatang, Y)).toHaveLength(1);
  });

  it('only a side that decides may return (403 for a town that sees it, 404 for a branch that does not)', async () => {
    const town = (await roleKey('town_staff', 'hu_gangshang')).token;
    await expectError(await decide(town, made.three!.id, 'return', { reason: '补充' }), 403, 'forbidden');
    await expectError(await decide(sip, made.three!.id, 'return', { reason: '补充' }), 404, 'not_found');
  });
});

describe('decision history', () => {
  it('lists each decision oldest first, with the reason and the staff user who made it', async () => {
    const session = await signIn('13900000005'); // 凌家塘支部 陈书记
    const empty = await call(`/v1/check-ins/${made.three!.id}/history`, { headers: session.headers });
    expect(await empty.json()).toEqual({ data: [] });
    const rejected = await call(`/v1/check-ins/${made.three!.id}/reject`, {
      method: 'POST', headers: { ...session.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: '不是本支部' }),
    });
    expect(rejected.status).toBe(200);
    const history = await (await call(`/v1/check-ins/${made.three!.id}/history`, { headers: session.headers })).json<CheckInHistory>();
    expect(history.data).toEqual([expect.objectContaining({
      action: 'reject', reason: '不是本支部', role: 'branch_secretary', user: { id: 'su_demo_branch', name: '凌家塘支部 陈书记' },
      sides: null, completed: null,
    })]);
    const [audit] = await db().select().from(auditLog)
      .where(and(eq(auditLog.action, 'check_in.history'), eq(auditLog.subjectId, made.three!.id))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ userId: 'su_demo_branch', detail: { found: true } });
  });

  it('shows a confirmation with its handover, by key', async () => {
    expect((await decide(SK, made.one!.id, 'confirm')).status).toBe(200); // 王小明 joins 凌家塘
    expect((await decide(sip, made.suzhou!.id, 'confirm')).status).toBe(200); // and moves on to Suzhou: a handover
    const history = await (await call(`/v1/check-ins/${made.suzhou!.id}/history`, withKey(sip))).json<CheckInHistory>();
    expect(history.data.map((e) => [e.action, e.sides, e.completed, e.user])).toEqual([
      ['confirm', 'receiving', true, null],
      ['handover', null, true, null],
    ]);
  });

  it('shows each side\'s agreement to a two-sided check-in, and the handover only once it happened', async () => {
    const mobile = freshMobile();
    await make('joins', { name: '刘洋', mobile, branchId: 'br_cz_lingjiatang' });
    expect((await decide(lingjiatang, made.joins!.id, 'confirm')).status).toBe(200);
    // Sent for the same number by a staff key, without a proof: Lingjiatang must let the member go.
    const sent = await (await submit(submission({ name: '刘洋', mobile, branchId: 'br_sz_sip', currentCity: '苏州' }), { key: SK })).json<CheckInReceipt>();
    const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, sent.reference));
    const history = async () => (await (await call(`/v1/check-ins/${row!.id}/history`, withKey(sip))).json<CheckInHistory>())
      .data.map((e) => [e.action, e.sides, e.completed]);
    expect((await decide(lingjiatang, row!.id, 'confirm')).status).toBe(200);
    expect(await history()).toEqual([['confirm', 'releasing', false]]);
    expect((await decide(sip, row!.id, 'confirm')).status).toBe(200);
    expect(await history()).toEqual([['confirm', 'releasing', false], ['confirm', 'receiving', true], ['handover', null, true]]);
  });

  it('is a 404 out of scope, like an unknown id', async () => {
    const kangfu = (await roleKey('branch_secretary', 'br_xa_kangfu')).token;
    await expectError(await call(`/v1/check-ins/${made.suzhou!.id}/history`, withKey(kangfu)), 404, 'not_found');
    await expectError(await call('/v1/check-ins/ci_nope/history', withKey(SK)), 404, 'not_found');
  });
});
