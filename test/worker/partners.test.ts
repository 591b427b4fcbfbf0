// GET /v1/partners and /v1/partners/{id}/consents: the demo seed's two chambers with their consent
// counts, one chamber's consents paged in member order, both reads audited; home admins only.
import { beforeAll, describe, expect, it } from 'vitest';
import { tenants, type AuditPage, type PartnerConsentPage, type PartnerPage } from '../../schema/index.ts';
import { call, db, expectError, issueTestKey, roleKey, seed, SK, withKey } from './helpers.ts';

beforeAll(async () => { await seed(); });

const get = async <T>(path: string) => {
  const res = await call(path, withKey(SK));
  expect(res.status, await res.clone().text()).toBe(200);
  return { body: await res.json<T>(), requestId: res.headers.get('X-Request-Id'), cache: res.headers.get('Cache-Control') };
};
const lastEntry = async (action: string) => (await get<AuditPage>(`/v1/audit?action=${action}&limit=1`)).body.data[0];

describe('GET /v1/partners', () => {
  it('lists the chambers with how many consented and withdrew, audited with the ids shown', async () => {
    const { body, requestId, cache } = await get<PartnerPage>('/v1/partners');
    expect(body.data.map((p) => [p.id, p.name.zh, p.consented, p.withdrawn, p.countsCapped])).toEqual([
      ['pt_cz_chamber', '常州邳州商会', 2, 1, false],
      ['pt_pizhou_bank', '邳州农商银行信贷小组', 0, 0, false],
      ['pt_sz_chamber', '苏州邳州商会', 1, 0, false],
    ]);
    expect(body.nextCursor).toBeNull();
    expect(cache).toBe('no-store');
    expect(await lastEntry('partner.list')).toMatchObject({
      subjectType: 'partner', requestId, detail: { ids: ['pt_cz_chamber', 'pt_pizhou_bank', 'pt_sz_chamber'], filters: {}, limit: 20 },
    });
  });

  it('pages with a cursor', async () => {
    const first = (await get<PartnerPage>('/v1/partners?limit=1')).body;
    const rest = (await get<PartnerPage>(`/v1/partners?limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.data, ...rest.data].map((p) => p.id)).toEqual(['pt_cz_chamber', 'pt_pizhou_bank', 'pt_sz_chamber']);
    expect(rest.nextCursor).toBeNull();
    await expectError(await call('/v1/partners?cursor=nonsense', withKey(SK)), 400, 'validation_failed');
    await expectError(await call('/v1/partners?limit=51', withKey(SK)), 400, 'validation_failed');
  });
});

describe('GET /v1/partners/{id}/consents', () => {
  it('lists every consent, withdrawn ones included, with the member\'s name; audited as a member list', async () => {
    const { body, requestId } = await get<PartnerConsentPage>('/v1/partners/pt_cz_chamber/consents');
    expect(body.data).toEqual([
      { memberId: 'mb_demo_01', memberName: '张伟', consentVersion: 'partner-share-v1', grantedAt: Date.UTC(2025, 0, 15), withdrawnAt: null },
      { memberId: 'mb_demo_05', memberName: '陈静', consentVersion: 'partner-share-v1', grantedAt: Date.UTC(2025, 0, 15), withdrawnAt: Date.UTC(2025, 2, 1) },
      { memberId: 'mb_demo_09', memberName: '郑浩', consentVersion: 'partner-share-v1', grantedAt: Date.UTC(2025, 0, 15), withdrawnAt: null },
    ]);
    expect(await lastEntry('partner.consents')).toMatchObject({
      subjectType: 'member', subjectId: null, requestId,
      detail: { ids: ['mb_demo_01', 'mb_demo_05', 'mb_demo_09'], filters: { partnerId: 'pt_cz_chamber' }, limit: 50 },
    });
  });

  it('pages in member order', async () => {
    const first = (await get<PartnerConsentPage>('/v1/partners/pt_cz_chamber/consents?limit=2')).body;
    const rest = (await get<PartnerConsentPage>(`/v1/partners/pt_cz_chamber/consents?limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.data, ...rest.data].map((c) => c.memberId)).toEqual(['mb_demo_01', 'mb_demo_05', 'mb_demo_09']);
    expect(rest.nextCursor).toBeNull();
  });

  it('is 404 for a partner of no such id, or of another tenant, and records no read', async () => {
    await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
    const other = await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin' });
    const before = (await lastEntry('partner.consents'))!.id;
    await expectError(await call('/v1/partners/pt_nowhere/consents', withKey(SK)), 404, 'not_found');
    await expectError(await call('/v1/partners/pt_cz_chamber/consents', withKey(other.token)), 404, 'not_found');
    expect((await lastEntry('partner.consents'))!.id).toBe(before);
    // The other tenant has no partners at all.
    expect((await (await call('/v1/partners', withKey(other.token))).json<PartnerPage>()).data).toEqual([]);
  });

  it('is refused to every role but the home admin, and to a read-only admin key', async () => {
    const readOnly = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin', scopes: ['read_only'] });
    const others = [['town_staff', 'hu_gangshang'], ['committee_secretary', 'cm_suzhou'], ['partner', 'pt_cz_chamber']] as const;
    for (const token of [readOnly.token, ...await Promise.all(others.map(async ([role, node]) => (await roleKey(role, node)).token))]) {
      await expectError(await call('/v1/partners', withKey(token)), 403, 'forbidden');
      await expectError(await call('/v1/partners/pt_cz_chamber/consents', withKey(token)), 403, 'forbidden');
    }
  });
});
