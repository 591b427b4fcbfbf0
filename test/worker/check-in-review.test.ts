// Staff review of check-ins: who sees which (both sides of dual management), who decides,
// handovers recorded on both sides, audit, and the list's query plan.
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, branches, checkIns, members, type CheckIn, type CheckInPage, type CheckInReceipt, type Role } from '../../schema/index.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { listPageQuery } from '../../worker/src/data/check-ins.ts';
import { submission, submit } from './check-in-helpers.ts';
import { call, db, expectError, PK, roleKey, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const keys: Record<string, { token: string; key: ResolvedKey }> = {};
async function addKey(name: string, role: Role, scopeNodeId: string | null) {
  keys[name] = await roleKey(role, scopeNodeId);
}
const token = (name: string) => (name === 'admin' ? SK : keys[name]!.token);

/** Check-ins made in beforeAll: A (张伟, hosted by 凌家塘, to Suzhou SIP), B (to 凌家塘), C (to Xi'an 康复路). */
const made: Record<'A' | 'B' | 'C', { id: string; receipt: CheckInReceipt; mobile: string }> = {} as never;
async function make(name: 'A' | 'B' | 'C', over: Parameters<typeof submission>[0]) {
  const s = submission(over);
  const receipt = await (await submit(s)).json<CheckInReceipt>();
  const [row] = await db().select({ id: checkIns.id }).from(checkIns).where(eq(checkIns.reference, receipt.reference));
  made[name] = { id: row!.id, receipt, mobile: s.mobile };
  await new Promise((r) => setTimeout(r, 5)); // distinct created_at, so "newest first" is testable
}

beforeAll(async () => {
  await seed();
  await addKey('town', 'town_staff', 'hu_gangshang');
  await addKey('village', 'village_staff', 'hu_gangshang_bei');
  await addKey('suzhou', 'committee_secretary', 'cm_suzhou');
  await addKey('changzhou', 'committee_secretary', 'cm_changzhou');
  await addKey('lingjiatang', 'branch_secretary', 'br_cz_lingjiatang');
  await addKey('sip', 'branch_secretary', 'br_sz_sip');
  await addKey('kangfu', 'branch_secretary', 'br_xa_kangfu');
  await addKey('chamber', 'partner', 'pt_cz_chamber');
  await make('A', { name: '张伟', mobile: '13800000001', branchId: 'br_sz_sip', currentCity: '苏州', needs: ['employment'] });
  await make('B', { homeUnitId: 'hu_tiefu_yaowan', branchId: 'br_cz_lingjiatang' });
  await make('C', { homeUnitId: 'hu_guanhu_zhao', branchId: 'br_xa_kangfu', currentCity: '西安' });
});

async function listIds(name: string, query = '') {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(`/v1/check-ins?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`, withKey(token(name)));
    expect(res.status).toBe(200);
    const page: CheckInPage = await res.json();
    ids.push(...page.data.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
const ids = (...names: ('A' | 'B' | 'C')[]) => names.map((n) => made[n].id);
const decide = (name: string, id: string, action: 'confirm' | 'reject', body: unknown = {}) =>
  call(`/v1/check-ins/${id}/${action}`, { method: 'POST', ...withKey(token(name), { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });

describe('who sees which check-ins', () => {
  it.each([
    ['home admin: all, newest first', 'admin', ['C', 'B', 'A']],
    ['town and village staff: their villagers\', wherever they check in', 'town', ['A']],
    ['village staff', 'village', ['A']],
    ['the committee of the branch checked in to', 'suzhou', ['A']],
    ['the committee hosting the member now, and of the branch', 'changzhou', ['B', 'A']],
    ['the branch hosting the member now, and the branch checked in to', 'lingjiatang', ['B', 'A']],
    ['the branch checked in to', 'sip', ['A']],
    ['an unrelated branch', 'kangfu', ['C']],
  ] as const)('%s', async (_, name, expected) => {
    expect(await listIds(name)).toEqual(ids(...expected));
  });

  it('filters by status, branch and time', async () => {
    expect(await listIds('admin', '&branch=br_sz_sip')).toEqual(ids('A'));
    expect(await listIds('admin', `&from=${made.B.receipt.createdAt}`)).toEqual(ids('C', 'B'));
    expect(await listIds('admin', `&to=${made.B.receipt.createdAt}`)).toEqual(ids('A'));
    expect(await listIds('admin', '&status=rejected')).toEqual([]);
  });

  it('partners may not read check-ins at all; publishable keys neither', async () => {
    await expectError(await call('/v1/check-ins', withKey(token('chamber'))), 403, 'forbidden');
    await expectError(await call(`/v1/check-ins/${made.A.id}`, withKey(token('chamber'))), 403, 'forbidden');
    await expectError(await call(`/v1/check-ins?key=${PK}`), 403, 'forbidden');
  });

  it('shows staff what was submitted, and the roster record only to those who already see the member; 404 out of scope; audits', async () => {
    const submitted = {
      id: made.A.id, reference: made.A.receipt.reference, status: 'pending', branch: { id: 'br_sz_sip' }, mobile: '13800000001',
      mobileVerified: true, matchesMember: true, submittedName: '张伟',
      homeUnit: { id: 'hu_gangshang_bei' }, currentCity: '苏州', needs: ['employment'], previousBranch: null,
      decision: { needsRelease: false, acceptedAt: null, releasedAt: null },
    };
    // The receiving committee does not host the member yet: what was sent, and that it matches a member.
    const res = await call(`/v1/check-ins/${made.A.id}`, withKey(token('suzhou')));
    const checkIn = await res.json<CheckIn>();
    expect(checkIn).toMatchObject({ ...submitted, member: null, nameMismatch: null });
    // The branch hosting the member, and the home side, see the roster's record too.
    for (const name of ['lingjiatang', 'village']) {
      const seen = await (await call(`/v1/check-ins/${made.A.id}`, withKey(token(name)))).json<CheckIn>();
      expect(seen).toMatchObject({ ...submitted, member: { id: 'mb_demo_01', name: '张伟', mobile: '13800000001' }, nameMismatch: false });
    }
    await expectError(await call(`/v1/check-ins/${made.A.id}`, withKey(token('kangfu'))), 404, 'not_found');
    const entries = await db().select().from(auditLog).where(eq(auditLog.subjectType, 'check_in')).orderBy(desc(auditLog.id));
    expect(entries[0]).toMatchObject({ action: 'check_in.read', keyId: keys.kangfu!.key.id, subjectId: made.A.id, detail: { found: false } });
    expect(entries[3]).toMatchObject({ action: 'check_in.read', keyId: keys.suzhou!.key.id, detail: { found: true } });
    await call('/v1/check-ins?limit=2', withKey(token('lingjiatang')));
    const [list] = await db().select().from(auditLog).where(eq(auditLog.action, 'check_in.list')).orderBy(desc(auditLog.id)).limit(1);
    expect(list!.detail).toMatchObject({ ids: ids('B', 'A'), limit: 2 });
  });
});

describe('deciding', () => {
  it('refuses those who see a check-in but do not decide it (403), and those who do not see it (404)', async () => {
    for (const name of ['town', 'village', 'lingjiatang', 'changzhou']) {
      await expectError(await decide(name, made.A.id, 'confirm'), 403, 'forbidden');
    }
    await expectError(await decide('kangfu', made.A.id, 'confirm'), 404, 'not_found');
    await expectError(await decide('chamber', made.A.id, 'confirm'), 403, 'forbidden');
    await expectError(await decide('sip', 'ci_nowhere', 'confirm'), 404, 'not_found');
  });

  it('confirming moves the member: a handover recorded on both sides', async () => {
    const count = async (id: string) => (await db().select().from(branches).where(eq(branches.id, id)))[0]!.memberCount;
    const before = { from: await count('br_cz_lingjiatang'), to: await count('br_sz_sip') };
    const res = await decide('sip', made.A.id, 'confirm');
    expect(res.status).toBe(200);
    const checkIn = await res.json<CheckIn>();
    expect(checkIn).toMatchObject({ status: 'confirmed', previousBranch: { id: 'br_cz_lingjiatang' }, rejectReason: null });
    expect(checkIn.decidedAt).toBeGreaterThan(0);
    const [member] = await db().select().from(members).where(eq(members.id, 'mb_demo_01'));
    expect(member!.hostBranchId).toBe('br_sz_sip');
    // The public member counts follow the member.
    expect({ from: await count('br_cz_lingjiatang'), to: await count('br_sz_sip') }).toEqual({ from: before.from - 1, to: before.to + 1 });
    const [row] = await db().select().from(checkIns).where(eq(checkIns.id, made.A.id));
    expect(row!.decidedByKeyId).toBe(keys.sip!.key.id);
    // The old branch no longer has the member, but still sees the check-in that took them away.
    await expectError(await call('/v1/members/mb_demo_01', withKey(token('lingjiatang'))), 404, 'not_found');
    expect(await listIds('lingjiatang')).toEqual(ids('B', 'A'));
    expect((await (await call(`/v1/check-ins/${made.A.id}`, withKey(token('lingjiatang')))).json<CheckIn>()).previousBranch?.id).toBe('br_cz_lingjiatang');
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.keyId, keys.sip!.key.id))).orderBy(desc(auditLog.id)).limit(2);
    expect(audit.map((e) => e.action).sort()).toEqual(['check_in.confirm', 'member.handover']);
    expect(audit.find((e) => e.action === 'member.handover')).toMatchObject({
      subjectType: 'member', subjectId: 'mb_demo_01', detail: { from: 'br_cz_lingjiatang', to: 'br_sz_sip', checkIn: made.A.id },
    });
    // The member sees it on their receipt.
    const receipt = await (await call(`/v1/check-ins/status?key=${PK}&reference=${made.A.receipt.reference}&mobileLast4=0001`)).json<CheckInReceipt>();
    expect(receipt).toMatchObject({ status: 'confirmed', decidedAt: checkIn.decidedAt });
  });

  it('a decided check-in cannot be decided again (409), but its decider\'s retry gets the decision back', async () => {
    await expectError(await decide('admin', made.A.id, 'confirm'), 409, 'conflict');
    await expectError(await decide('admin', made.A.id, 'reject', { reason: '重复' }), 409, 'conflict');
    // The answer to the confirmation was lost: the same key asks again, and nothing happens twice.
    const entries = async () => (await db().select().from(auditLog).where(eq(auditLog.subjectId, made.A.id))).length;
    const before = await entries();
    const again = await decide('sip', made.A.id, 'confirm');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: made.A.id, status: 'confirmed' });
    expect(await entries()).toBe(before);
    await expectError(await decide('sip', made.A.id, 'reject', { reason: '改主意' }), 409, 'conflict');
  });

  it('the committee of the branch rejects, with a reason the member sees', async () => {
    await expectError(await decide('changzhou', made.B.id, 'reject', { reason: ' ' }), 400, 'validation_failed');
    // Decided by someone else between this call's read and its batch (the trigger stands in for
    // them): 409, and no entry says this call rejected it.
    await env.DB.prepare(`create trigger lose_race before update of status on check_ins when new.id = '${made.B.id}'
      begin select raise(ignore); end`).run();
    await expectError(await decide('changzhou', made.B.id, 'reject', { reason: '抢先' }), 409, 'conflict');
    await env.DB.prepare('drop trigger lose_race').run();
    expect(await db().select().from(auditLog).where(eq(auditLog.action, 'check_in.reject'))).toEqual([]);
    const res = await decide('changzhou', made.B.id, 'reject', { reason: '请携带组织关系介绍信' });
    expect(await res.json()).toMatchObject({ status: 'rejected', rejectReason: '请携带组织关系介绍信', previousBranch: null });
    const receipt = await (await call(`/v1/check-ins/status?key=${PK}&reference=${made.B.receipt.reference}&mobileLast4=${made.B.mobile.slice(-4)}`)).json<CheckInReceipt>();
    expect(receipt).toMatchObject({ status: 'rejected', rejectReason: '请携带组织关系介绍信' });
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'check_in.reject'));
    expect(entry).toMatchObject({ subjectId: made.B.id, keyId: keys.changzhou!.key.id, detail: { reason: '请携带组织关系介绍信' } });
    expect(await listIds('admin', '&status=rejected')).toEqual(ids('B'));
  });

  it('the home admin confirms a new member: no handover, the branch becomes theirs', async () => {
    const checkIn = await (await decide('admin', made.C.id, 'confirm')).json<CheckIn>();
    expect(checkIn).toMatchObject({ status: 'confirmed', previousBranch: null });
    const [member] = await db().select().from(members).where(eq(members.mobile, made.C.mobile));
    expect(member!.hostBranchId).toBe('br_xa_kangfu');
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'member.handover'), eq(auditLog.subjectId, member!.id)))).toEqual([]);
  });
});

describe('the list stays within an index', () => {
  // Each scope's own index in created_at order; the host side merges a page of each of three. The
  // queue (pending only) walks the same scopes' partial indexes of pending check-ins.
  const indexes: Record<string, string[]> = {
    admin: ['tenant_created'], town: ['home_town_created'], village: ['home_unit_created'],
    suzhou: ['member_committee_created', 'branch_committee_created', 'previous_committee_created'],
    lingjiatang: ['member_branch_created', 'branch_created', 'previous_branch'],
  };
  const pendingIndexes: Record<string, string[]> = {
    admin: ['pending_tenant'], town: ['pending_home_town'], village: ['pending_home_unit'],
    suzhou: ['pending_member_committee', 'pending_branch_committee', 'pending_previous_committee'],
    lingjiatang: ['pending_member_branch', 'pending_branch', 'pending_previous_branch'],
  };
  it.each(['admin', 'town', 'village', 'suzhou', 'lingjiatang'])('%s', async (name) => {
    const key = name === 'admin'
      ? { id: 'key_demo_sk', tenantId: 'pizhou', kind: 'secret' as const, role: 'home_admin' as const, scopeNodeId: null, scopes: null, allowedOrigins: [] }
      : keys[name]!.key;
    for (const q of [{ limit: 20 }, { limit: 20, status: 'pending' as const, from: 1, to: Date.now() }, { limit: 20, cursor: 'WzE3MDAwMDAwMDAwMDAsNV0' }]) {
      const { sql, params } = listPageQuery(db(), key, q).toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const text = plan.results.map((r) => r.detail).join('\n');
      for (const index of ('status' in q ? pendingIndexes : indexes)[name]!) expect(text, text).toMatch(new RegExp(`SEARCH check_ins USING (COVERING )?INDEX check_ins_${index} `));
      expect(text, text).not.toMatch(/SCAN (check_ins|members|branch|home_unit|previous_branch|branches)\b|TEMP B-TREE/);
    }
  });
});
