import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerConsents, type MemberPage, type Role, type StaffMember } from '../../schema/index.ts';
import type { ResolvedKey } from '../../worker/src/env.ts';
import { listPageQuery } from '../../worker/src/data/members.ts';
import { call, db, expectError, PK, roleKey, seed, SK, withKey } from './helpers.ts';
import { checkScopeCopiesAfterEach } from './scope-consistency.ts';

// Every write here leaves every scope copy equal to what it copies (worker/src/data/scope-copies.ts).
checkScopeCopiesAfterEach();

const keys: Record<string, { token: string; key: ResolvedKey }> = {};
async function addKey(name: string, role: Role, scopeNodeId: string | null) {
  keys[name] = await roleKey(role, scopeNodeId);
}

beforeAll(async () => {
  await seed();
  await addKey('town', 'town_staff', 'hu_gangshang');
  await addKey('village', 'village_staff', 'hu_gangshang_bei');
  await addKey('suzhou', 'committee_secretary', 'cm_suzhou');
  await addKey('changzhou', 'committee_secretary', 'cm_changzhou');
  await addKey('lingjiatang', 'branch_secretary', 'br_cz_lingjiatang');
  await addKey('station', 'station_manager', 'st_suzhou');
  await addKey('chamber', 'partner', 'pt_cz_chamber');
  await addKey('nodeless', 'village_staff', null);
});

const token = (name: string) => keys[name]!.token;
async function listIds(key: string, query = '') {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(`/v1/members?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`, withKey(key));
    expect(res.status).toBe(200);
    const page: MemberPage = await res.json();
    ids.push(...page.data.map((m) => m.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
const mb = (...n: number[]) => n.map((i) => `mb_demo_0${i}`);

describe('who sees which members', () => {
  it.each([
    ['home admin: the whole tenant', () => SK, mb(1, 2, 3, 4, 5, 6, 7, 8, 9)],
    ['town staff: the town and its villages, in any host city', () => token('town'), mb(1, 5, 6, 7, 8)],
    ['village staff: their villagers in Changzhou, Suzhou and Xi\'an', () => token('village'), mb(1, 5, 6, 7)],
    ['Suzhou committee: members of its branches', () => token('suzhou'), mb(2, 6)],
    ['Changzhou committee', () => token('changzhou'), mb(1, 5, 8, 9)],
    ['branch secretary: their branch', () => token('lingjiatang'), mb(1, 9)],
    ['partner: consenting members only (not a withdrawn one)', () => token('chamber'), mb(1, 9)],
    ['a scoped role without a node: no one', () => token('nodeless'), []],
  ])('%s', async (_, key, expected) => {
    expect(await listIds(key())).toEqual(expected);
  });

  it('filters within the scope', async () => {
    expect(await listIds(SK, '&branch=br_cz_lingjiatang')).toEqual(mb(1, 9));
    expect(await listIds(SK, '&homeUnit=hu_tiefu')).toEqual(mb(2, 9));
    expect(await listIds(SK, '&category=business_owner')).toEqual(mb(1, 7, 9));
    expect(await listIds(token('village'), '&branch=br_sz_sip')).toEqual([]); // mb_demo_02 is not a villager
  });

  it('404s for a member out of scope, exactly as for an unknown id', async () => {
    await expectError(await call('/v1/members/mb_demo_01', withKey(token('suzhou'))), 404, 'not_found');
    await expectError(await call('/v1/members/mb_nope', withKey(token('suzhou'))), 404, 'not_found');
    const res = await call('/v1/members/mb_demo_06', withKey(token('suzhou')));
    expect((await res.json<StaffMember>()).hostBranch?.id).toBe('br_sz_wuzhong');
  });

  it('refuses roles and keys without members:read', async () => {
    await expectError(await call('/v1/members', withKey(token('station'))), 403, 'forbidden');
    await expectError(await call('/v1/members/mb_demo_02', withKey(token('station'))), 403, 'forbidden');
    await expectError(await call(`/v1/members?key=${PK}`), 403, 'forbidden');
  });

  it('refuses a forged cursor', async () => {
    await expectError(await call('/v1/members?cursor=%21%21', withKey(SK)), 400, 'validation_failed');
  });
});

describe('what each sees of a member', () => {
  it('staff: everything, with names of the home unit and host branch', async () => {
    const res = await call('/v1/members/mb_demo_01', withKey(token('village')));
    expect(await res.json()).toEqual({
      view: 'staff', id: 'mb_demo_01', name: '张伟', mobile: '13800000001', currentCity: '常州',
      category: 'business_owner', employer: null, lastCheckInAt: null,
      homeUnit: { id: 'hu_gangshang_bei', name: { zh: '港上北村党支部', en: 'Gangshang North Village Branch' } },
      hostBranch: { id: 'br_cz_lingjiatang', name: { zh: '凌家塘市场流动党员党支部', en: 'Lingjiatang Market Branch' } },
      moveDistance: null, hasActivityCard: false,
    });
  });

  it('partner: name, masked mobile, city, category, employer; no home unit or branch', async () => {
    const res = await call('/v1/members/mb_demo_01', withKey(token('chamber')));
    expect(await res.json()).toEqual({
      view: 'partner', id: 'mb_demo_01', name: '张伟', mobile: '138****0001', currentCity: '常州',
      category: 'business_owner', employer: null,
    });
  });

  it('partner: a member is visible after consenting and gone after withdrawing', async () => {
    const chamber = token('chamber');
    await expectError(await call('/v1/members/mb_demo_03', withKey(chamber)), 404, 'not_found');
    await db().insert(partnerConsents).values({
      tenantId: 'pizhou', partnerId: 'pt_cz_chamber', memberId: 'mb_demo_03', consentVersion: 'partner-share-v1', grantedAt: Date.now(),
    });
    expect((await call('/v1/members/mb_demo_03', withKey(chamber))).status).toBe(200);
    await db().update(partnerConsents).set({ withdrawnAt: Date.now() })
      .where(and(eq(partnerConsents.partnerId, 'pt_cz_chamber'), eq(partnerConsents.memberId, 'mb_demo_03')));
    await expectError(await call('/v1/members/mb_demo_03', withKey(chamber)), 404, 'not_found');
    expect(await listIds(chamber)).toEqual(mb(1, 9));
  });
});

describe('partner filters', () => {
  it('may filter only on what the partner view shows: homeUnit and branch are a 400 naming the parameter', async () => {
    const chamber = token('chamber');
    for (const [query, path] of [['homeUnit=hu_gangshang_bei', 'homeUnit'], ['branch=br_cz_lingjiatang', 'branch'], ['homeUnit=hu_nowhere', 'homeUnit']]) {
      const error = await expectError(await call(`/v1/members?${query}`, withKey(chamber)), 400, 'validation_failed');
      expect(error.details).toEqual([{ path, message: expect.stringMatching(/partner view does not show it/) }]);
    }
    const both = await expectError(await call('/v1/members?branch=br_cz_lingjiatang&homeUnit=hu_tiefu&category=worker', withKey(chamber)), 400, 'validation_failed');
    expect((both.details as { path: string }[]).map((d) => d.path)).toEqual(['branch', 'homeUnit']);
    expect(await listIds(chamber, '&category=business_owner')).toEqual(mb(1, 9));
    expect(await listIds(token('village'), '&homeUnit=hu_gangshang_bei')).toEqual(mb(1, 5, 6, 7));
  });
});

describe('list pages stay within an index', () => {
  it.each(['admin', 'town', 'village', 'suzhou', 'lingjiatang', 'chamber'])('%s', async (name) => {
    const key = name === 'admin'
      ? { id: 'key_demo_sk', tenantId: 'pizhou', kind: 'secret' as const, role: 'home_admin' as const, scopeNodeId: null, scopes: null, allowedOrigins: [] }
      : keys[name]!.key;
    for (const q of [{ limit: 20 }, { limit: 20, cursor: 'WyJtYl9kZW1vXzAxIl0', category: 'worker' as const }, { limit: 20, homeUnit: 'hu_tiefu' }]) {
      const { sql, params } = listPageQuery(db(), key, q).toSQL();
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const text = plan.results.map((r) => r.detail).join('\n');
      expect(text, text).not.toMatch(/SCAN (members|home_unit|host_branch|branches|partner_consents)\b/);
    }
  });
});

describe('how far a member moved, and the activity card (POST /v1/members/{id})', () => {
  const change = (key: string, id: string, body: unknown) =>
    call(`/v1/members/${id}`, { method: 'POST', ...withKey(key, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });

  it('staff who see the member change the two fields, audited; the member shows them', async () => {
    const res = await change(token('village'), 'mb_demo_06', { moveDistance: 'other_province', hasActivityCard: true });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'mb_demo_06', moveDistance: 'other_province', hasActivityCard: true });
    const read = await (await call('/v1/members/mb_demo_06', withKey(token('town')))).json<StaffMember>();
    expect([read.moveDistance, read.hasActivityCard]).toEqual(['other_province', true]);
    expect((await change(token('town'), 'mb_demo_06', { moveDistance: null })).status).toBe(200);
    const { results } = await env.DB.prepare(`select detail from audit_log where action = 'member.update' and subject_id = 'mb_demo_06' order by id`)
      .all<{ detail: string }>();
    expect(results.map((r) => JSON.parse(r.detail))).toEqual([
      { found: true, set: { moveDistance: 'other_province', hasActivityCard: true } }, { found: true, set: { moveDistance: null } },
    ]);
  });

  it('404s out of scope, like an unknown id, and changes nothing', async () => {
    // mb_demo_02 lives in 姚湾 (铁富), hosted in Suzhou: not the Gangshang North village's, nor Changzhou's.
    await expectError(await change(token('village'), 'mb_demo_02', { hasActivityCard: true }), 404, 'not_found');
    await expectError(await change(token('changzhou'), 'mb_demo_02', { hasActivityCard: true }), 404, 'not_found');
    await expectError(await change(token('village'), 'mb_nobody', { hasActivityCard: true }), 404, 'not_found');
    const [row] = (await env.DB.prepare(`select has_activity_card a from members where id = 'mb_demo_02'`).all<{ a: number }>()).results;
    expect(row!.a).toBe(0);
  });

  it('refuses other fields, bad values, an empty change, and keys without members:write', async () => {
    await expectError(await change(token('village'), 'mb_demo_06', { mobile: '13900000000' }), 400, 'validation_failed');
    await expectError(await change(token('village'), 'mb_demo_06', { name: ' ' }), 400, 'validation_failed');
    await expectError(await change(token('village'), 'mb_demo_06', { moveDistance: 'abroad' }), 400, 'validation_failed');
    await expectError(await change(token('village'), 'mb_demo_06', {}), 400, 'validation_failed');
    await expectError(await change(token('chamber'), 'mb_demo_01', { hasActivityCard: true }), 403, 'forbidden');
    await expectError(await change(token('station'), 'mb_demo_06', { hasActivityCard: true }), 403, 'forbidden');
  });
});
